"""From per-year rows to the plan's projects, and from part-3 sheets to those projects.

A project is one (dimension, normalised name): the annex prints it once per year, with
drifting spelling and a different number every year. Sheets are linked by name only (the
documents share no numbers), preferring the dimension of the headings above the sheet.
"""

from __future__ import annotations

from collections import Counter

from core.importing.base import WarningLog
from plans.importers.plan_data import Annex, ItemData, SheetData
from plans.importers.plan_names import NameIndex, clean_name, item_kind, name_key


def build_items(annex: Annex, *, place: str, log: WarningLog) -> list[ItemData]:
    """One item per (dimension, name key), with its row for each year it appears in."""
    by_key: dict[tuple[int, str], ItemData] = {}
    spellings: dict[tuple[int, str], Counter[str]] = {}
    first_seen: dict[tuple[int, str], tuple[int, int]] = {}
    for block in annex.years:
        for position, row in enumerate(block.rows):
            key = (row.dimension, name_key(row.name, place=place))
            item = by_key.get(key)
            if item is not None and block.year in item.years:
                other = item.years[block.year]
                log.add(
                    row.line,
                    f"โครงการซ้ำในตาราง พ.ศ. {block.year} (บรรทัด {other.line}): นำเข้าเป็นอีกรายการหนึ่ง",
                )
                key = (key[0], f"{key[1]}#{row.line}")
                item = None
            if item is None:
                item = by_key[key] = ItemData(
                    key=key[1], dimension=row.dimension, title="", kind="", order=0
                )
                spellings[key] = Counter()
                first_seen[key] = (block.year, position)
            item.years[block.year] = row
            spellings[key][clean_name(row.name)] += 1
    items = []
    for key, item in by_key.items():
        # The spelling printed most often; on a tie, the earliest year's.
        item.title = spellings[key].most_common(1)[0][0]
        item.kind = item_kind(item.title)
        items.append(item)
    items.sort(key=lambda it: (it.dimension, first_seen[(it.dimension, it.key)]))
    for order, item in enumerate(items, start=1):
        item.order = order
    return items


def link_sheets(
    items: list[ItemData], sheets: list[SheetData], *, place: str, log: WarningLog
) -> None:
    """Point each sheet at its item and give items the sub-dimension of their first sheet."""
    index = NameIndex([(it.title, it.dimension) for it in items], place=place)
    # Every spelling of every year is a name the sheet may use.
    alias_index = NameIndex(
        [(row.name, it.dimension) for it in items for row in it.years.values()], place=place
    )
    alias_owner = [i for i, it in enumerate(items) for _ in it.years.values()]
    for sheet in sheets:
        match = index.match(sheet.title, sheet.dimension)
        target = match.index if match else None
        if match is None or match.how == "fuzzy":
            alias = alias_index.match(sheet.title, sheet.dimension)
            if alias and alias.how != "fuzzy":
                match, target = alias, alias_owner[alias.index]
        if match is None or target is None:
            log.add(
                sheet.line,
                f'รายละเอียดโครงการ "{sheet.title}" ไม่ตรงกับโครงการใดในตารางรายปี '
                "(นำเข้าโดยไม่ผูกกับโครงการ)",
            )
            continue
        item = items[target]
        sheet.item = target
        if match.how == "fuzzy":
            log.add(
                sheet.line,
                f'จับคู่รายละเอียดโครงการ "{sheet.title}" กับ "{item.title}" '
                f"โดยชื่อใกล้เคียง ({match.score:.0%})",
            )
        _take_subdimension(item, sheet, log)
    with_sheet = {s.item for s in sheets if s.item is not None}
    for i, item in enumerate(items):
        first_line = min(r.line for r in item.years.values())
        if i not in with_sheet:
            years = ", ".join(str(y) for y in sorted(item.years))
            log.add(
                first_line,
                f'โครงการ "{item.title}" (มิติ {item.dimension}, พ.ศ. {years}) '
                "ไม่มีรายละเอียดโครงการในส่วนที่ 3 (แจ้งเพื่อทราบ)",
            )
        elif not item.subdimension:
            log.add(
                first_line,
                f'ไม่ทราบภารกิจตามมิติของ "{item.title}": ส่วนที่ 3 ไม่มีหัวข้อภารกิจเหนือรายละเอียด',
            )


def _take_subdimension(item: ItemData, sheet: SheetData, log: WarningLog) -> None:
    if not item.responsible_unit:
        item.responsible_unit = sheet.fields.get("owner", "").split("\n")[0]
    if sheet.dimension is not None and sheet.dimension != item.dimension:
        log.add(
            sheet.line,
            f'รายละเอียดโครงการ "{sheet.title}" อยู่ใต้มิติ {sheet.dimension} ในส่วนที่ 3 '
            f"แต่ตารางรายปีจัดไว้ในมิติ {item.dimension} (ไม่ระบุภารกิจตามมิติจากหน้านี้)",
        )
        return
    if not sheet.subdimension:
        return
    if not item.subdimension:
        item.subdimension = sheet.subdimension
    elif item.subdimension != sheet.subdimension:
        log.add(
            sheet.line,
            f'โครงการ "{item.title}" มีรายละเอียดอยู่ใต้ภารกิจ {item.subdimension} '
            f"และ {sheet.subdimension} (ใช้ {item.subdimension})",
        )
