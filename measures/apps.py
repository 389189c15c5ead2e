from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """ITA results per year and the integrity measures that answer them."""

    name = "measures"
    verbose_name = _("ITA และมาตรการส่งเสริมคุณธรรม")

    def ready(self) -> None:
        from measures.revisions import register_measures

        register_measures()
