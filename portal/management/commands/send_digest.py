"""Weekly (Mondays): each auditor's digest of their agencies' submitted, pending and overdue
reports. Safe to run more than once a week (one digest per auditor and ISO week)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.management.dated import DatedJobCommand
from portal.digest import send_auditor_digests


class Command(DatedJobCommand):
    help = "ส่งสรุปประจำสัปดาห์ให้ผู้ตรวจสอบ (รันสัปดาห์ละครั้ง ซ้ำได้ไม่ส่งซ้ำ)"

    def handle(self, *args: Any, **options: Any) -> None:
        day = self.job_day(options)
        with transaction.atomic():
            new = send_auditor_digests(today=day)
        self.stdout.write(f"digest: {new} new digests")
