"""A site administrator moves a round's due date in the admin; the move is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reports.choices import RoundEventKind, RoundKind
from reports.services import round_open

pytestmark = pytest.mark.django_db


def _form(rnd, **changes):
    data = {
        "period_start": rnd.period_start.isoformat(),
        "period_end": rnd.period_end.isoformat(),
        "due_date": rnd.due_date.isoformat(),
        "title": rnd.title,
        "intro": rnd.intro,
        "prepared_by_name": "",
        "prepared_by_position": "",
    }
    for prefix in ("review_steps", "events"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(changes)
    return data


def test_a_site_admin_moves_the_due_date_and_it_is_logged(agency_a, alice, root, client_for):
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    url = reverse("admin:reports_reportinground_change", args=[rnd.pk])
    response = client_for(root).post(url, _form(rnd, due_date="2024-05-15"))
    assert response.status_code == 302, response.content.decode()[:2000]
    rnd.refresh_from_db()
    assert rnd.due_date == dt.date(2024, 5, 15)
    event = rnd.events.get(kind=RoundEventKind.DUE_DATE_CHANGED)
    assert (event.actor, event.data) == (root, {"from": "2024-04-30", "to": "2024-05-15"})


def test_staff_cannot_reach_the_admin(agency_a, alice, client_for):
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    url = reverse("admin:reports_reportinground_change", args=[rnd.pk])
    assert client_for(alice).get(url).status_code == 302  # to the admin login
