"""Document layouts of the plans app (registered with core.importing on import)."""

from plans.importers import plan_layout  # noqa: F401
