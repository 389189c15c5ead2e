"""Matching a 12-month report's rows to the plan's items by name (reports/matching.py).

Real reports have tens to a few hundred rows against a plan of 40–200 items. A hostile file
may have thousands of rows that match nothing, each needing the fuzzy comparison: the
service stops fuzzy matching after MAX_FUZZY_PAIRS comparisons, so the time levels off.

    .venv/bin/python bench/bench_annual_match.py [--items 200] [--rows 100,1000,10000]

Prints the seconds per run and per 1,000 rows (no database: the matcher is pure).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

WORDS = "โครงการ ส่งเสริม คุณธรรม จริยธรรม ความโปร่งใส การมีส่วนร่วม ประชาชน บุคลากร ฝึกอบรม ป้องกัน การทุจริต พัฒนา ระบบ บริการ".split()


def title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))


def run(n_items: int, n_rows: int) -> float:
    from reports.matching import MAX_FUZZY_PAIRS, Candidates, best_match, name_key

    rng = random.Random(n_rows)
    candidates = Candidates([(name_key(title(rng)), i) for i in range(n_items)])
    rows = [title(rng) + " ไม่มีในแผน" for _ in range(n_rows)]
    start = time.perf_counter()
    pairs = 0
    for row in rows:
        fuzzy = pairs + len(candidates) <= MAX_FUZZY_PAIRS
        match = best_match(row, candidates, fuzzy=fuzzy)
        if match[0] is None:
            pairs += len(candidates)
    return time.perf_counter() - start


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--rows", default="100,1000,10000")
    args = parser.parse_args()
    for n in (int(x) for x in args.rows.split(",")):
        seconds = run(args.items, n)
        print(
            f"{n:>6} rows × {args.items} items: {seconds:6.2f} s ({seconds / n * 1000:.2f} s per 1,000 rows)"
        )


if __name__ == "__main__":
    main()
