"""Server-rendered SVG charts, built in Python so the same picture shows on the page and
prints in the PDF (WeasyPrint draws inline SVG; no JavaScript, no images to fetch).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.thai import DIGITS_THAI, digits, format_number

NATIONAL_TARGET = Decimal(85)


@dataclass(frozen=True)
class ScorePoint:
    """One year on the chart: its total score (None when unknown) and grade label."""

    year: int
    score: Decimal | None
    grade: str = ""


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def ita_score_chart(
    points: Sequence[ScorePoint],
    *,
    style: str = DIGITS_THAI,
    target: Decimal | None = NATIONAL_TARGET,
    title: str = "",
    width: int = 720,
    height: int = 320,
) -> SafeString:
    """An SVG line chart of ITA totals: years on x, score 0–100 on y, grade labels at the
    points and the national target as a dashed line. Text is in the agency's digits."""
    left, right, top, bottom = 48, 92, 28, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    ordered = sorted(points, key=lambda p: p.year)
    n = len(ordered)

    def x_at(index: int) -> float:
        if n <= 1:
            return left + plot_w / 2
        return left + plot_w * (index + 0.5) / n

    def y_at(score: Decimal | float) -> float:
        return top + plot_h * (1 - float(score) / 100)

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ita-chart" viewBox="0 0 {width} {height}"'
        f' width="100%" role="img" aria-label="{escape(title)}"'
        ' font-family="Sarabun, sans-serif" font-size="13">'
    ]
    if title:
        out.append(f"<title>{escape(title)}</title>")
    # Horizontal grid and the y axis labels (0, 20, …, 100).
    for tick in range(0, 101, 20):
        y = y_at(tick)
        out.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{left + plot_w}" y2="{_fmt(y)}"'
            f' stroke="{"#888" if tick == 0 else "#ddd"}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 8}" y="{_fmt(y + 4)}" text-anchor="end" fill="#555">'
            f"{digits(tick, style)}</text>"
        )
    if target is not None:
        y = y_at(target)
        out.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{left + plot_w}" y2="{_fmt(y)}"'
            ' stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        # Outside the plot, right of the line, so it never covers a point's label.
        out.append(
            f'<text x="{left + plot_w + 6}" y="{_fmt(y + 4)}" text-anchor="start" fill="#c0392b">'
            f"{escape('เป้าหมาย ' + digits(format_number(target, 'arabic'), style))}</text>"
        )
    # Years on the x axis.
    for i, point in enumerate(ordered):
        out.append(
            f'<text x="{_fmt(x_at(i))}" y="{height - bottom + 20}" text-anchor="middle"'
            f' fill="#333">{digits(point.year, style)}</text>'
        )
    out.append(
        f'<text x="{left + plot_w / 2:.0f}" y="{height - 6}" text-anchor="middle" fill="#555"'
        ' font-size="12">ปีงบประมาณ (พ.ศ.)</text>'
    )
    # The line, broken where a year has no total.
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, point in enumerate(ordered):
        if point.score is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{_fmt(x_at(i))},{_fmt(y_at(point.score))}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            out.append(
                f'<polyline points="{" ".join(seg)}" fill="none" stroke="#0d6efd"'
                ' stroke-width="2.5"/>'
            )
    for i, point in enumerate(ordered):
        x = x_at(i)
        if point.score is None:
            out.append(
                f'<text x="{_fmt(x)}" y="{_fmt(y_at(0) - 8)}" text-anchor="middle"'
                ' fill="#888" font-size="12">ไม่มีคะแนนรวม</text>'
            )
            continue
        y = y_at(point.score)
        out.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4.5" fill="#0d6efd"/>')
        label = digits(format_number(point.score, "arabic", places=2), style)
        if point.grade:
            label = f"{label} ({point.grade})"
        # Above the point, or below it near the top; never on a grid or target line (the
        # label's box is about 13 units tall above its baseline).
        rules = [y_at(tick) for tick in range(0, 101, 20)]
        if target is not None:
            rules.append(y_at(target))
        candidates = [y - 10, y + 20, y - 22, y + 32] if y >= top + 18 else [y + 20, y + 32]
        label_y = next(
            (c for c in candidates if not any(c - 14 <= r <= c + 4 for r in rules)),
            candidates[0],
        )
        out.append(
            f'<text x="{_fmt(x)}" y="{_fmt(label_y)}" text-anchor="middle" fill="#111"'
            f' font-weight="bold">{escape(label)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))
