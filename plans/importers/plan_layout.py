"""The DLA five-year plan with its e-PlanNACC annex: detect, parse (pure), save.

Rows per year come from the annex; part 3 gives the sheets and sub-dimensions; part 1 the
texts, risks and targets; part 2 and the foreword are only cross-checked (plan_checks).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from agencies.access import Actor
from agencies.choices import DocumentType
from agencies.names import agency_resolve
from agencies.sources import source_record
from core.importing.base import (
    DocumentRejected,
    ImportResult,
    Layout,
    WarningLog,
    agency_summary,
)
from core.importing.registry import register
from core.importing.source import MAX_FIELD_CHARS, SourceText
from plans.import_service import PlanImportError, plan_import
from plans.importers import plan_checks
from plans.importers.plan_annex import parse_annex
from plans.importers.plan_data import ParsedPlan
from plans.importers.plan_document import (
    looks_like_plan,
    read_document,
    section_paragraphs,
)
from plans.importers.plan_items import build_items, link_sheets
from plans.importers.plan_part1 import parse_part1
from plans.importers.plan_part2_rows import annex_from_part2
from plans.importers.plan_sheets import parse_sheets
from plans.models import (
    Plan,
    PlanItemYear,
)

TWO_PLACES = Decimal("0.01")


@dataclass
class ParsedDocument:
    plan: ParsedPlan
    log: WarningLog


@register
class FiveYearPlanLayout(Layout):
    name = "plan-dla-eplannacc"
    document_type = DocumentType.PLAN
    priority = 10
    expects = "แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ….–….) ที่มี ส่วนที่ 1–3"

    def detect(self, source: SourceText) -> bool:
        return looks_like_plan(source)

    def parse(self, source: SourceText) -> ParsedDocument:
        log = WarningLog()
        info = read_document(source)
        annex = parse_annex(source, info, log) or annex_from_part2(source, info, log)
        items = build_items(annex, place=info.place, log=log)
        sheets = parse_sheets(source, info, annex.legend, log)
        _bound_fields(sheets, log)
        link_sheets(items, sheets, place=info.place, log=log)
        part1 = parse_part1(source, info, log)
        foreword = (
            section_paragraphs(source, info.foreword[0] + 1, info.foreword[1])
            if info.foreword
            else ""
        )
        plan = ParsedPlan(
            info=info,
            foreword_text=foreword,
            annex=annex,
            items=items,
            sheets=sheets,
            part1=part1,
        )
        plan_checks.check_all(source, plan, log)
        return ParsedDocument(plan=plan, log=log)

    def save(
        self,
        parsed: ParsedDocument,
        *,
        source: SourceText,
        agency_code: str | None,
        submit: bool,
        user: Actor,
    ) -> ImportResult:
        data, log = parsed.plan, parsed.log
        info = data.info
        agency = agency_resolve(
            code=agency_code, name=info.agency_name, district=info.district, province=info.province
        )
        document = source_record(
            agency=agency,
            document_type=DocumentType.PLAN,
            layout=self.name,
            source=source,
            user=user,
        )
        try:
            imported = plan_import(
                agency=agency, data=data, document=document, submit=submit, user=user
            )
        except PlanImportError as exc:
            raise DocumentRejected(" ".join(exc.messages), exc.line) from None
        plan = imported.plan
        for line, message in imported.warnings:
            log.add(line, message)
        document.warnings = log.as_list()
        document.save(update_fields=["warnings", "updated_at"])
        return ImportResult(
            document_type=DocumentType.PLAN.value,
            agency=agency_summary(agency),
            url=plan.get_absolute_url(),
            pdf_url=plan.get_pdf_url(),
            warnings=document.warnings,
            extra={"years": info.years, "counts": stored_plan_counts(plan, info.years)},
        )


def _bound_fields(sheets, log: WarningLog) -> None:
    """A sheet field built from many lines is kept to MAX_FIELD_CHARS, with a warning."""
    for sheet in sheets:
        for key, value in list(sheet.fields.items()):
            if len(value) > MAX_FIELD_CHARS:
                log.add(
                    sheet.line,
                    f"ช่อง {key} ของโครงการ “{sheet.title[:60]}” ยาว {len(value):,} ตัวอักษร "
                    f"เก็บ {MAX_FIELD_CHARS:,} ตัวอักษรแรก (field of {len(value):,} characters "
                    f"truncated to {MAX_FIELD_CHARS:,})",
                )
                sheet.fields[key] = value[:MAX_FIELD_CHARS]


def _money(value: Decimal) -> str:
    return str(value.quantize(TWO_PLACES))


def stored_plan_counts(plan: Plan, years: list[int]) -> dict[str, Any]:
    """plan_counts' shape, read back from the stored items and year rows (what was saved)."""
    counts: dict[str, Any] = {}
    grand = Decimal(0)
    rows = PlanItemYear.objects.filter(item__plan=plan).values_list(
        "year", "item__dimension__number", "budget"
    )
    per_year: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0)]))
    for year, dim, budget in rows:
        cell = per_year[year][str(dim).split(".")[0]]
        cell[0] += 1
        cell[1] += budget or Decimal(0)
    for year in sorted(set(years) | set(per_year)):
        per_dim = per_year.get(year, {})
        block: dict[str, Any] = {
            d: {"items": n, "budget": _money(b)}
            for d, (n, b) in sorted(
                per_dim.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 99
            )
        }
        total = sum((b for _, b in per_dim.values()), Decimal(0))
        block["total"] = {"items": sum(n for n, _ in per_dim.values()), "budget": _money(total)}
        counts[str(year)] = block
        grand += total
    counts["total"] = {"items": plan.items.count(), "budget": _money(grand)}
    return counts


def plan_counts(data: ParsedPlan) -> dict[str, Any]:
    """{year: {dimension: {items, budget}, "total": {…}}, "total": {items, budget}} from the rows."""
    counts: dict[str, Any] = {}
    grand = Decimal(0)
    for block in data.annex.years:
        per_dim: dict[int, list] = defaultdict(lambda: [0, Decimal(0)])
        for row in block.rows:
            per_dim[row.dimension][0] += 1
            per_dim[row.dimension][1] += row.amount
        year = {str(d): {"items": n, "budget": _money(b)} for d, (n, b) in sorted(per_dim.items())}
        total = sum((b for _, b in per_dim.values()), Decimal(0))
        year["total"] = {"items": len(block.rows), "budget": _money(total)}
        counts[str(block.year)] = year
        grand += total
    counts["total"] = {"items": len(data.items), "budget": _money(grand)}
    return counts
