"""A staff member writes a whole five-year plan in the new-plan wizard, as a person would: the
shared steps of the browser test (tests/browser/test_browser_plan_wizard.py) and of the
timing in bench/bench_plan_wizard.py. `Counter` counts what a person does: page loads, clicks
(incl. ticks and choices from a list) and fields typed into."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@dataclass
class Counter:
    loads: int = 0
    clicks: int = 0
    fields: int = 0


@dataclass
class ItemSpec:
    """An item as typed: its sub-dimension ("1.1"), title and budgets per year (Thai text,
    "" = in the plan that year without an amount, None = "ไม่ใช้งบประมาณ")."""

    sub: str
    title: str
    budgets: dict[int, str | None] = field(default_factory=dict)
    kind: str = "project"


@dataclass
class SheetSpec:
    title: str
    rationale: str
    objectives: str
    target_group: str
    method: str
    period: str
    budget_text: str
    owner: str
    outputs: str
    outcomes: str


class Person:
    """Drives `page` and counts. `shot(name)` saves desktop and phone screenshots."""

    def __init__(self, page, base_url: str, *, shots: bool = False) -> None:
        self.page, self.base, self.count, self.shots = page, base_url, Counter(), shots

    # --- counted actions
    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.count.loads += 1

    def click(self, selector: str, *, navigates: bool = True) -> None:
        if navigates:
            with self.page.expect_navigation():
                self.page.click(selector)
            self.count.loads += 1
        else:
            self.page.click(selector)
        self.count.clicks += 1

    def fill(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)
        self.count.fields += 1

    def check(self, selector: str) -> None:
        self.page.check(selector)
        self.count.clicks += 1

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)
        self.count.clicks += 1

    def shot(self, name: str) -> None:
        if not self.shots:
            return
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"wizard-{name}-desktop.png"), full_page=True)
        self.page.set_viewport_size({"width": 390, "height": 844})
        self.page.screenshot(path=str(SHOTS / f"wizard-{name}-phone.png"), full_page=True)
        self.page.set_viewport_size({"width": 1280, "height": 900})


def start_plan(person: Person, *, edition_pk: int, from_worklist: bool = True) -> None:
    """From งานของฉัน (or the agency page) to an empty 2566–2570 draft at part 1."""
    if from_worklist:
        person.goto("/my/")
        person.click("a:has-text('สร้างแผนปฏิบัติการป้องกันการทุจริต')")
    person.check(f"input[name=edition][value='{edition_pk}']")
    person.check("input[name=start][value=empty]")
    person.shot("start")
    person.click("#plan-start-form button[type=submit]")


def fill_part1(person: Person, *, rationale: str, objectives: str, benefits: str,
               risks: list[tuple[str, str, str, str]], targets: list[tuple[str, list[str]]],
               years: list[int]) -> None:  # fmt: skip
    person.fill("textarea[name=rationale]", rationale)
    person.fill("textarea[name=objectives]", objectives)
    person.fill("textarea[name=benefits]", benefits)
    for n, (step, risk, level, controls) in enumerate(risks):
        if n > 0:
            person.click("[data-add-row=risks]", navigates=False)
        person.fill(f"textarea[name=risks-{n}-step]", step)
        person.fill(f"textarea[name=risks-{n}-risks]", risk)
        person.select(f"select[name=risks-{n}-level]", level)
        person.fill(f"textarea[name=risks-{n}-controls]", controls)
    for n, (label, values) in enumerate(targets):
        if n > 0:
            person.click("[data-add-row=targets]", navigates=False)
        person.fill(f"input[name=targets-{n}-label]", label)
        for year, value in zip(years, values, strict=True):
            person.fill(f"input[name=targets-{n}-y{year}]", value)


def add_items(person: Person, items: list[ItemSpec], *, dimension_pks: dict[str, int],
              sub_pks: dict[str, int], check_total: Callable[[str], None] | None = None) -> None:  # fmt: skip
    """Add each item from part 2's "+ เพิ่มในมิติที่ …" button, or "save and add the next"
    when the next item is of the same dimension (one page load fewer)."""
    previous_dim = None
    for n, item in enumerate(items):
        dim = item.sub.split(".")[0]
        if previous_dim != dim:
            person.click(f"#add-item-buttons a[href$='dimension={dimension_pks[dim]}']")
        if item.kind != "project":
            person.select("select[name=kind]", item.kind)
        person.fill("textarea[name=title]", item.title)
        person.select("select[name=subdimension]", str(sub_pks[item.sub]))
        for year, amount in item.budgets.items():
            if amount:
                person.fill(f"input[name=y{year}_budget]", amount)  # typing ticks the year
            else:
                person.check(f"input[name=y{year}_in]")
                if amount is None:
                    person.check(f"input[name=y{year}_no_budget]")
        if check_total is not None and n == 0:
            check_total(person.page.inner_text("#item-total"))
        next_dim = items[n + 1].sub.split(".")[0] if n + 1 < len(items) else None
        if next_dim == dim:
            person.click("#item-form button[name=another]")
        else:
            person.click("#item-form button[name=save]")
        previous_dim = dim if next_dim == dim else None


def write_sheet(person: Person, item_pk: int, sheet: SheetSpec) -> None:
    person.click(f"#item-{item_pk} a:has-text('เขียนรายละเอียด')")
    person.fill("textarea[name=title]", sheet.title)
    for name in ("rationale", "objectives", "target_group", "method", "period", "budget_text",
                 "owner", "outputs", "outcomes"):  # fmt: skip
        person.fill(f"textarea[name={name}]", getattr(sheet, name))
    person.click("#sheet-form button[name=save]")
