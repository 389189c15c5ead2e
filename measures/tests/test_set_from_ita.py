"""A new measure set is written from the ITA result shown on the same page: one measure per
indicator where the agency scored lowest (preselected), or a copy of last year's set."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from measures.models import IndicatorScore, MeasureSet
from measures.services import IndicatorScoreInput, ita_result_record
from measures.tests.factories import set_with_measure

pytestmark = pytest.mark.django_db

SCORES = {1: "95", 2: "61.5", 3: "88", 4: "70", 5: "55.25", 6: "92", 7: "90", 8: "99", 9: "80"}


@pytest.fixture
def ita_2567(agency_a):
    return ita_result_record(
        user=SYSTEM,
        agency=agency_a,
        fiscal_year=2567,
        total="81.5",
        indicator_scores=[
            IndicatorScoreInput(number=n, score=s, analysis="ขาดการเผยแพร่" if n == 5 else "")
            for n, s in SCORES.items()
        ],
    )


def test_the_page_shows_the_ita_result_and_preselects_the_three_lowest(
    client_for, alice, agency_a, ita_2567
):
    page = client_for(alice).get(reverse("measures:set_create", args=[agency_a.code]))
    text = page.content.decode()
    assert "ผลการประเมิน ITA ปี ๒๕๖๗" in text and "๘๑.๕๐" in text
    form = page.context["form"]
    lowest = IndicatorScore.objects.filter(result=ita_2567, indicator__number__in=[5, 2, 4])
    assert sorted(form.initial["weak_scores"]) == sorted(s.pk for s in lowest)
    assert form.initial["start"] == "indicators"
    assert form.initial["fiscal_year"] == "๒๕๖๘"
    # lowest first, in the agency's digits
    assert [s.indicator.number for s in page.context["ita_scores"]][:3] == [5, 2, 4]


def test_it_creates_one_measure_per_chosen_indicator(client_for, alice, agency_a, ita_2567):
    chosen = IndicatorScore.objects.filter(result=ita_2567, indicator__number__in=[5, 2])
    response = client_for(alice).post(
        reverse("measures:set_create", args=[agency_a.code]),
        {
            "fiscal_year": "๒๕๖๘",
            "kind": "measures",
            "start": "indicators",
            "weak_scores": [s.pk for s in chosen],
        },
    )
    assert response.status_code == 302
    new_set = MeasureSet.objects.get(agency=agency_a, fiscal_year=2568)
    assert new_set.title == (
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ของ" + agency_a.name
    )
    assert new_set.ita_year == 2567
    first, second = new_set.measures.order_by("order")
    assert first.indicators.get().number == 5  # the lowest first
    assert first.issue.startswith("ตัวชี้วัดที่ ๕ ") and "(คะแนน ๕๕.๒๕)" in first.issue
    assert first.title.startswith("มาตรการยกระดับ")
    assert [s.text for s in first.steps.all()] == ["ขาดการเผยแพร่"]
    assert (first.period_start, first.period_end) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    assert second.indicators.get().number == 2


def test_choosing_no_indicator_is_refused_and_keeps_what_was_typed(
    client_for, alice, agency_a, ita_2567
):
    response = client_for(alice).post(
        reverse("measures:set_create", args=[agency_a.code]),
        {"fiscal_year": "๒๕๖๘", "kind": "measures", "start": "indicators", "title": "ชุดของฉัน"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "กรุณาเลือกตัวชี้วัดอย่างน้อยหนึ่งตัว" in text
    assert 'value="ชุดของฉัน"' in text and 'value="๒๕๖๘"' in text
    assert not MeasureSet.objects.filter(fiscal_year=2568).exists()


def test_copying_last_years_set_is_offered_and_preselected(client_for, alice, agency_a):
    old_set, _m = set_with_measure(agency_a, status=PublicationStatus.PUBLISHED)
    page = client_for(alice).get(reverse("measures:set_create", args=[agency_a.code]))
    form = page.context["form"]
    assert form.initial["start"] == "copy" and form.initial["copy_from"] == old_set.pk
    assert "weak_scores" not in form.fields  # no ITA result: no indicator start
    response = client_for(alice).post(
        reverse("measures:set_create", args=[agency_a.code]),
        {"fiscal_year": "2568", "kind": "measures", "start": "copy", "copy_from": old_set.pk},
    )
    assert response.status_code == 302
    copied = MeasureSet.objects.get(fiscal_year=2568).measures.get()
    assert copied.title == "การเปิดเผยข้อมูลสาธารณะ"


def test_copy_without_a_set_chosen_is_refused(client_for, alice, agency_a):
    set_with_measure(agency_a)
    response = client_for(alice).post(
        reverse("measures:set_create", args=[agency_a.code]),
        {"fiscal_year": "2568", "kind": "measures", "start": "copy", "copy_from": ""},
    )
    assert "กรุณาเลือกชุดมาตรการที่จะคัดลอก" in response.content.decode()


def test_the_same_year_twice_is_refused_with_the_year_in_the_agencys_digits(
    client_for, alice, agency_a
):
    set_with_measure(agency_a)
    response = client_for(alice).post(
        reverse("measures:set_create", args=[agency_a.code]),
        {"fiscal_year": "2567", "kind": "measures", "start": "empty"},
    )
    assert "ของปี ๒๕๖๗ อยู่แล้ว" in response.content.decode()
