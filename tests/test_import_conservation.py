"""Nothing in a table cell is lost: every fragment lands in a stored field or a warning.

Run over the measures, memo and 6-month fixtures, their Word copies, hand-written variants
(other agency and year, Arabic digits, a number column, other header wording, a page number
and a repeated header inside the table, decomposed sara am) and seeded random mutations of
the seeds. For each: the import either succeeds, with every cell fragment conserved
(tests/conservation.py) and the JSON counts equal to what the database holds, or is refused
with a one-line reason. The plan is not in this test: its part 2 is by design only a
cross-check of the annex (plan_checks warns about every disagreement).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from django.db import transaction

from agencies.access import SYSTEM
from conftest import seed_path
from core.importing.base import DocumentRejected
from core.importing.service import document_import
from core.importing.source import read_source
from core.thai import to_arabic_digits
from measures.importers.common import header_keys
from measures.models import MeasureSet
from reports.importers.annual_projects import _is_sub_header as annual_sub_header
from reports.importers.annual_projects import columns_of as annual_columns_of
from reports.models import ReportRow
from tests.conservation import lost
from tests.fixtures.annual_variants import VARIANTS as ANNUAL_VARIANTS
from tests.fixtures.annual_variants import text as annual_text
from tests.fixtures.annual_variants import write_merged_docx
from tests.fixtures.make_office import write_docx

pytestmark = pytest.mark.django_db
SIX_MONTH = Path(__file__).resolve().parent / "fixtures" / "six_month_2567.txt"
FIXTURES = {
    "000": seed_path("000"),
    "002": seed_path("002"),
    "004": seed_path("004"),
    "six_month": SIX_MONTH,
    # Several logical rows per table row, lined up with empty paragraphs, a heading mid-cell.
    "six_month_aligned": SIX_MONTH.parent / "six_month_aligned_2567.txt",
}
_OTHER_HEADER_RE = re.compile(r"^(?:ประเด็นที่เป็น|ลำดับ\b)")


def is_header(line) -> bool:
    if header_keys(line):
        return True
    # The 12-month project report's header rows, its มิติ headings and its total row: structure,
    # not data (the total is checked against the sum and warns when it differs).
    if annual_columns_of(line.cells) or annual_sub_header(line.cells):
        return True
    shown = {c for c in line.cells if c}
    if len(shown) == 1 and re.match(r"^(?:มิติที่|รวม)", next(iter(shown))):
        return True
    if any(c.startswith("รวมทั้งสิ้น") for c in line.cells[:2]):
        return True
    if _OTHER_HEADER_RE.match(line.text):
        return True
    # The 6-month table's second header row: only the status sub-columns.
    return {c for c in line.cells if c} <= {"อยู่ระหว่างดำเนินการ", "ดำเนินการแล้ว", "ยังไม่ดำเนินการ"}


def check(data: bytes, name: str) -> dict | None:
    """Import in a savepoint, check the invariants, roll back; None when refused."""
    with transaction.atomic():
        try:
            result = document_import(user=SYSTEM, data=data, filename=name, agency_code="CONS")
        except DocumentRejected as exc:
            assert "\n" not in str(exc) and str(exc)
            return None
        missing = lost(read_source(data, name), result.warnings, is_header)
        assert missing == [], f"{name}: fragments stored nowhere: {missing[:5]}"
        extra = result.extra
        if "measures" in extra:
            assert extra["measures"] == MeasureSet.objects.get().measures.count()
        if "rows" in extra:
            assert extra["rows"] == ReportRow.objects.count()
        transaction.set_rollback(True)
        return result.as_dict()


# --- Variants ---------------------------------------------------------------------------------


def other_agency(text: str) -> str:
    for place in ("ปากช่อง", "เมืองพะไล", "หนองป่าก่อ", "หนองบัว"):
        text = text.replace(place, "ดอนตะโก")
    return text


def page_break_in_table(text: str) -> str:
    """A page number line and the header repeated after the second table row."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if "\t" in line]
    if len(rows) < 3:
        return text
    header = lines[rows[0]]
    at = rows[2]
    return "\n".join([*lines[:at], "", "- ๒ -", "", header, *lines[at:]])


def decomposed_sara_am(text: str) -> str:
    return text.replace("ำ", "\u0e4d\u0e32")


VARIANTS = {
    "as_is": lambda t: t,
    "arabic_digits": to_arabic_digits,
    "other_agency": other_agency,
    "page_break": page_break_in_table,
    "sara_am": decomposed_sara_am,
    "no_bold": lambda t: t.replace("**", ""),
    "other_year": lambda t: t.replace("๒๕๖๗", "๒๕๖๘").replace("๒๕๖๘", "๒๕๖๘"),
}


@pytest.mark.parametrize("fixture", list(FIXTURES))
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_cell_fragment_is_conserved(fixture, variant):
    text = VARIANTS[variant](FIXTURES[fixture].read_text(encoding="utf-8"))
    result = check(text.encode(), f"{fixture}-{variant}.txt")
    assert result is not None, f"{variant} of {fixture} was refused"


@pytest.mark.parametrize("fixture", list(FIXTURES))
def test_a_word_copy_conserves_every_cell_fragment(fixture, tmp_path):
    path = write_docx(FIXTURES[fixture].read_text(encoding="utf-8"), tmp_path / "x.docx")
    assert check(path.read_bytes(), "x.docx") is not None


@pytest.mark.parametrize("variant", list(ANNUAL_VARIANTS))
def test_the_12_month_project_report_conserves_every_cell_fragment(variant, tmp_path):
    """The report attaches to a plan: plan seed 001 is imported for the same agency first."""
    plan = seed_path("001").read_bytes()
    document_import(user=SYSTEM, data=plan, filename="001.txt", agency_code="CONS")
    text = ANNUAL_VARIANTS[variant](annual_text())
    assert check(text.encode(), f"annual-{variant}.txt") is not None
    path = write_docx(text, tmp_path / "annual.docx")
    assert check(path.read_bytes(), "annual.docx") is not None


def test_the_12_month_report_with_merged_word_cells_conserves(tmp_path):
    plan = seed_path("001").read_bytes()
    document_import(user=SYSTEM, data=plan, filename="001.txt", agency_code="CONS")
    path = write_merged_docx(annual_text(), tmp_path / "merged.docx")
    assert check(path.read_bytes(), "merged.docx") is not None


# --- Mutations --------------------------------------------------------------------------------


def mutate(text: str, rng: random.Random) -> str:
    """One random perturbation a real export could show."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    kind = rng.choice(["blank", "spaces", "digits", "dup_row", "drop_bold", "trailing_tab", "cut"])
    if kind == "blank":
        lines.insert(i, "")
    elif kind == "spaces":
        lines[i] = lines[i].replace(" ", "   ")
    elif kind == "digits":
        lines[i] = to_arabic_digits(lines[i])
    elif kind == "dup_row" and "\t" in lines[i]:
        lines.insert(i, lines[i])
    elif kind == "drop_bold":
        lines[i] = lines[i].replace("**", "")
    elif kind == "trailing_tab" and "\t" in lines[i]:
        lines[i] += "\t"
    elif kind == "cut":
        lines = lines[: max(1, i)]
    return "\n".join(lines)


@pytest.mark.parametrize("fixture", list(FIXTURES))
@pytest.mark.parametrize("seed", range(6))
def test_mutated_seeds_import_or_refuse_cleanly_and_conserve(fixture, seed):
    rng = random.Random(f"{fixture}-{seed}")
    text = FIXTURES[fixture].read_text(encoding="utf-8")
    for _ in range(3):
        text = mutate(text, rng)
    check(text.encode(), f"{fixture}-m{seed}.txt")


@pytest.mark.parametrize("seed", range(4))
def test_mutated_12_month_reports_import_or_refuse_cleanly_and_conserve(seed):
    plan = seed_path("001").read_bytes()
    document_import(user=SYSTEM, data=plan, filename="001.txt", agency_code="CONS")
    rng = random.Random(f"annual-{seed}")
    text = annual_text()
    for _ in range(3):
        text = mutate(text, rng)
    check(text.encode(), f"annual-m{seed}.txt")
