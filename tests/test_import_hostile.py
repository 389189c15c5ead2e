"""Hostile input to every layout's parser and the HTML cleaner: bounded work, a clear answer.

Each case is ~1 MB (bench/adversarial_inputs.py) placed inside a real seed. The parser must
either finish with at most MAX_WARNINGS (+1 summary) warnings or refuse with a reason that
names the bound. No timing asserts: bench/bench_import_adversarial.py measures the time.
"""

from __future__ import annotations

import pytest

from bench.adversarial_inputs import SEEDS, hostile_document
from core.html import clean_html, html_to_text, nesting_depth
from core.importing.base import MAX_WARNINGS, DocumentRejected
from core.importing.registry import detect_layout
from core.importing.source import SourceText
from reports.services import links_inline

MB = 1024 * 1024
LAYOUT = {
    "plan": "plan-dla-eplannacc",
    "measures": "measures_table",
    "measures_002": "measures_table",
    "memo": "memo",
    "six_month": "six_month_by_indicator",
}


def parse(data: bytes):
    source = SourceText(data, "hostile.txt")
    layout = detect_layout(source)
    return layout, layout.parse(source)


def warnings_of(parsed) -> list:
    log = getattr(parsed, "log", None) or getattr(parsed, "warnings", None)
    return list(getattr(log, "items", log or []))


@pytest.mark.parametrize("seed", list(SEEDS))
@pytest.mark.parametrize(
    "kind", ["long_cells", "deep_nesting", "many_tabs", "thai_digits_spaces", "years_and_counts"]
)
def test_it_parses_a_megabyte_of_hostile_cells_with_bounded_warnings(seed, kind):
    layout, parsed = parse(hostile_document(seed, kind, MB))
    assert layout.name == LAYOUT[seed]
    assert len(warnings_of(parsed)) <= MAX_WARNINGS + 1


@pytest.mark.parametrize("seed", list(SEEDS))
def test_it_refuses_a_line_over_the_cell_cap_naming_it(seed):
    with pytest.raises(DocumentRejected) as info:
        parse(hostile_document(seed, "huge_line", MB))
    assert "20,000" in str(info.value) and info.value.line


def test_it_refuses_markup_nested_deeper_than_the_cap():
    data = SEEDS["memo"].read_bytes() + ("\n" + "<div>" * 150 + "x").encode()
    with pytest.raises(DocumentRejected) as info:
        parse(data)
    assert "nested 150 deep" in str(info.value)


def test_it_refuses_too_many_columns():
    data = SEEDS["measures"].read_bytes() + ("\n" + "\t" * 100 + "x").encode()
    with pytest.raises(DocumentRejected) as info:
        parse(data)
    assert "101 columns" in str(info.value)


def test_it_cleans_a_megabyte_of_nested_divs_keeping_the_text():
    fragment = "<div>" * (MB // 10) + "ข้อความ" + "</div>" * (MB // 10)
    assert nesting_depth(fragment) == MB // 10
    assert html_to_text(fragment) == "ข้อความ"
    assert "ข้อความ" in clean_html(fragment)


def test_it_inlines_links_once_through_thousands_of_unclosed_ones():
    fragment = '<a href="http://x.go.th/a">ลิงก์ ' * 30_000 + '<a href="https://y.go.th">ดู</a>'
    assert links_inline('ก <a href="https://y.go.th">ดู</a> ข') == "ก ดู (https://y.go.th) ข"
    # The first open tag pairs with the only close tag; the text in between is kept.
    out = links_inline(fragment)
    assert out.endswith("(http://x.go.th/a)") and out.count("ลิงก์") == 30_000


def test_a_sheet_field_of_many_lines_is_kept_to_the_bound_with_a_warning():
    from core.importing.source import MAX_FIELD_CHARS

    lines = SEEDS["plan"].read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("2. หลักการและเหตุผล/"))
    filler = ["หลักการ " * 1000] * 8  # 8 lines of 8,000 characters: one 64,000-character field
    layout, parsed = parse("\n".join([*lines[: at + 1], *filler, *lines[at + 1 :]]).encode())
    longest = max(len(v) for s in parsed.plan.sheets for v in s.fields.values())
    assert longest == MAX_FIELD_CHARS
    assert any("truncated to 50,000" in w.message for w in parsed.log.items)
