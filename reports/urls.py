from functools import partial

from django.urls import path, re_path

from agencies.selectors import stable_address
from core.stable import old_patterns, revision_patterns
from reports import views
from reports.models import ReportingRound

app_name = "reports"

#: Old addresses by row send anonymous visitors to the stable one (core.stable.old_address).
ROUNDS = ReportingRound.objects.all()

urlpatterns = [
    # Stable public addresses of published revisions (the OIT sheet gives these out).
    *revision_patterns(
        "a/<str:code>/reports/<int:year>/<slug:period>/", views.round_stable, "stable"
    ),
    *old_patterns(
        "reports/<int:pk>/",
        partial(stable_address, ROUNDS),
        (views.round_detail, "round_detail"),
        (views.round_pdf, "round_pdf"),
    ),
    path("reports/<int:pk>/docx/", views.round_docx, name="round_docx"),
    re_path(
        r"^reports/(?P<pk>\d+)/(?P<table>rows|summary)\.(?P<fmt>csv|xlsx)$",
        views.round_export,
        name="round_export",
    ),
    path("reports/<int:pk>/submit/", views.round_submit_view, name="round_submit"),
    path("reports/<int:pk>/approve/", views.round_approve_view, name="round_approve"),
    path("reports/<int:pk>/return/", views.round_return_view, name="round_return"),
    path("reports/<int:pk>/audit/", views.round_audit_view, name="round_audit"),
    path("reports/<int:pk>/review/", views.round_review, name="round_review"),
    path("reports/<int:pk>/review/answers/", views.round_answers, name="round_answers"),
    path("reports/<int:pk>/discussion/", views.round_discussion, name="round_discussion"),
    path("reports/follow-up/", views.audit_dashboard_view, name="audit_dashboard"),
    re_path(
        r"^reports/follow-up\.(?P<fmt>csv|xlsx)$",
        views.audit_dashboard_export,
        name="audit_dashboard_export",
    ),
    path("reports/<int:pk>/delete/", views.round_delete_view, name="round_delete"),
    path("reports/<int:pk>/publish/", views.round_publish_view, name="round_publish"),
    path("reports/rows/<int:pk>/", views.row_show, name="row_show"),
    path("reports/rows/<int:pk>/edit/", views.row_edit, name="row_edit"),
    path("reports/rows/<int:pk>/evidence/", views.row_evidence_add, name="row_evidence_add"),
    path("reports/evidence/<int:pk>/delete/", views.evidence_remove, name="evidence_delete"),
    path("reports/evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("agencies/<str:code>/reports/", views.agency_reports, name="agency_reports"),
    path("agencies/<str:code>/reports/pdf/", views.agency_reports_pdf, name="agency_reports_pdf"),
    re_path(
        r"^agencies/(?P<code>[^/]+)/reports/calendar\.(?P<fmt>csv|xlsx)$",
        views.agency_reports_export,
        name="agency_reports_export",
    ),
    path("agencies/<str:code>/reports/open/", views.agency_round_open, name="agency_round_open"),
]
