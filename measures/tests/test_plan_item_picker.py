"""Linking a measure to plan items with a search and chips instead of a Ctrl-click list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.choices import PublicationStatus
from measures.tests.factories import set_with_measure
from plans.models import PlanItem
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a, agency_b):
    plan = plan_2566_2570(agency_a)
    other = plan_2566_2570(agency_b)  # another agency's items never appear
    measure_set, measure = set_with_measure(agency_a)
    return {"plan": plan, "other": other, "set": measure_set, "measure": measure}


def _search(client, world, q, chosen=()):
    url = reverse("measures:plan_item_search", args=[world["set"].pk])
    return client.get(url, {"plan_q": q, "plan_items": list(chosen)})


def test_it_finds_items_by_any_typed_word_of_the_agency_only(client_for, alice, world):
    client = client_for(alice)
    text = _search(client, world, "อบรม คุณธรรม").content.decode()
    assert "โครงการอบรมคุณธรรมจริยธรรม" in text
    assert "โครงการจัดเวทีประชาคม" not in text
    ours = set(world["plan"].items.values_list("pk", flat=True))
    found = {int(v) for v in _ids(text)}
    assert found and found <= ours


def _ids(text: str) -> list[str]:
    import re

    return re.findall(r'name="plan_items" value="(\d+)"', text)


def test_it_leaves_out_what_is_already_chosen(client_for, alice, world):
    item = world["plan"].items.get(title="โครงการจัดเวทีประชาคม")
    text = _search(client_for(alice), world, "โครงการ", chosen=[item.pk]).content.decode()
    assert "โครงการจัดเวทีประชาคม" not in text
    assert "โครงการอบรมคุณธรรมจริยธรรม" in text


def test_it_says_when_nothing_matches(client_for, alice, world):
    text = _search(client_for(alice), world, "ไม่มีคำนี้").content.decode()
    assert "ไม่พบโครงการที่ตรงกับ “ไม่มีคำนี้”" in text


@pytest.mark.parametrize(("who", "code"), [("charlie", 404), ("dave", 403)])
def test_only_the_agencys_editors_may_search(client_for, request, world, who, code):
    assert _search(client_for(request.getfixturevalue(who)), world, "โครงการ").status_code == code


def test_saving_links_the_ticked_items_and_shows_them_as_chips(client_for, alice, world):
    measure = world["measure"]
    a, b = world["plan"].items.order_by("order")[:2]
    client = client_for(alice)
    url = reverse("measures:measure_edit", args=[measure.pk])
    response = client.post(
        url,
        {"title": measure.title, "version": measure.version, "plan_items": [a.pk, b.pk]},
    )
    assert response.status_code == 302
    assert set(measure.plan_items.all()) == {a, b}
    page = client.get(url).content.decode()
    assert f'id="plan-chip-{a.pk}" checked' in page and f'id="plan-chip-{b.pk}" checked' in page
    # Unticking a chip takes it off on save.
    measure.refresh_from_db()
    client.post(url, {"title": measure.title, "version": measure.version, "plan_items": [b.pk]})
    assert list(measure.plan_items.all()) == [b]


def test_without_javascript_the_search_button_reshows_the_form_with_matches(
    client_for, alice, world
):
    a = world["plan"].items.get(title="โครงการอบรมคุณธรรมจริยธรรม")
    response = client_for(alice).post(
        reverse("measures:measure_add", args=[world["set"].pk]),
        {
            "title": "มาตรการที่พิมพ์ไว้",
            "period": "ตลอดปีงบประมาณ",
            "plan_q": "เวที",
            "plan_search": "1",
            "plan_items": [a.pk],
            "steps": ["ขั้นที่พิมพ์ไว้"],
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "โครงการจัดเวทีประชาคม" in text  # the match, to tick
    assert f'id="plan-chip-{a.pk}" checked' in text  # the chip kept
    assert "มาตรการที่พิมพ์ไว้" in text and "ขั้นที่พิมพ์ไว้" in text  # nothing typed is lost
    assert not PlanItem.objects.filter(measures__title="มาตรการที่พิมพ์ไว้").exists()


def test_the_form_no_longer_asks_for_ctrl_click(client_for, alice, world):
    page = client_for(alice).get(reverse("measures:measure_add", args=[world["set"].pk]))
    text = page.content.decode()
    assert "Ctrl" not in text and 'multiple size="6"' not in text
    assert 'hx-get="' + reverse("measures:plan_item_search", args=[world["set"].pk]) in text
    assert PublicationStatus.DRAFT == world["set"].status
