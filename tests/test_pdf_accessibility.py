"""The portal's PDFs are tagged: PDF/UA-1 and PDF/A-3u in one file (core.pdf.render).

Checked with the ``pdfua`` package (the machine-checkable rules of PDF/UA-1, from PyPI): no
finding at all, errors or warnings. Besides: headings, tables with header cells (and their
scope), lists and links with alternative text in the structure tree, language th, the title
shown by the viewer, both identifications in the XMP, and a text layer still exact.
"""

from __future__ import annotations

import io
import re
import subprocess
from decimal import Decimal

import pikepdf
import pytest
from pdfua import validate
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from core.pdf.render import render_pdf
from measures.tests.factories import seed_set
from plans.tests.factories import item_create, plan_create

pytestmark = pytest.mark.django_db


def _bytes(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def _findings(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    report = validate(str(path))
    return [f"{f.rule_id} {f.severity.name} {f.message}" for f in report.findings]


def _roles(data: bytes) -> dict[str, list]:
    """Structure elements by role (/H1, /Table, /TH, /Link ...)."""
    roles: dict[str, list] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                info = {"alt": str(node.get("/Alt", ""))}
                if "/A" in node and "/Scope" in node.A:
                    info["scope"] = str(node.A.Scope)
                roles.setdefault(str(node.S), []).append(info)
                if "/K" in node:
                    stack.append(node.K)
        links = [
            str(annot.get("/Contents", ""))
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if annot.get("/Subtype") == "/Link"
        ]
    roles["annotations"] = links
    return roles


def test_the_plan_pdf_is_pdf_ua_1_and_pdf_a_3u(client, agency_a, tmp_path):
    plan = plan_create(agency_a)
    item_create(plan, dimension="1", budgets={2566: Decimal(110000)}, with_sheet=True)
    data = _bytes(client.get(plan.get_stable_url(revision=True, pdf=True)))
    assert _findings(data, tmp_path) == []
    roles = _roles(data)
    for role in ("/Document", "/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Link"):
        assert role in roles, (role, sorted(roles))
    assert {th.get("scope") for th in roles["/TH"]} == {"/Column"}
    # The สารบัญ links: each has its words as alternative text, not an anchor name.
    assert "ส่วนที่ ๑ บทนำ" in roles["annotations"]
    assert all(text and not text.startswith("part-") for text in roles["annotations"])

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert isinstance(root, DictionaryObject)
    assert root["/Lang"] == "th"
    preferences, mark_info = root["/ViewerPreferences"], root["/MarkInfo"]
    assert isinstance(preferences, DictionaryObject) and isinstance(mark_info, DictionaryObject)
    assert bool(preferences["/DisplayDocTitle"])
    assert bool(mark_info["/Marked"])
    assert reader.metadata is not None and reader.metadata.title
    metadata = root["/Metadata"]
    assert isinstance(metadata, StreamObject)
    xmp = metadata.get_data()
    assert re.search(rb'pdfuaid:part(="|>)1', xmp), xmp[:600]
    assert re.search(rb'pdfaid:part(="|>)3', xmp) and re.search(rb'conformance(="|>)U', xmp)


def test_tagging_keeps_the_thai_text_layer_exact(tmp_path):
    words = "ผู้รับผิดชอบ น้ำ ที่ทำการ กำหนด ประพฤติมิชอบ"
    data = render_pdf(f"<h2>{words}</h2><p>{words}</p>", title="t", pdf_variant="pdf/a-3u+ua-1")
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "".join(text.split()) == "".join((words + words).split())


def test_a_measure_set_pdf_with_an_external_link_passes_the_checker(client, tmp_path):
    measure_set = seed_set("000", "demo-000")
    data = _bytes(client.get(measure_set.get_stable_url(revision=True, pdf=True)))
    assert _findings(data, tmp_path) == []
    roles = _roles(data)
    assert "/Table" in roles and "/TH" in roles
    links = roles["annotations"]
    assert links and all("://" in text and len(text.split(" (")[0]) > 3 for text in links), links


def test_pdf_ua_1_alone_is_tagged_too(tmp_path):
    html = '<h1>หัวเรื่อง</h1><ul><li>หนึ่ง</li></ul><p><a href="https://example.org">ลิงก์</a></p>'
    data = render_pdf(html, title="ทดสอบ", pdf_variant="pdf/ua-1")
    assert _findings(data, tmp_path) == []
