"""Recording ITA results refuses impossible scores and foreign indicators, in Thai."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.access import SYSTEM
from measures.models import Indicator, IndicatorScore, ITAFramework, ITAResult
from measures.selectors import ita_history
from measures.services import IndicatorScoreInput, ita_result_record


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["-1", "100.01", Decimal("-0.01"), 101])
def test_it_refuses_a_total_outside_0_to_100(agency_a, bad):
    with pytest.raises(ValidationError) as exc:
        ita_result_record(user=SYSTEM, agency=agency_a, fiscal_year=2567, total=bad)
    assert "ต้องอยู่ระหว่าง 0 ถึง 100" in exc.value.message_dict["total"][0]
    assert not ITAResult.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_non_numeric_score(agency_a):
    with pytest.raises(ValidationError) as exc:
        ita_result_record(user=SYSTEM, agency=agency_a, fiscal_year=2567, eit="ดีมาก")
    assert "ต้องเป็นตัวเลข" in exc.value.message_dict["eit"][0]


@pytest.mark.django_db
def test_it_refuses_indicator_11_in_a_ten_indicator_year(agency_a):
    with pytest.raises(ValidationError) as exc:
        ita_result_record(
            user=SYSTEM,
            agency=agency_a,
            fiscal_year=2567,
            total="80",
            indicator_scores=[IndicatorScoreInput(number=11, score="90")],
        )
    message = exc.value.message_dict["indicator_scores"][0]
    # in agency A's Thai digits
    assert message == "ตัวชี้วัดที่ ๑๑ ไม่อยู่ในกรอบการประเมิน ITA ปี ๒๕๖๗ (มี ๑๐ ตัวชี้วัด)"
    assert not ITAResult.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_indicator_score_over_100(agency_a):
    with pytest.raises(ValidationError) as exc:
        ita_result_record(
            user=SYSTEM,
            agency=agency_a,
            fiscal_year=2567,
            indicator_scores=[IndicatorScoreInput(number=9, score="100.01")],
        )
    assert "คะแนนตัวชี้วัดที่ 9 ต้องอยู่ระหว่าง 0 ถึง 100" in exc.value.messages[0]


@pytest.mark.django_db
def test_it_records_thai_digits_and_computes_the_change(agency_a, alice):
    ita_result_record(user=SYSTEM, agency=agency_a, fiscal_year=2564, total="๕๑.๐๗")
    result = ita_result_record(
        user=SYSTEM,
        agency=agency_a,
        fiscal_year=2565,
        total="๗๔.๓๖",
        stated_grade="C",
        stated_delta="+๒๓.๒๙",
        indicator_scores=[IndicatorScoreInput(number=9, score="๙๐", analysis="ข้อมูลไม่ครบ")],
    )
    assert result.total == Decimal("74.36")
    assert result.indicator_scores.get().analysis == "ข้อมูลไม่ครบ"
    history = ita_history(agency_a, user=alice)
    assert [row.fiscal_year for row in history] == [2565, 2564]
    assert history[0].change == Decimal("23.29")
    assert history[0].grade.label == "C"
    assert history[1].change is None


@pytest.mark.django_db
def test_the_database_refuses_scores_outside_0_to_100(agency_a):
    framework = ITAFramework.objects.get(fiscal_year=2567)
    with (
        pytest.raises(IntegrityError, match="measures_itaresult_total_0_100"),
        transaction.atomic(),
    ):
        ITAResult.objects.create(agency=agency_a, fiscal_year=2567, total=Decimal("100.01"))
    result = ITAResult.objects.create(agency=agency_a, fiscal_year=2567, framework=framework)
    indicator = framework.indicators.get(number=1)
    with (
        pytest.raises(IntegrityError, match="measures_indicatorscore_score_0_100"),
        transaction.atomic(),
    ):
        IndicatorScore.objects.create(result=result, indicator=indicator, score=Decimal("-1"))


@pytest.mark.django_db
def test_model_validation_refuses_another_years_indicator(agency_a):
    result = ITAResult.objects.create(
        agency=agency_a, fiscal_year=2567, framework=ITAFramework.objects.get(fiscal_year=2567)
    )
    other = Indicator.objects.get(framework__fiscal_year=2566, number=1)
    score = IndicatorScore(result=result, indicator=other, score=Decimal("50"))
    with pytest.raises(ValidationError) as exc:
        score.full_clean()
    assert "ไม่อยู่ในกรอบการประเมิน ITA ปี 2567" in exc.value.message_dict["indicator"][0]
    with pytest.raises(ValidationError) as exc:
        ITAResult(agency=agency_a, fiscal_year=2567, total=Decimal("101")).full_clean()
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in exc.value.message_dict["total"][0]
