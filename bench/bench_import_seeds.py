"""Each seed imported through `import_document --json` (rolled back), three runs each: seconds.

The old timed test (plan 001 "well under ten seconds") lives here now, as a printed figure:
a speed target is a benchmark, never an assertion that fails on a busy machine.

    .venv/bin/python bench/bench_import_seeds.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sujarit_bench_import")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    seeds = sorted((ROOT / "data" / "seeds").glob("*.txt"))
    print(f"{'seed':<28} {'kind':<22} " + " ".join(f"run{i + 1:>2}" for i in range(args.runs)))
    for seed in seeds:
        times: list[float] = []
        kind = "?"
        for _ in range(args.runs):
            out = StringIO()
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    call_command("import_document", str(seed), "--json", stdout=out)
                    raise Rollback
            except Rollback:
                pass
            times.append(time.perf_counter() - started)
            kind = json.loads(out.getvalue()).get("document_type", "?")
        cells = " ".join(f"{t:5.2f}" for t in times)
        print(f"{seed.name:<28} {kind:<22} {cells}   median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
