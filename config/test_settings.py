"""Test settings: the same settings module, with the test environment's defaults."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sujarit")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="sujarit-media-"))

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run without DEBUG and without collectstatic: plain static file names.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise finds files through the finders, as with DEBUG on (no STATIC_ROOT needed).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests publish many documents; the ones about pre-rendering turn it on.
PDF_PRERENDER_ON_PUBLISH = False
# Tests write rows directly (no publish, so no version bump) and share one cache process:
# the page cache is on only in the tests about it (portal/tests/test_page_cache.py).
PAGE_CACHE_ENABLED = False
# Building every yearly open-data file after each publish would slow every test down.
OPEN_DATA_BUILD_ON_CHANGE = False
# Many tests call the API as anonymous clients from one address within a minute; the test
# about the limit sets its own rate.
API_ANON_RATE = "100000/m"
