from functools import partial

from django.urls import path

from agencies.selectors import stable_address
from core.stable import old_patterns, revision_patterns
from plans import views
from plans.models import Plan

app_name = "plans"

#: Old addresses by row send anonymous visitors to the stable one (core.stable.old_address).
PLANS = Plan.objects.all()

urlpatterns = [
    # Stable public addresses of published revisions (the OIT sheet gives these out).
    *revision_patterns("a/<str:code>/plan/<int:first>-<int:last>/", views.plan_stable, "stable"),
    *old_patterns(
        "plans/<int:pk>/",
        partial(stable_address, PLANS),
        (views.plan_detail, "plan_detail"),
        (views.plan_pdf, "plan_pdf"),
    ),
    path("plans/<int:pk>/docx/", views.plan_docx, name="plan_docx"),
    path("plans/<int:pk>/items.csv", views.plan_items_csv, name="plan_items_csv"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("plans/<int:pk>/items/new/", views.item_add, name="item_add"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/pdf/", views.item_pdf, name="item_pdf"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    # The new-plan wizard: start, then one page per part (progress read from the draft).
    path("agencies/<str:code>/plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/wizard/", views.plan_wizard, name="wizard"),
    path("plans/<int:pk>/wizard/part1/", views.wizard_part1, name="wizard_part1"),
    path("plans/<int:pk>/wizard/part2/", views.wizard_part2, name="wizard_part2"),
    path("plans/<int:pk>/wizard/part3/", views.wizard_part3, name="wizard_part3"),
    path("plans/<int:pk>/wizard/foreword/", views.wizard_foreword, name="wizard_foreword"),
    path("plans/<int:pk>/wizard/review/", views.wizard_review, name="wizard_review"),
    path("items/<int:pk>/sheet/", views.sheet_edit, name="sheet_add"),
    path("items/<int:pk>/sheet/<int:sheet_pk>/", views.sheet_edit, name="sheet_edit"),
]
