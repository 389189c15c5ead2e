"""Write every PDF of the demo to a folder (to look at its pages).

Run: .venv/bin/python scripts/demo_pdfs.py [OUT_DIR] [--only NAME_PREFIX]

Loads the demo into a throw-away SQLite database (var/demo-pdfs.sqlite3) unless
DATABASE_URL is set, renders every PDF the demo has as the site administrator sees it, and
prints each file's name, pages and render time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "demo-pdfs-not-secret")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'demo-pdfs.sqlite3'}")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default=str(ROOT / "var" / "demo-pdfs"))
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    import tempfile

    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="demo-pdfs-"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.http import HttpResponseBase, StreamingHttpResponse
    from django.test import Client

    from agencies.models import User
    from portal.demo_docs import demo_pdf_urls

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)
    if not User.objects.filter(username="admin").exists():
        call_command("demo_setup", stdout=open(os.devnull, "w"))
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from pypdf import PdfReader

    for name, url in demo_pdf_urls():
        if not name.startswith(args.only):
            continue
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            print(f"{name:20} {url} -> {response.status_code}")
            continue
        # Cached PDFs are FileResponses (streaming). The stubs' test-client response can't
        # be narrowed to a StreamingHttpResponse (their methods clash): narrowed as its base
        # class; getvalue() joins the streaming content.
        served: HttpResponseBase = response
        if isinstance(served, StreamingHttpResponse):
            data = served.getvalue()
        else:
            data = response.content
        (out / f"{name}.pdf").write_bytes(data)
        pages = len(PdfReader(out / f"{name}.pdf").pages)
        print(f"{name:20} {pages:4d} pages {elapsed:6.2f} s  {url}")


if __name__ == "__main__":
    main()
