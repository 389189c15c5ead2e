"""Daily: reminders before each open round's due date, overdue notices, and a retry of the
notification e-mails that could not be sent. Safe to run more than once a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from agencies import notifications
from reports.reminders import send_round_reminders


class Command(BaseCommand):
    help = "ส่งการแจ้งเตือนก่อนครบกำหนดส่งรายงานและเมื่อเลยกำหนด (รันวันละครั้ง ซ้ำได้ไม่ส่งซ้ำ)"

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
            new = send_round_reminders(today=day)
        retried = notifications.send_pending_emails()
        self.stdout.write(f"reminders: {new} new notices, {retried} e-mails retried")
