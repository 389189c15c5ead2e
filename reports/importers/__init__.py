"""Document layouts of the reports app (registered with core.importing on import)."""

from reports.importers import (
    annual_projects,  # noqa: F401
    six_month,  # noqa: F401
)
