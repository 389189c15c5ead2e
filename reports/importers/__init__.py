"""Document layouts of the reports app (registered with core.importing on import)."""

from reports.importers import six_month  # noqa: F401
