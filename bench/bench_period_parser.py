"""How long core.thai.parse_measure_period takes on ordinary and hostile period texts.

Prints microseconds per call. Hostile texts repeat what the regexes look for (month names,
digits, dashes, quarter words) up to the 200-character cap; longer texts are refused before any
regex runs, so the time does not grow with the input. Run: `python -m bench.bench_period_parser`.
"""

from __future__ import annotations

import timeit

from core.thai import PERIOD_MAX_CHARS, ThaiDateError, parse_measure_period

ORDINARY = [
    "ตลอดปีงบประมาณ",
    "ต.ค. ๒๕๖๖ – ก.ย. ๒๕๖๗",
    "ม.ค. – มี.ค.",
    "ไตรมาสที่ ๑-๒/๒๕๖๗",
    "๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗",
]
UNITS = ["ต.ค. ", "๒๕๖๗ ", "- ", "ไตรมาส ", "ปีงบประมาณ ", "ม.ค.๖๖-", "1/1/"]


def _run(text: str, number: int = 2000) -> float:
    def call() -> None:
        try:
            parse_measure_period(text, fiscal_year_be=2567)
        except ThaiDateError:
            pass

    return timeit.timeit(call, number=number) / number * 1e6


def main() -> None:
    print(f"{'input':<40} {'chars':>7} {'µs/call':>9}")
    for text in ORDINARY:
        print(f"{text:<40} {len(text):>7} {_run(text):>9.1f}")
    for unit in UNITS:
        for size in (50, PERIOD_MAX_CHARS, 100_000):
            text = (unit * (size // len(unit) + 1))[:size]
            label = f"{unit.strip()!r} × {size}"
            print(f"{label:<40} {len(text):>7} {_run(text, 500):>9.1f}")


if __name__ == "__main__":
    main()
