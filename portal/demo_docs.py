"""Every PDF of the demo: the URLs of the documents imported by ``manage.py demo_setup``.

Used by the overlap test (tests/test_pdf_layout.py) and by ``scripts/demo_pdfs.py``, which
writes them to a folder so that their pages can be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse


def demo_pdf_urls() -> Iterator[tuple[str, str]]:
    """(name, url) of every PDF of every document in the database."""
    from agencies.models import Agency
    from measures.models import MeasureSet, Memo
    from plans.models import Plan, PlanItem
    from reports.models import ReportingRound

    for plan in Plan.objects.order_by("pk"):
        yield f"plan-{plan.pk}", plan.get_pdf_url()
    for item in PlanItem.objects.order_by("pk")[:3]:
        yield f"item-{item.pk}", reverse("plans:item_pdf", args=[item.pk])
    for measure_set in MeasureSet.objects.order_by("pk"):
        yield f"set-{measure_set.pk}", measure_set.get_pdf_url()
    for memo in Memo.objects.order_by("pk"):
        yield f"memo-{memo.pk}", reverse("measures:memo_pdf", args=[memo.pk])
    for agency in Agency.objects.order_by("pk"):
        yield f"ita-{agency.code}", reverse("measures:agency_ita_pdf", args=[agency.code])
        yield f"reports-{agency.code}", reverse("reports:agency_reports_pdf", args=[agency.code])
    for round_ in ReportingRound.objects.order_by("pk"):
        yield f"round-{round_.pk}", round_.get_pdf_url()
