"""Hostile document texts for the import parsers, shared by the benchmark and the tests.

Each input keeps the opening of a real seed (so the layout is detected and its parser runs)
and then adds `size` bytes of one kind of trouble in the middle of the document's table:
rows of long cells (under the cell cap), deep `<div>` nesting, rows of tabs, runs of Thai
digits and spaces, link-like text, year runs, one line over every cap, or the seed's body
repeated.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {
    "plan": ROOT / "data" / "seeds" / "001_85bef1f827b5141b.txt",
    "measures": ROOT / "data" / "seeds" / "000_3bc7e1b26b525055.txt",
    "measures_002": ROOT / "data" / "seeds" / "002_8c547b9c588522fa.txt",
    "memo": ROOT / "data" / "seeds" / "004_3cffff091deaa74d.txt",
    "six_month": ROOT / "tests" / "fixtures" / "six_month_2567.txt",
}


CELL = 15_000  # characters per hostile cell: under the 20,000 cap, so parsers do the work


def _repeat(unit: str, size: int) -> str:
    n = max(1, size // max(1, len(unit.encode("utf-8"))))
    return unit * n


def _rows(unit: str, size: int, columns: int = 2) -> list[str]:
    """`size` bytes of `unit`, as table rows whose cells hold CELL characters each."""
    cell = (unit * (CELL // len(unit) + 1))[:CELL]
    row = "\t".join([cell] * columns)
    return [row] * max(1, size // len(row.encode("utf-8")))


def long_cells(size: int) -> list[str]:
    return _rows("ดำเนินการ ๑๒๓ ", size)


def deep_nesting(size: int) -> list[str]:
    return _rows("<div>" * 90 + "ข้อความ" + "</div>" * 90, size, columns=1)


def many_tabs(size: int) -> list[str]:
    row = "\t".join(["๑"] * 55)
    return [row] * max(1, size // len(row.encode("utf-8")))


def thai_digits_spaces(size: int) -> list[str]:
    return _rows("๑๒๓ ๔๕๖ ๗๘๙" + " " * 40 + "๐.", size)


def link_like(size: int) -> list[str]:
    return _rows(
        'http://www.example.go.th/aaaa <a href="http://x.go.th/a">ลิงก์</a> <a href=x <p ', size
    )


def short_lines(size: int) -> list[str]:
    return _repeat("๑\t\n-\n\t๒\n**ปี ๖๖**\n<p>ด้าน - \n", size).split("\n")


def years_and_counts(size: int) -> list[str]:
    return _rows("พ.ศ. ๒๕๖๖ และ ๒๕๖๗ - ๒๕๖๘ , ", size, columns=1) + [
        "ด้าน" + " " * 5000 + "x จำนวน ๓ โครงการ"
    ]


def huge_line(size: int) -> list[str]:
    """One line over every cap: must be refused at once."""
    return [_repeat("ดำเนินการ ๑๒๓ ", size)]


def repeated_body(seed_text: str, size: int) -> list[str]:
    lines = seed_text.split("\n")
    body = lines[len(lines) // 4 :]
    per = len("\n".join(body).encode("utf-8"))
    return body * max(1, size // per)


KINDS: dict[str, Callable[[int], list[str]]] = {
    "long_cells": long_cells,
    "deep_nesting": deep_nesting,
    "many_tabs": many_tabs,
    "thai_digits_spaces": thai_digits_spaces,
    "link_like": link_like,
    "short_lines": short_lines,
    "years_and_counts": years_and_counts,
    "huge_line": huge_line,
}


def hostile_document(seed: str, kind: str, size: int) -> bytes:
    """The seed's text with `size` bytes of `kind` after its first table row (the plan: after
    the header of its part-2 table)."""
    text = SEEDS[seed].read_text(encoding="utf-8")
    payload = repeated_body(text, size) if kind == "repeated_body" else KINDS[kind](size)
    lines = text.split("\n")
    # The plan's first table is its contents page: its hostile rows go into part 2's table.
    anchor = "มิติ\tภารกิจตามมิติ" if seed == "plan" else "\t"
    first_row = next((i for i, line in enumerate(lines) if anchor in line), len(lines) // 2)
    return "\n".join([*lines[: first_row + 1], *payload, *lines[first_row + 1 :]]).encode()


ALL_KINDS = [*KINDS, "repeated_body"]
