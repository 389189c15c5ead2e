"""A place name in a heading ends where the district, province, year or line begins."""

from __future__ import annotations

import pytest

from core.importing.names import place_word


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("หนองบัวอำเภอคำเขื่อนแก้วจังหวัดยโสธรประจำปีงบประมาณพ.ศ.๒๕๖๗", "หนองบัว"),
        ("คำเขื่อนแก้วจังหวัดยโสธร", "คำเขื่อนแก้ว"),
        ("ยโสธรประจำปีงบประมาณพ", "ยโสธร"),
        ("ยโสธร รอบ ๖ เดือน", "ยโสธร"),
        ("กระจาย", "กระจาย"),
        ("ปากช่อง(ฉบับปรับปรุง)", "ปากช่อง"),
    ],
)
def test_it_cuts_the_name_at_the_first_stop_word(text, name):
    assert place_word(text) == name
