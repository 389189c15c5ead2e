"""Find text that overlaps other text or crosses a ruled line, page by page (pdfplumber).

Used by tests/test_pdf_layout.py on every demo PDF. A "box" is one character cluster of the
text layer (pdfplumber's chars: a Thai base letter with its marks is one box, as tall as the
font size). Two boxes overlap when they share more than a kerning's width and more than
half of the smaller one's height; a box crosses a rule when a vertical (or horizontal)
border line passes through its inner part.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

#: Kerning and side bearings let neighbouring glyphs touch: this much overlap is allowed.
KERN_FRACTION = 0.18
#: A rule must pass this far inside a box (fraction of its width/height) to count.
INSIDE_FRACTION = 0.2
#: Lines shorter than this (points) are not borders (underlines of a glyph, chart ticks).
MIN_RULE_LENGTH = 8.0


@dataclass(frozen=True)
class Problem:
    page: int  # 1-based
    kind: str  # "overlap" or "crosses-rule"
    text: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.kind}: {self.text}"


def _boxes(page) -> list[dict]:
    return [c for c in page.chars if c["text"].strip() and c["x1"] - c["x0"] > 0.5]


def _context(chars: list[dict], target: dict) -> str:
    """The words around `target` on its line, to name a problem."""
    line = sorted(
        (
            c
            for c in chars
            if abs(c["top"] - target["top"]) < 1 and abs(c["x0"] - target["x0"]) < 60
        ),
        key=lambda c: c["x0"],
    )
    return "".join(c["text"] for c in line)


def _overlaps(boxes: list[dict]) -> list[tuple[dict, dict]]:
    found = []
    ordered = sorted(boxes, key=lambda c: c["x0"])
    active: list[dict] = []
    for box in ordered:
        active = [a for a in active if a["x1"] > box["x0"]]
        for other in active:
            width = min(other["x1"], box["x1"]) - max(other["x0"], box["x0"])
            height = min(other["bottom"], box["bottom"]) - max(other["top"], box["top"])
            size = min(other["size"], box["size"])
            if width > KERN_FRACTION * size and height > 0.5 * min(
                other["bottom"] - other["top"], box["bottom"] - box["top"]
            ):
                found.append((other, box))
        active.append(box)
    return found


def _rules(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """(x, top, bottom) of vertical rules and (y, x0, x1) of horizontal ones."""
    vertical, horizontal = [], []
    for edge in page.edges:
        if edge["orientation"] == "v" and edge["bottom"] - edge["top"] >= MIN_RULE_LENGTH:
            vertical.append((edge["x0"], edge["top"], edge["bottom"]))
        elif edge["orientation"] == "h" and edge["x1"] - edge["x0"] >= MIN_RULE_LENGTH:
            horizontal.append((edge["top"], edge["x0"], edge["x1"]))
    return vertical, horizontal


def _crossings(boxes: list[dict], page) -> list[dict]:
    vertical, horizontal = _rules(page)
    found = []
    for box in boxes:
        width, height = box["x1"] - box["x0"], box["bottom"] - box["top"]
        inner_x0, inner_x1 = (
            box["x0"] + INSIDE_FRACTION * width,
            box["x1"] - INSIDE_FRACTION * width,
        )
        inner_top = box["top"] + 0.3 * height
        inner_bottom = box["bottom"] - 0.3 * height
        if any(
            inner_x0 < x < inner_x1 and top < inner_bottom and bottom > inner_top
            for x, top, bottom in vertical
        ) or any(
            inner_top < y < inner_bottom and x0 < inner_x1 and x1 > inner_x0
            for y, x0, x1 in horizontal
        ):
            found.append(box)
    return found


def layout_problems(data: bytes, *, limit: int = 50) -> list[Problem]:
    """Every overlap of text boxes and every rule through text in the PDF `data`."""
    import pdfplumber

    problems: list[Problem] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = page.chars
            boxes = _boxes(page)
            seen = set()
            for a, b in _overlaps(boxes):
                text = f"{_context(chars, a)!r} / {_context(chars, b)!r}"
                if text not in seen:
                    seen.add(text)
                    problems.append(Problem(number, "overlap", text))
            for box in _crossings(boxes, page):
                text = _context(chars, box)
                if text not in seen:
                    seen.add(text)
                    problems.append(Problem(number, "crosses-rule", repr(text)))
            if len(problems) >= limit:
                break
    return problems
