"""Who sees what: published sets, results and memos are public; drafts stay with the agency."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.access import SYSTEM
from measures.models import ITAResult, Measure, MeasureSet, Memo
from measures.services import ita_result_record, measure_create, measure_set_create


@pytest.fixture
def draft_set(agency_a):
    measure_set = measure_set_create(user=SYSTEM, agency=agency_a, fiscal_year=2568, title="ร่าง")
    measure_create(user=SYSTEM, measure_set=measure_set, title_html="มาตรการ ก")
    return measure_set


@pytest.mark.django_db
def test_drafts_are_seen_by_the_agency_and_its_auditor_only(
    draft_set, agency_a, alice, bob, charlie, dave, root
):
    ita_result_record(user=SYSTEM, agency=agency_a, fiscal_year=2567, total="80")
    Memo.objects.create(agency=agency_a, subject="ร่างบันทึก")
    for user, sees in [
        (AnonymousUser(), False),
        (alice, True),
        (bob, True),
        (charlie, False),
        (dave, True),
        (root, True),
    ]:
        assert MeasureSet.objects.visible_to(user).exists() is sees, user
        assert Measure.objects.visible_to(user).exists() is sees, user
        assert ITAResult.objects.visible_to(user).exists() is sees, user
        assert Memo.objects.visible_to(user).exists() is sees, user


@pytest.mark.django_db
def test_published_sets_are_public_and_only_the_agency_edits(draft_set, alice, charlie, dave):
    draft_set.status = "published"
    draft_set.save()
    assert MeasureSet.objects.visible_to(AnonymousUser()).count() == 1
    assert MeasureSet.objects.visible_to(charlie).count() == 1
    # Published means frozen: nobody edits it any more, its own staff included.
    assert MeasureSet.objects.editable_by(alice).count() == 0
    assert MeasureSet.objects.editable_by(charlie).count() == 0
    assert MeasureSet.objects.editable_by(dave).count() == 0
    assert Measure.objects.editable_by(alice).count() == 0
    assert Measure.objects.editable_by(charlie).count() == 0
