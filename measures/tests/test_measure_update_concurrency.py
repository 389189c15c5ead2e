"""Two people editing one measure: the second save with a stale version is refused."""

from __future__ import annotations

import pytest

from agencies.access import SYSTEM
from measures.services import (
    ConcurrentEditError,
    measure_create,
    measure_set_create,
    measure_update,
)


@pytest.fixture
def measure(agency_a, alice):
    measure_set = measure_set_create(
        user=SYSTEM, agency=agency_a, fiscal_year=2568, title="มาตรการ ๒๕๖๘"
    )
    return measure_create(
        measure_set=measure_set,
        title_html="<p>การเปิดเผยข้อมูล</p>",
        steps=["<p>ประชุม</p>", "ประกาศ"],
        user=alice,
    )


@pytest.mark.django_db
def test_it_saves_with_the_current_version_and_bumps_it(measure, alice):
    updated = measure_update(
        measure=measure,
        version=1,
        user=alice,
        title_html="การเปิดเผยข้อมูลสาธารณะ <script>x()</script>",
        steps=["ขั้นที่หนึ่ง"],
    )
    assert updated.version == 2
    assert updated.title == "การเปิดเผยข้อมูลสาธารณะ"
    assert "script" not in updated.title_html
    assert [s.text for s in updated.steps.all()] == ["ขั้นที่หนึ่ง"]
    assert updated.updated_by == alice


@pytest.mark.django_db
def test_it_raises_with_the_current_values_on_a_stale_version(measure, alice, bob):
    measure_update(measure=measure, version=1, user=bob, issue="ด้านการเปิดเผยข้อมูล")
    with pytest.raises(ConcurrentEditError) as exc:
        measure_update(measure=measure, version=1, user=alice, issue="อื่น")
    assert exc.value.version == 2
    assert exc.value.current["issue"] == "ด้านการเปิดเผยข้อมูล"
    assert exc.value.current["updated_by"] == "bob"
    measure.refresh_from_db()
    assert measure.issue == "ด้านการเปิดเผยข้อมูล"
