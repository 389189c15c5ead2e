"""The selectors that feed pages, PDFs and CSVs load a set in a fixed number of queries."""

from __future__ import annotations

import pytest

from agencies.access import SYSTEM
from conftest import seed_path
from core.importing.service import document_import
from measures.models import MeasureSet
from measures.selectors import ita_history, measures_for_set


@pytest.mark.django_db
def test_it_loads_a_whole_set_without_a_query_per_measure(django_assert_num_queries):
    path = seed_path("002")
    document_import(user=SYSTEM, data=path.read_bytes(), filename=path.name, agency_code="demo-002")
    measure_set = MeasureSet.objects.get()
    # measures, steps, results, indicators, plan items
    with django_assert_num_queries(5):
        rows = [
            (
                m.title,
                [s.text for s in m.steps.all()],
                list(m.results.all()),
                list(m.indicators.all()),
            )
            for m in measures_for_set(measure_set)
        ]
    assert len(rows) == 6


@pytest.mark.django_db
def test_it_grades_a_history_in_a_fixed_number_of_queries(django_assert_num_queries, root):
    for prefix, code in (("004", "demo-004"), ("002", "demo-004")):
        path = seed_path(prefix)
        document_import(user=SYSTEM, data=path.read_bytes(), filename=path.name, agency_code=code)
    measure_set = MeasureSet.objects.first()
    assert measure_set is not None
    agency = measure_set.agency
    # results (with agency, framework, scheme), bands, indicator scores
    with django_assert_num_queries(3):
        history = ita_history(agency, user=root)
        labels = [(row.fiscal_year, row.grade.label, row.scheme_name) for row in history]
    assert labels[0][:2] == (2568, "unknown")
    assert labels[1][:2] == (2564, "C")
