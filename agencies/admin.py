from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from agencies import models


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(models.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "kind", "district", "province", "digit_style"]
    list_filter = ["kind", "digit_style", "province"]
    search_fields = ["code", "name", "short_name", "district", "province__name"]
    list_select_related = ["province"]


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "role", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__name"]
    autocomplete_fields = ["agency"]
    filter_horizontal = ["audited_agencies", "audited_provinces", "groups", "user_permissions"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            _("หน่วยงานและบทบาท"),
            {"fields": ("agency", "role", "position", "audited_agencies", "audited_provinces")},
        ),
    )


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["filename", "agency", "document_type", "layout", "created_at"]
    list_filter = ["document_type", "layout"]
    search_fields = ["filename", "agency__name", "sha256"]
