from typing import Any

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies import models, workflow
from agencies.choices import PublicationStatus


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
        (_("การแจ้งเตือน"), {"fields": ("notify_by_email",)}),
    )


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: who was told what and when (e-mailed, read). Written by
    agencies/notifications.py only."""

    list_display = ["created_at", "recipient", "event", "text", "emailed_at", "read_at"]
    list_filter = ["event"]
    search_fields = ["recipient__username", "text", "key"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["filename", "agency", "document_type", "layout", "created_at"]
    list_filter = ["document_type", "layout"]
    search_fields = ["filename", "agency__name", "sha256"]


# --- Published documents are frozen in the admin too ------------------------------------------


class FrozenDocumentAdmin:
    """For the admin of a publishable document or of one of its parts: once the document has
    left the draft state (proposed, approved, published …) the admin may look, never change
    or delete it, and nobody moves a document through its lifecycle here — that is the
    agency's chain (agencies/workflow.py). `document_path` leads from the admin's object (for
    an inline: from its parent) to the document, e.g. "plan" or "item__plan"; "" is itself."""

    document_path = ""
    #: Fields only the lifecycle sets.
    lifecycle_fields = (
        "status",
        "state",
        "root",
        "revision_number",
        "published_at",
        "published_by",
        "withdrawn_at",
        "withdrawn_reason",
    )

    def _document(self, obj: Any) -> Any:
        for name in filter(None, self.document_path.split("__")):
            obj = getattr(obj, name, None)
        return obj

    def _frozen(self, obj: Any) -> bool:
        document = self._document(obj) if obj is not None else None
        return document is not None and workflow.state_of(document) != PublicationStatus.DRAFT

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and self._frozen(obj):  # an inline on a frozen document
            return False
        if isinstance(self, InlineModelAdmin):
            return super().has_add_permission(request, obj)  # type: ignore[misc]
        return super().has_add_permission(request)  # type: ignore[misc]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        own = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        names = {f.name for f in self.model._meta.get_fields()}  # type: ignore[attr-defined]
        return own + [f for f in self.lifecycle_fields if f in names and f not in own]
