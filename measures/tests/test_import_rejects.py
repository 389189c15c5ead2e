"""Documents with impossible ITA figures are rejected whole, with the reason and line."""

from __future__ import annotations

import pytest

from agencies.access import SYSTEM
from conftest import seed_path
from core.importing.base import DocumentRejected
from core.importing.service import document_import
from measures.models import MeasureSet


def _memo_with(old: str, new: str) -> bytes:
    text = seed_path("004").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new).encode()


@pytest.mark.django_db
def test_it_rejects_a_total_over_100():
    data = _memo_with("คะแนน ๗๔.๓๖", "คะแนน ๑๗๔.๓๖")
    with pytest.raises(DocumentRejected) as exc:
        document_import(user=SYSTEM, data=data, filename="x.txt", agency_code="X")
    assert "ต้องอยู่ระหว่าง 0 ถึง 100" in exc.value.reason
    assert exc.value.line == 17
    assert not MeasureSet.objects.exists()


@pytest.mark.django_db
def test_it_rejects_a_non_numeric_total():
    data = _memo_with("คะแนน ๗๔.๓๖", "คะแนน ดีมาก")
    with pytest.raises(DocumentRejected) as exc:
        document_import(user=SYSTEM, data=data, filename="x.txt", agency_code="X")
    assert "ต้องเป็นตัวเลข" in exc.value.reason


@pytest.mark.django_db
def test_it_rejects_a_non_numeric_indicator_score():
    text = seed_path("002").read_text(encoding="utf-8")
    text = text.replace("การเปิดเผยข้อมูล ได้ ๙๐ คะแนน", "การเปิดเผยข้อมูล ได้ เต็ม คะแนน")
    with pytest.raises(DocumentRejected) as exc:
        document_import(user=SYSTEM, data=text.encode(), filename="x.txt", agency_code="X")
    assert "คะแนนตัวชี้วัดที่ 9 ไม่ใช่ตัวเลข" in exc.value.reason
    assert exc.value.line == 30


@pytest.mark.django_db
def test_it_rejects_an_indicator_score_over_100():
    text = seed_path("002").read_text(encoding="utf-8")
    text = text.replace("ได้คะแนน ๙๒.๕๐ คะแนน", "ได้คะแนน ๑๙๒.๕๐ คะแนน")
    with pytest.raises(DocumentRejected) as exc:
        document_import(user=SYSTEM, data=text.encode(), filename="x.txt", agency_code="X")
    assert "คะแนนตัวชี้วัดที่ 10 ต้องอยู่ระหว่าง 0 ถึง 100" in exc.value.reason
