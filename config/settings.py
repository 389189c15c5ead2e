"""Settings for Sujarit, read from the environment only (see .env.example).

There is one settings file for every environment: the demo, tests and production differ only
in their environment variables. DEBUG is off unless the environment turns it on.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envint, envlist, envstr

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
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "core",
    "agencies",
    "plans",
    "measures",
    "reports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each change (the audit log below).
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
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
            ],
            "builtins": ["core.templatetags.thai"],
        },
    },
]

# PostgreSQL in tests and production; a SQLite file is the embedded default for the demo.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
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
# Uploaded evidence and generated PDFs live outside the code tree.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
PDF_CACHE_DIR = Path(envstr("PDF_CACHE_DIR", str(MEDIA_ROOT / "pdf-cache")))
# Agencies archive their PDFs and screen-reader users read them: PDF/A-3u and PDF/UA-1 in one
# tagged file (core.pdf.render.PDF_VARIANTS; text layer still exact, docs/pdf-text-layer.md).
# "pdf/a-3u" alone is untagged, "pdf/ua-1" is not archival; empty for plain PDF.
PDF_VARIANT = envstr("PDF_VARIANT", "pdf/a-3u+ua-1")
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work (PDF renders) through the backport of Django's task framework. Production
# runs `manage.py db_worker` on other machines; the demo may run tasks in-process.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

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
    },
}
