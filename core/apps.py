from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared helpers without models: Thai text and dates, HTML cleaning, importing, PDFs."""

    name = "core"
    verbose_name = "Core"
