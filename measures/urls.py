from functools import partial

from django.urls import path

from agencies.selectors import stable_address
from core.stable import old_patterns, revision_patterns
from measures import views
from measures.models import ITAResult, MeasureSet

app_name = "measures"

#: Old addresses by row send anonymous visitors to the stable one (core.stable.old_address).
SETS = MeasureSet.objects.all()
RESULTS = ITAResult.objects.all()

urlpatterns = [
    # Stable public addresses of published revisions (the OIT sheet gives these out).
    *revision_patterns("a/<str:code>/measures/<int:year>/", views.set_stable, "set_stable"),
    *revision_patterns(
        "a/<str:code>/measures/<int:year>/results/", views.results_stable, "results_stable"
    ),
    *revision_patterns("a/<str:code>/ita/<int:year>/", views.ita_stable, "ita_stable", pdf=False),
    # Public pages and PDFs (drafts only for the agency's own people).
    *old_patterns(
        "measures/<int:pk>/",
        partial(stable_address, SETS),
        (views.set_detail, "set_detail"),
        (views.set_pdf, "set_pdf"),
    ),
    path("measures/<int:pk>/docx/", views.set_docx, name="set_docx"),
    path("memos/<int:pk>/", views.memo_detail, name="memo_detail"),
    path("memos/<int:pk>/pdf/", views.memo_pdf, name="memo_pdf"),
    path("agencies/<str:code>/measures/", views.agency_measures, name="agency_measures"),
    path("agencies/<str:code>/ita/", views.agency_ita, name="agency_ita"),
    path("agencies/<str:code>/ita/pdf/", views.agency_ita_pdf, name="agency_ita_pdf"),
    # Staff forms (the agency's staff only).
    path("agencies/<str:code>/measures/new/", views.set_create, name="set_create"),
    path("agencies/<str:code>/ita/edit/", views.ita_edit, name="ita_edit"),
    *old_patterns(
        "ita/<int:pk>/", partial(stable_address, RESULTS), (views.ita_result_detail, "ita_result")
    ),
    path("measures/<int:pk>/delete/", views.set_delete, name="set_delete"),
    path("measures/<int:pk>/add/", views.measure_add, name="measure_add"),
    path("measures/<int:pk>/plan-items/", views.plan_item_search_view, name="plan_item_search"),
    path("measures/<int:pk>/steps/", views.steps_editor, name="steps_editor"),
    path("measures/items/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/items/<int:pk>/results/", views.measure_results, name="measure_results"),
]
