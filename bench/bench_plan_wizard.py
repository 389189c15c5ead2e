"""How long a person takes to write a 30-item plan in the new-plan wizard (issue 13).

Run: .venv/bin/python bench/bench_plan_wizard.py [ITEMS] [SHEETS]   (default 30 30)

Builds a throw-away SQLite database, serves it from a live-server thread, and drives Debian's
Chromium with Playwright through the same steps as tests/browser/test_browser_plan_wizard.py:
start from งานของฉัน, part 1 (texts, 3 risk rows, 2 targets), ITEMS items spread over the four
dimensions (each in 3 of the 5 years with an amount typed in Thai digits), SHEETS part-3 sheets
(all 9 headings), the foreword, the review and the proposal. It prints, per part, the page loads,
clicks (incl. ticks and list choices) and fields typed, the machine's wall time, and an estimate
of a person's time (assumptions printed with it).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DATABASE_URL"] = (
    "sqlite:///" + tempfile.mkdtemp(prefix="sujarit-wizard-") + "/db.sqlite3"
)
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sujarit-bench-media-")
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from agencies.models import Agency, Province, User  # noqa: E402
from plans.models import Dimension, DimensionEdition, Plan  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.plan_wizard_flow import (  # noqa: E402
    Counter,
    ItemSpec,
    Person,
    SheetSpec,
    add_items,
    fill_part1,
    start_plan,
    write_sheet,
)

YEARS = [2566, 2567, 2568, 2569, 2570]
SUBS = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3"]
# What a person needs, roughly: reading and waiting for a page, finding and pressing a control,
# and typing Thai at ~25 characters a minute... per field we count 20 s on average (short
# figures fast, a sheet's paragraphs slow: sheets are usually pasted from last year's Word file).
SECONDS_PER_LOAD, SECONDS_PER_CLICK, SECONDS_PER_FIELD = 3, 2, 20


def items_spec(n: int) -> list[ItemSpec]:
    items = []
    for i in range(n):
        sub = SUBS[(i * len(SUBS)) // n]  # in document order, spread over the sub-dimensions
        years = YEARS[i % 3 : i % 3 + 3]
        items.append(
            ItemSpec(sub, f"โครงการที่ {i + 1} ด้านคุณธรรมและความโปร่งใส",
                     dict.fromkeys(years, f"{(i % 5 + 1) * 10},๐๐๐"))
        )  # fmt: skip
    return sorted(items, key=lambda it: [int(p) for p in it.sub.split(".")])


def sheet_spec(title: str) -> SheetSpec:
    return SheetSpec(
        title=title,
        rationale="องค์การบริหารส่วนตำบลให้ความสำคัญกับการป้องกันการทุจริต " * 4,
        objectives="เพื่อส่งเสริมคุณธรรมและความโปร่งใส",
        target_group="พนักงานส่วนตำบล ๔๕ คน",
        method="๑) ขออนุมัติโครงการ ๒) ดำเนินการ ๓) ประเมินผล",
        period="ตลอดปีงบประมาณ",
        budget_text="ตามข้อบัญญัติงบประมาณรายจ่ายประจำปี",
        owner="สำนักปลัด",
        outputs="ดำเนินการครบทุกกิจกรรม",
        outcomes="ร้อยละ ๘๐ ของผู้เข้าร่วมมีความรู้เพิ่มขึ้น",
    )


def main() -> None:
    n_items = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    n_sheets = int(sys.argv[2]) if len(sys.argv) > 2 else n_items
    call_command("migrate", verbosity=0)
    province = Province.objects.create(name="ยโสธร")
    agency = Agency.objects.create(
        code="BENCH", kind="sao", name="องค์การบริหารส่วนตำบลทดสอบ", short_name="อบต.ทดสอบ",
        district="ป่าติ้ว", province=province,
    )  # fmt: skip
    User.objects.create_user(username="staff", password="pw-staff", agency=agency, role="staff")
    edition = DimensionEdition.objects.get(code="2566-2570")
    dims = {d.number: d.pk for d in Dimension.objects.filter(edition=edition)}

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://127.0.0.1:{server.port}"
    parts: list[tuple[str, Counter, float]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(locale="th-TH", viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda d: d.accept())
        page.goto(base + "/accounts/login/")
        page.fill("input[name=username]", "staff")
        page.fill("input[name=password]", "pw-staff")
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")

        person = Person(page, base)

        def part(name: str, run) -> None:
            person.count = Counter()
            start = time.perf_counter()
            run()
            parts.append((name, person.count, time.perf_counter() - start))

        part("เริ่มแผน", lambda: start_plan(person, edition_pk=edition.pk))
        risks = [(f"ขั้นตอนที่ {n}", "ความเสี่ยง", "medium", "มาตรการควบคุม") for n in (1, 2, 3)]
        targets = [("คะแนน ITA", ["๘๕", "๘๖", "๘๗", "๘๘", "๙๐"]), ("เรื่องร้องเรียน", ["๐"] * 5)]

        def part1() -> None:
            fill_part1(person, rationale="หลักการและเหตุผล " * 20, objectives="วัตถุประสงค์",
                       benefits="ประโยชน์", risks=risks, targets=targets, years=YEARS)  # fmt: skip
            person.click("#part1-form button[name=continue]")

        part("ส่วนที่ ๑", part1)
        specs = items_spec(n_items)
        part("ส่วนที่ ๒", lambda: add_items(person, specs, dimension_pks=dims, sub_pks=dims))
        plan = Plan.objects.get(agency=agency)
        items = list(plan.items.order_by("dimension__sort_key", "order"))[:n_sheets]

        def part3() -> None:
            person.goto(f"/plans/{plan.pk}/wizard/part3/")
            for item in items:
                write_sheet(person, item.pk, sheet_spec(item.title))

        part("ส่วนที่ ๓", part3)

        def foreword_review() -> None:
            person.goto(f"/plans/{plan.pk}/wizard/foreword/")
            person.fill("textarea[name=foreword]", "คำนำ " * 30)
            person.click("#foreword-form button[name=continue]")
            person.click("button:has-text('เสนอขออนุมัติ')")

        part("คำนำ ตรวจทาน เสนอ", foreword_review)
        browser.close()
    server.terminate()
    plan.refresh_from_db()
    assert plan.items.count() == n_items and plan.sheets.count() == len(items), "flow incomplete"
    assert plan.status == "submitted", plan.status

    print(f"แผน {n_items} โครงการ, รายละเอียดโครงการ {len(items)} แผ่น, เสนอแล้ว ({plan.status})")
    print(f"{'ส่วน':<22}{'หน้า':>6}{'คลิก':>6}{'ช่อง':>6}{'เครื่อง (s)':>13}{'คน (นาที)':>11}")
    total = Counter()
    machine = 0.0
    for name, c, seconds in parts:
        human = (c.loads * SECONDS_PER_LOAD + c.clicks * SECONDS_PER_CLICK
                 + c.fields * SECONDS_PER_FIELD) / 60  # fmt: skip
        print(f"{name:<22}{c.loads:>6}{c.clicks:>6}{c.fields:>6}{seconds:>13.1f}{human:>11.0f}")
        total.loads += c.loads
        total.clicks += c.clicks
        total.fields += c.fields
        machine += seconds
    human = (total.loads * SECONDS_PER_LOAD + total.clicks * SECONDS_PER_CLICK
             + total.fields * SECONDS_PER_FIELD) / 60  # fmt: skip
    print(
        f"{'รวม':<22}{total.loads:>6}{total.clicks:>6}{total.fields:>6}{machine:>13.1f}{human:>11.0f}"
    )
    print(f"(คน: {SECONDS_PER_LOAD} s ต่อหน้า, {SECONDS_PER_CLICK} s ต่อคลิก, "
          f"{SECONDS_PER_FIELD} s ต่อช่องที่พิมพ์ โดยเฉลี่ย)")  # fmt: skip


if __name__ == "__main__":
    main()
