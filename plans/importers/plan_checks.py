"""Cross-checks: figures the plan prints (part 2 totals, the foreword's counts, the annex's
total rows) against the rows it lists. Every disagreement is a warning naming both figures."""

from __future__ import annotations

from core.importing.base import WarningLog
from core.importing.source import SourceText
from plans.importers.plan_data import ParsedPlan


def check_all(source: SourceText, plan: ParsedPlan, log: WarningLog) -> None:
    pass
