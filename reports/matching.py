"""Matching a report row's project name to a plan item of the year, by name.

Names are compared after normalising what documents vary: Thai/Arabic digits, decomposed
sara am, spaces, quotes and brackets, a leading list number, the kind prefix ("โครงการ",
"กิจกรรม", "มาตรการ") and the agency's own name (written in full or shortened). Then: the same
key; else one key containing the other (the shorter at least 60% of the longer); else the
closest by difflib's ratio at or above THRESHOLD. Titles are capped at MAX_KEY characters and
difflib only runs on candidates its cheap upper bounds let through, so a 100-row report
against a 100-item plan stays in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from core.importing.names import KIND_PATTERN
from core.thai import normalize_text, to_arabic_digits

T = TypeVar("T")

THRESHOLD = 0.8
MAX_KEY = 200
#: difflib comparisons one import may make (rows needing a fuzzy match × the plan's items):
#: a hostile file of thousands of rows stays within seconds; rows past it match only exactly
#: or by containment (and warn when they do not).
MAX_FUZZY_PAIRS = 30_000
_PREFIX_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*[.)]?|โครงการ|กิจกรรม|มาตรการ|แผนงาน|ชื่อ)+")
# An agency named inside a title ("…ขององค์การบริหารส่วนตำบลกระจ่าย", "…ของ อบต.กระจาย"),
# whatever its spelling: titles are compared without it.
_AGENCY_IN_TITLE_RE = re.compile(
    rf"(?:ของ)?\s*(?:{KIND_PATTERN}|อบต\.?|อบจ\.?|ทต\.?|ทม\.?|ทน\.?)\s*[\u0e01-\u0e4e]+"
)
_DROP_RE = re.compile(r"[\s\"'“”‘’«»()\[\]{}<>*:;,.\-–—/]+")


def name_key(text: str, agency_names: Iterable[str] = ()) -> str:
    text = to_arabic_digits(normalize_text(text or ""))
    for name in agency_names:
        if name:
            text = text.replace(to_arabic_digits(normalize_text(name)), "")
    text = _AGENCY_IN_TITLE_RE.sub("", text)
    key = _DROP_RE.sub("", text)
    previous = None
    while previous != key:
        previous = key
        key = _PREFIX_RE.sub("", key)
    return key[:MAX_KEY]


class Candidates(Generic[T]):
    """The plan's items as (key, value), each with its difflib matcher built once (difflib
    indexes its second sequence; comparing many rows to one item reuses that index)."""

    def __init__(self, pairs: Sequence[tuple[str, T]]) -> None:
        self.pairs = list(pairs)
        self.matchers = [SequenceMatcher(None, "", key, autojunk=False) for key, _v in self.pairs]

    def __len__(self) -> int:
        return len(self.pairs)

    def __iter__(self) -> Iterator[tuple[str, T]]:
        return iter(self.pairs)


def best_match(
    title: str,
    candidates: Candidates[T] | Sequence[tuple[str, T]],
    agency_names: Iterable[str] = (),
    *,
    fuzzy: bool = True,
) -> tuple[T | None, float]:
    """The candidate (key, value) whose key best matches `title`, and the score (1.0 exact);
    without `fuzzy`, only the same key or containment match."""
    if not isinstance(candidates, Candidates):
        candidates = Candidates(candidates)
    key = name_key(title, agency_names)
    if not key:
        return None, 0.0
    for ckey, value in candidates:
        if ckey == key:
            return value, 1.0
    contained = [
        (min(len(key), len(ckey)) / max(len(key), len(ckey)), value)
        for ckey, value in candidates
        if ckey and (key in ckey or ckey in key)
    ]
    contained = [c for c in contained if c[0] >= 0.6]
    if contained:
        score, value = max(contained, key=lambda c: c[0])
        return value, max(score, THRESHOLD)
    best: tuple[T | None, float] = (None, 0.0)
    if not fuzzy:
        return best
    for (ckey, value), matcher in zip(candidates.pairs, candidates.matchers, strict=True):
        if 2 * min(len(key), len(ckey)) / (len(key) + len(ckey)) < THRESHOLD:
            continue  # real_quick_ratio without touching the matcher
        matcher.set_seq1(key)
        if matcher.quick_ratio() < THRESHOLD:
            continue
        ratio = matcher.ratio()
        if ratio >= THRESHOLD and ratio > best[1]:
            best = (value, ratio)
    return best
