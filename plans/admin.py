from django.contrib import admin

from agencies.admin import FrozenDocumentAdmin
from plans import models


class DimensionInline(admin.TabularInline):
    model = models.Dimension
    extra = 0
    fields = ["number", "name", "parent", "aliases"]


@admin.register(models.DimensionEdition)
class DimensionEditionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "first_year", "last_year"]
    search_fields = ["code", "name"]
    inlines = [DimensionInline]


@admin.register(models.Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "edition", "parent"]
    list_filter = ["edition"]
    search_fields = ["number", "name"]


class PlanTargetInline(FrozenDocumentAdmin, admin.TabularInline):
    model = models.PlanTarget
    extra = 0


class RiskRowInline(FrozenDocumentAdmin, admin.StackedInline):
    model = models.RiskRow
    extra = 0


@admin.register(models.Plan)
class PlanAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    list_display = ["title", "agency", "first_year", "last_year", "status"]
    list_filter = ["status", "edition", "first_year"]
    search_fields = ["title", "agency__name", "agency__code"]
    autocomplete_fields = ["agency"]
    inlines = [PlanTargetInline, RiskRowInline]


class PlanItemYearInline(FrozenDocumentAdmin, admin.TabularInline):
    document_path = "plan"
    model = models.PlanItemYear
    extra = 0


@admin.register(models.PlanItem)
class PlanItemAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    document_path = "plan"
    list_display = ["number", "title", "plan", "dimension", "subdimension", "kind"]
    list_filter = ["kind", "dimension__edition", "dimension"]
    search_fields = ["title", "plan__agency__name"]
    list_select_related = ["plan", "dimension", "subdimension"]
    raw_id_fields = ["plan"]
    inlines = [PlanItemYearInline]


@admin.register(models.PlanItemYear)
class PlanItemYearAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    document_path = "item__plan"
    list_display = ["item", "year", "budget", "no_budget", "q1", "q2", "q3", "q4"]
    list_filter = ["year", "no_budget"]
    search_fields = ["item__title"]
    raw_id_fields = ["item"]


@admin.register(models.PlanTarget)
class PlanTargetAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    document_path = "plan"
    list_display = ["label", "plan", "order"]
    search_fields = ["label", "plan__title"]
    list_filter = ["plan__first_year"]


@admin.register(models.RiskRow)
class RiskRowAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    document_path = "plan"
    list_display = ["step", "plan", "level"]
    list_filter = ["level"]
    search_fields = ["step", "risks", "controls"]


@admin.register(models.ProjectSheet)
class ProjectSheetAdmin(FrozenDocumentAdmin, admin.ModelAdmin):
    document_path = "plan"
    list_display = ["title", "plan", "item", "order"]
    list_filter = ["plan__first_year"]
    search_fields = ["title", "rationale", "method"]
    raw_id_fields = ["plan", "item"]


@admin.register(models.ExampleProject)
class ExampleProjectAdmin(admin.ModelAdmin):
    """NACC's example projects a new plan may start from (reference data)."""

    list_display = ["title", "kind", "dimension", "subdimension", "order", "active"]
    list_filter = ["edition", "dimension", "kind", "active"]
    list_editable = ["order", "active"]
    search_fields = ["title", "responsible_unit"]
    list_select_related = ["dimension", "subdimension"]
