"""python manage.py import_document FILE [--agency-code CODE] [--submit] [--dry-run] [--json]"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.access import SYSTEM
from core.importing.base import DocumentRejected
from core.importing.service import document_import


class Command(BaseCommand):
    help = (
        "Import an agency document (.docx, .xlsx or .txt export) into the portal, all-or-nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency-code", help="the agency's code; created if it does not exist")
        parser.add_argument("--submit", action="store_true", help="submit what is imported")
        parser.add_argument("--dry-run", action="store_true", help="parse and check, write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            if options["json"]:
                error = {"error": f"cannot read {path}: {exc.strerror}", "line": None}
                self.stdout.write(json.dumps({**error, "warnings": []}, ensure_ascii=False))
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        started = time.perf_counter()
        try:
            result = document_import(
                data=data,
                filename=path.name,
                agency_code=options["agency_code"],
                submit=options["submit"],
                dry_run=options["dry_run"],
                user=SYSTEM,
            )
        except DocumentRejected as exc:
            if options["json"]:
                # One JSON object on every outcome; the exit status still says "refused".
                self.stdout.write(json.dumps(exc.as_dict(), ensure_ascii=False, indent=2))
            raise CommandError(f"{path.name}: {exc}") from exc
        elapsed = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        summary = result.as_dict()
        self.stdout.write(
            f"{path.name}: {summary['document_type']} of {summary['agency'].get('name', '')} "
            f"imported in {elapsed:.2f} s{' (dry run, nothing written)' if result.dry_run else ''}"
        )
        for warning in result.warnings:
            self.stdout.write(f"  warning line {warning['line']}: {warning['message']}")
        if result.url:
            self.stdout.write(f"  {result.url}")
