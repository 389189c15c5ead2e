"""One Thai input rule: an amount typed in Thai, Arabic or mixed digits, with commas and
spaces, means the same in plans, measures and reports, in the forms and in the services.

"-" means no amount given (ไม่มี/ไม่ระบุ, None) everywhere; more than 2 decimals, a sign,
letters and figures beyond what the models hold are refused with a Thai message.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from core.forms import AMOUNT_HELP, ThaiAmountField, ThaiNumberField
from core.thai import NO_AMOUNT_MEANING, ThaiNumberError, parse_decimal, parse_money
from measures.forms import ITAResultForm
from plans.forms import PlanItemForm
from plans.models import PlanItemYear
from plans.services import plan_item_years_set
from plans.tests.factories import item_create, plan_create
from reports.forms import RowForm

# (typed, what it cleans to) – accepted everywhere
ACCEPTED = [
    ("๑๒,๓๔๕.๕๐", Decimal("12345.50")),
    ("12,345.50", Decimal("12345.50")),
    ("๑2,3๔5.5", Decimal("12345.5")),
    (" 12 345.50 ", Decimal("12345.50")),
    ("๑๒ ๓๔๕", Decimal("12345")),
    ("0", Decimal(0)),
    ("๐.๐๕", Decimal("0.05")),
    ("999,999,999,999.99", Decimal("999999999999.99")),
    ("-", None),
    ("–", None),
    ("", None),
    ("   ", None),
]

# (typed, error code) – refused everywhere, never read as zero
REFUSED = [
    ("1.234", "places"),
    ("๑๒.๓๔๕", "places"),
    ("-5", "negative"),
    ("-0", "negative"),
    ("-๑,๐๐๐", "negative"),
    ("ห้าพัน", "invalid"),
    ("12a", "invalid"),
    ("๔๕,๐x๐", "invalid"),
    ("1,2345", "invalid"),
    ("1e9", "invalid"),
    ("NaN", "invalid"),
    ("Infinity", "invalid"),
    ("0x10", "invalid"),
    ("1_000", "invalid"),
    ("12.", "invalid"),
    ("20,000 20,000", "invalid"),
    ("ไม่ใช้งบประมาณ", "invalid"),
    ("1,000,000,000,000", "too_big"),
    ("๑,๐๐๐,๐๐๐,๐๐๐,๐๐๐,๐๐๐", "too_big"),
    ("9" * 30, "too_big"),
]


@pytest.mark.parametrize(("text", "value"), ACCEPTED)
def test_parse_money_reads_thai_arabic_and_mixed_digits(text, value):
    assert parse_money(text) == value
    if value is not None:
        assert ThaiAmountField().clean(text) == value
    else:
        assert ThaiAmountField().clean(text) is None


@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_parse_money_refuses_with_a_thai_reason(text, code):
    with pytest.raises(ThaiNumberError) as caught:
        parse_money(text)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(caught.value))  # said in Thai
    with pytest.raises(Exception) as field_error:
        ThaiAmountField().clean(text)
    assert str(caught.value) in str(field_error.value)


def test_parse_money_takes_decimals_and_ints_by_the_same_rule():
    assert parse_money(Decimal("12.50")) == Decimal("12.50")
    assert parse_money(5) == Decimal(5)
    assert parse_money(None) is None
    for bad in (Decimal("1.005"), Decimal(-1), Decimal("NaN"), 1.5, True):
        with pytest.raises(ThaiNumberError):
            parse_money(bad)


def test_the_meaning_of_a_dash_is_shown_with_every_amount_field():
    assert NO_AMOUNT_MEANING in str(AMOUNT_HELP)
    assert "“-”" in str(AMOUNT_HELP)
    assert ThaiAmountField().help_text == AMOUNT_HELP
    assert RowForm().fields["budget_used"].help_text == AMOUNT_HELP


def test_the_number_field_shares_the_reading_with_its_own_places():
    assert ThaiNumberField(decimal_places=0).clean("๑,๒๐๐") == Decimal(1200)
    assert parse_decimal("-๗.๕", negative=True) == Decimal("-7.5")
    with pytest.raises(ThaiNumberError):
        parse_decimal("1.5", places=0)


# --- The same text in the plans, measures and reports forms -----------------------------------


@pytest.fixture
def plan(agency_a):
    plan = plan_create(agency_a, status=PublicationStatus.DRAFT)
    item_create(plan, title="โครงการทดสอบ", budgets={2567: Decimal(1)})
    return plan


def _plan_budget(plan, text):
    item = plan.items.get()
    data = {
        **PlanItemForm.initial_for(item, "thai"),
        "dimension": item.dimension_id,
        "y2567_in": "on",
        "y2567_budget": text,
    }
    form = PlanItemForm(data, plan=plan, item=item)
    valid = form.is_valid()
    return valid, form.cleaned_data.get("y2567_budget"), form.errors.get("y2567_budget")


def _report_budget(text):
    form = RowForm({"status": "in_progress", "version": 1, "budget_used": text})
    valid = form.is_valid()
    return valid, form.cleaned_data.get("budget_used"), form.errors.get("budget_used")


def _ita_score(text):
    form = ITAResultForm({"fiscal_year": "2567", "total": text}, framework=None)
    valid = form.is_valid()
    return valid, form.cleaned_data.get("total"), form.errors.get("total")


# Scores are 0–100, so the measures form takes the inputs that fit a score.
SCORE_SIZED = [(t, v) for t, v in ACCEPTED if v is None or v <= 100]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "value"), ACCEPTED)
def test_plans_and_reports_forms_read_an_amount_alike(plan, text, value):
    assert _plan_budget(plan, text)[:2] == (True, value)
    assert _report_budget(text)[:2] == (True, value)


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "value"), SCORE_SIZED)
def test_the_measures_form_reads_a_number_as_plans_and_reports_do(plan, text, value):
    assert _ita_score(text)[:2] == (True, value)
    assert _plan_budget(plan, text)[1] == _report_budget(text)[1] == value


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_plans_measures_and_reports_forms_refuse_alike(plan, text, code):
    plan_valid, _v, plan_errors = _plan_budget(plan, text)
    report_valid, _v, report_errors = _report_budget(text)
    ita_valid, _v, _errors = _ita_score(text)
    assert not plan_valid and not report_valid
    # A score reads a sign so that its 0–100 rule can name the problem; "-0" is then 0.
    assert not ita_valid or text == "-0"
    # The amount forms say the same Thai reason next to the field.
    assert plan_errors == report_errors == [ThaiNumberError.MESSAGES[code]]


@pytest.mark.django_db
def test_the_services_apply_the_same_rule_to_text_from_imports(plan):
    item = plan.items.get()
    rows = plan_item_years_set(item=item, years={2567: ("๑2,3๔5.50", False, {1})}, user=SYSTEM)
    assert rows[0].budget == Decimal("12345.50")
    plan_item_years_set(item=item, years={2567: ("-", False, set())}, user=SYSTEM)
    assert PlanItemYear.objects.get(item=item).budget is None
    with pytest.raises(Exception) as caught:
        plan_item_years_set(item=item, years={2567: ("1.234", False, set())}, user=SYSTEM)
    assert ThaiNumberError.MESSAGES["places"] in str(caught.value)
