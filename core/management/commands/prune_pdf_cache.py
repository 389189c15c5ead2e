"""Delete old files from the PDF cache and finished PDF render tasks from the database.

    manage.py prune_pdf_cache [--max-age-days 90] [--keep 20000] [--tasks-days 1] [--dry-run]

A deleted PDF is rendered again the next time someone asks for it. Workers run the same
pruning every PDF_PRUNE_EVERY seconds; cron or a systemd timer may run this command too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from core.pdf import cache, jobs


class Command(BaseCommand):
    help = "Delete cached PDFs older than --max-age-days or beyond the --keep newest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age-days", type=int, default=settings.PDF_CACHE_MAX_AGE_DAYS, metavar="DAYS"
        )
        parser.add_argument("--keep", type=int, default=settings.PDF_CACHE_KEEP, metavar="N")
        parser.add_argument(
            "--tasks-days",
            type=float,
            default=1.0,
            metavar="DAYS",
            help="also delete finished render tasks older than this (database backend)",
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, max_age_days, keep, tasks_days, dry_run, **options):
        report = cache.prune(max_age_days=max_age_days, keep=keep, dry_run=dry_run)
        tasks = 0 if dry_run else jobs.prune_results(older_than_days=tasks_days)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"PDF cache: {verb} {report.deleted} files ({report.deleted_bytes:,} bytes), "
            f"kept {report.kept}; render tasks deleted: {tasks}"
        )
