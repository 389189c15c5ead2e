"""Grading an ITA result by the grade scheme of its year.

A scheme is data (GradeScheme + GradeBand rows a site admin can correct). Bands are walked in
their order; the first band whose thresholds the scores meet gives the grade. A band that also
needs each instrument's score (IIT, EIT, OIT) cannot be decided when one of them is missing:
then the grade is "unknown", never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol, cast

from django.utils.translation import gettext_lazy as _

from measures.choices import GRADE_UNKNOWN, Instrument

INSTRUMENTS = (Instrument.IIT.value, Instrument.EIT.value, Instrument.OIT.value)


class Band(Protocol):
    label: str
    order: int
    min_total: Decimal
    min_each_instrument: Decimal | None


@dataclass(frozen=True)
class Grade:
    """The outcome of grading: a band's label, or unknown with the reason."""

    label: str
    scheme_code: str = ""
    scheme_name: str = ""
    missing: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""

    @property
    def is_known(self) -> bool:
        return self.label != GRADE_UNKNOWN

    def __str__(self) -> str:
        return self.label if self.is_known else str(_("ไม่ทราบ"))


def grade_scores(
    bands: Iterable[Band],
    *,
    total: Decimal | None,
    instruments: Mapping[str, Decimal | None],
    scheme_code: str = "",
    scheme_name: str = "",
) -> Grade:
    """The grade of a total and instrument scores under the given bands (any order given)."""
    info: dict[str, Any] = {"scheme_code": scheme_code, "scheme_name": scheme_name}
    ordered = sorted(bands, key=lambda b: b.order)
    if not ordered:
        return Grade(GRADE_UNKNOWN, reason=str(_("ยังไม่มีเกณฑ์ระดับผลการประเมินของปีนี้")), **info)
    if total is None:
        return Grade(GRADE_UNKNOWN, missing=("total",), reason=str(_("ไม่มีคะแนนรวม")), **info)
    total = Decimal(total)
    for band in ordered:
        if total < band.min_total:
            continue
        if band.min_each_instrument is None:
            return Grade(band.label, **info)
        missing = tuple(code for code in INSTRUMENTS if instruments.get(code) is None)
        if missing:
            # The total alone would allow this band; whether the instruments do is unknown.
            return Grade(
                GRADE_UNKNOWN,
                missing=missing,
                reason=str(_("เกณฑ์ต้องใช้คะแนน %(names)s ซึ่งไม่มีข้อมูล")) % {"names": ", ".join(missing)},
                **info,
            )
        # No instrument is missing here: every score is a Decimal.
        scores = [cast(Decimal, instruments[code]) for code in INSTRUMENTS]
        if all(Decimal(score) >= band.min_each_instrument for score in scores):
            return Grade(band.label, **info)
    return Grade(GRADE_UNKNOWN, reason=str(_("คะแนนไม่เข้าเกณฑ์ระดับใด (ตรวจสอบเกณฑ์)")), **info)
