"""Import parsers and the HTML cleaner on hostile input: time per MB at 1 MB and 10 MB.

Every layout's parser (through a full dry-run import, so the save step's text handling is
timed too, then rolled back) and `core.html` get the inputs of `bench/adversarial_inputs.py`:
one long line, deep `<div>` nesting, rows of tabs, runs of Thai digits and spaces, link-like
text, short lines and the seed's body repeated. Linear code gives a 10MB/1MB ratio near 10;
a ratio near 100 is quadratic. A refused input (over a cap) counts: refusing is the answer.

    .venv/bin/python bench/bench_import_adversarial.py [--sizes 1,10] [--seeds plan,memo]
        [--kinds long_line,deep_nesting] [--no-db]

With --no-db only `detect` + `parse` run (no database needed).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from agencies.access import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sujarit_import")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

MB = 1024 * 1024


def run_import(data: bytes, *, use_db: bool, name: str = "hostile.txt") -> str:
    from core.importing.base import DocumentRejected
    from core.importing.registry import detect_layout
    from core.importing.service import document_import
    from core.importing.source import read_source

    try:
        if use_db:
            result = document_import(
                user=SYSTEM, data=data, filename=name, agency_code="BENCH", dry_run=True
            )
            return f"ok, {len(result.warnings)} warnings"
        source = read_source(data, name)
        layout = detect_layout(source)
        layout.parse(source)
        return f"parsed ({layout.name})"
    except DocumentRejected as exc:
        return f"refused: {str(exc)[:60]}"


def html_inputs(size: int) -> dict[str, str]:
    from bench import adversarial_inputs as adv

    return {
        "html deep_nesting": adv._repeat("<div>", size // 2)
        + "x"
        + adv._repeat("</div>", size // 2),
        "html nested_allowed": adv._repeat("<b><i><u>", size // 2) + "x",
        "html unclosed_links": adv._repeat('<a href="http://x.go.th/a">ลิงก์ ', size),
        "html long_line": adv._repeat("ดำเนินการ ๑๒๓ ", size),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10")
    parser.add_argument("--seeds", default="")
    parser.add_argument("--kinds", default="")
    parser.add_argument("--no-db", action="store_true")
    parser.add_argument(
        "--only-office-html", action="store_true", help="only the Word/Excel and HTML rows"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from bench import adversarial_inputs as adv
    from core.html import clean_html, html_to_text
    from reports.services import result_text

    sizes = [float(s) for s in args.sizes.split(",")]
    seeds = args.seeds.split(",") if args.seeds else list(adv.SEEDS)
    kinds = args.kinds.split(",") if args.kinds else adv.ALL_KINDS
    use_db = not args.no_db
    print(f"{'case':40} " + " ".join(f"{s:>5g} MB s/MB" for s in sizes) + "  ratio  outcome")
    for seed in [] if args.only_office_html else seeds:
        for kind in kinds:
            per_mb = []
            outcome = ""
            for size in sizes:
                data = adv.hostile_document(seed, kind, int(size * MB))
                started = time.perf_counter()
                outcome = run_import(data, use_db=use_db)
                per_mb.append((time.perf_counter() - started) / (len(data) / MB))
            _row(f"{seed} {kind}", sizes, per_mb, outcome)
    if not args.kinds or args.only_office_html:
        office_rows(sizes, use_db=use_db)
    for name in html_inputs(1):
        per_mb = []
        for size in sizes:
            fragment = html_inputs(int(size * MB))[name]
            started = time.perf_counter()
            try:
                clean_html(fragment)
                html_to_text(fragment)
                result_text(fragment)
                outcome = "cleaned"
            except ValueError as exc:
                outcome = f"refused: {str(exc)[:60]}"
            per_mb.append((time.perf_counter() - started) / (len(fragment.encode()) / MB))
        _row(name, sizes, per_mb, outcome)


def office_rows(sizes: list[float], *, use_db: bool) -> None:
    """Word and Excel copies of a 6-month report whose table is repeated to the size: the
    readers (python-docx, openpyxl) and the import after them. Size = text size."""
    import tempfile

    from bench import adversarial_inputs as adv
    from tests.fixtures.make_office import write_docx, write_xlsx

    text = adv.SEEDS["six_month"].read_text(encoding="utf-8")
    lines = text.split("\n")
    rows = [line for line in lines if "\t" in line][2:]
    first = next(i for i, line in enumerate(lines) if "\t" in line) + 2
    for kind, writer in (("docx", write_docx), ("xlsx", write_xlsx)):
        per_mb, outcome = [], ""
        for size in sizes:
            unit = len("\n".join(rows).encode())
            body = rows * max(1, int(size * MB) // unit)
            big = "\n".join([*lines[:first], *body, *lines[first:]])
            with tempfile.TemporaryDirectory() as tmp:
                path = writer(big, Path(tmp) / f"big.{kind}")
                data = path.read_bytes()
            started = time.perf_counter()
            outcome = run_import(data, use_db=use_db, name=f"big.{kind}")
            per_mb.append((time.perf_counter() - started) / (len(big.encode()) / MB))
        _row(f"six_month {kind} (table repeated)", sizes, per_mb, outcome)


def _row(name: str, sizes: list[float], per_mb: list[float], outcome: str) -> None:
    # Time ratio of the largest to the smallest input (per-MB figures times the size ratio).
    ratio = per_mb[-1] * sizes[-1] / max(per_mb[0] * sizes[0], 1e-9) if len(sizes) > 1 else 1
    figures = " ".join(f"{t:12.3f}" for t in per_mb)
    print(f"{name:40} {figures} {ratio:6.1f}  {outcome}", flush=True)


if __name__ == "__main__":
    main()
