"""The plain data a five-year plan parses into (no database): what `save` writes.

Every figure carries the line it was read from, so that a warning can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.thai import NoBudget


@dataclass
class AnnexRow:
    """One row of an e-PlanNACC per-year table: an item in one year."""

    line: int
    year: int
    number: str
    name: str
    dimension: int
    budget: Decimal | NoBudget | None
    quarters: tuple[bool, bool, bool, bool]
    note: str = ""

    @property
    def amount(self) -> Decimal:
        return self.budget if isinstance(self.budget, Decimal) else Decimal(0)


@dataclass
class AnnexTotal:
    """The printed total row (รวมทั้งสิ้น) of one year's table."""

    line: int
    budget: Decimal | None
    quarters: list[int | None]


@dataclass
class AnnexYear:
    year: int
    line: int
    rows: list[AnnexRow] = field(default_factory=list)
    total: AnnexTotal | None = None


@dataclass
class Annex:
    years: list[AnnexYear]
    # The legend under each table: {1: "การสร้างวัฒนธรรมสุจริต", ...}
    legend: dict[int, str] = field(default_factory=dict)
    line: int = 0


@dataclass
class ItemData:
    """A project of the plan: one (dimension, normalised name) with its rows per year."""

    key: str
    dimension: int
    title: str
    kind: str
    order: int
    years: dict[int, AnnexRow] = field(default_factory=dict)
    subdimension: str = ""  # "1.1"; empty when unknown
    responsible_unit: str = ""


@dataclass
class SheetData:
    """A part-3 detail sheet (รายละเอียดโครงการ)."""

    line: int
    title: str
    dimension: int | None  # from the headings above it (None if there are none)
    subdimension: str = ""  # "1.1" of the sub-dimension heading above it
    heading: str = ""  # the third-level heading above it, as printed
    fields: dict[str, str] = field(default_factory=dict)
    item: int | None = None  # index into ParsedPlan.items


@dataclass
class RiskData:
    line: int
    step: str
    risks: str
    level: str
    level_text: str
    controls: str


@dataclass
class TargetData:
    line: int
    label: str
    values: dict[str, str]


@dataclass
class Part1:
    rationale: str = ""
    objectives: str = ""
    benefits: str = ""
    risks: list[RiskData] = field(default_factory=list)
    targets: list[TargetData] = field(default_factory=list)


@dataclass
class DocumentInfo:
    """What the document says about itself: title, years, agency and where its parts are."""

    title: str
    first_year: int
    last_year: int
    agency_name: str
    place: str  # the place part of the agency's name ("กระจาย"), for name matching
    district: str = ""
    province: str = ""
    foreword: tuple[int, int] | None = None
    part1: tuple[int, int] | None = None
    part2: tuple[int, int] | None = None
    part3: tuple[int, int] | None = None
    annex_start: int | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


@dataclass
class ParsedPlan:
    info: DocumentInfo
    foreword_text: str
    annex: Annex
    items: list[ItemData]
    sheets: list[SheetData]
    part1: Part1
