"""`import_document --json`: one object on every outcome, its counts read back from the database.

Every kind gives document_type, agency {code, name, district, province} and years, then its
own counts: plans per year and dimension, measures `measures`, progress reports `rows` and
`status_counts`, memos `measures`, `ita` and `chain`. A refusal prints
{"error", "line", "warnings"} and still exits non-zero.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import seed_path
from measures.models import MeasureSet
from reports.models import ReportingRound, ReportRow

pytestmark = pytest.mark.django_db
SIX_MONTH = Path(__file__).resolve().parent / "fixtures" / "six_month_2567.txt"
AGENCY_KEYS = {"code", "name", "district", "province"}


def run_json(path: Path, *args: str) -> dict:
    out = StringIO()
    call_command("import_document", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def refused_json(path: Path) -> dict:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_document", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_one_object_on_a_refusal(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n \n")
    data = refused_json(empty)
    assert set(data) == {"error", "line", "warnings"}
    assert "ไฟล์ว่าง" in data["error"] and data["warnings"] == []


def test_it_prints_one_object_for_an_unknown_layout(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("สวัสดี\nไม่ใช่เอกสารที่รู้จัก\n", encoding="utf-8")
    assert "unknown layout" in refused_json(path)["error"]


def test_it_prints_one_object_for_a_missing_file(tmp_path):
    assert "cannot read" in refused_json(tmp_path / "nope.txt")["error"]


@pytest.mark.parametrize("seed", ["000", "002"])
def test_it_reads_measures_back_from_the_database(seed):
    data = run_json(seed_path(seed))
    assert set(data["agency"]) >= AGENCY_KEYS and data["agency"]["province"]
    stored = MeasureSet.objects.get(source__agency__code=data["agency"]["code"])
    assert data["years"] == [stored.fiscal_year]
    assert data["measures"] == stored.measures.count() > 0


def test_it_gives_a_memo_its_measures_ita_and_chain():
    data = run_json(seed_path("004"))
    assert data["document_type"] == "memo"
    assert set(data["agency"]) >= AGENCY_KEYS
    assert data["measures"] > 0 and data["ita"]["score"] is not None
    assert [s["order"] for s in data["chain"]] == list(range(1, len(data["chain"]) + 1))
    assert len(data["chain"]) >= 2


def test_it_reads_report_rows_and_statuses_back_from_the_round():
    data = run_json(SIX_MONTH, "--agency-code", "NB001")
    rnd = ReportingRound.objects.get(pk=data["round"])
    assert data["rows"] == ReportRow.objects.filter(round=rnd).count() == 10
    assert sum(data["status_counts"].values()) == data["rows"]
    assert data["years"] == [2567] and set(data["agency"]) >= AGENCY_KEYS
