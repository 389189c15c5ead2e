"""The production layout's settings, read from the environment (in a fresh interpreter each).

The Redis case talks to the Redis at 127.0.0.1:6379 (database 8) and is skipped without it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "conn_max_age": db["CONN_MAX_AGE"],
    "health": db["CONN_HEALTH_CHECKS"],
    "options": db.get("OPTIONS", {}).get("options", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "session": settings.SESSION_ENGINE,
    "default_storage": settings.STORAGES["default"]["BACKEND"],
    "pdf_storage": settings.STORAGES["pdf"]["BACKEND"],
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
}))
"""


def settings_with(script: str = PROBE, **env: str) -> dict:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CACHE_", "STORAGE_", "S3_", "EMAIL_", "CONN_", "PG_", "DEBUG"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="settings-test",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/sujarit_settings_probe",
        **env,
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environ,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_the_defaults_keep_connections_turn_jit_off_and_need_no_services():
    s = settings_with()
    assert s["conn_max_age"] == 60 and s["health"] is True
    assert "-c jit=off" in s["options"]
    assert s["cache"].endswith("LocMemCache")
    assert s["session"] == "django.contrib.sessions.backends.db"
    assert s["default_storage"].endswith("FileSystemStorage")
    assert s["pdf_storage"] == "core.pdf.storage.PdfCacheFileStorage"
    assert s["static_storage"] == "config.staticfiles.StaticFilesStorage"  # DEBUG off
    assert s["whitenoise"]
    assert s["email"].endswith("console.EmailBackend")


def test_the_environment_switches_each_part():
    s = settings_with(
        CONN_MAX_AGE="0",
        PG_JIT="1",
        PG_OPTIONS="-c work_mem=16MB",
        CACHE_URL="redis://127.0.0.1:6379/8",
        STORAGE_BACKEND="s3",
        S3_BUCKET="sujarit",
        EMAIL_HOST="smtp.example.net",
        DEBUG="1",
    )
    assert s["conn_max_age"] == 0
    # JIT left on; the exports' cursor_tuple_fraction=1 is always there (config/settings.py).
    assert s["options"] == "-c cursor_tuple_fraction=1 -c work_mem=16MB"
    assert s["cache"] == "django_redis.cache.RedisCache"
    assert s["session"] == "django.contrib.sessions.backends.cached_db"
    assert s["default_storage"] == s["pdf_storage"] == "storages.backends.s3.S3Storage"
    assert (
        s["static_storage"].endswith("StaticFilesStorage") and "config" not in s["static_storage"]
    )
    assert s["email"].endswith("smtp.EmailBackend")


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_the_redis_cache_is_shared_between_processes():
    write = PROBE.split("db = ")[0] + (
        "from django.core.cache import cache\n"
        "cache.set('settings-test', {'value': 'กระจาย'}, 30)\n"
        "print(json.dumps(cache.add('settings-test', 1, 30)))\n"
    )
    read = PROBE.split("db = ")[0] + (
        "from django.core.cache import cache\n"
        "print(json.dumps(cache.get('settings-test')))\n"
        "cache.delete('settings-test')\n"
    )
    env = {"CACHE_URL": "redis://127.0.0.1:6379/8", "CACHE_KEY_PREFIX": "settings-test"}
    assert settings_with(write, **env) is False  # add() is atomic: the key is taken
    assert settings_with(read, **env) == {"value": "กระจาย"}  # another process reads it
