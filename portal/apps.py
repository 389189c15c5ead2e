from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public, cross-app pages: home and search, dashboards, open data, the agency page,
    document upload and the demo setup. The top layer: it may import every app."""

    name = "portal"
    verbose_name = _("หน้าสาธารณะ")

    def ready(self) -> None:
        from core.pdf.service import register_token_guard
        from portal.pdf_guard import document_still_readable

        register_token_guard(document_still_readable)

        from portal.prerender import register_prerender

        register_prerender()

        from portal.publicity import register_public_changes

        register_public_changes()
