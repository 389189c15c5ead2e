"""`count_many`: several counts in one query, each equal to the queryset's own count."""

from __future__ import annotations

import pytest

from agencies.models import Agency, User
from core.queries import count_many

pytestmark = pytest.mark.django_db


def test_counts_several_querysets_in_one_query(
    agency_a, agency_b, alice, django_assert_num_queries
):
    querysets = [
        Agency.objects.all(),
        Agency.objects.filter(pk=agency_a.pk),
        User.objects.filter(username="nobody"),
        User.objects.filter(agency=agency_a).order_by("-pk"),
    ]
    expected = [qs.count() for qs in querysets]
    with django_assert_num_queries(1):
        assert count_many(querysets) == expected
    assert expected[:3] == [Agency.objects.count(), 1, 0]
    assert count_many([]) == []
