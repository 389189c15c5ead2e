"""Measures and measures reports laid out as a title, an intro and a six-column table.

The column order is read from each header row (000 puts ผู้รับผิดชอบ before ระยะเวลา, 002 the
other way round) and kept on the set, so pages draw the table as the document did.
"""

from __future__ import annotations

from typing import Any

from agencies.access import Actor
from core.importing.base import DocumentRejected, ImportResult, Layout, WarningLog
from core.importing.registry import register
from core.importing.source import SourceText
from measures.importers.common import (
    DOCUMENT_TYPES,
    EXPECTED_COLUMNS,
    ParsedSet,
    agency_from_heading,
    check_other_agencies,
    first_header,
    first_total,
    fiscal_year_in,
    header_hint,
    heading_and_intro,
    import_result,
    ita_year_in,
    kind_of,
    parse_tables,
    resolve_agency,
    result_period_of,
    save_measure_set,
)


@register
class MeasuresTableLayout(Layout):
    name = "measures_table"
    document_type = "measures"
    priority = 10

    expects = "ตารางมาตรการที่มีคอลัมน์ " + EXPECTED_COLUMNS

    def detect(self, source: SourceText) -> bool:
        return first_header(source) is not None

    def near_miss(self, source: SourceText) -> str:
        return header_hint(source)

    def parse(self, source: SourceText) -> tuple[ParsedSet, WarningLog]:
        log = WarningLog()
        header = first_header(source)
        if header is None:  # pragma: no cover - detect() said otherwise
            raise DocumentRejected("ไม่พบหัวตารางมาตรการ")
        head = source.lines[: header - 1]
        info = agency_from_heading(head, log)
        title, intro = heading_and_intro(head)
        fiscal_year = fiscal_year_in(title) or fiscal_year_in(" ".join(line.text for line in head))
        if fiscal_year is None:
            raise DocumentRejected("ไม่พบปีงบประมาณในหัวเอกสาร", header)
        table = parse_tables(source, header, log)
        if not table.measures:
            raise DocumentRejected("ตารางมาตรการไม่มีแถวที่นำเข้าได้", header)
        total = first_total([(line.no, line.text) for line in head])
        ita_year = ita_year_in(intro)
        parsed = ParsedSet(
            info=info,
            fiscal_year=fiscal_year,
            ita_year=ita_year,
            kind=kind_of(title),
            title=title,
            intro=intro,
            table=table,
            result_period=result_period_of(title),
            total=total,
        )
        if info.name:
            check_other_agencies(source, info.name, log)
        return parsed, log

    def save(
        self,
        parsed: Any,
        *,
        source: SourceText,
        agency_code: str | None,
        submit: bool,
        user: Actor,
    ) -> ImportResult:
        data, log = parsed
        agency = resolve_agency(data.info, agency_code, log)
        document_type = DOCUMENT_TYPES[data.kind]
        measure_set, ita = save_measure_set(
            data,
            source=source,
            layout_name=self.name,
            document_type=document_type,
            agency=agency,
            log=log,
            submit=submit,
            user=user,
        )
        return import_result(
            document_type=str(document_type),
            agency=agency,
            measure_set=measure_set,
            ita=ita,
            log=log,
        )
