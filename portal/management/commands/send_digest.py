"""Weekly (Mondays): each auditor's digest of their agencies' submitted, pending and overdue
reports. Safe to run more than once a week (one digest per auditor and ISO week)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from portal.digest import send_auditor_digests


class Command(BaseCommand):
    help = "ส่งสรุปประจำสัปดาห์ให้ผู้ตรวจสอบ (รันสัปดาห์ละครั้ง ซ้ำได้ไม่ส่งซ้ำ)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="วันที่ (YYYY-MM-DD) แทนวันนี้ของกรุงเทพฯ")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date ต้องเป็น YYYY-MM-DD: {options['date']}") from error
        with transaction.atomic():
            new = send_auditor_digests(today=day)
        self.stdout.write(f"digest: {new} new digests")
