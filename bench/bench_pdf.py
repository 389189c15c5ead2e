"""Benchmark PDF rendering: stock WeasyPrint vs core.pdf.render_pdf vs Chromium.

Run: .venv/bin/python bench/bench_pdf.py [--runs 3] [--profile] [--no-chromium]

Documents:
  (a) a 200-row Thai measure-report table (ำ and า everywhere, ~38 A4 pages);
  (b) the largest seed document (data/seeds/001_*.txt) as plain paragraphs.

Timings (median of --runs):
  stock      WeasyPrint 70 as shipped: no text-layer fix, a new FontConfiguration
             and @font-face registration per render (what a naive caller does);
  fix-cold   render_pdf's text-layer fix, but with a new FontConfiguration per
             render (isolates the cost of the fix);
  render_pdf core.pdf.render_pdf (fix + cached FontConfiguration and stylesheets);
  chromium   headless Chromium --print-to-pdf of the same HTML (process start
             included).
--profile prints the top cumulative functions of render_pdf on (a).
"""

from __future__ import annotations

import argparse
import cProfile
import html
import io
import pstats
import random
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

from core.pdf import render_pdf, textlayer  # noqa: E402
from core.pdf.render import (  # noqa: E402
    BASE_URL,
    FONTS_CSS_URL,
    STATIC_DIR,
    StaticFileFetcher,
    _as_document,
)

from weasyprint import CSS, HTML  # noqa: E402  # isort: skip
from weasyprint.text.fonts import FontConfiguration  # noqa: E402  # isort: skip

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

MEASURES = [
    "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรมขององค์การบริหารส่วนตำบล",
    "โครงการประชาสัมพันธ์การดำเนินงานด้านความโปร่งใสประจำปีงบประมาณ",
    "กิจกรรมการจัดทำแผนปฏิบัติการป้องกันการทุจริตและประพฤติมิชอบ",
    "มาตรการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน",
    "โครงการฝึกอบรมคุณธรรมจริยธรรมสำหรับผู้บริหาร สมาชิกสภา และพนักงาน",
    "มาตรการจัดการเรื่องร้องเรียนการทุจริตและการดำเนินการทางวินัย",
]
ACTIONS = [
    "ได้ดำเนินการจัดประชุมชี้แจงแนวทางการปฏิบัติงานให้แก่เจ้าหน้าที่ทุกคน",
    "ดำเนินการประกาศเจตจำนงสุจริตของผู้บริหารและเผยแพร่ทางเว็บไซต์",
    "จัดทำคำสั่งแต่งตั้งคณะทำงานและกำหนดหน้าที่ความรับผิดชอบอย่างชัดเจน",
    "รายงานผลการดำเนินการต่อนายกองค์การบริหารส่วนตำบลทุกไตรมาส",
    "นำผลการประเมินมาปรับปรุงการทำงานและกำหนดมาตรการเพิ่มเติม",
    "ประสานงานกับอำเภอและจังหวัดเพื่อติดตามความก้าวหน้าของการดำเนินงาน",
]
RESULTS = [
    "ดำเนินการแล้วเสร็จ ผู้เข้าร่วมร้อยละ ๙๕ มีความเข้าใจเพิ่มขึ้น",
    "อยู่ระหว่างดำเนินการ คาดว่าจะแล้วเสร็จภายในเดือนกันยายน",
    "ดำเนินการครบถ้วนตามแผน ไม่พบข้อร้องเรียนในรอบปีงบประมาณ",
    "ประชาชนได้รับทราบข้อมูลข่าวสารอย่างทั่วถึง จำนวน ๑,๒๕๐ ครั้ง",
]


def table_html(rows: int = 200, seed: int = 7) -> str:
    rng = random.Random(seed)
    body = []
    for i in range(1, rows + 1):
        action = " ".join(rng.sample(ACTIONS, 3))
        result = " ".join(rng.sample(RESULTS, 2))
        budget = f"{rng.randint(5, 500) * 1000:,}.00"
        body.append(
            f"<tr><td>{i}</td><td>{html.escape(rng.choice(MEASURES))}</td>"
            f"<td>{html.escape(action)}</td><td>{html.escape(result)}</td>"
            f"<td class=n>{budget}</td><td>สำนักปลัด / กองคลัง</td></tr>"
        )
    return (
        '<link rel="stylesheet" href="/static/css/fonts.css">'
        "<style>@page{size:A4;margin:15mm}body{font-family:Sarabun;font-size:11pt}"
        "table{border-collapse:collapse;width:100%}"
        "th,td{border:0.5pt solid #666;padding:3pt;vertical-align:top}"
        "td.n{text-align:right;white-space:nowrap}thead{display:table-header-group}</style>"
        "<h1>รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗</h1><table><thead><tr><th>ลำดับ</th>"
        "<th>มาตรการ/โครงการ</th><th>การดำเนินการ</th><th>ผลการดำเนินการ</th>"
        "<th>งบประมาณ (บาท)</th><th>ผู้รับผิดชอบ</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def seed_html() -> str:
    path = sorted((ROOT / "data" / "seeds").glob("001_*.txt"))[0]
    paragraphs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", line)).replace("**", "").split())
        if text:
            paragraphs.append(f"<p>{html.escape(text)}</p>")
    return (
        '<link rel="stylesheet" href="/static/css/fonts.css">'
        "<style>@page{size:A4;margin:20mm}body{font-family:Sarabun;font-size:12pt}"
        "p{margin:0 0 4pt;text-align:justify}</style>" + "".join(paragraphs)
    )


def stock(document: str) -> bytes:
    """Stock WeasyPrint: no fix, fresh font configuration, same static files."""
    with textlayer.stock_weasyprint():
        return _weasyprint_cold(document)


def fix_cold(document: str) -> bytes:
    return _weasyprint_cold(document)


def _weasyprint_cold(document: str) -> bytes:
    fetcher = StaticFileFetcher()
    font_config = FontConfiguration()
    fonts = CSS(url=FONTS_CSS_URL, url_fetcher=fetcher, font_config=font_config)
    return HTML(
        string=_as_document(document, "bench", "th"), base_url=BASE_URL, url_fetcher=fetcher
    ).write_pdf(stylesheets=[fonts], font_config=font_config)


def ours(document: str) -> bytes:
    return render_pdf(document, title="bench")


def chromium(document: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as tmp_dir:
        tmp = Path(tmp_dir)
        page = tmp / "page.html"
        static = STATIC_DIR.as_uri() + "/"
        page.write_text(
            '<!doctype html><html lang="th"><head><meta charset="utf-8"></head><body>'
            + document.replace('"/static/', f'"{static}')
            + "</body></html>",
            encoding="utf-8",
        )
        out = tmp / "out.pdf"
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp / 'profile'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return out.read_bytes()


def pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def timed(function, document: str, runs: int) -> tuple[float, bytes]:
    times, pdf = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        pdf = function(document)
        times.append(time.perf_counter() - started)
    return statistics.median(times), pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()

    ours("<p>warm-up ทดสอบ</p>")  # imports, font configuration: once per process
    documents = {"(a) 200-row table": table_html(), "(b) seed 001": seed_html()}
    engines = {"stock": stock, "fix-cold": fix_cold, "render_pdf": ours}
    if not args.no_chromium and Path(CHROMIUM).exists():
        engines["chromium"] = chromium
    for name, document in documents.items():
        results = {}
        for engine, function in engines.items():
            seconds, pdf = timed(function, document, args.runs)
            results[engine] = seconds
            print(
                f"{name:20} {engine:10} {seconds:7.2f} s  {pages(pdf):3d} pages "
                f"{len(pdf) / 1024:7.0f} KiB",
                flush=True,
            )
        base = results["stock"]
        ratios = "  ".join(f"{e}/stock={s / base:.2f}" for e, s in results.items() if e != "stock")
        print(f"{name:20} ratios     {ratios}\n", flush=True)

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        ours(documents["(a) 200-row table"])
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
