"""Admin of the reports app: a site administrator adjusts due dates and reads the logs.

States are read-only here: a round changes state only through reports.services, which records
who did it in the event log.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from agencies.admin import FrozenDocumentAdmin
from reports import models
from reports.services import round_due_date_set


class RoundEventInline(admin.TabularInline):
    model = models.RoundEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "from_state", "to_state", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReviewStepInline(admin.TabularInline):
    model = models.ReviewStep
    extra = 0
    can_delete = False
    fields = ("decided_at", "cycle", "kind", "reviewer", "verdict", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.ReportingRound)
class ReportingRoundAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    list_display = ["agency", "fiscal_year", "kind", "due_date", "state", "submitted_at"]
    list_filter = ["kind", "state", "fiscal_year"]
    search_fields = ["agency__name", "agency__short_name", "agency__code", "title"]
    list_select_related = ["agency"]
    date_hierarchy = "due_date"
    readonly_fields = [
        "agency",
        "fiscal_year",
        "kind",
        "state",
        "opened_by",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "published_by",
        "published_at",
        "source",
        "created_at",
        "updated_at",
    ]
    fields = [
        "agency",
        "fiscal_year",
        "kind",
        "state",
        "period_start",
        "period_end",
        "due_date",
        "title",
        "intro",
        "prepared_by_name",
        "prepared_by_position",
        *readonly_fields[4:],
    ]
    inlines = [ReviewStepInline, RoundEventInline]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Rounds are opened by reports.services.round_open, which creates their rows.
        return False

    def save_model(self, request, obj, form, change) -> None:
        # A moved due date is logged like every other change of a round.
        if change and "due_date" in form.changed_data:
            new_due = obj.due_date
            obj.due_date = form.initial["due_date"]
            super().save_model(request, obj, form, change)
            round_due_date_set(round=obj, user=request.user, due_date=new_due)
            return
        super().save_model(request, obj, form, change)


@admin.register(models.ReportRow)
class ReportRowAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    document_path = "round"
    list_display = ["__str__", "round", "status", "budget_used", "updated_at"]
    list_filter = ["status", "round__kind", "round__fiscal_year"]
    search_fields = [
        "plan_item_year__item__title",
        "measure__title",
        "done_text",
        "round__agency__name",
    ]
    list_select_related = ["round__agency", "plan_item_year__item", "measure"]
    readonly_fields = ["round", "plan_item_year", "measure", "version", "updated_by", "updated_at"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # rows come from round_open / round_rows_sync


@admin.register(models.Evidence)
class EvidenceAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    document_path = "row__round"
    list_display = ["__str__", "row", "content_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "title", "url", "sha256"]
    readonly_fields = ["sha256", "size", "content_type", "uploaded_by", "uploaded_at"]
    list_select_related = ["row__round__agency", "row__plan_item_year__item"]


@admin.register(models.ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "author", "created_at"]
    list_select_related = ["round__agency", "author"]


@admin.register(models.RowVerdict)
class RowVerdictAdmin(admin.ModelAdmin):
    """Auditors' per-row verdicts and the agency's answers (written on the review page only)."""

    list_display = ["__str__", "round", "cycle", "verdict", "auditor", "answered_by"]
    list_filter = ["verdict"]
    list_select_related = ["round__agency", "row__plan_item_year__item", "row__measure", "auditor"]
    readonly_fields = [f.name for f in models.RowVerdict._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # reports.services.audit_verdict_record
