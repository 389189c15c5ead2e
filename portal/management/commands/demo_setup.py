"""Load the demo: import the shipped seed documents and create demo logins (idempotent)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from agencies.access import SYSTEM
from agencies.choices import Role
from agencies.models import Agency, SourceDocument, User
from core.importing.base import DocumentRejected
from core.importing.service import document_import

SEEDS_DIR = settings.BASE_DIR / "data" / "seeds"

# (file prefix, agency code): the demo documents and the agencies they belong to.
DEMO_DOCUMENTS = [
    ("001", "demo-001"),
    ("000", "demo-000"),
    ("002", "demo-002"),
    ("004", "demo-004"),
]

# (username, password, agency code, role, name)
DEMO_USERS = [
    ("staff", "staff-demo", "demo-001", Role.STAFF, "เจ้าหน้าที่ อบต.กระจาย"),
    ("approver", "approver-demo", "demo-001", Role.APPROVER, "ปลัด อบต.กระจาย"),
    ("staff000", "staff-demo", "demo-000", Role.STAFF, "เจ้าหน้าที่ อบต.ปากช่อง"),
    ("auditor", "auditor-demo", "demo-001", Role.AUDITOR, "ผู้ตรวจสอบ"),
]


class Command(BaseCommand):
    help = "Import the demo documents and create the demo logins; prints them."

    def handle(self, *args, **options) -> None:
        for prefix, code in DEMO_DOCUMENTS:
            path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
            if SourceDocument.objects.filter(filename=path.name, agency__code=code).exists():
                continue
            try:
                result = document_import(
                    data=path.read_bytes(),
                    filename=path.name,
                    agency_code=code,
                    publish=True,
                    user=SYSTEM,
                )
            except DocumentRejected as exc:
                self.stderr.write(f"  {path.name}: not imported: {exc}")
                continue
            self.stdout.write(
                f"  imported {path.name}: {result.document_type}, {len(result.warnings)} warnings"
            )
        with transaction.atomic():
            if not User.objects.filter(username="admin").exists():
                User.objects.create_superuser("admin", "", "admin-demo")
            for username, password, code, role, name in DEMO_USERS:
                agency = Agency.objects.filter(code=code).first()
                if agency is None or User.objects.filter(username=username).exists():
                    continue
                user = User.objects.create_user(
                    username, password=password, agency=agency, role=role, first_name=name
                )
                if role == Role.AUDITOR:
                    user.audited_agencies.add(agency)
        # Progress reports of plan 001: a published 12-month report for 2566 and a 6-month
        # report for 2567 partly filled in (needs the demo logins above).
        call_command("reports_demo", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write("")
        self.stdout.write("Sujarit demo: http://127.0.0.1:8000/")
        self.stdout.write("Demo logins (username / password):")
        self.stdout.write(f"  {'admin / admin-demo':<28} site administrator (also /admin/)")
        for username, password, code, _role, name in DEMO_USERS:
            self.stdout.write(f"  {username + ' / ' + password:<28} {name} ({code})")
        self.stdout.write("")
