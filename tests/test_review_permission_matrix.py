"""The permission matrix of every URL of the portal, walked from the URL resolver.

Agency A has only drafts: a plan with items, a measure set with a measure and its result, a
memo, an ITA result, an open reporting round (rows, an evidence file) and a submitted one.
Each persona requests every URL (GET, and POST for the ones that change something):

- anonymous and charlie (staff of agency B) never see A's drafts (404, or the login page for
  edit URLs) and never change anything (the database is compared before and after);
- dave (auditor of A) reads everything and changes nothing (403 on edits) except the one
  thing an auditor does: a verdict on a submitted 6-month report;
- alice (staff of A), bob (A's approver) and root act per their role.

A URL added to the project without a line here fails `test_it_covers_every_url_pattern`.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies import workflow
from agencies.choices import PublicationStatus
from agencies.models import User
from core.thai import fiscal_year_of
from measures.models import ITAResult, Memo
from measures.tests.factories import set_with_measure
from plans.models import PlanItem, ProjectSheet
from portal.opendata import DATASETS
from reports.calendar import bangkok_today
from reports.choices import RoundKind, RoundState
from reports.services import evidence_add, round_open, round_submit
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# Words that exist only in A's drafts: none may reach a page an outsider can open.
MARKERS = {
    "plan": "ZZPLANDRAFT",
    "item": "ZZITEMDRAFT",
    "set": "ZZSETDRAFT",
    "measure": "ZZMEASUREDRAFT",
    "memo": "ZZMEMODRAFT",
    "evidence": "ZZEVIDENCE",
}
ITA_TOTAL_TEXT = "๗๗.๗๗"  # the draft ITA total as agency A (Thai digits) prints it

PERSONAS = [None, "charlie", "dave", "alice", "bob", "root"]
OUTSIDERS = {None, "charlie"}
READERS = {"dave", "alice", "bob", "root"}

# URLs outside the matrix's subject (Django's own pages), checked only for "no 500".
SKIPPED_PREFIXES = ("admin:",)
OPEN_DATASETS = list(DATASETS)


# --- The world: agency A's drafts ---------------------------------------------------------------


@pytest.fixture
def world(settings, agency_a, agency_b, alice, bob, charlie, dave, root):
    # Every PDF goes to the background (a 202 page with a signed job token); the database
    # backend leaves the job queued, so no WeasyPrint render runs in this file.
    settings.PDF_SYNC_MAX_HTML_BYTES = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    plan = plan_2566_2570(agency_a, status=DRAFT)
    plan.title = f"แผนร่าง {MARKERS['plan']}"
    plan.save()
    item = plan.items.order_by("order")[0]
    PlanItem.objects.filter(pk=item.pk).update(title=f"โครงการร่าง {MARKERS['item']}")
    sheet = ProjectSheet.objects.create(plan=plan, item=item, title="รายละเอียดโครงการ")

    measure_set, measure = set_with_measure(
        agency_a,
        title_html=f"มาตรการร่าง {MARKERS['measure']}",
        results={"m6": {"summary": "ดำเนินการแล้ว", "outcome": "ประชาชนรับทราบ"}},
    )
    memo = Memo.objects.create(
        agency=agency_a, subject=f"ขออนุมัติมาตรการ {MARKERS['memo']}", body="เรียน นายก"
    )
    measure_set.title = f"ชุดมาตรการร่าง {MARKERS['set']}"
    measure_set.memo = memo
    measure_set.save()

    ita = ITAResult.objects.create(
        agency=agency_a, fiscal_year=2566, total=Decimal("77.77"), status=DRAFT
    )

    open_round = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    row = open_round.rows.order_by("order")[0]
    evidence = evidence_add(
        row=row,
        user=alice,
        file=SimpleUploadedFile(f"{MARKERS['evidence']}.png", PNG, "image/png"),
    )
    submitted = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    submitted_row = submitted.rows.order_by("order")[0]
    submitted_evidence = evidence_add(
        row=submitted_row,
        user=alice,
        file=SimpleUploadedFile("h1.png", PNG, "image/png"),
    )
    round_submit(round=submitted, user=alice)
    request = workflow.open_request(submitted)
    assert request is not None

    # A background PDF job of a draft, issued to alice.
    owner = Client()
    owner.force_login(alice)
    pending = owner.get(reverse("plans:plan_pdf", args=[plan.pk]))
    assert pending.status_code == 202, pending.status_code
    status = re.search(r'hx-get="([^"]+)"', pending.content.decode())
    assert status is not None
    status_url = status.group(1)
    token = status_url.rstrip("/").rsplit("/", 1)[1]

    return {
        "agency": agency_a,
        "province": agency_a.province,
        "plan": plan,
        "item": item,
        "sheet": sheet,
        "set": measure_set,
        "measure": measure,
        "memo": memo,
        "ita": ita,
        "open_round": open_round,
        "row": row,
        "evidence": evidence,
        "submitted": submitted,
        "submitted_row": submitted_row,
        "submitted_evidence": submitted_evidence,
        "token": token,
        "request": request,
    }


# --- Every URL of the project, and what to ask of it -------------------------------------------


def all_url_names() -> set[str]:
    """Every named URL pattern, with its namespace ("plans:plan_detail"), admin left out."""
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or ""
                walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(p, URLPattern):
                names.add(f"{namespace}{p.name}" if p.name else f"{namespace}<{p.pattern}>")

    walk(get_resolver().url_patterns, "")
    return {n for n in names if not n.startswith(SKIPPED_PREFIXES)}


def _api_list(slug: str):
    def urls(w) -> list[str]:
        return [f"/api/{slug}/", f"/api/{slug}/?agency={w['agency'].code}"]

    return urls


# Public pages: everybody gets them; they never carry a draft.
PUBLIC = {
    "home": lambda w: [reverse("home"), reverse("home") + "?q=" + w["agency"].code],
    "<favicon.ico>": lambda w: ["/favicon.ico"],
    "login": lambda w: [reverse("login")],
    # Forgotten passwords (tests/test_accounts.py sends the mail and follows the link).
    "password_reset": lambda w: [reverse("password_reset")],
    "password_reset_done": lambda w: [reverse("password_reset_done")],
    "password_reset_confirm": lambda w: [
        reverse("password_reset_confirm", args=["MQ", "not-a-token"])
    ],
    "password_reset_complete": lambda w: [reverse("password_reset_complete")],
    # The admin's login sends everybody to the one login form (with the TOTP step).
    "admin_login_redirect": lambda w: ["/admin/login/?next=/admin/"],
    "portal:dashboard": lambda w: [reverse("portal:dashboard")],
    "portal:dashboard_province": lambda w: [
        reverse("portal:dashboard_province", args=[w["province"].pk]),
        reverse("portal:dashboard_province", args=[w["province"].pk]) + "?year=2567",
    ],
    "portal:open_data": lambda w: [reverse("portal:open_data")],
    # The OIT sheet gives published revisions only, to everybody alike.
    "portal:oit_sheet_latest": lambda w: [
        reverse("portal:oit_sheet_latest", args=[w["agency"].code])
    ],
    "portal:oit_sheet": lambda w: [
        reverse("portal:oit_sheet", args=[w["agency"].code, y]) for y in (2565, 2566)
    ],
    "portal:oit_sheet_export": lambda w: [
        reverse(
            "portal:oit_sheet_export", kwargs={"code": w["agency"].code, "year": "2566", "fmt": f}
        )
        for f in ("csv", "xlsx")
    ],
    "portal:oit_national_latest": lambda w: [reverse("portal:oit_national_latest")],
    "portal:oit_national": lambda w: [reverse("portal:oit_national", args=[2566])],
    "portal:open_data_agencies_csv": lambda w: [
        reverse("portal:open_data_agencies_csv") + f"?year={y}" for y in (2566, 2567)
    ],
    "portal:open_data_plan_items_csv": lambda w: [reverse("portal:open_data_plan_items_csv")],
    "portal:data_dictionary": lambda w: [reverse("portal:data_dictionary")],
    # Every dataset, the whole country and narrowed to the agency whose drafts are in the world.
    "portal:open_data_file": lambda w: [
        reverse("portal:open_data_file", args=[slug, fmt]) + query
        for slug in OPEN_DATASETS
        for fmt in ("csv", "json", "xlsx")
        for query in ("?year=2567", f"?agency={w['agency'].code}")
    ],
    # Not built yet in a test: 202 "กำลังจัดทำ" (the build is queued).
    "portal:open_data_bulk": lambda w: [
        reverse("portal:open_data_bulk", args=[2567, "plan-items", "csv"]),
        reverse("portal:open_data_bulk", args=[2567, "all", "zip"]),
    ],
    "api:api-root": lambda w: ["/api/"],
    "api:datasets": lambda w: ["/api/"],
    "api:openapi-json": lambda w: ["/api/openapi.json"],
    "api:openapi-view": lambda w: ["/api/docs"],
    **{f"api:list_{slug.replace('-', '_')}": _api_list(slug) for slug in OPEN_DATASETS},
}

# Agency-wide pages: public, but each lists only what the visitor may see.
AGENCY_PAGES = {
    "portal:agency_detail": "portal:agency_detail",
    "measures:agency_measures": "measures:agency_measures",
    "measures:agency_ita": "measures:agency_ita",
    "measures:agency_ita_pdf": "measures:agency_ita_pdf",
    "reports:agency_reports": "reports:agency_reports",
    "reports:agency_reports_pdf": "reports:agency_reports_pdf",
}


def agency_urls(w) -> dict[str, list[str]]:
    code = w["agency"].code
    urls = {name: [reverse(route, args=[code])] for name, route in AGENCY_PAGES.items()}
    urls["reports:agency_reports_export"] = [
        reverse("reports:agency_reports_export", kwargs={"code": code, "fmt": f})
        for f in ("csv", "xlsx")
    ]
    return urls


def draft_read_urls(w) -> dict[str, list[str]]:
    """Pages, PDFs, CSV/XLSX and files of A's drafts: 404 to outsiders, 200/202 to readers."""
    rounds = (w["open_round"], w["submitted"])
    return {
        "plans:plan_detail": [reverse("plans:plan_detail", args=[w["plan"].pk])],
        "plans:plan_pdf": [reverse("plans:plan_pdf", args=[w["plan"].pk])],
        "plans:plan_docx": [reverse("plans:plan_docx", args=[w["plan"].pk])],
        "plans:plan_items_csv": [reverse("plans:plan_items_csv", args=[w["plan"].pk])],
        "plans:item_detail": [reverse("plans:item_detail", args=[w["item"].pk])],
        "plans:item_pdf": [reverse("plans:item_pdf", args=[w["item"].pk])],
        "measures:set_detail": [reverse("measures:set_detail", args=[w["set"].pk])],
        "measures:set_pdf": [reverse("measures:set_pdf", args=[w["set"].pk])],
        "measures:set_docx": [reverse("measures:set_docx", args=[w["set"].pk])],
        "measures:memo_detail": [reverse("measures:memo_detail", args=[w["memo"].pk])],
        "measures:memo_pdf": [reverse("measures:memo_pdf", args=[w["memo"].pk])],
        "reports:round_detail": [reverse("reports:round_detail", args=[r.pk]) for r in rounds],
        "reports:round_pdf": [reverse("reports:round_pdf", args=[r.pk]) for r in rounds],
        "reports:round_docx": [reverse("reports:round_docx", args=[r.pk]) for r in rounds],
        "reports:round_export": [
            reverse("reports:round_export", kwargs={"pk": r.pk, "table": t, "fmt": f})
            for r in rounds
            for t in ("rows", "summary")
            for f in ("csv", "xlsx")
        ],
        "reports:row_show": [
            reverse("reports:row_show", args=[w["row"].pk]),
            reverse("reports:row_show", args=[w["submitted_row"].pk]),
        ],
        "reports:evidence_file": [
            reverse("reports:evidence_file", args=[w["evidence"].pk]),
            reverse("reports:evidence_file", args=[w["submitted_evidence"].pk]),
        ],
        "measures:ita_result": [reverse("measures:ita_result", args=[w["ita"].pk])],
        "agencies:diff": [
            reverse("agencies:diff", args=["plan", w["plan"].pk]),
            reverse("agencies:diff", args=["measures", w["set"].pk]),
        ],
        "agencies:memo": [reverse("agencies:memo", args=[w["request"].pk])],
        "agencies:memo_pdf": [reverse("agencies:memo_pdf", args=[w["request"].pk])],
    }


def stable_urls(w) -> dict[str, list[str]]:
    """The stable public addresses (/a/<code>/…) of A's drafts: 404 for everybody, insiders
    included: a stable address names a published revision only."""
    urls: dict[str, list[str]] = {}
    docs = [
        ("plans:stable", w["plan"]),
        ("measures:set_stable", w["set"]),
        ("measures:ita_stable", w["ita"]),
        ("reports:stable", w["open_round"]),
        ("reports:stable", w["submitted"]),
    ]
    for route, doc in docs:
        for revision in (False, True):
            for pdf in (False, True):
                if pdf and route == "measures:ita_stable":
                    continue
                name = route + ("_revision" if revision else "") + ("_pdf" if pdf else "")
                urls.setdefault(name, []).append(doc.get_stable_url(revision=revision, pdf=pdf))
    results = w["set"].get_stable_url() + "results/"
    for suffix, name in (
        ("", ""),
        ("r1/", "_revision"),
        ("pdf/", "_pdf"),
        ("r1/pdf/", "_revision_pdf"),
    ):
        urls[f"measures:results_stable{name}"] = [results + suffix]
    return urls


def edit_gets(w) -> dict[str, list[str]]:
    """The staff forms (GET): login page, 404, 403 or the form, by persona."""
    code = w["agency"].code
    return {
        "measures:set_create": [reverse("measures:set_create", args=[code])],
        "measures:ita_edit": [reverse("measures:ita_edit", args=[code])],
        "measures:measure_add": [reverse("measures:measure_add", args=[w["set"].pk])],
        "measures:measure_edit": [reverse("measures:measure_edit", args=[w["measure"].pk])],
        "measures:measure_results": [reverse("measures:measure_results", args=[w["measure"].pk])],
        "reports:row_edit": [reverse("reports:row_edit", args=[w["row"].pk])],
        "portal:document_upload": [f"/agencies/{code}/import/"],
        "plans:plan_edit": [reverse("plans:plan_edit", args=[w["plan"].pk])],
        "plans:item_add": [reverse("plans:item_add", args=[w["plan"].pk])],
        "plans:item_edit": [reverse("plans:item_edit", args=[w["item"].pk])],
        "plans:item_delete": [reverse("plans:item_delete", args=[w["item"].pk])],
        "plans:plan_new": [reverse("plans:plan_new", args=[code])],
        **{
            f"plans:wizard_{step}": [reverse(f"plans:wizard_{step}", args=[w["plan"].pk])]
            for step in ("part1", "part2", "part3", "foreword", "review")
        },
        "plans:sheet_add": [reverse("plans:sheet_add", args=[w["item"].pk])],
        "plans:sheet_edit": [reverse("plans:sheet_edit", args=[w["item"].pk, w["sheet"].pk])],
        "measures:plan_item_search": [
            reverse("measures:plan_item_search", args=[w["set"].pk]) + "?plan_q=โครงการ"
        ],
        # Undo pages: the confirmation of deleting each of A's drafts.
        "plans:plan_delete": [reverse("plans:plan_delete", args=[w["plan"].pk])],
        "measures:set_delete": [reverse("measures:set_delete", args=[w["set"].pk])],
        "reports:round_delete": [reverse("reports:round_delete", args=[w["open_round"].pk])],
    }


def edit_posts(w) -> list[tuple[str, str, dict]]:
    """Every change, in an order in which each is still possible for the agency's staff."""
    code = w["agency"].code
    m = w["measure"]
    m.refresh_from_db()
    ita_version = ITAResult.objects.get(pk=w["ita"].pk).version
    result_version = m.results.get(period="m6").version
    row = w["row"]
    this_year = fiscal_year_of(bangkok_today())
    submitted = w["submitted"].pk
    return [
        (
            "measures:set_create",
            reverse("measures:set_create", args=[code]),
            {"fiscal_year": "2568", "kind": "measures", "title": "ชุดใหม่"},
        ),
        (
            "measures:ita_edit",
            reverse("measures:ita_edit", args=[code]),
            # Each edit form sends the version it was opened at (core.concurrency).
            {"fiscal_year": "2566", "total": "80", "version": ita_version},
        ),
        (
            "measures:measure_add",
            reverse("measures:measure_add", args=[w["set"].pk]),
            {"title": "มาตรการใหม่", "steps": ["ขั้นที่ ๑"]},
        ),
        (
            "measures:steps_editor",
            reverse("measures:steps_editor", args=[w["set"].pk]),
            {"steps": ["ขั้นที่ ๑"], "step_action": "add"},
        ),
        (
            "measures:measure_edit",
            reverse("measures:measure_edit", args=[m.pk]),
            {"title": "มาตรการแก้แล้ว", "version": m.version, "steps": ["ขั้นใหม่"]},
        ),
        (
            "measures:measure_results",
            reverse("measures:measure_results", args=[m.pk]),
            {"period": "m6", "summary": "แก้ผลแล้ว", "version": result_version},
        ),
        (
            "reports:row_edit",
            reverse("reports:row_edit", args=[row.pk]),
            {"status": "in_progress", "version": row.version},
        ),
        (
            "reports:row_evidence_add",
            reverse("reports:row_evidence_add", args=[row.pk]),
            {"url": "https://example.go.th/x"},
        ),
        (
            "reports:evidence_delete",
            reverse("reports:evidence_delete", args=[w["evidence"].pk]),
            {},
        ),
        (
            "reports:agency_round_open",
            reverse("reports:agency_round_open", args=[code]),
            {"fiscal_year": str(this_year), "kind": "q2"},
        ),
        (
            "portal:document_upload",
            f"/agencies/{code}/import/",
            {"file": SimpleUploadedFile("doc.txt", "ไม่ใช่เอกสาร\n".encode(), "text/plain")},
        ),
        (
            "portal:document_upload_confirm",
            f"/agencies/{code}/import/confirm/",
            {"token": "forged"},
        ),
        (
            "reports:round_submit",
            reverse("reports:round_submit", args=[w["open_round"].pk]),
            {"confirm": "1"},
        ),
        (
            "reports:round_approve",
            reverse("reports:round_approve", args=[submitted]),
            {"comment": "เห็นควรอนุมัติ"},
        ),
        (
            "reports:round_return",
            reverse("reports:round_return", args=[submitted]),
            {"reason": "แก้ไขตัวเลข"},
        ),
        ("reports:round_publish", reverse("reports:round_publish", args=[submitted]), {}),
        *workflow_posts(w),
        (
            "reports:round_audit",
            reverse("reports:round_audit", args=[submitted]),
            {"verdict": "audit_pass", "comment": "-"},
        ),
        *plan_edit_posts(w),
        *delete_posts(w),
    ]


def delete_posts(w) -> list[tuple[str, str, dict]]:
    """Deleting drafts, last: by now the set and the open round were proposed (403 to
    everybody) and the plan's item is used by a report (the page says why, 400)."""
    return [
        ("measures:set_delete", reverse("measures:set_delete", args=[w["set"].pk]), {}),
        ("reports:round_delete", reverse("reports:round_delete", args=[w["open_round"].pk]), {}),
        ("plans:plan_delete", reverse("plans:plan_delete", args=[w["plan"].pk]), {}),
    ]


def workflow_posts(w) -> list[tuple[str, str, dict]]:
    """The lifecycle's steps (agencies/views.py) on A's documents."""
    request = w["request"].pk
    set_pk = w["set"].pk
    return [
        ("agencies:submit", reverse("agencies:submit", args=["measures", set_pk]), {}),
        (
            "agencies:approve",
            reverse("agencies:approve", args=[request]),
            {"step": 1, "opinion": "เห็นควร"},
        ),
        (
            "agencies:send_back",
            reverse("agencies:send_back", args=[request]),
            {"step": 1, "reason": "แก้ไข"},
        ),
        ("agencies:publish", reverse("agencies:publish", args=["measures", set_pk]), {}),
        ("agencies:amend", reverse("agencies:amend", args=["measures", set_pk]), {}),
        (
            "agencies:withdraw",
            reverse("agencies:withdraw", args=["measures", set_pk]),
            {"reason": "ข้อมูลผิด"},
        ),
        (
            "agencies:chains",
            reverse("agencies:chains", args=[w["agency"].code]),
            {"add_position": "1", "title": "หัวหน้าสำนักปลัด"},
        ),
    ]


def plan_edit_posts(w) -> list[tuple[str, str, dict]]:
    """The plan editing steps; the item is used by a report, so its deletion is refused."""
    plan, item = w["plan"], w["item"]
    plan.refresh_from_db()
    item.refresh_from_db()
    fields = {"kind": "project", "title": "โครงการแก้แล้ว", "dimension": item.dimension_id}
    sheet = w["sheet"]
    return [
        # The wizard's steps: each POST here is refused by its form (nothing typed) or, for
        # the move, by its stale version, so they test the gate without changing the plan.
        ("plans:plan_new", reverse("plans:plan_new", args=[w["agency"].code]), {}),
        ("plans:wizard", reverse("plans:wizard", args=[plan.pk]), {}),
        ("plans:wizard_part1", reverse("plans:wizard_part1", args=[plan.pk]), {}),
        (
            "plans:wizard_part2",
            reverse("plans:wizard_part2", args=[plan.pk]),
            {"item": item.pk, "move": "up", "version": "0"},
        ),
        ("plans:wizard_foreword", reverse("plans:wizard_foreword", args=[plan.pk]), {}),
        ("plans:sheet_add", reverse("plans:sheet_add", args=[item.pk]), {}),
        ("plans:sheet_edit", reverse("plans:sheet_edit", args=[item.pk, sheet.pk]), {}),
        (
            "plans:plan_edit",
            reverse("plans:plan_edit", args=[plan.pk]),
            {"title": "แผนแก้แล้ว", "version": plan.version},
        ),
        ("plans:item_add", reverse("plans:item_add", args=[plan.pk]), fields),
        (
            "plans:item_edit",
            reverse("plans:item_edit", args=[item.pk]),
            {**fields, "version": item.version, "y2567_in": "on", "y2567_budget": "๔๕,๐๐๐"},
        ),
        ("plans:item_delete", reverse("plans:item_delete", args=[item.pk]), {}),
    ]


def token_urls(w) -> dict[str, list[tuple[str, str]]]:
    t = w["token"]
    return {
        "core:pdf_status": [("get", reverse("core:pdf_status", args=[t]))],
        "core:pdf_file": [("get", reverse("core:pdf_file", args=[t]))],
        "core:pdf_retry": [("post", reverse("core:pdf_retry", args=[t]))],
    }


SPECIAL = {
    "logout",
    "password_change",
    "password_change_done",
    "two_factor",
    # One's own notifications: opened and marked read by their recipient only
    # (tests/test_notifications.py).
    "agencies:notification_open",
    "agencies:notifications_read",
    # A browser import's status page: its uploader and the agency's importers only
    # (tests/test_document_upload.py).
    "portal:document_upload_status",
}  # checked on their own below

# Pages of the signed-in user's own work (งานของฉัน): the login page for anonymous visitors,
# 200 for everybody else, and never another agency's drafts.
PERSONAL = {
    "portal:worklist": lambda w: [reverse("portal:worklist"), "/my/?kind=plan&sort=title"],
    "agencies:notifications": lambda w: [
        reverse("agencies:notifications"),
        reverse("agencies:notifications") + "?unread=1&page=2",
    ],
    "agencies:settings": lambda w: [reverse("agencies:settings")],
}


# The auditors' review of a round (private to the agency and its auditors, access.can_discuss):
# 404 for the public (no login page either) and other agencies, published or not.
def private_review_urls(w) -> dict[str, list[str]]:
    return {
        name: [reverse(name, args=[r.pk]) for r in (w["open_round"], w["submitted"])]
        for name in ("reports:round_review", "reports:round_discussion")
    }


def private_review_posts(w) -> list[tuple[str, str, dict]]:
    submitted = w["submitted"].pk
    return [
        (
            "reports:round_discussion",
            reverse("reports:round_discussion", args=[submitted]),
            {"body": "ขอเอกสารเพิ่ม"},
        ),
        ("reports:round_answers", reverse("reports:round_answers", args=[submitted]), {}),
        (
            "reports:round_review",
            reverse("reports:round_review", args=[submitted]),
            {"verdict": "audit_observations", "comment": "ควรแนบภาพ"},
        ),
    ]


# The auditors' dashboard: auditors and site admins; the login page for the public.
FOLLOW_UP = {
    "reports:audit_dashboard": lambda w: [reverse("reports:audit_dashboard") + "?sort=late"],
    "reports:audit_dashboard_export": lambda w: [
        reverse("reports:audit_dashboard_export", args=[f]) for f in ("csv", "xlsx")
    ],
}
# What each persona gets from each private POST (charlie and the public: 404).
PRIVATE_POST_CODES = {
    "dave": {
        "reports:round_discussion": {302},
        "reports:round_answers": {403},
        "reports:round_review": {302},
    },
    "alice": {
        "reports:round_discussion": {302},
        "reports:round_answers": {302},
        "reports:round_review": {403},
    },
    "bob": {
        "reports:round_discussion": {302},
        "reports:round_answers": {302},
        "reports:round_review": {403},
    },
    "root": {
        "reports:round_discussion": {302},
        "reports:round_answers": {403},
        "reports:round_review": {302, 400},
    },
}

# Steps a role may not take even on its own agency's round (403 from the workflow services).
ROLE_FORBIDDEN = {
    "alice": {
        "reports:round_approve",
        "reports:round_return",
        "reports:round_audit",
        # alice proposed the report: she may not approve it (four eyes), nor edit the chain.
        "agencies:approve",
        "agencies:send_back",
        "agencies:chains",
    },
    "bob": {"reports:round_audit"},
    "root": set(),
}
AUDITOR_STEPS = {"reports:round_audit"}
# What the agency's own people get from a step when it passed the permission gate (the default
# is 200 or a redirect): the document upload is given a file that is not a document, which is
# kept and its check enqueued (a redirect to the job's status page, which then shows the form
# with a Thai reason), and a forged confirmation, which comes back as the form with a reason.
# A verdict the service refuses (here: the round has moved on) re-shows the page with the
# auditor's choice and the reason (400), never a redirect that would lose the choice.
INSIDER_CODES = {
    "measures:set_delete": {403},
    "reports:round_delete": {403},
    "plans:plan_delete": {400},
    "portal:document_upload": {302},
    "portal:document_upload_confirm": {400},
    "reports:round_audit": {302, 400},
}


def existing(pairs):
    """Only the steps whose URL pattern exists (a feature may be under way in the tree)."""
    names = all_url_names()
    return [p for p in pairs if p[0] in names]


# --- Helpers ------------------------------------------------------------------------------------


def snapshot() -> dict[str, str]:
    """Every row of the portal's own tables (users aside: signing in touches last_login)."""
    data = {}
    for label in ("agencies", "plans", "measures", "reports", "auditlog"):
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model is User:
                continue
            data[model._meta.label] = serializers.serialize(
                "json", model._default_manager.order_by("pk")
            )
    return data


def assert_unchanged(before: dict[str, str], context: str) -> None:
    after = snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"{context} changed {changed}"


def body_text(response) -> str:
    """The text of a response: HTML/CSV decoded, XLSX cells joined, files as bytes repr."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    ctype = response.get("Content-Type", "")
    if "spreadsheetml" in ctype:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if ctype.startswith(("text/", "application/json")):
        return content.decode("utf-8", "replace")
    return repr(content[:200])


def leaked(text: str) -> list[str]:
    found = [m for m in MARKERS.values() if m in text]
    if ITA_TOTAL_TEXT in text:
        found.append("ita-total")
    return found


def persona_client(request, client_for, persona):
    return client_for(request.getfixturevalue(persona) if persona else None)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Tests --------------------------------------------------------------------------------------


def test_it_covers_every_url_pattern(world):
    covered = (
        set(PUBLIC)
        | set(agency_urls(world))
        | set(draft_read_urls(world))
        | set(stable_urls(world))
        | set(edit_gets(world))
        | {name for name, _url, _data in edit_posts(world)}
        | set(token_urls(world))
        | set(PERSONAL)
        | set(private_review_urls(world))
        | {name for name, _url, _data in private_review_posts(world)}
        | set(FOLLOW_UP)
        | SPECIAL
    )
    missing = all_url_names() - covered
    assert not missing, f"URL patterns without a line in the permission matrix: {missing}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_gives_drafts_no_stable_address(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    for urls in stable_urls(world).values():
        for url in urls:
            assert client.get(url).status_code == 404, (persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_never_shows_drafts_on_public_pages(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    before = snapshot()
    for build in PUBLIC.values():
        for url in build(world):
            response = client.get(url)
            assert response.status_code in (200, 202, 301, 302), (url, response.status_code)
            if response.status_code == 200:
                text = body_text(response)
                # Dashboards and open data are statistics of published work, for everybody.
                assert not leaked(text), (persona, url, leaked(text))
    assert_unchanged(before, f"{persona}: public GETs")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_counts_no_draft_in_dashboards_or_open_data(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    code = world["agency"].code
    for year in (2566, 2567):
        csv = body_text(client.get(reverse("portal:open_data_agencies_csv") + f"?year={year}"))
        line = next(row for row in csv.splitlines() if row.startswith(code + ","))
        # plan, measures, 6-month and 12-month report: all 0 for an agency with drafts only.
        assert line.endswith(",0,0,0,0"), (year, line)
    items = body_text(client.get(reverse("portal:open_data_plan_items_csv")))
    assert code not in items
    province = reverse("portal:dashboard_province", args=[world["province"].pk])
    missing_plan = client.get(province + "?year=2567&missing=plan").content.decode()
    assert world["agency"].name in missing_plan


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_drafts_on_agency_pages_only_for_insiders(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    before = snapshot()
    for name, urls in agency_urls(world).items():
        for url in urls:
            response = client.get(url)
            if name.endswith("_pdf"):
                assert response.status_code == 202, (persona, url, response.status_code)
                continue
            assert response.status_code == 200, (persona, url, response.status_code)
            text = body_text(response)
            if persona in OUTSIDERS:
                assert not leaked(text), (persona, url, leaked(text))
    pages = {
        "portal:agency_detail": MARKERS["plan"],
        "measures:agency_measures": MARKERS["set"],
        "measures:agency_ita": ITA_TOTAL_TEXT,
    }
    for route, marker in pages.items():
        text = client.get(reverse(route, args=[world["agency"].code])).content.decode()
        assert (marker in text) == (persona in READERS), (persona, route)
    calendar = client.get(reverse("reports:agency_reports", args=[world["agency"].code]))
    listed = world["open_round"].get_absolute_url() in calendar.content.decode()
    assert listed == (persona in READERS)
    # Searching a draft's title lists nothing to an outsider.
    search = client.get(
        reverse("measures:agency_measures", args=[world["agency"].code])
        + f"?q={MARKERS['measure']}"
    )
    assert (MARKERS["set"] in search.content.decode()) == (persona in READERS)
    assert_unchanged(before, f"{persona}: agency pages")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_drafts_only_to_the_agency_its_auditor_and_admins(
    request, client_for, world, persona
):
    client = persona_client(request, client_for, persona)
    before = snapshot()
    for name, urls in draft_read_urls(world).items():
        for url in urls:
            response = client.get(url)
            if persona in OUTSIDERS:
                assert response.status_code == 404, (persona, url, response.status_code)
                assert not leaked(body_text(response)), (persona, url)
            elif name.endswith("_pdf"):
                assert response.status_code == 202, (persona, url, response.status_code)
            else:
                assert response.status_code == 200, (persona, url, response.status_code)
    assert_unchanged(before, f"{persona}: draft reads")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_guards_every_staff_form(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    for _name, urls in existing(list(edit_gets(world).items())):
        for url in urls:
            response = client.get(url)
            if persona is None:
                assert is_login_redirect(response), (url, response.status_code)
            elif persona == "charlie":
                assert response.status_code == 404, (url, response.status_code)
            elif persona == "dave":
                assert response.status_code == 403, (url, response.status_code)
            else:
                assert response.status_code == 200, (persona, url, response.status_code)


@pytest.mark.parametrize("persona", [None, "charlie", "dave"])
def test_it_lets_no_outsider_or_auditor_change_anything(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    before = snapshot()
    for name, url, data in existing(edit_posts(world)):
        if persona == "dave" and name in AUDITOR_STEPS:
            continue  # the auditor's own step, below
        response = client.post(url, data)
        if persona is None:
            assert is_login_redirect(response), (name, response.status_code)
        elif persona == "charlie":
            assert response.status_code == 404, (name, response.status_code)
        else:
            assert response.status_code == 403, (name, response.status_code)
        assert_unchanged(before, f"{persona}: POST {name}")
    assert world["evidence"].file.storage.exists(world["evidence"].file.name)
    world["open_round"].refresh_from_db()
    world["submitted"].refresh_from_db()
    assert world["open_round"].state == RoundState.OPEN
    assert world["submitted"].state == RoundState.SUBMITTED


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_keeps_the_review_dialogue_to_the_agency_and_its_auditors(
    request, client_for, world, persona
):
    client = persona_client(request, client_for, persona)
    before = snapshot()
    for urls in private_review_urls(world).values():
        for url in urls:
            response = client.get(url)
            expected = 404 if persona in OUTSIDERS else 200
            assert response.status_code == expected, (persona, url, response.status_code)
            if persona in OUTSIDERS:
                assert not leaked(body_text(response)), (persona, url)
    if persona in OUTSIDERS:
        for name, url, data in private_review_posts(world):
            response = client.post(url, data)
            assert response.status_code == 404, (persona, name, response.status_code)
        assert_unchanged(before, f"{persona}: private review")
        return
    assert_unchanged(before, f"{persona}: private review GETs")
    for name, url, data in private_review_posts(world):
        response = client.post(url, data)
        codes = PRIVATE_POST_CODES[persona][name]
        assert response.status_code in codes, (persona, name, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_follow_up_dashboard_to_auditors_and_admins(
    request, client_for, world, persona
):
    client = persona_client(request, client_for, persona)
    for build in FOLLOW_UP.values():
        for url in build(world):
            response = client.get(url)
            if persona is None:
                assert is_login_redirect(response), (url, response.status_code)
            elif persona in ("dave", "root"):
                assert response.status_code == 200, (persona, url, response.status_code)
                # Agencies and states only: never a draft's contents.
                assert not leaked(body_text(response)), (persona, url)
            else:
                assert response.status_code == 404, (persona, url, response.status_code)


def test_it_lets_the_auditor_give_a_verdict_on_a_submitted_six_month_report(
    client_for, world, dave
):
    client = client_for(dave)
    url = reverse("reports:round_audit", args=[world["submitted"].pk])
    response = client.post(url, {"verdict": "audit_pass", "comment": "เรียบร้อย"})
    assert response.status_code == 302
    assert world["submitted"].review_steps.filter(reviewer=dave).exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "root"])
def test_it_lets_the_agency_act_per_role(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    forbidden = ROLE_FORBIDDEN[persona]
    for name, url, data in existing(edit_posts(world)):
        response = client.post(url, data)
        if name in forbidden:
            assert response.status_code == 403, (persona, name, response.status_code)
        else:
            allowed = INSIDER_CODES.get(name, {200, 302})
            assert response.status_code in allowed, (persona, name, response.status_code)
            assert not is_login_redirect(response), (persona, name)
    world["open_round"].refresh_from_db()
    assert world["open_round"].state == RoundState.SUBMITTED
    world["set"].refresh_from_db()
    # Proposed to the chain, not published: nobody publishes alone.
    assert world["set"].status == PublicationStatus.SUBMITTED


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_binds_a_pdf_job_token_to_the_user_it_was_issued_to(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    urls = token_urls(world)
    for name, calls in urls.items():
        for method, url in calls:
            response = getattr(client, method)(url)
            if persona == "alice":
                assert response.status_code in (200, 302), (name, response.status_code)
            else:
                assert response.status_code == 404, (persona, name, response.status_code)
    forged = world["token"][:-3] + ("abc" if not world["token"].endswith("abc") else "xyz")
    assert client.get(reverse("core:pdf_status", args=[forged])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_user_only_their_own_worklist(request, client_for, world, persona):
    client = persona_client(request, client_for, persona)
    before = snapshot()
    for build in PERSONAL.values():
        for url in build(world):
            response = client.get(url)
            if persona is None:
                assert is_login_redirect(response), (url, response.status_code)
                continue
            assert response.status_code == 200, (persona, url, response.status_code)
            if persona in OUTSIDERS:
                assert not leaked(body_text(response)), (persona, url)
    assert_unchanged(before, f"{persona}: worklist")


def test_it_logs_out_only_by_post(client_for, alice):
    client = client_for(alice)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_every_signed_in_user_change_only_their_own_password(
    request, client_for, world, persona
):
    client = persona_client(request, client_for, persona)
    for name in ("password_change", "password_change_done"):
        response = client.get(reverse(name))
        if persona is None:
            assert is_login_redirect(response), (name, response.status_code)
        else:
            assert response.status_code == 200, (persona, name, response.status_code)
    if persona is None:
        assert is_login_redirect(client.post(reverse("password_change"), {}))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_offers_two_factor_only_to_approvers_and_site_admins(
    request, client_for, world, persona
):
    client = persona_client(request, client_for, persona)
    response = client.get(reverse("two_factor"))
    if persona is None:
        assert is_login_redirect(response)
    elif persona in ("bob", "root"):
        assert response.status_code == 200, (persona, response.status_code)
    else:
        assert response.status_code == 403, (persona, response.status_code)
