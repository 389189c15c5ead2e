"""Staff forms: Thai and Arabic digits and Buddhist-era years are read, errors are Thai and
shown next to the field with nothing typed lost, and a stale save never overwrites."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.choices import PublicationStatus
from measures.forms import ThaiDateField, ThaiDecimalField, ThaiPeriodField, ThaiYearField
from measures.models import IndicatorScore, ITAResult, Measure, MeasureSet
from measures.services import measure_update
from measures.tests.factories import set_with_measure

# --- Field classes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["๑ ต.ค. ๒๕๖๗", "1 ต.ค. 2567", "1/10/2567", "๑/๑๐/๖๗", "1 ตุลาคม 2567"]
)
def test_it_reads_a_thai_date_in_either_digit_set(text):
    assert ThaiDateField().clean(text) == dt.date(2024, 10, 1)


def test_it_refuses_an_unreadable_date_in_thai():
    with pytest.raises(Exception) as exc:
        ThaiDateField().clean("วันจันทร์หน้า")
    assert "อ่านวันที่ไม่ได้" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗", dt.date(2023, 10, 1), dt.date(2024, 9, 30)),
        ("ต.ค. 2567 - ก.ย. 2568", dt.date(2024, 10, 1), dt.date(2025, 9, 30)),
        ("ม.ค. - เม.ย. ๒๕๖๘", dt.date(2025, 1, 1), dt.date(2025, 4, 30)),
    ],
)
def test_it_reads_the_period_forms_documents_use(text, start, end):
    period = ThaiPeriodField().clean(text)
    assert (period.start, period.end, period.text) == (start, end, text)


def test_it_names_a_day_missing_from_the_calendar():
    with pytest.raises(Exception) as exc:
        ThaiPeriodField().clean("๓๑ ก.พ. ๖๗ - ๓๐ ก.ย. ๖๗")
    assert "ไม่มีในปฏิทิน" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "value"), [("๗๔.๓๖", "74.36"), ("74.36", "74.36"), ("๑,๒๐๐", "1200.00")]
)
def test_it_reads_decimals_in_either_digit_set(text, value):
    assert ThaiDecimalField().clean(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "year"), [("๒๕๖๗", 2567), ("2567", 2567), ("๖๗", 2567), ("2024", 2567)]
)
def test_it_reads_buddhist_era_years(text, year):
    assert ThaiYearField().clean(text) == year


# --- Measure forms ----------------------------------------------------------------------------


def _post_measure(client, url, **fields):
    data = {
        "number": "๒",
        "issue": "ด้านคุณภาพการดำเนินงาน",
        "title": "จัดทำคู่มือการให้บริการประชาชน",
        "responsible_units": "สำนักปลัด",
        "period": "๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗",
        "steps": ["จัดทำคู่มือ", "เผยแพร่คู่มือ"],
    }
    data.update(fields)
    return client.post(url, data)


@pytest.mark.django_db
def test_it_adds_a_measure_typed_in_thai_digits(client_for, alice, agency_a):
    measure_set, _m = set_with_measure(agency_a)
    client = client_for(alice)
    response = _post_measure(client, reverse("measures:measure_add", args=[measure_set.pk]))
    assert response.status_code == 302
    measure = Measure.objects.get(set=measure_set, title="จัดทำคู่มือการให้บริการประชาชน")
    assert (measure.period_start, measure.period_end) == (
        dt.date(2023, 10, 1),
        dt.date(2024, 9, 30),
    )
    assert [s.html for s in measure.steps.all()] == ["จัดทำคู่มือ", "เผยแพร่คู่มือ"]
    assert measure.updated_by == alice
    html = client.get(measure_set.get_absolute_url()).content.decode()
    assert "จัดทำคู่มือการให้บริการประชาชน" in html


@pytest.mark.django_db
def test_it_shows_a_thai_error_and_keeps_everything_typed(client_for, alice, agency_a):
    measure_set, _m = set_with_measure(agency_a)
    client = client_for(alice)
    url = reverse("measures:measure_add", args=[measure_set.pk])
    response = _post_measure(
        client, url, period="๓๒ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗", steps=["ขั้นแรกที่พิมพ์", "ขั้นสองที่พิมพ์"]
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ไม่มีในปฏิทิน" in html or "อ่านระยะเวลาไม่ได้" in html
    assert "is-invalid" in html  # the error sits on the field
    assert "จัดทำคู่มือการให้บริการประชาชน" in html  # the title typed
    assert "ขั้นแรกที่พิมพ์</textarea>" in html and "ขั้นสองที่พิมพ์</textarea>" in html
    assert 'value="๓๒ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗"' in html
    assert Measure.objects.filter(set=measure_set).count() == 1  # nothing written


@pytest.mark.django_db
def test_it_adds_removes_and_moves_steps_with_the_typed_text(client_for, alice, agency_a):
    measure_set, _m = set_with_measure(agency_a)
    client = client_for(alice)
    url = reverse("measures:steps_editor", args=[measure_set.pk])
    html = client.post(url, {"steps": ["ก", "ข"], "step_action": "add"}).content.decode()
    assert html.count('name="steps"') == 3 and "autofocus" in html
    html = client.post(url, {"steps": ["ก", "ข", "ค"], "step_action": "up:2"}).content.decode()
    assert html.index(">ค</textarea>") < html.index(">ข</textarea>")
    html = client.post(url, {"steps": ["ก", "ข", "ค"], "step_action": "remove:0"}).content.decode()
    assert ">ก</textarea>" not in html and html.count('name="steps"') == 2
    # Without JavaScript the same buttons submit the whole form, which comes back with the step.
    response = _post_measure(
        client, reverse("measures:measure_add", args=[measure_set.pk]), step_action="add"
    )
    assert response.status_code == 200
    assert response.content.decode().count('name="steps"') == 3


@pytest.mark.django_db
def test_it_refuses_a_stale_save_and_shows_the_other_persons_values(
    client_for, alice, bob, agency_a
):
    measure_set, measure = set_with_measure(agency_a)
    client = client_for(alice)
    url = reverse("measures:measure_edit", args=[measure.pk])
    opened_version = measure.version
    # Bob saves first.
    measure_update(
        measure=measure,
        version=opened_version,
        user=bob,
        title_html="ชื่อที่บ็อบแก้",
        responsible_units="กองคลัง",
    )
    response = _post_measure(client, url, version=opened_version, title="ชื่อที่อลิสแก้")
    assert response.status_code == 409
    html = response.content.decode()
    assert "มีผู้อื่นแก้ไขมาตรการนี้แล้ว" in html
    assert "ชื่อที่บ็อบแก้" in html and "ชื่อที่อลิสแก้" in html  # theirs next to yours
    assert "กองคลัง" in html
    assert 'data-field="title"' in html and 'data-field="responsible_units"' in html
    measure.refresh_from_db()
    assert measure.title == "ชื่อที่บ็อบแก้"  # nothing overwritten
    # The form now carries the current version: saving again (after merging) is accepted.
    assert f'name="version" value="{measure.version}"' in html
    response = _post_measure(client, url, version=measure.version, title="ชื่อที่รวมแล้ว")
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "ชื่อที่รวมแล้ว"


@pytest.mark.django_db
def test_it_records_a_result_for_a_period(client_for, alice, agency_a):
    _set, measure = set_with_measure(agency_a)
    client = client_for(alice)
    url = reverse("measures:measure_results", args=[measure.pk])
    response = client.post(
        url,
        {"period": "m6", "summary": "ทำแล้ว<script>x</script>", "outcome": "ดี", "suggestions": ""},
    )
    assert response.status_code == 302
    result = measure.results.get(period="m6")
    assert result.summary == "ทำแล้ว" and result.outcome == "ดี"
    assert "ทำแล้ว" in client.get(url + "?period=m6").content.decode()


@pytest.mark.django_db
def test_it_creates_a_set_copied_from_last_year(client_for, alice, agency_a):
    old_set, _m = set_with_measure(agency_a)
    client = client_for(alice)
    response = client.post(
        reverse("measures:set_create", args=[agency_a.code]),
        {
            "fiscal_year": "๒๕๖๘",
            "kind": "measures",
            "title": "",
            "intro": "",
            "copy_from": old_set.pk,
        },
    )
    assert response.status_code == 302
    new_set = MeasureSet.objects.get(agency=agency_a, fiscal_year=2568)
    assert new_set.status == PublicationStatus.DRAFT and new_set.ita_year == 2567
    copied = new_set.measures.get()
    assert copied.title == "การเปิดเผยข้อมูลสาธารณะ" and copied.steps.count() == 2
    assert not copied.results.exists()
    # The same year and kind again: refused in Thai.
    response = client.post(
        reverse("measures:set_create", args=[agency_a.code]),
        {"fiscal_year": "2568", "kind": "measures"},
    )
    assert response.status_code == 200 and "อยู่แล้ว" in response.content.decode()


# --- ITA result form --------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_records_an_ita_result_typed_in_thai_digits(client_for, alice, agency_a):
    client = client_for(alice)
    response = client.post(
        reverse("measures:ita_edit", args=[agency_a.code]),
        {
            "fiscal_year": "๒๕๖๗",
            "total": "๘๘.๑๒",
            "iit": "92.1",
            "eit": "๘๖.๔",
            "oit": "84",
            "indicator_1": "๙๕.๒๐",
        },
    )
    assert response.status_code == 302
    result = ITAResult.objects.get(agency=agency_a, fiscal_year=2567)
    assert result.total == Decimal("88.12") and result.eit == Decimal("86.40")
    # Saved as a draft: it reaches the public only through the agency's chain.
    assert result.status == PublicationStatus.DRAFT
    assert IndicatorScore.objects.get(result=result, indicator__number=1).score == Decimal("95.20")
    # Opened again: the year and scores in the agency's digits, as the page around them.
    page = client.get(reverse("measures:ita_edit", args=[agency_a.code]) + "?year=2567")
    html = page.content.decode()
    assert 'value="๒๕๖๗"' in html and 'value="๘๘.๑๒"' in html and 'value="๙๕.๒๐"' in html


@pytest.mark.django_db
def test_it_refuses_a_score_outside_0_to_100_in_thai(client_for, alice, agency_a):
    client = client_for(alice)
    response = client.post(
        reverse("measures:ita_edit", args=[agency_a.code]),
        {"fiscal_year": "2567", "total": "๑๒๐", "indicator_3": "-5", "iit": "สูง"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "คะแนนรวม ต้องอยู่ระหว่าง 0 ถึง 100" in html
    assert "คะแนนตัวชี้วัดที่ 3 ต้องอยู่ระหว่าง 0 ถึง 100" in html
    assert "กรุณาพิมพ์ตัวเลข" in html
    assert 'value="๑๒๐"' in html  # what was typed stays
    assert "ต้องอยู่ระหว่าง 0 ถึง 100 (ได้ “120”)" in html  # no "120.00": the number given
    assert "บันทึกไม่สำเร็จ กรุณาแก้ไขช่องที่มีข้อความสีแดง" in html  # the banner of every form
    assert "๓. " in html and ">3. " not in html  # indicators numbered in the agency's digits
    assert not ITAResult.objects.filter(agency=agency_a).exists()
