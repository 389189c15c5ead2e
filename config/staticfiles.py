"""Static files in production: WhiteNoise's compressed, content-hashed files.

``collectstatic`` writes the manifest; from then on every ``{% static %}`` URL has a hash in
its name and WhiteNoise serves it with a year-long cache header. Before the first
``collectstatic`` (``manage.py check`` in CI, a management command on a fresh checkout) there
is no manifest at all: names are then left as they are, with one warning, instead of every
import of the URL configuration failing.
"""

from __future__ import annotations

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


def _without_source_maps(patterns):
    """Django's patterns minus the sourceMappingURL ones: the vendored Bootstrap names a
    .map file that is not shipped, and a missing map must not stop collectstatic."""
    return tuple(
        (glob, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for glob, rules in patterns
    )


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
    _warned = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            if self.hashed_files:  # a manifest exists and lacks this file: a real error
                raise
            if not StaticFilesStorage._warned:
                StaticFilesStorage._warned = True
                logger.warning("No staticfiles manifest: run `manage.py collectstatic`.")
            return name
