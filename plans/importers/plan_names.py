"""Project names as the plan's sections print them, reduced to one key for matching.

The same project is spelled differently in the annex, part 2 and part 3 of a plan (seed 001:
กระจาย/กระจ่าย/กระเจา, straight and curly quotes, "ของ" dropped, เรื่องราว/เรื่อง, the
เจตนารมณ์ misspellings, ปลอดภัย for โปร่งใส, ใช้/ให้บัตรคิว, details added in parentheses).
`name_key` is the one normalisation every section's names go through.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from core.importing.source import strip_markdown
from core.thai import normalize_text, to_arabic_digits
from plans.choices import ItemKind

_QUOTES = re.compile("[\"'“”‘’«»`]")
_SPACES = re.compile(r"\s+")
_TONES = re.compile("[\u0e48-\u0e4b]")
_DETAILS = re.compile(r"\([^()]*\)")
# Applied after tone marks are removed (hence "สวน" for "ส่วน").
_AGENCY_PREFIX = re.compile("(?:องค์การ|องค์กร)บริหารสวน(?:ตำบล|จังหวัด)|เทศบาล(?:ตำบล|เมือง|นคร)")
# Word-level drift seen in DLA/e-PlanNACC plans: (pattern, replacement), applied in order to
# text without spaces or tone marks.
_DRIFT = [
    (re.compile("เจตนา[\u0e01-\u0e4e]*?(?=ใน|ที|ตอ|$)"), "เจตนารมณ"),
    (re.compile("เรืองราว"), "เรือง"),
    (re.compile("ปลอดภัย"), "โปรงใส"),
    (re.compile("ใหบัตรคิว"), "ใชบัตรคิว"),
    (re.compile("ของ"), ""),
    (re.compile("(?:การ){2,}"), "การ"),
]
AGENCY_TOKEN = "<อปท>"

KIND_WORDS = [
    ("โครงการ", ItemKind.PROJECT),
    ("กิจกรรม", ItemKind.ACTIVITY),
    ("มาตรการ", ItemKind.MEASURE),
]


def clean_name(text: str) -> str:
    """A name for display: markdown and doubled spaces gone, nothing else changed."""
    return _SPACES.sub(" ", strip_markdown(normalize_text(text))).strip()


def _replace_agency(text: str, place: str) -> str:
    """Replace "<agency prefix><place, however misspelt>" with one token."""
    if not place:
        return _AGENCY_PREFIX.sub(AGENCY_TOKEN, text)
    place = _TONES.sub("", place)
    out: list[str] = []
    pos = 0
    for m in _AGENCY_PREFIX.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos : m.start()])
        end = m.end()
        best, best_len = 0.0, 0
        for n in range(max(1, len(place) - 2), len(place) + 3):
            ratio = difflib.SequenceMatcher(None, place, text[end : end + n]).ratio()
            if ratio > best:
                best, best_len = ratio, n
        out.append(AGENCY_TOKEN)
        pos = end + best_len if best >= 0.75 else end
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=8192)
def name_key(text: str, *, place: str = "", details: bool = True) -> str:
    """The matching key of a project name. `details=False` also drops parenthesised details."""
    s = strip_markdown(normalize_text(to_arabic_digits(text)))
    s = _QUOTES.sub("", s)
    if not details:
        s = _DETAILS.sub("", s)
    s = _SPACES.sub("", s).lower()
    s = _TONES.sub("", s)
    s = _replace_agency(s, place)
    for pattern, repl in _DRIFT:
        s = pattern.sub(repl, s)
    return s


def item_kind(name: str) -> str:
    """โครงการ/กิจกรรม/มาตรการ from the name's first word (a bare name counts as a project)."""
    s = _QUOTES.sub("", clean_name(name)).lstrip()
    for word, kind in KIND_WORDS:
        if s.startswith(word):
            return kind
    return ItemKind.PROJECT


@dataclass(frozen=True)
class Match:
    index: int
    how: str  # "exact", "details" (parentheses ignored) or "fuzzy"
    score: float = 1.0


class NameIndex:
    """Finds which item a name printed elsewhere refers to, preferring the same dimension."""

    FUZZY_MIN = 0.86

    def __init__(self, entries: list[tuple[str, int]], *, place: str = "") -> None:
        """`entries`: (name, dimension) per item, in item order."""
        self.place = place
        self.dimensions = [dim for _, dim in entries]
        self.keys = [name_key(name, place=place) for name, _ in entries]
        self.short_keys = [name_key(name, place=place, details=False) for name, _ in entries]
        self._matchers: dict[int, difflib.SequenceMatcher] = {}

    def _pick(self, hits: list[int], dimension: int | None) -> int | None:
        if not hits:
            return None
        same = [i for i in hits if self.dimensions[i] == dimension]
        return (same or hits)[0]

    def match(self, name: str, dimension: int | None = None) -> Match | None:
        key = name_key(name, place=self.place)
        hit = self._pick([i for i, k in enumerate(self.keys) if k == key], dimension)
        if hit is not None:
            return Match(hit, "exact")
        short = name_key(name, place=self.place, details=False)
        hits = [
            i
            for i, (k, sk) in enumerate(zip(self.keys, self.short_keys, strict=True))
            if short in (k, sk) or key == sk
        ]
        hit = self._pick(hits, dimension)
        if hit is not None:
            return Match(hit, "details")
        return self._fuzzy(short, dimension)

    def _matcher(self, i: int) -> difflib.SequenceMatcher:
        """One matcher per item, its name analysed once (SequenceMatcher caches the second
        sequence: rebuilding it for every comparison cost seconds per MB of part 2)."""
        matcher = self._matchers.get(i)
        if matcher is None:
            matcher = difflib.SequenceMatcher(None, "", self.short_keys[i], autojunk=False)
            self._matchers[i] = matcher
        return matcher

    def _fuzzy(self, short: str, dimension: int | None) -> Match | None:
        scored = []
        for i, sk in enumerate(self.short_keys):
            # real_quick_ratio from the lengths alone, before any matcher work.
            if 2 * min(len(short), len(sk)) < self.FUZZY_MIN * (len(short) + len(sk)):
                continue
            matcher = self._matcher(i)
            matcher.set_seq1(short)
            if matcher.quick_ratio() < self.FUZZY_MIN:
                continue
            ratio = matcher.ratio()
            if ratio >= self.FUZZY_MIN:
                scored.append((ratio + (0.01 if self.dimensions[i] == dimension else 0), i))
        if not scored:
            return None
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[0][0] - scored[1][0] < 0.02:
            return None  # two candidates alike: do not guess
        return Match(scored[0][1], "fuzzy", round(scored[0][0], 2))
