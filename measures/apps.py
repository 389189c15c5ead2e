from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """ITA results per year and the integrity measures that answer them."""

    name = "measures"
    verbose_name = _("ITA และมาตรการส่งเสริมคุณธรรม")

    def ready(self) -> None:
        from measures.checks import ita_target_warnings
        from measures.revisions import register_measures
        from plans.checks import register_target_check

        register_measures()
        # A plan's ITA target lower than the agency's last score is asked about at submit.
        register_target_check(ita_target_warnings)
