"""Load the demo: create the demo logins and demo-001's approval chain, import the shipped
seed documents as drafts, and take each through its agency's chain to publication, as people
would (portal/demo.py). Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from agencies import workflow
from agencies.access import SYSTEM
from agencies.choices import DocumentKind, PublicationStatus, Role
from agencies.models import Agency, SourceDocument, User
from agencies.names import agency_resolve
from core.importing.base import DocumentRejected
from core.importing.service import document_import
from portal.demo import (
    CHAIN_USERS,
    DEMO_OIT_YEAR,
    demo_chain,
    demo_measures,
    demo_oit_list,
    through_chain,
)

SEEDS_DIR = settings.BASE_DIR / "data" / "seeds"

# (file prefix, agency code): the demo documents and the agencies they belong to.
DEMO_DOCUMENTS = [
    ("001", "demo-001"),
    ("000", "demo-000"),
    ("002", "demo-002"),
    ("004", "demo-004"),
]

# (username, password, agency code, role, name, position)
DEMO_USERS = [
    ("staff", "staff-demo", "demo-001", Role.STAFF, "นางสาวกานดา เพียรดี", "นักวิเคราะห์นโยบายและแผน"),
    *(
        (username, password, "demo-001", Role.APPROVER, name, title)
        for username, password, title, name in CHAIN_USERS
    ),
    ("staff000", "staff-demo", "demo-000", Role.STAFF, "เจ้าหน้าที่ อบต.ปากช่อง", ""),
    ("auditor", "auditor-demo", "demo-001", Role.AUDITOR, "ผู้ตรวจสอบ", "ผู้ตรวจสอบภายใน"),
]


class Command(BaseCommand):
    help = "Import the demo documents and create the demo logins; prints them."

    def handle(self, *args, **options) -> None:
        users = self._users()
        demo_chain(Agency.objects.get(code="demo-001"), users)
        for prefix, code in DEMO_DOCUMENTS:
            path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
            if SourceDocument.objects.filter(filename=path.name, agency__code=code).exists():
                continue
            try:
                result = document_import(
                    data=path.read_bytes(), filename=path.name, agency_code=code, user=SYSTEM
                )
            except DocumentRejected as exc:
                self.stderr.write(f"  {path.name}: not imported: {exc}")
                continue
            self.stdout.write(
                f"  imported {path.name}: {result.document_type}, {len(result.warnings)} warnings"
            )
        # The logins of agencies the imports just created (demo-000 comes from seed 000).
        users = self._users()
        self._publish_drafts()
        # Progress reports of plan 001: a published 12-month report for 2566 and a 6-month
        # report for 2567 partly filled in (needs the demo logins above).
        call_command("reports_demo", stdout=self.stdout, stderr=self.stderr)
        self._demo_emails()

        # The OIT sheet of ITA 2567 with every item linked: the year's list and the measures.
        demo_oit_list()
        if "staff" in users:
            demo_measures(Agency.objects.get(code="demo-001"), users["staff"])
        self.stdout.write(f"  OIT sheet: /a/demo-001/oit/{DEMO_OIT_YEAR}/")
        self.stdout.write("")
        self.stdout.write("Sujarit demo: http://127.0.0.1:8000/")
        self.stdout.write("Demo logins (username / password):")
        self.stdout.write(f"  {'admin / admin-demo':<28} site administrator (also /admin/)")
        for username, password, code, _role, name, position in DEMO_USERS:
            if username not in users:  # its agency's document was not imported
                continue
            label = f"{position} · {name}" if position else name
            self.stdout.write(f"  {username + ' / ' + password:<28} {label} ({code})")
        self.stdout.write("")

    @transaction.atomic
    def _users(self) -> dict[str, User]:
        """The demo logins (agencies are created by the imports, so make those first)."""
        for code, name in (("demo-001", "องค์การบริหารส่วนตำบลกระจาย"),):
            if not Agency.objects.filter(code=code).exists():
                agency_resolve(code=code, name=name, district="ป่าติ้ว", province="ยโสธร")
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "", "admin-demo")
        users: dict[str, User] = {}
        for username, password, code, role, name, position in DEMO_USERS:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                continue
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username,
                    password=password,
                    agency=agency,
                    role=role,
                    first_name=name,
                    position=position,
                )
                if role == Role.AUDITOR:
                    user.audited_agencies.add(agency)
            users[username] = user
        return users

    def _demo_emails(self) -> None:
        """Give the demo logins addresses only now: the setup's own steps stay in the bell,
        and what people do in the demo from here on is e-mailed to the console."""
        for username, *_rest in DEMO_USERS:
            User.objects.filter(username=username, email="").update(
                email=f"{username}@demo.sujarit.invalid"
            )

    def _publish_drafts(self) -> None:
        """Every imported draft goes up its agency's chain and is published."""
        for spec_kind in (DocumentKind.PLAN, DocumentKind.ITA, DocumentKind.MEASURES):
            model = workflow.spec_of_kind(spec_kind).model
            drafts = model._default_manager.filter(status=PublicationStatus.DRAFT)
            for document in drafts:
                agency = getattr(document, "agency")  # noqa: B009  (every document has one)
                staff = User.objects.filter(agency=agency, role=Role.STAFF).first()
                try:
                    through_chain(document, submitter=staff or SYSTEM)
                except ValidationError as exc:
                    self.stderr.write(f"  {document}: not published: {' '.join(exc.messages)}")
                    continue
                self.stdout.write(f"  published through the chain: {document}")
