"""A staff member fills in a progress report in the browser, row by row, without reloading."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report_round(agency_a, alice):
    from reports.choices import RoundKind
    from reports.services import round_open
    from reports.tests.factories import plan_2566_2570

    plan_2566_2570(agency_a)
    return round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)


def _bar(page) -> tuple[str, float]:
    value = page.get_attribute("#round-progress-bar", "aria-valuenow")
    width = page.eval_on_selector(
        "#round-progress-bar .progress-bar", "el => el.getBoundingClientRect().width"
    )
    return value, width


def _fill_row(page, row_id: int, *, status: str, amount: str, text: str) -> None:
    row = f"#row-{row_id}"
    page.click(f"{row} >> text=แก้ไข")
    page.wait_for_selector(f"{row} form.row-form")
    page.select_option(f"{row} select[name=status]", status)
    page.fill(f"{row} input[name=budget_used]", amount)
    page.fill(f"{row} textarea[name=done_text]", text)
    page.click(f"{row} button[type=submit]")


def test_it_fills_three_rows_fixes_a_bad_amount_and_moves_the_progress_bar(
    sign_in, live_server, alice, report_round
):
    rows = list(report_round.rows.order_by("order").values_list("pk", flat=True))
    page = sign_in(alice)
    page.goto(live_server.url + report_round.get_absolute_url())
    # A marker that survives only if the page is never reloaded.
    page.evaluate("window.__sameDocument = 'yes'")
    assert _bar(page) == ("0.00", 0)

    _fill_row(page, rows[0], status="done", amount="๑๒,๕๐๐", text="อบรมแล้ว ๒ รุ่น")
    page.wait_for_selector(f"#row-{rows[0]}:not(.row-editing)")
    assert _bar(page)[0] == "25.00"

    # A bad amount: the Thai error, what was typed is still there, nothing saved.
    _fill_row(page, rows[1], status="done", amount="๓o,๐๐๐", text="มอบเกียรติบัตรแล้ว")
    error = page.wait_for_selector(f"#row-{rows[1]} .invalid-feedback")
    assert "กรุณากรอกจำนวนเงินเป็นตัวเลข" in error.inner_text()
    assert page.input_value(f"#row-{rows[1]} textarea[name=done_text]") == "มอบเกียรติบัตรแล้ว"
    assert page.input_value(f"#row-{rows[1]} input[name=budget_used]") == "๓o,๐๐๐"
    assert _bar(page)[0] == "25.00"
    page.fill(f"#row-{rows[1]} input[name=budget_used]", "30,000")
    page.click(f"#row-{rows[1]} button[type=submit]")
    page.wait_for_selector(f"#row-{rows[1]}:not(.row-editing)")
    assert "๓๐,๐๐๐" in page.inner_text(f"#row-{rows[1]} .budget-used")

    _fill_row(page, rows[2], status="in_progress", amount="", text="อยู่ระหว่างจัดทำ")
    page.wait_for_selector(f"#row-{rows[2]}:not(.row-editing)")

    value, width = _bar(page)
    assert value == "50.00"
    full = page.eval_on_selector("#round-progress-bar", "el => el.getBoundingClientRect().width")
    assert abs(width - full / 2) < 2
    # The summary was swapped too, and the table still has one cell per column.
    assert "๔๒,๕๐๐" in page.inner_text("#round-summary tfoot")
    assert page.eval_on_selector_all(
        "#rows-table tbody tr[id^=row-]", "rows => rows.every(r => r.children.length === 8)"
    )
    assert page.evaluate("window.__sameDocument") == "yes"


def test_on_a_phone_a_refused_save_shows_its_error_where_the_user_is(
    page, sign_in, live_server, alice, report_round
):
    """The row form is taller than a phone's screen: the save button is far below the
    message of a refused save. The message comes into view and the cursor goes to the first
    field to fix, or the user takes the form for saved."""
    row = report_round.rows.order_by("order").values_list("pk", flat=True)[1]
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(alice)
    page.goto(live_server.url + report_round.get_absolute_url())
    long_text = "\n".join(f"ดำเนินการขั้นที่ {n}" for n in range(1, 30))
    _fill_row(page, row, status="done", amount="๓o,๐๐๐", text=long_text)
    page.wait_for_selector(f"#row-{row} .invalid-feedback")
    page.wait_for_function(
        """(sel) => { const el = document.querySelector(sel), a = el.getBoundingClientRect();
                      const seen = document.elementFromPoint(a.left + 5, (a.top + a.bottom) / 2);
                      return a.top >= 0 && a.bottom <= window.innerHeight && el.contains(seen); }""",
        arg=f"#row-{row} .alert-danger",
    )
    assert page.evaluate("document.activeElement.name") == "budget_used"
    page.screenshot(path=str(_shots() / "report-row-error-phone.png"))


def _shots():
    from pathlib import Path

    shots = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    return shots
