"""An agency that writes Thai digits sees no Buddhist-era year in Arabic digits on any of its
pages: the rendered text of a demo-like agency (published plan, ITA results, a measure set,
an open report, the staff forms and the undo pages) is scanned for "25xx" in Arabic digits."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from agencies.access import SYSTEM
from conftest import publish_through_chain
from measures.services import IndicatorScoreInput, ita_result_record, measure_set_create
from measures.tests.factories import set_with_measure
from reports.choices import RoundKind
from reports.services import round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db

ARABIC_BE_YEAR = re.compile(r"(?<![0-9])25[0-9]{2}(?![0-9])")


class _Text(HTMLParser):
    """The text a reader sees: text nodes and the labels of controls (no scripts, no URLs)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


#: A web address printed as text (a permanent link to copy): its digits are the URL's, ASCII.
PRINTED_URL = re.compile(r"(?:https?://|(?<!\S)/)\S*")


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return PRINTED_URL.sub(" ", " ".join(parser.parts))


@pytest.fixture
def demo(agency_a, alice):
    assert agency_a.digit_style == "thai"
    plan = plan_2566_2570(agency_a)
    for year, total in ((2566, "72.5"), (2567, "81.25")):
        result = ita_result_record(
            user=SYSTEM,
            agency=agency_a,
            fiscal_year=year,
            total=total,
            indicator_scores=[IndicatorScoreInput(number=n, score="80") for n in range(1, 6)],
        )
        publish_through_chain(result)
    measure_set, measure = set_with_measure(agency_a)
    measure.plan_items.set([plan.items.order_by("order")[0]])
    publish_through_chain(measure_set)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    draft = measure_set_create(
        user=SYSTEM, agency=agency_a, fiscal_year=2568, title="ร่างมาตรการปีหน้า", ita_year=2567
    )
    return {"plan": plan, "set": measure_set, "measure": measure, "round": rnd, "draft": draft}


def _pages(demo, agency) -> list[str]:
    code = agency.code
    plan, measure_set, rnd = demo["plan"], demo["set"], demo["round"]
    item = plan.items.order_by("order")[0]
    row = rnd.rows.order_by("order")[0]
    return [
        reverse("portal:agency_detail", args=[code]),
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:item_detail", args=[item.pk]),
        reverse("measures:agency_measures", args=[code]),
        reverse("measures:set_detail", args=[measure_set.pk]),
        reverse("measures:agency_ita", args=[code]),
        reverse("measures:set_create", args=[code]),
        reverse("measures:ita_edit", args=[code]),
        reverse("reports:agency_reports", args=[code]),
        reverse("reports:round_detail", args=[rnd.pk]),
        reverse("reports:row_edit", args=[row.pk]),
        reverse("reports:round_delete", args=[rnd.pk]),
        reverse("portal:worklist"),
        reverse("measures:measure_add", args=[demo["draft"].pk]),
        reverse("measures:set_delete", args=[demo["draft"].pk]),
    ]


def test_no_arabic_be_year_on_the_pages_of_a_thai_digit_agency(client_for, alice, agency_a, demo):
    client = client_for(alice)
    found = {}
    for url in _pages(demo, agency_a):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        years = sorted(set(ARABIC_BE_YEAR.findall(text)))
        if years:
            context = [
                text[max(0, m.start() - 40) : m.end() + 10] for m in ARABIC_BE_YEAR.finditer(text)
            ]
            found[url] = context[:3]
    assert not found, found


def test_the_same_pages_of_an_arabic_digit_agency_keep_arabic_years(client_for, agency_b):
    from agencies.models import User

    user = User.objects.create_user(username="bstaff", password="x", agency=agency_b, role="staff")
    plan_2566_2570(agency_b)
    text = visible_text(
        client_for(user).get(reverse("measures:set_create", args=[agency_b.code])).content.decode()
    )
    assert "๒๕" not in text


@pytest.mark.parametrize(("who", "days"), [("alice", "๓"), ("charlie", "3")])
def test_the_password_reset_email_writes_numbers_in_the_agencys_digits(
    client, request, mailoutbox, who, days
):
    # Django's default PASSWORD_RESET_TIMEOUT: three days.
    user = request.getfixturevalue(who)
    user.email = f"{who}@example.go.th"
    user.save()
    client.post(reverse("password_reset"), {"email": user.email})
    assert f"ลิงก์นี้ใช้ได้ภายใน {days} วัน" in str(mailoutbox[0].body)
