from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Agencies, people and roles, dimension frameworks and five-year plans."""

    name = "plans"
    verbose_name = _("แผนปฏิบัติการป้องกันการทุจริต")

    def ready(self) -> None:
        from plans.revisions import register_plans

        register_plans()
