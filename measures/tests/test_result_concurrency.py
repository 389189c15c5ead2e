"""Two editors open the same measure-result or ITA-result form: the first save wins, the
second is refused with the shared conflict partial showing the stored values, and nothing is
overwritten (the one optimistic-concurrency scheme of core.concurrency)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from agencies.access import SYSTEM
from measures.models import IndicatorScore, ITAResult, MeasureResult
from measures.services import ConcurrentEditError, ita_result_record, measure_result_record
from measures.tests.factories import set_with_measure

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _opened_version(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match, "the form carries the version it was opened at"
    return match.group(1)


# --- Measure results --------------------------------------------------------------------------


def _result_post(version: str, **fields: str) -> dict[str, str]:
    return {"period": "annual", "summary": "", "outcome": "", "version": version, **fields}


def test_the_second_of_two_measure_result_editors_is_refused(agency_a, alice, bob):
    _set, measure = set_with_measure(agency_a)
    url = reverse("measures:measure_results", args=[measure.pk]) + "?period=annual"
    alice_client, bob_client = _signed_in(alice), _signed_in(bob)
    alice_version = _opened_version(alice_client, url)
    bob_version = _opened_version(bob_client, url)
    assert alice_version == bob_version

    first = bob_client.post(url, _result_post(bob_version, summary="สรุปของบ็อบ"))
    assert first.status_code == 302
    second = alice_client.post(url, _result_post(alice_version, summary="สรุปของอลิส"))

    assert second.status_code == 409
    html = second.content.decode()
    assert 'id="conflict"' in html and "conflict-table" in html  # the shared partial
    assert "มีผู้อื่นบันทึกผลการดำเนินการรอบนี้แล้ว" in html
    assert "สรุปของบ็อบ" in html  # the stored value
    assert "สรุปของอลิส" in html  # what alice typed stays
    stored = MeasureResult.objects.get(measure=measure, period="annual")
    assert stored.summary == "สรุปของบ็อบ"  # nothing overwritten
    assert f'name="version" value="{stored.version}"' in html

    # Saving again from the conflict page (after reading) is a deliberate overwrite.
    again = alice_client.post(url, _result_post(str(stored.version), summary="สรุปรวม"))
    assert again.status_code == 302
    assert MeasureResult.objects.get(pk=stored.pk).summary == "สรุปรวม"


def test_two_editors_creating_the_same_period_result_do_not_overwrite(agency_a, alice, bob):
    _set, measure = set_with_measure(agency_a)
    url = reverse("measures:measure_results", args=[measure.pk]) + "?period=m6"
    alice_client, bob_client = _signed_in(alice), _signed_in(bob)
    assert _opened_version(alice_client, url) == _opened_version(bob_client, url) == "0"
    data = {"period": "m6", "outcome": "", "version": "0"}
    assert bob_client.post(url, {**data, "summary": "ของบ็อบ"}).status_code == 302
    response = alice_client.post(url, {**data, "summary": "ของอลิส"})
    assert response.status_code == 409
    assert MeasureResult.objects.get(measure=measure, period="m6").summary == "ของบ็อบ"


def test_the_service_refuses_a_stale_measure_result_version(agency_a, alice, bob):
    _set, measure = set_with_measure(agency_a)
    result = MeasureResult.objects.get(measure=measure, period="annual")
    measure_result_record(
        user=bob, measure=measure, period="annual", summary="ใหม่", version=result.version
    )
    with pytest.raises(ConcurrentEditError) as caught:
        measure_result_record(
            user=alice, measure=measure, period="annual", summary="เก่า", version=result.version
        )
    assert caught.value.current["summary"] == "ใหม่"
    assert caught.value.version == result.version + 1
    assert MeasureResult.objects.get(pk=result.pk).summary == "ใหม่"


# --- ITA results ------------------------------------------------------------------------------


def test_the_second_of_two_ita_result_editors_is_refused(agency_a, alice, bob):
    ita_result_record(user=SYSTEM, agency=agency_a, fiscal_year=2567, total="80.00")
    url = reverse("measures:ita_edit", args=[agency_a.code]) + "?year=2567"
    alice_client, bob_client = _signed_in(alice), _signed_in(bob)
    alice_version = _opened_version(alice_client, url)
    bob_version = _opened_version(bob_client, url)
    assert alice_version == bob_version

    post = {"fiscal_year": "2567", "iit": "", "eit": "", "oit": "", "analysis": ""}
    first = bob_client.post(
        url, {**post, "total": "๘๘.๑๒", "indicator_1": "๙๕", "version": bob_version}
    )
    assert first.status_code == 302
    second = alice_client.post(
        url, {**post, "total": "70.5", "indicator_1": "60", "version": alice_version}
    )

    assert second.status_code == 409
    html = second.content.decode()
    assert 'id="conflict"' in html and "conflict-table" in html
    assert "มีผู้อื่นบันทึกผลการประเมิน ITA ปีนี้แล้ว" in html
    assert "๘๘.๑๒" in html  # bob's stored total, in the agency's digits
    assert 'data-field="total"' in html and 'data-field="indicator_1"' in html
    result = ITAResult.objects.get(agency=agency_a, fiscal_year=2567)
    assert result.total == Decimal("88.12")  # nothing overwritten
    assert IndicatorScore.objects.get(result=result, indicator__number=1).score == Decimal(95)
    assert f'name="version" value="{result.version}"' in html


def test_two_editors_creating_the_same_ita_year_do_not_overwrite(agency_a, alice, bob):
    url = reverse("measures:ita_edit", args=[agency_a.code]) + "?year=2567"
    alice_client, bob_client = _signed_in(alice), _signed_in(bob)
    assert _opened_version(alice_client, url) == _opened_version(bob_client, url) == "0"
    post = {"fiscal_year": "2567", "version": "0"}
    assert bob_client.post(url, {**post, "total": "81"}).status_code == 302
    assert alice_client.post(url, {**post, "total": "79"}).status_code == 409
    assert ITAResult.objects.get(agency=agency_a, fiscal_year=2567).total == Decimal(81)


def test_an_import_without_a_version_still_records_and_bumps_it(agency_a):
    first = ita_result_record(user=SYSTEM, agency=agency_a, fiscal_year=2567, total="80")
    again = ita_result_record(user=SYSTEM, agency=agency_a, fiscal_year=2567, total="82")
    assert (again.pk, again.total) == (first.pk, Decimal(82))
    assert again.version == first.version + 1
