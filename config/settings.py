"""Settings for Sujarit, read from the environment only (see .env.example).

There is one settings file for every environment: the demo, tests and production differ only
in their environment variables. DEBUG is off unless the environment turns it on.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envint, envlist, envstr

if TYPE_CHECKING:
    from django_stubs_ext.settings import TemplatesSetting

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment (see .env.example).")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Trigram indexes of the agency search (OpClass in index expressions); harmless on SQLite.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # The open-data API (portal/api.py); listed so its Swagger docs use our static files.
    "ninja",
    "auditlog",
    # Login throttling and lockout (AXES_* below).
    "axes",
    # Optional TOTP second step for site admins and approvers (agencies/accounts.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "agencies",
    "plans",
    "measures",
    "reports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the web server process itself (compressed, hashed names, far-future
    # caching headers): no separate file server is needed on any machine.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages for anonymous visitors, before the session and everything after it
    # (core/pagecache.py): a hit costs one cache round trip, close to a static file.
    "core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Records who made each change (the audit log below).
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # An htmx request whose session has ended gets a 401 re-login prompt instead of the login
    # page pasted into the table (static/js/app.js keeps what was typed and saves it after).
    "core.middleware.HtmxLoginRequiredMiddleware",
    # Last, as django-axes requires: answers a locked-out login with its Thai page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES: list[TemplatesSetting] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.navigation_counts",
                "agencies.context_processors.my_digits",
            ],
            "builtins": ["core.templatetags.thai"],
        },
    },
]

# PostgreSQL in tests and production; a SQLite file is the embedded default for the demo.
# Connections are kept for CONN_MAX_AGE seconds (opening one per request cost 1.7-2.6x on the
# agency page) and checked before reuse, so a restarted database is not an error page.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=envbool("CONN_HEALTH_CHECKS", True),
    )
}
# Behind PgBouncer in transaction mode server-side cursors (the streamed CSV exports) fail.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool(
    "DB_DISABLE_SERVER_SIDE_CURSORS", False
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the dashboard's and the CSV exports' grouped queries for
    # longer than they run (EXPLAIN ANALYZE in README "Production"): off unless asked for.
    # PG_OPTIONS adds more server settings, e.g. "-c work_mem=16MB".
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(
        part
        for part in (
            "" if envbool("PG_JIT", False) else "-c jit=off",
            # The only server-side cursors are the exports' iterator(), which read every row:
            # plan for the whole result, not the first 10% (3.4x faster on plan-items).
            "-c cursor_tuple_fraction=1",
            envstr("PG_OPTIONS"),
        )
        if part
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:worklist"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 10 wrong passwords for one username lock that username for
# AXES_COOLOFF_MINUTES, even with the right password. By username only, not by address: an
# agency's staff share one office address, and guessing from many addresses still counts.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address too: that would lock a whole office behind one NAT address
# after 10 mistakes by anyone in it. Guessing one account is what the lockout stops.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Every login, logout and failed login is kept (who, when, address, browser) and shown in the
# admin under "Axes": access logs and access failure logs.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

# Sessions end after SESSION_IDLE_MINUTES without a request (each request moves the expiry on),
# not 14 days after signing in.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Error pages in the site's layout (templates/403.html, 404.html, 500.html, 403_csrf.html).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
# Uploaded evidence and generated PDFs live outside the code tree: local files by default,
# an S3-compatible store shared by every web and worker machine when STORAGE_BACKEND=s3.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
PDF_CACHE_DIR = Path(envstr("PDF_CACHE_DIR", str(MEDIA_ROOT / "pdf-cache")))
STORAGE_BACKEND = envstr("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    _S3_OPTIONS = {
        "bucket_name": envstr("S3_BUCKET"),
        "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
        "region_name": envstr("S3_REGION") or None,
        "access_key": envstr("S3_ACCESS_KEY_ID") or None,
        "secret_key": envstr("S3_SECRET_ACCESS_KEY") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3_OPTIONS, "location": envstr("S3_MEDIA_PREFIX", "media")},
    }
    _PDF_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_OPTIONS,
            "location": envstr("S3_PDF_PREFIX", "pdf-cache"),
            # Content-addressed: a key's bytes never change, so a rewrite may replace.
            "file_overwrite": True,
        },
    }
elif STORAGE_BACKEND == "local":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # Follows settings.PDF_CACHE_DIR; writes are atomic (temporary file, fsync, rename).
    _PDF_STORAGE = {"BACKEND": "core.pdf.storage.PdfCacheFileStorage"}
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'.")
STORAGES = {
    "default": _DEFAULT_STORAGE,
    # The PDF cache (core/pdf/cache.py): every web process and worker reads and writes it.
    "pdf": _PDF_STORAGE,
    # Hashed, pre-compressed files served by WhiteNoise; plain files while developing.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "config.staticfiles.StaticFilesStorage"
    },
}
# Cached PDFs not read for this many days, and any beyond the newest PDF_CACHE_KEEP files,
# are deleted by `manage.py prune_pdf_cache` (the worker runs it every PDF_PRUNE_EVERY s).
# A published document's PDF is rendered (or queued) when it is published (portal/prerender.py).
PDF_PRERENDER_ON_PUBLISH = envbool("PDF_PRERENDER_ON_PUBLISH", True)
PDF_CACHE_MAX_AGE_DAYS = envint("PDF_CACHE_MAX_AGE_DAYS", 90)
PDF_CACHE_KEEP = envint("PDF_CACHE_KEEP", 20000)
PDF_PRUNE_EVERY = envint("PDF_PRUNE_EVERY", 3600)

# One cache shared by every web process (dashboards, sessions, locks): Redis in production
# (CACHE_URL=redis://host:6379/1), the database cache table (CACHE_URL=db://) on one machine
# without Redis, or per-process memory by default (demo, tests).
CACHE_URL = envstr("CACHE_URL", "locmem://")
CACHES: dict[str, dict[str, Any]]  # as in django.conf.global_settings
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "sujarit"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
    # Sessions read from Redis, written through to the database (a Redis restart logs no
    # one out).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_URL.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_URL.removeprefix("db://") or "sujarit_cache",
        }
    }
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("CACHE_URL must be redis://..., db://[table] or locmem://.")

# Whole public pages for anonymous visitors (core/pagecache.py), in the cache above, until
# something they show is published or withdrawn (then at once, on every web process).
PAGE_CACHE_ENABLED = envbool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 3600)
# Each web process also keeps the pages it served last (by version, so never outdated by a
# publish): a hit then needs one cache round trip for the versions, not two.
PAGE_CACHE_LOCAL_BYTES = envint("PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024)
PAGE_CACHE_LOCAL_SECONDS = envint("PAGE_CACHE_LOCAL_SECONDS", 60)
# The open-data API's limit per address for anonymous clients (django-ninja throttling).
API_ANON_RATE = envstr("API_ANON_RATE", "120/m")
# Proxies in front of the web server that append to X-Forwarded-For (0: the client is
# REMOTE_ADDR; a forged X-Forwarded-For then cannot dodge the limit).
NINJA_NUM_PROXIES = envint("NUM_PROXIES", 0)
# The yearly open-data files are rebuilt in the background after each publish/withdrawal.
OPEN_DATA_BUILD_ON_CHANGE = envbool("OPEN_DATA_BUILD_ON_CHANGE", True)

# Mail (password resets, notices): printed on the console unless an SMTP host is given.
EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "sujarit@localhost")
SERVER_EMAIL = envstr("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Notifications (agencies/notifications.py): reminders this many days before a round's due
# date (`manage.py send_reminders`, daily; `send_digest` weekly: README "Notifications").
REMINDER_DAYS = [int(n) for n in envlist("REMINDER_DAYS", "7,1")]

# Agencies archive their PDFs and screen-reader users read them: PDF/A-3u and PDF/UA-1 in one
# tagged file (core.pdf.render.PDF_VARIANTS; text layer still exact, docs/pdf-text-layer.md).
# "pdf/a-3u" alone is untagged, "pdf/ua-1" is not archival; empty for plain PDF.
PDF_VARIANT = envstr("PDF_VARIANT", "pdf/a-3u+ua-1")
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work (PDF renders, browser imports) through the backport of Django's task framework. Production
# runs `manage.py db_worker` on other machines; the demo may run tasks in-process.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A browser import (its check and the import itself) runs as a task; a worker stops one that
# runs longer than this many seconds (portal/import_jobs.py, a backstop: parsers are linear).
IMPORT_TIME_LIMIT = envint("IMPORT_TIME_LIMIT", 60)

# Every change keeps who, when and what: django-auditlog writes one LogEntry (actor, time,
# field-by-field changes) for each create, change and delete of these models (shown in the
# admin). Bulk imports are recorded by their SourceDocument instead.
_AUDITED_MODELS = [
    "agencies.Agency",
    "plans.DimensionEdition",
    "plans.Dimension",
    "plans.Plan",
    "plans.PlanTarget",
    "plans.RiskRow",
    "plans.PlanItem",
    "plans.PlanItemYear",
    "plans.ProjectSheet",
    "measures.GradeScheme",
    "measures.GradeBand",
    "measures.ITAFramework",
    "measures.Indicator",
    "measures.ITAResult",
    "measures.IndicatorScore",
    "measures.MeasureSet",
    "measures.Measure",
    "measures.MeasureStep",
    "measures.MeasureResult",
    "measures.Memo",
    "measures.MemoSignature",
    "reports.ReportingRound",
    "reports.ReportRow",
    "reports.Evidence",
    "reports.RowVerdict",
]
AUDITLOG_INCLUDE_TRACKING_MODELS = [
    {"model": "agencies.User", "exclude_fields": ["password", "last_login", "updated_at"]},
    *({"model": name, "exclude_fields": ["created_at", "updated_at"]} for name in _AUDITED_MODELS),
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        # Bootstrap progress bars and widths set in templates use style attributes.
        "style-src-attr": ["'unsafe-inline'"],
        "script-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint logs every rendering step at INFO and every unsupported CSS rule at WARNING.
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every login at INFO; its access logs keep them (admin "Axes").
        "axes": {"level": "WARNING"},
    },
}
