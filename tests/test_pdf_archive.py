"""The portal's PDFs are PDF/A-3u (agencies archive them) and their Thai text stays exact."""

from __future__ import annotations

import io
import re
import subprocess
from decimal import Decimal
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import StreamObject

from plans.tests.factories import item_create, plan_create

pytestmark = pytest.mark.django_db


def test_it_serves_plan_pdfs_as_pdf_a_3u_with_exact_thai_text(client, agency_a, tmp_path):
    plan = plan_create(agency_a)
    item_create(
        plan, title="โครงการส่งเสริมการดำเนินงานตามหลักธรรมาภิบาล", budgets={2566: Decimal(20000)}
    )
    response = client.get(plan.get_stable_url(revision=True, pdf=True))
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    xmp = cast(StreamObject, PdfReader(io.BytesIO(data)).root_object["/Metadata"]).get_data()
    assert re.search(rb'pdfaid:part(="|>)3', xmp), xmp[:400]
    assert re.search(rb'pdfaid:conformance(="|>)U', xmp), xmp[:400]
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "โครงการส่งเสริมการดำเนินงานตามหลักธรรมาภิบาล" in " ".join(text.split())
    assert "องค์การบริหารส่วนตำบลกระจาย" in text
