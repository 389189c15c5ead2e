"""The scheduled jobs' commands (send_reminders, send_digest): one `--date` option that
stands in for today in Bangkok, so a job can be replayed or tested for any day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class DatedJobCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="วันที่ (YYYY-MM-DD) แทนวันนี้ของกรุงเทพฯ")

    def job_day(self, options: dict[str, Any]) -> dt.date | None:
        """The day given with --date (None: today in Bangkok); a clear error otherwise."""
        if not options["date"]:
            return None
        try:
            return dt.date.fromisoformat(options["date"])
        except ValueError as error:
            raise CommandError(f"--date ต้องเป็น YYYY-MM-DD: {options['date']}") from error
