"""Admin of the measures app: above all the ITA reference data a site admin corrects."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agencies.admin import FrozenDocumentAdmin
from measures import models


class GradeBandInline(admin.TabularInline):
    model = models.GradeBand
    extra = 0
    fields = ["order", "label", "min_total", "min_each_instrument"]


@admin.register(models.GradeScheme)
class GradeSchemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    inlines = [GradeBandInline]


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0
    fields = ["number", "instrument", "name", "aliases"]


class OITItemInline(admin.TabularInline):
    model = models.OITItem
    extra = 0
    fields = ["order", "code", "title", "answered_by", "indicator"]


@admin.register(models.ITAFramework)
class ITAFrameworkAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "grade_scheme", "note"]
    list_select_related = ["grade_scheme"]
    inlines = [IndicatorInline, OITItemInline]


class IndicatorScoreInline(FrozenDocumentAdmin, admin.TabularInline):
    model = models.IndicatorScore
    extra = 0
    fields = ["indicator", "score", "stated_delta", "analysis"]


@admin.register(models.ITAResult)
class ITAResultAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    list_display = ["agency", "fiscal_year", "total", "iit", "eit", "oit", "computed_grade"]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["agency__name", "agency__short_name"]
    list_select_related = ["agency", "framework__grade_scheme"]
    autocomplete_fields = ["agency"]
    inlines = [IndicatorScoreInline]

    @admin.display(description=_("ระดับ (คำนวณ)"))
    def computed_grade(self, obj: models.ITAResult) -> str:
        return str(obj.grade)


class MemoSignatureInline(admin.TabularInline):
    model = models.MemoSignature
    extra = 0
    fields = ["order", "role", "name", "position", "opinion_heading", "opinion"]


@admin.register(models.Memo)
class MemoAdmin(admin.ModelAdmin):
    list_display = ["subject", "agency", "date", "status"]
    list_filter = ["status"]
    search_fields = ["subject", "agency__name"]
    autocomplete_fields = ["agency"]
    inlines = [MemoSignatureInline]


class MeasureInline(FrozenDocumentAdmin, admin.StackedInline):
    model = models.Measure
    extra = 0
    fields = ["order", "number", "issue", "title", "responsible_units", "period_text"]
    show_change_link = True


@admin.register(models.MeasureSet)
class MeasureSetAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    list_display = ["title", "agency", "fiscal_year", "kind", "status"]
    list_filter = ["kind", "status", "fiscal_year"]
    search_fields = ["title", "agency__name", "agency__short_name"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["source", "memo"]
    inlines = [MeasureInline]


class MeasureStepInline(FrozenDocumentAdmin, admin.TabularInline):
    document_path = "set"
    model = models.MeasureStep
    extra = 0


class MeasureResultInline(FrozenDocumentAdmin, admin.StackedInline):
    document_path = "set"
    model = models.MeasureResult
    extra = 0


@admin.register(models.Measure)
class MeasureAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    document_path = "set"
    list_display = ["title", "set", "order", "version", "updated_at"]
    search_fields = ["title", "set__agency__name"]
    list_select_related = ["set__agency"]
    raw_id_fields = ["set", "plan_items", "updated_by"]
    filter_horizontal = ["indicators"]
    readonly_fields = ["version", "updated_by", "updated_at"]
    inlines = [MeasureStepInline, MeasureResultInline]
