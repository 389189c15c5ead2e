from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Progress reports (quarterly, 6 and 12 months), their review, and their outputs."""

    name = "reports"
    verbose_name = _("รายงานผลการดำเนินงาน")

    def ready(self) -> None:
        from reports.revisions import register_reports

        register_reports()
