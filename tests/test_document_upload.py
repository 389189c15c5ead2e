"""Staff import their agency's documents in the browser: a dry-run preview with every warning,
then a confirmation that imports the file kept on the server (never the browser's bytes)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.access import SYSTEM
from agencies.models import SourceDocument
from conftest import seed_path
from core.importing.service import document_import
from core.thai import to_thai_digits
from measures.models import MeasureSet, Memo
from portal.upload import TOKEN_SALT

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _url(agency, name="portal:document_upload"):
    return reverse(name, kwargs={"code": agency.code})


def _upload(client, agency, data: bytes, name: str = "doc.txt", *, submit: bool = False):
    """Upload a file and follow the browser through the job's status page: with the Immediate
    task backend of the tests the check has run, and the status page shows its outcome."""
    payload: dict[str, Any] = {"file": SimpleUploadedFile(name, data, content_type="text/plain")}
    if submit:
        payload["submit"] = "on"
    return client.post(_url(agency), payload, follow=True)


def _confirm(client, agency, token: str):
    """Confirm an import: the POST only enqueues it and sends the browser to the job's status
    page, which (the import done) sends it on to the imported document."""
    response = client.post(_url(agency, "portal:document_upload_confirm"), {"token": token})
    assert response.status_code == 302
    assert "/import/jobs/" in response["Location"]
    return client.get(response["Location"])


def _seed(prefix: str) -> tuple[bytes, str]:
    path = seed_path(prefix)
    return path.read_bytes(), path.name


def _token(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the preview has no confirm form"
    return match.group(1)


def _warning_rows(response) -> list[tuple[str, str]]:
    """(line, message) of each row of the preview's warnings table, as the page shows them."""
    html = response.content.decode()
    table = re.search(r"<table[^>]*import-warnings.*?</table>", html, re.S)
    assert table, "no warnings table"
    rows = re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", table.group(0), re.S)
    return [(unescape(line).strip(), unescape(msg).strip()) for line, msg in rows]


def _counts() -> tuple[int, int, int]:
    return MeasureSet.objects.count(), Memo.objects.count(), SourceDocument.objects.count()


def _stored_files(media) -> list:
    return [p for p in (media / "uploads").rglob("*") if p.is_file()] if media.exists() else []


# --- Step 1: the preview ----------------------------------------------------------------------


def test_it_previews_seed_004_with_every_warning_and_imports_nothing(
    client_for, alice, agency_a, _media
):
    data, name = _seed("004")
    # What the importer itself says of this file for agency A (a rolled-back run).
    expected = document_import(
        user=SYSTEM, data=data, filename=name, agency_code=agency_a.code, dry_run=True
    )
    assert expected.warnings
    before = _counts()

    response = _upload(client_for(alice), agency_a, data, name)

    assert response.status_code == 200
    text = response.content.decode()
    assert "บันทึกข้อความ" in text  # the detected document type
    assert agency_a.name in text
    rows = _warning_rows(response)
    assert rows == [
        (to_thai_digits(str(w["line"])) if w["line"] else "–", w["message"])
        for w in expected.warnings
    ]
    # Counts from the result's extra: five measures, the memo and its ITA figures.
    assert "๕ มาตรการ" in text
    assert "ฉบับร่าง" in text
    # The document names another agency than A: said on the page, imported as A's.
    assert "เอกสารนี้ระบุชื่อหน่วยงาน “องค์การบริหารส่วนตำบลหนองป่าก่อ”" in text
    assert f"ไม่ตรงกับ “{agency_a.name}”" in text
    assert _counts() == before
    # The bytes wait on the server for the confirmation, under the file's sha256.
    assert [p.name for p in _stored_files(_media)] == [f"{expected_sha(data)}.txt"]


def expected_sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_it_shows_plan_counts_per_year(client_for, alice, agency_a, edition):
    data, name = _seed("001")
    response = _upload(client_for(alice), agency_a, data, name)
    assert response.status_code == 200
    text = response.content.decode()
    assert "แผนปฏิบัติการป้องกันการทุจริต" in text
    for year in ("๒๕๖๖", "๒๕๖๗", "๒๕๖๘", "๒๕๖๙", "๒๕๗๐"):
        assert f'<th scope="row">{year}</th>' in text
    # The plan is agency A's own (กระจาย): no mismatch warning.
    assert "เอกสารนี้ระบุชื่อหน่วยงาน" not in text


def test_it_warns_of_another_agencys_document_even_when_that_agency_exists(
    client_for, charlie, agency_a, agency_b, edition
):
    from reports.services import round_open

    data, name = _seed("001")  # the plan of กระจาย, which is agency A
    document_import(user=SYSTEM, data=data, filename=name, agency_code=agency_a.code)
    round_open(user=SYSTEM, agency=agency_a, fiscal_year=2567, kind="q1")

    response = _upload(client_for(charlie), agency_b, data, name)

    assert response.status_code == 200
    text = response.content.decode()
    assert f"เอกสารนี้ระบุชื่อหน่วยงาน “{agency_a.name}” ไม่ตรงกับ “{agency_b.name}”" in text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_it_reads_the_documents_own_agency_name_for_each_layout(prefix):
    from portal.upload import document_agency_name

    data, name = _seed(prefix)
    expected = document_import(user=SYSTEM, data=data, filename=name, dry_run=True).agency["name"]
    assert document_agency_name(data=data, filename=name) == expected


def test_it_previews_a_progress_report_with_its_rows_and_statuses(client_for, alice, agency_a):
    from pathlib import Path

    from portal.upload import document_agency_name

    path = Path(__file__).resolve().parent / "fixtures" / "six_month_2567.txt"
    data = path.read_bytes()
    response = _upload(client_for(alice), agency_a, data, path.name)
    assert response.status_code == 200
    text = response.content.decode()
    assert "รายงานผลการดำเนินงาน" in text
    assert "รอบ ๖ เดือน" in text
    assert "๑๐ รายการ" in text
    for label, n in (("ดำเนินการแล้ว", "๕"), ("อยู่ระหว่างดำเนินการ", "๔"), ("ยังไม่ดำเนินการ", "๑")):
        assert re.search(rf"<td>{label}</td><td class=\"num\">{n}</td>", text), label
    own = document_import(user=SYSTEM, data=data, filename=path.name, dry_run=True).agency["name"]
    assert document_agency_name(data=data, filename=path.name) == own


# --- Step 2: the confirmation -----------------------------------------------------------------


def test_it_imports_a_draft_on_confirm_and_says_how_many_warnings(
    client, client_for, alice, agency_a, _media
):
    data, name = _seed("004")
    alice_client = client_for(alice)
    preview = _upload(alice_client, agency_a, data, name)
    warnings = len(_warning_rows(preview))
    before = _counts()

    response = _confirm(alice_client, agency_a, _token(preview))

    measure_set = MeasureSet.objects.get(agency=agency_a)
    assert response.status_code == 302
    assert response["Location"] == measure_set.get_absolute_url()
    assert _counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
    assert measure_set.status == "draft"
    assert Memo.objects.get(agency=agency_a).status == "draft"
    document = SourceDocument.objects.get(agency=agency_a)
    assert (document.filename, document.sha256, document.imported_by) == (
        name,
        expected_sha(data),
        alice,
    )
    page = alice_client.get(response["Location"])
    assert page.status_code == 200
    message = [str(m) for m in page.context["messages"]]
    assert message == [
        f"นำเข้าบันทึกข้อความแล้ว (ฉบับร่าง) มีคำเตือน {to_thai_digits(str(warnings))} รายการ"
    ]
    # A draft: anonymous visitors don't see it.
    client.logout()
    assert client.get(measure_set.get_absolute_url()).status_code == 404
    # The kept file is gone once imported.
    assert _stored_files(_media) == []


def test_it_submits_at_once_when_asked_but_never_publishes(client, client_for, alice, agency_a):
    # The bypass of issue 11: "publish now" on an upload published with no approver.
    data, name = _seed("000")
    alice_client = client_for(alice)
    preview = _upload(alice_client, agency_a, data, name, submit=True)
    assert "เสนอขออนุมัติทันที" in preview.content.decode()
    response = _confirm(alice_client, agency_a, _token(preview))
    measure_set = MeasureSet.objects.get(agency=agency_a)
    assert response["Location"] == measure_set.get_absolute_url()
    assert measure_set.status == "submitted"
    client.logout()
    assert client.get(measure_set.get_absolute_url()).status_code == 404


def test_it_says_when_the_same_file_was_already_imported(client_for, alice, agency_a):
    data, name = _seed("000")
    alice_client = client_for(alice)
    first = _upload(alice_client, agency_a, data, name)
    assert "เคยนำเข้า" not in first.content.decode()
    _confirm(alice_client, agency_a, _token(first))

    again = _upload(alice_client, agency_a, data, "renamed.txt")

    text = again.content.decode()
    assert "ไฟล์นี้เคยนำเข้าให้หน่วยงานนี้แล้ว" in text
    assert "การนำเข้าอีกครั้งจะแทนที่ข้อมูล" in text


def test_it_refuses_a_tampered_or_forged_token(client_for, alice, bob, agency_a, agency_b):
    data, name = _seed("000")
    alice_client = client_for(alice)
    token = _token(_upload(alice_client, agency_a, data, name))
    confirm = _url(agency_a, "portal:document_upload_confirm")
    payload = signing.loads(token, salt=TOKEN_SALT)
    forged = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # tampered signature
        "",
        "not-a-token",
        signing.dumps(payload, salt="another-salt"),
        signing.dumps(payload, salt=TOKEN_SALT, key="another-secret-key"),
        # Validly signed but naming another file (the sha256 of nothing kept here).
        signing.dumps({**payload, "s": "0" * 64}, salt=TOKEN_SALT),
        # Validly signed but for agency B.
        signing.dumps({**payload, "a": agency_b.pk}, salt=TOKEN_SALT),
    ]
    before = _counts()
    for bad in forged:
        response = alice_client.post(confirm, {"token": bad})
        assert response.status_code == 400
        assert "ยืนยันการนำเข้าไม่ได้" in response.content.decode()
    assert _counts() == before
    # Another user of the same agency can't use alice's token either.
    assert client_for(bob).post(confirm, {"token": token}).status_code == 400
    assert _counts() == before
    # The genuine token still works, once.
    alice_client = client_for(alice)
    assert alice_client.post(confirm, {"token": token}).status_code == 302
    assert alice_client.post(confirm, {"token": token}).status_code == 400
    assert MeasureSet.objects.filter(agency=agency_a).count() == 1


def test_it_ignores_bytes_sent_again_with_the_confirmation(client_for, alice, agency_a):
    data, name = _seed("000")
    alice_client = client_for(alice)
    token = _token(_upload(alice_client, agency_a, data, name))
    other, other_name = _seed("002")
    alice_client.post(
        _url(agency_a, "portal:document_upload_confirm"),
        {"token": token, "file": SimpleUploadedFile(other_name, other)},
    )
    assert SourceDocument.objects.get(agency=agency_a).sha256 == expected_sha(data)


def test_it_says_why_a_plan_referenced_by_reports_cant_be_replaced(
    client_for, alice, agency_a, edition
):
    from reports.services import round_open

    data, name = _seed("001")
    document_import(user=SYSTEM, data=data, filename=name, agency_code=agency_a.code)
    # A quarterly round's rows point at the plan's items: the plan can't be replaced.
    round_open(user=SYSTEM, agency=agency_a, fiscal_year=2567, kind="q1")
    before = _counts()

    response = _upload(client_for(alice), agency_a, data, name)

    assert response.status_code == 400
    # The plan importer refuses with its own reason (the reports use the plan's items).
    assert "รายงานผลการดำเนินงาน" in response.content.decode()
    assert "นำเข้าแทน" in response.content.decode()
    assert name in response.content.decode()
    assert _counts() == before


# --- Files that can't be imported -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "ไฟล์ว่าง"),
        (PNG, "ไฟล์ไม่ใช่ข้อความ"),
        ("บันทึกการประชุมประจำเดือน\nวาระที่ ๑ เรื่องแจ้งให้ทราบ\n".encode(), "ไม่รู้จักรูปแบบเอกสาร"),
        ("Plan d'action, été 2566".encode("latin-1"), "ไม่ใช่ข้อความ UTF-8"),
        # A Thai Windows text file is read (cp874), then judged on its layout like any other.
        ("บันทึกการประชุม\nวาระที่ ๑\n".encode("tis-620"), "ไม่รู้จักรูปแบบเอกสาร"),
    ],
    ids=["empty", "png", "unknown-layout", "not-utf8", "thai-windows-text"],
)
def test_it_shows_the_thai_reason_on_the_form_and_keeps_nothing(
    client_for, alice, agency_a, _media, data, reason
):
    before = _counts()
    response = _upload(client_for(alice), agency_a, data, "bad.txt")
    assert response.status_code == 400
    form = response.context["form"]
    assert any(reason in e for e in form.errors["file"])
    text = response.content.decode()
    assert reason in text
    # Thai only: the English gloss the command line prints ("(binary file)") is not shown.
    assert not re.search(r"\((?:empty|binary|not UTF-8)[a-z -]*\)", text)
    assert 'name="file"' in text and "ตรวจสอบ" in text  # the form again
    assert 'name="token"' not in text
    assert _counts() == before
    assert _stored_files(_media) == []


def test_it_refuses_a_file_over_the_size_limit(client_for, alice, agency_a, settings):
    from portal import upload

    data = b"a" * (upload.MAX_UPLOAD_BYTES + 1)
    response = _upload(client_for(alice), agency_a, data, "big.txt")
    assert response.status_code == 400
    assert "ไฟล์ใหญ่เกินกำหนด (ไม่เกิน 5 MB)" in response.content.decode()


def test_it_keeps_the_submit_choice_when_the_form_is_shown_again(client_for, alice, agency_a):
    response = _upload(client_for(alice), agency_a, PNG, "x.png", submit=True)
    assert response.status_code == 400
    assert response.context["form"]["submit"].value() is True


# --- Who may import ---------------------------------------------------------------------------


def test_it_lets_the_agencys_staff_approver_and_site_admins_in(
    client_for, alice, bob, root, agency_a
):
    for user in (alice, bob, root):
        response = client_for(user).get(_url(agency_a))
        assert response.status_code == 200, user
        assert 'type="file"' in response.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(client, agency_a):
    for name in ("portal:document_upload", "portal:document_upload_confirm"):
        response = client.post(_url(agency_a, name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_hides_the_page_from_other_agencies_and_refuses_auditors(
    client_for, charlie, dave, agency_a
):
    data, name = _seed("000")
    for user, status in ((charlie, 404), (dave, 403)):
        c = client_for(user)
        assert c.get(_url(agency_a)).status_code == status
        assert _upload(c, agency_a, data, name).status_code == status
        assert c.post(_url(agency_a, "portal:document_upload_confirm")).status_code == status
    assert MeasureSet.objects.count() == 0


def test_it_404s_for_an_unknown_agency(client_for, alice):
    response = client_for(alice).get(reverse("portal:document_upload", kwargs={"code": "nope"}))
    assert response.status_code == 404


def test_it_links_the_import_page_from_the_agency_page_for_those_who_may_import(
    client, client_for, alice, dave, agency_a
):
    link = _url(agency_a)
    assert link in client_for(alice).get(agency_a.get_absolute_url()).content.decode()
    assert link not in client_for(dave).get(agency_a.get_absolute_url()).content.decode()
    client.logout()
    assert link not in client.get(agency_a.get_absolute_url()).content.decode()


def test_it_previews_a_12_month_project_report_in_word_against_the_plan(
    client_for, alice, agency_a, edition, tmp_path
):
    from tests.fixtures.annual_variants import text as annual_text
    from tests.fixtures.make_office import write_docx

    plan = seed_path("001").read_bytes()
    document_import(user=SYSTEM, data=plan, filename="001.txt", agency_code=agency_a.code)
    data = write_docx(annual_text(), tmp_path / "annual.docx").read_bytes()
    response = _upload(client_for(alice), agency_a, data, "รายงาน ๑๒ เดือน.docx")
    assert response.status_code == 200
    text = response.content.decode()
    assert "รอบ ๑๒ เดือน" in text
    assert "จับคู่กับโครงการในแผนได้" in text and "๘ รายการ" in text
    assert "ไม่พบในแผน ๑ รายการ" in text
    assert any("ปลูกป่าชุมชน" in message for _line, message in _warning_rows(response))


# --- In the background worker ----------------------------------------------------------------


def _run_worker() -> None:
    from django.core.management import call_command

    call_command(
        "db_worker",
        "--batch",
        "--max-tasks",
        "1",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )


def _nothing_imported() -> bool:
    from plans.models import Plan
    from reports.models import ReportingRound

    return not (
        Plan.objects.exists()
        or MeasureSet.objects.exists()
        or ReportingRound.objects.exists()
        or SourceDocument.objects.exists()
    )


@pytest.mark.django_db(transaction=True)
def test_the_check_and_the_import_run_in_the_worker_with_a_progress_page(
    client_for, alice, agency_a, settings, _media
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    data, name = _seed("004")
    alice_client = client_for(alice)
    payload = {"file": SimpleUploadedFile(name, data, content_type="text/plain")}

    response = alice_client.post(_url(agency_a), payload)

    # The request kept the file and enqueued the check: nothing read into the database yet.
    assert response.status_code == 302
    status_url = response["Location"]
    assert status_url.startswith(_url(agency_a) + "jobs/")
    assert _nothing_imported()
    assert DBTaskResult.objects.get().status == "READY"
    page = alice_client.get(status_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-state="queued"' in text and "รอคิว" in text
    assert 'hx-trigger="every 1s"' in text and f'hx-get="{status_url}"' in text
    assert 'class="progress"' in text
    poll = alice_client.get(status_url, headers={"hx-request": "true"})
    assert poll.status_code == 200
    assert 'data-state="queued"' in poll.content.decode()
    assert "<html" not in poll.content.decode()

    _run_worker()

    # Done: the poll sends the browser to the full page, which shows the check's preview.
    poll = alice_client.get(status_url, headers={"hx-request": "true"})
    assert poll.status_code == 204
    assert poll["HX-Redirect"] == status_url
    preview = alice_client.get(status_url)
    assert preview.status_code == 200
    assert "ตรวจสอบเอกสารก่อนนำเข้า" in preview.content.decode()
    assert "๕ มาตรการ" in preview.content.decode()
    assert len(_warning_rows(preview)) == len(
        document_import(
            user=SYSTEM, data=data, filename=name, agency_code=agency_a.code, dry_run=True
        ).warnings
    )
    assert _nothing_imported()

    confirm = alice_client.post(
        _url(agency_a, "portal:document_upload_confirm"), {"token": _token(preview)}
    )
    assert confirm.status_code == 302
    import_url = confirm["Location"]
    assert import_url != status_url
    page = alice_client.get(import_url)
    assert page.status_code == 200 and 'data-state="queued"' in page.content.decode()
    assert "กำลังนำเข้าเอกสาร" in page.content.decode()
    assert _nothing_imported()

    _run_worker()

    done = alice_client.get(import_url)
    measure_set = MeasureSet.objects.get(agency=agency_a)
    assert done.status_code == 302
    assert done["Location"] == measure_set.get_absolute_url()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    # The check's outcome (counts, warnings) is the task's own return value.
    check = DBTaskResult.objects.get(task_path="portal.import_jobs.upload_check_task")
    outcome = check.return_value
    assert outcome is not None and outcome["ok"] is True
    assert outcome["result"]["extra"]["measures"] == 5
    assert _stored_files(_media) == []


def test_the_status_page_is_only_for_the_uploader_and_the_agencys_importers(
    client, client_for, alice, bob, charlie, dave, root, agency_a, agency_b
):
    data, name = _seed("000")
    response = client_for(alice).post(
        _url(agency_a), {"file": SimpleUploadedFile(name, data, content_type="text/plain")}
    )
    status_url = response["Location"]
    job = status_url.rstrip("/").rsplit("/", 1)[-1]

    # Another agency's user, A's auditor: a 404, as for a job that doesn't exist.
    for user in (charlie, dave):
        assert client_for(user).get(status_url).status_code == 404, user
    other_agency_url = reverse(
        "portal:document_upload_status", kwargs={"code": agency_b.code, "job": job}
    )
    assert client_for(charlie).get(other_agency_url).status_code == 404
    assert client_for(alice).get(other_agency_url).status_code == 404
    unknown = reverse(
        "portal:document_upload_status", kwargs={"code": agency_a.code, "job": "no-such-job"}
    )
    assert client_for(alice).get(unknown).status_code == 404
    # A's other importers see the check, but only the uploader may confirm it.
    for user in (bob, root):
        page = client_for(user).get(status_url)
        assert page.status_code == 200, user
        assert "ตรวจสอบเอกสารก่อนนำเข้า" in page.content.decode()
        assert 'name="token"' not in page.content.decode()
        assert "ผู้ที่ส่งไฟล์นี้เท่านั้นยืนยันการนำเข้าได้" in page.content.decode()
    assert 'name="token"' in client_for(alice).get(status_url).content.decode()
    client.logout()
    anonymous = client.get(status_url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_a_check_that_runs_past_the_time_limit_stops_with_a_thai_reason(
    client_for, alice, agency_a, settings, _media
):
    settings.IMPORT_TIME_LIMIT = 1e-6  # any parse runs longer than this
    data, name = _seed("000")
    response = _upload(client_for(alice), agency_a, data, name)
    assert response.status_code == 400
    text = response.content.decode()
    assert "ตรวจสอบหรือนำเข้าไฟล์ไม่เสร็จภายใน" in text
    assert name in text
    assert 'name="token"' not in text
    assert _nothing_imported()
    assert _stored_files(_media) == []


def test_the_time_limit_stops_a_long_block_and_leaves_no_alarm_behind():
    import signal
    import time

    from core.timelimit import TimeLimitExceeded, time_limit

    handler = signal.getsignal(signal.SIGALRM)
    with pytest.raises(TimeLimitExceeded), time_limit(0.05):
        time.sleep(2)
    with time_limit(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) == handler
