"""Plan 001's PDF: size and text-extraction time, stock WeasyPrint vs ours (issue 15).

Run: .venv/bin/python bench/bench_pdf_size.py [--runs 3]

Imports seed 001 into an in-memory SQLite database, builds the plan PDF's HTML as the view
does (plans/pdf/plan.html, every sheet) and renders it twice: with stock WeasyPrint 70
(core.pdf.textlayer removed) and with core.pdf.render_pdf. Prints, for both: file size,
uncompressed page content, the time pypdf and pdfplumber take to extract all text (medians
of --runs, stock and ours interleaved), the ratios ours/stock, and pdf.js's Ctrl-F counts
for a few words next to those of the same find controller over the HTML's text
(tools/pdfjs, needs `npm ci` there).
"""

from __future__ import annotations

import argparse
import html as html_lib
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sujarit-bench-media-")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from agencies.access import SYSTEM  # noqa: E402
from agencies.models import User  # noqa: E402
from core.pdf import render_pdf, textlayer  # noqa: E402
from core.pdf.service import pdf_variant  # noqa: E402
from plans.models import Plan  # noqa: E402
from plans.selectors import plan_detail_context  # noqa: E402
from plans.views import _plan_title  # noqa: E402
from portal.demo import through_chain  # noqa: E402

WORDS = ("ผู้รับผิดชอบ", "ปัญหา", "ส่วนราชการ", "วันที่", "ดำเนินการ", "น้ำ", "ที่")


def plan_html() -> tuple[str, str, str]:
    call_command("migrate", verbosity=0)
    seed = next((ROOT / "data" / "seeds").glob("001_*.txt"))
    with open(os.devnull, "w") as devnull:
        call_command("import_document", str(seed), "--agency-code", "bench-001", stdout=devnull)
    User.objects.create_superuser("bench", "", "bench")
    plan = through_chain(Plan.objects.get(), submitter=SYSTEM)
    title = _plan_title(plan)
    context = {**plan_detail_context(plan, AnonymousUser(), with_sheets=True), "title": title}
    return render_to_string("plans/pdf/plan.html", context), title, plan.agency.name


def content_bytes(pdf: bytes) -> int:
    import pypdf

    total = 0
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        contents = page.get_contents()
        assert contents is not None  # WeasyPrint writes a content stream on every page
        total += len(contents.get_data())
    return total


def pypdf_text(pdf: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def pdfplumber_text(pdf: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() for page in document.pages)


def pdfjs_counts(pdfs: dict[str, bytes], lines: list[str]) -> dict[str, dict[str, int]] | None:
    """Ctrl-F counts per PDF, and under "source" those of the same find controller
    over ``lines`` (pdf.js ignores diacritics by default: "น้ำ" also finds "นำ")."""
    script = ROOT / "tools" / "pdfjs" / "extract.mjs"
    if not shutil.which("node") or not (script.parent / "node_modules").is_dir():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        documents = []
        for name, pdf in pdfs.items():
            path = Path(tmp) / f"{name}.pdf"
            path.write_bytes(pdf)
            documents.append({"pdf": str(path), "queries": list(WORDS)})
        documents.append({"lines": lines, "queries": list(WORDS)})
        result = subprocess.run(
            ["node", str(script)],
            input=json.dumps({"documents": documents}).encode(),
            capture_output=True,
            check=True,
            cwd=script.parent,
        )
    answers = json.loads(result.stdout)
    names = [*pdfs, "source"]
    return {name: answer["counts"] for name, answer in zip(names, answers, strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    document, title, author = plan_html()
    variant = pdf_variant()
    started = time.perf_counter()
    with textlayer.stock_weasyprint():
        stock = render_pdf(document, title=title, author=author, pdf_variant=variant)
    stock_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ours = render_pdf(document, title=title, author=author, pdf_variant=variant)
    ours_seconds = time.perf_counter() - started
    pdfs = {"stock": stock, "ours": ours}

    # Interleaved (stock, ours, stock, ours...) so that load changes on this shared
    # machine hit both alike; medians of --runs.
    times: dict[tuple[str, str], list[float]] = {
        (name, tool): [] for name in pdfs for tool in ("pypdf", "pdfplumber")
    }
    for _ in range(args.runs):
        for tool, function in (("pypdf", pypdf_text), ("pdfplumber", pdfplumber_text)):
            for name, pdf in pdfs.items():
                started = time.perf_counter()
                function(pdf)
                times[name, tool].append(time.perf_counter() - started)
    rows = {
        name: {
            "size": len(pdf),
            "content": content_bytes(pdf),
            "pypdf": statistics.median(times[name, "pypdf"]),
            "pdfplumber": statistics.median(times[name, "pdfplumber"]),
        }
        for name, pdf in pdfs.items()
    }
    print(f"plan 001: render stock {stock_seconds:.1f} s, ours {ours_seconds:.1f} s")
    print(f"{'':8}{'PDF size':>12}{'page content':>16}{'pypdf':>10}{'pdfplumber':>12}")
    for name, row in rows.items():
        print(
            f"{name:8}{row['size'] / 1e6:>9.2f} MB{row['content'] / 1e6:>13.2f} MB"
            f"{row['pypdf']:>8.1f} s{row['pdfplumber']:>10.1f} s"
        )
    ratio = {key: rows["ours"][key] / rows["stock"][key] for key in rows["ours"]}
    print(
        f"{'ratio':8}{ratio['size']:>11.2f}×{ratio['content']:>15.2f}×"
        f"{ratio['pypdf']:>9.2f}×{ratio['pdfplumber']:>11.2f}×  (ours / stock)"
    )

    body = re.sub(r"(?s)<(style|head)\b.*?</\1>", " ", document)
    text = html_lib.unescape(re.sub(r"<[^>]*>", " ", body))
    lines = [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]
    counts = pdfjs_counts(pdfs, lines)
    if counts is None:
        print("pdf.js: tools/pdfjs not installed (scripts/install.sh --browser)")
        return
    print("\npdf.js Ctrl-F matches: HTML text / stock / ours (exact substrings of the HTML text)")
    for word in WORDS:
        print(
            f"  {word:14} {counts['source'][word]:6} {counts['stock'][word]:6} "
            f"{counts['ours'][word]:6}   ({text.count(word)})"
        )


if __name__ == "__main__":
    main()
