"""Measures tables recognised by what their columns mean.

Variants of the seeds: a leading number column (ลำดับ) or issue column (ประเด็น), other
wordings of the headers, headers in Arabic digits and without bold; a memo whose measures
table starts with an issue column. Each imports the same number of measures as the seed; an
unrecognised table is refused with what was found and what was expected.
"""

from __future__ import annotations

import re

import pytest

from agencies.access import SYSTEM
from conftest import seed_path
from core.importing.base import DocumentRejected
from core.importing.service import document_import
from core.thai import to_arabic_digits
from measures.importers.common import header_keys
from measures.models import MeasureSet

pytestmark = pytest.mark.django_db

REWORDED = {
    "วิธีดำเนินการ": "ขั้นตอนการดำเนินงาน",
    "วิธีการดำเนินการ": "ขั้นตอนการดำเนินการ",
    "ผู้รับผิดชอบ": "หน่วยงานที่รับผิดชอบ",
    "ระยะเวลาดำเนินการ": "ช่วงเวลา",
}


def prepend_column(text: str, header: str, cell) -> str:
    """Every table row gets a first cell: `header` on header rows, cell(n) on the n-th row."""
    from core.importing.source import Line

    out, n = [], 0
    for no, line in enumerate(text.split("\n"), start=1):
        if "\t" not in line:
            out.append(line)
        elif header_keys(Line(no, line)):
            out.append(f"{header}\t{line}")
        else:
            n += 1
            out.append(f"{cell(n, line)}\t{line}")
    return "\n".join(out)


def reword(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if "\t" in line and line.startswith("มาตรการ"):
            cells = [REWORDED.get(c.strip(), c) for c in line.split("\t")]
            line = "\t".join(cells).replace("**", "")
        lines.append(line)
    return "\n".join(lines)


def measures_of(text: str) -> int:
    result = document_import(
        user=SYSTEM, data=text.encode(), filename="variant.txt", agency_code="VAR"
    )
    count = result.extra["measures"]
    MeasureSet.objects.all().delete()
    return count


@pytest.mark.parametrize("seed", ["000", "002"])
def test_a_number_column_and_other_header_wording(seed):
    text = seed_path(seed).read_text(encoding="utf-8")
    expected = measures_of(text)
    variant = prepend_column(reword(text), "ลำดับ", lambda n, _line: str(n))
    assert measures_of(variant) == expected
    assert measures_of(to_arabic_digits(variant)) == expected


def test_a_memo_whose_measures_table_starts_with_an_issue_column():
    text = seed_path("004").read_text(encoding="utf-8")
    expected = measures_of(text)
    variant = prepend_column(text, "ประเด็น", lambda _n, _line: "ด้านการใช้งบประมาณ")
    result = document_import(
        user=SYSTEM, data=variant.encode(), filename="memo.txt", agency_code="VAR"
    )
    assert result.document_type == "memo"
    assert result.extra["measures"] == expected


def test_an_unknown_table_is_refused_with_what_was_found_and_expected():
    text = seed_path("000").read_text(encoding="utf-8")
    text = re.sub(r"วิธีดำเนินการ", "คำอธิบาย", text)
    with pytest.raises(DocumentRejected) as info:
        document_import(user=SYSTEM, data=text.encode(), filename="x.txt")
    message = str(info.value)
    assert "unknown layout" in message
    assert "มาตรการ/แนวทาง | คำอธิบาย | ผู้รับผิดชอบ" in message
    assert "วิธีดำเนินการ" in message  # what was expected
