"""Server-rendered SVG bar charts for the public dashboards (as measures/charts.py draws the
ITA line): the same picture on the page and in print, no JavaScript, nothing to fetch.

Accessible by construction: the SVG is an image named by its <title> and described by its
<desc>; the page puts the chart's data table beside it, which is what a screen reader reads.
Every bar is a ``<rect class="bar">`` (tests count them); text follows the digit style.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.thai import DIGITS_THAI, digits, format_number

Number = int | float | Decimal

#: Colours that stay apart for colour-blind readers (Okabe–Ito), in series order.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999"]


@dataclass(frozen=True)
class Series:
    """One set of bars: a label for the legend and a value per category (None: no bar)."""

    label: str
    values: Sequence[Number | None]
    color: str = ""


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_max(value: float) -> float:
    """The top of the y axis: `value` rounded up to 1, 2, 2.5 or 5 × a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover


def plain_number(value: Number, style: str) -> str:
    places = 0 if float(value).is_integer() else 1
    return digits(format_number(value, "arabic", places=places), style)


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    desc: str = "",
    stacked: bool = False,
    y_max: float | None = None,
    y_label: str = "",
    integer: bool = False,
    value_text: Callable[[Number, str], str] = plain_number,
    style: str = DIGITS_THAI,
    width: int = 480,
    height: int = 280,
) -> SafeString:
    """Vertical bars per category: side by side per series, or stacked; y from 0 to `y_max`
    (default: the largest value rounded up), four grid lines, a legend when there are
    several series, the value above each bar when they are side by side."""
    left, right, top = 56, 8, 16
    # The legend (several series only), wrapped into lines that fit the width.
    legend: list[tuple[float, int, int]] = []  # (x, line, series index)
    x, line = float(left), 0
    for j, s in enumerate(series if len(series) > 1 else ()):
        needed = 28 + 7 * len(s.label)
        if x + needed > width - right and x > left:
            x, line = float(left), line + 1
        legend.append((x, line, j))
        x += needed
    legend_h = 18 * (line + 1) + 4 if legend else 0
    bottom = 40 + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(categories), 1)

    def value(v: Number | None) -> float:
        return 0.0 if v is None else float(v)

    if stacked:
        largest = max((sum(value(s.values[i]) for s in series) for i in range(n)), default=0)
    else:
        largest = max((value(v) for s in series for v in s.values), default=0)
    top_value = y_max if y_max is not None else nice_max(largest)
    if integer and y_max is None:  # counts: whole numbers on each of the four grid lines
        top_value = max(4, math.ceil(top_value / 4) * 4)

    def y_at(v: float) -> float:
        return top + plot_h * (1 - min(v, top_value) / top_value)

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" id="{escape(chart_id)}"'
        f' viewBox="0 0 {width} {height}" width="100%" role="img"'
        f' aria-labelledby="{title_id}" aria-describedby="{desc_id}"'
        ' font-family="Sarabun, sans-serif" font-size="13">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc or title)}</desc>',
    ]
    for k in range(5):
        tick = top_value * k / 4
        y = y_at(tick)
        out.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{left + plot_w}" y2="{_fmt(y)}"'
            f' stroke="{"#888" if k == 0 else "#e3e3e3"}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{_fmt(y + 4)}" text-anchor="end" fill="#555">'
            f"{escape(value_text(tick, style))}</text>"
        )
    if y_label:
        out.append(
            f'<text x="12" y="{_fmt(top + plot_h / 2)}" text-anchor="middle" fill="#555"'
            f' transform="rotate(-90 12 {_fmt(top + plot_h / 2)})">{escape(y_label)}</text>'
        )
    slot = plot_w / n
    group_w = slot * 0.72
    bar_w = group_w if stacked else group_w / max(len(series), 1)
    for i, category in enumerate(categories):
        x0 = left + slot * i + (slot - group_w) / 2
        base = 0.0
        for j, s in enumerate(series):
            v = s.values[i] if i < len(s.values) else None
            if v is None:
                continue
            color = s.color or PALETTE[j % len(PALETTE)]
            x = x0 if stacked else x0 + bar_w * j
            low, high = (base, base + float(v)) if stacked else (0.0, float(v))
            y_top, y_bottom = y_at(high), y_at(low)
            label = f"{category} · {s.label}: {value_text(v, style)}"
            out.append(
                f'<rect class="bar" x="{_fmt(x)}" y="{_fmt(y_top)}" width="{_fmt(bar_w)}"'
                f' height="{_fmt(max(y_bottom - y_top, 0))}" fill="{color}">'
                f"<title>{escape(label)}</title></rect>"
            )
            if not stacked and bar_w >= 18 and v:
                out.append(
                    f'<text x="{_fmt(x + bar_w / 2)}" y="{_fmt(y_top - 3)}" text-anchor="middle"'
                    f' fill="#222" font-size="11">{escape(value_text(v, style))}</text>'
                )
            base = high if stacked else base
        out.append(
            f'<text x="{_fmt(left + slot * (i + 0.5))}" y="{top + plot_h + 16}"'
            f' text-anchor="middle" fill="#333">{escape(category)}</text>'
        )
    for x, line, j in legend:
        s = series[j]
        color = s.color or PALETTE[j % len(PALETTE)]
        y = height - legend_h + 14 + 18 * line
        out.append(f'<rect x="{_fmt(x)}" y="{y - 10}" width="12" height="12" fill="{color}"/>')
        out.append(f'<text x="{_fmt(x + 16)}" y="{y}" fill="#333">{escape(s.label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))
