"""Who sees and who changes a round: published rounds are public; drafts only for the
agency's users and its auditors; only the agency's staff change an open round."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.access import Viewer
from reports.choices import RoundKind
from reports.models import ReportingRound, ReportRow
from reports.services import round_approve, round_open, round_publish, round_submit
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(agency_a, agency_b, alice, bob, charlie):
    plan_2566_2570(agency_a)
    plan_2566_2570(agency_b)
    draft_a = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    published_a = round_open(agency=agency_a, fiscal_year=2566, kind=RoundKind.ANNUAL, user=alice)
    round_submit(round=published_a, user=alice)
    round_approve(round=published_a, user=bob)
    round_publish(round=published_a, user=alice)
    draft_b = round_open(agency=agency_b, fiscal_year=2567, kind=RoundKind.H1, user=charlie)
    return {"draft_a": draft_a, "published_a": published_a, "draft_b": draft_b}


def _visible(user: Viewer, rounds) -> set[str]:
    qs = ReportingRound.objects.visible_to(user)
    return {name for name, r in rounds.items() if qs.filter(pk=r.pk).exists()}


def _editable(user: Viewer, rounds) -> set[str]:
    qs = ReportingRound.objects.editable_by(user)
    return {name for name, r in rounds.items() if qs.filter(pk=r.pk).exists()}


def test_visibility_matrix(rounds, alice, bob, charlie, dave, root):
    assert _visible(AnonymousUser(), rounds) == {"published_a"}
    assert _visible(alice, rounds) == {"draft_a", "published_a"}
    assert _visible(bob, rounds) == {"draft_a", "published_a"}
    assert _visible(charlie, rounds) == {"published_a", "draft_b"}
    # dave belongs to agency B and audits agency A: he reads both agencies' drafts.
    assert _visible(dave, rounds) == {"draft_a", "published_a", "draft_b"}
    assert _visible(root, rounds) == set(rounds)


def test_editing_matrix(rounds, alice, charlie, dave, root):
    assert _editable(AnonymousUser(), rounds) == set()
    assert _editable(alice, rounds) == {"draft_a"}  # the published round is closed
    assert _editable(charlie, rounds) == {"draft_b"}
    assert _editable(dave, rounds) == set()  # auditors read, they never edit
    assert _editable(root, rounds) == {"draft_a", "draft_b"}


def test_rows_follow_their_round(rounds, alice, charlie):
    draft_a = rounds["draft_a"]
    assert ReportRow.objects.visible_to(charlie).filter(round=draft_a).count() == 0
    assert ReportRow.objects.visible_to(AnonymousUser()).filter(round=draft_a).count() == 0
    assert ReportRow.objects.editable_by(alice).filter(round=draft_a).count() == 4
    assert ReportRow.objects.editable_by(charlie).filter(round=draft_a).count() == 0


def test_review_queues(rounds, alice, bob, dave):
    draft_a = rounds["draft_a"]
    assert not ReportingRound.objects.reviewable_by(bob).exists()
    round_submit(round=draft_a, user=alice)
    assert list(ReportingRound.objects.reviewable_by(bob)) == [draft_a]
    assert not ReportingRound.objects.reviewable_by(alice).exists()
    assert set(ReportingRound.objects.auditable_by(dave)) == {draft_a, rounds["published_a"]}
    assert not ReportingRound.objects.auditable_by(alice).exists()
