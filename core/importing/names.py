"""Where a place name written in a heading ends.

Headings often run words together ("…ตำบลหนองบัวอำเภอคำเขื่อนแก้วจังหวัดยโสธรประจำปีงบประมาณ
พ.ศ. ๒๕๖๗"), so a name read as "the Thai letters after ตำบล" swallows the rest of the line.
A name ends at the first of: a space, อำเภอ, จังหวัด, the year words (ประจำปี, ปีงบประมาณ,
พ.ศ.), รอบ, or the end of the line.
"""

from __future__ import annotations

import re

#: The kinds of agency as documents write them (with the common "องค์กร" misspelling).
KIND_PATTERN = r"(?:องค์การ|องค์กร)บริหารส่วน(?:ตำบล|จังหวัด)|เทศบาล(?:ตำบล|เมือง|นคร)"
#: An agency named in a heading: its kind, then the Thai letters of its place.
AGENCY_RE = re.compile(rf"({KIND_PATTERN})\s*([\u0e01-\u0e4e]+)")
#: "อำเภอ… จังหวัด…" as a heading or an address writes it.
PLACE_RE = re.compile(r"อำเภอ\s*([\u0e01-\u0e4e]+)\s*จังหวัด\s*([\u0e01-\u0e4e]+)")

STOP_WORDS = ("อำเภอ", "จังหวัด", "ประจำปี", "ปีงบประมาณ", "พ.ศ", "รอบ", "ไตรมาส")
_STOP_RE = re.compile("|".join(re.escape(w) for w in STOP_WORDS) + r"|[\s\d๐-๙(),.:*]")


def place_word(text: str) -> str:
    """The place name at the start of `text`, up to the first stop word (never empty-cut:
    a name that starts with a stop word is returned whole up to the next space)."""
    m = _STOP_RE.search(text, 1)
    return text[: m.start()] if m else text
