"""Daily: reminders before each open round's due date, overdue notices, and a retry of the
notification e-mails that could not be sent. Safe to run more than once a day."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from agencies import notifications
from core.management.dated import DatedJobCommand
from reports.reminders import send_round_reminders


class Command(DatedJobCommand):
    help = "ส่งการแจ้งเตือนก่อนครบกำหนดส่งรายงานและเมื่อเลยกำหนด (รันวันละครั้ง ซ้ำได้ไม่ส่งซ้ำ)"

    def handle(self, *args: Any, **options: Any) -> None:
        day = self.job_day(options)
        with transaction.atomic():
            new = send_round_reminders(today=day)
        retried = notifications.send_pending_emails()
        self.stdout.write(f"reminders: {new} new notices, {retried} e-mails retried")
