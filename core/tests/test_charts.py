"""The dashboards' SVG bar charts are valid SVG, named and described, with one bar a value."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from core.charts import Series, bar_chart, nice_max

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def _text(root: ET.Element, tag: str) -> str | None:
    found = root.find(f"{SVG}{tag}")
    assert found is not None
    return found.text


def _number(element: ET.Element, attribute: str) -> float:
    return float(element.get(attribute) or "nan")


def _bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def test_it_draws_one_bar_per_value_side_by_side():
    svg = bar_chart(
        ["มิติที่ ๑", "มิติที่ ๒", "มิติที่ ๓"],
        [Series("ตามแผน", [100, 50, 0]), Series("ใช้จริง", [80, None, 0])],
        chart_id="budget",
        title="งบประมาณ <ตามแผน> & ใช้จริง",
        desc="คำอธิบาย",
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "budget-title"
    assert _text(root, "title") == "งบประมาณ <ตามแผน> & ใช้จริง"
    assert _text(root, "desc") == "คำอธิบาย"
    bars = _bars(root)
    assert len(bars) == 5  # None draws nothing, 0 draws a flat bar
    heights = [_number(b, "height") for b in bars]
    assert heights[0] > heights[1] > heights[2] > heights[3] == heights[4] == 0  # 100 80 50 0 0
    # Each bar names its category, series and value for a pointer or a screen reader.
    assert _text(bars[0], "title") == "มิติที่ ๑ · ตามแผน: ๑๐๐"


def test_stacked_bars_sit_on_each_other():
    root = _parse(
        bar_chart(
            ["๒๕๖๖", "๒๕๖๗"],
            [Series("ตรงเวลา", [3, 1]), Series("หลังกำหนด", [1, 3])],
            chart_id="h1",
            title="t",
            stacked=True,
            integer=True,
        )
    )
    bars = _bars(root)
    assert len(bars) == 4
    first, second = bars[0], bars[1]  # year 2566: on time below, late on top
    assert _number(second, "y") + _number(second, "height") == _number(first, "y")
    # Counts: the grid is labelled with whole numbers.
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "๔" in labels and not any("." in (label or "") for label in labels)


def test_it_copes_with_no_data():
    root = _parse(bar_chart([], [Series("x", [])], chart_id="empty", title="ว่าง"))
    assert _bars(root) == []


def test_nice_max():
    assert [nice_max(v) for v in (0, 3, 7, 12, 86, 7850)] == [1, 5, 10, 20, 100, 10000]
