"""Django settings. Everything a deployment changes comes from the environment.

Variables (all optional in development):
- ``JISR_DATABASE_URL``: e.g. ``postgres://user:pass@host:5432/jisr``; default is a
  SQLite file under ``JISR_DATA_DIR``.
- ``JISR_DATA_DIR``: where the embedded database and uploads live (default ``./data``).
- ``JISR_SECRET_KEY``: required unless ``JISR_DEBUG`` is on.
- ``JISR_DEBUG``: ``1``/``true`` for development.
- ``JISR_ALLOWED_HOSTS``: comma-separated host names.
- ``JISR_HTTPS``: whether the site is served over HTTPS (default: on unless debug);
  turns on secure cookies, HSTS and the HTTPS redirect.
- ``JISR_EMAIL_BACKEND``: ``console`` (default), ``smtp`` or ``locmem``; SMTP uses
  ``JISR_EMAIL_HOST``, ``JISR_EMAIL_PORT``, ``JISR_EMAIL_HOST_USER``,
  ``JISR_EMAIL_HOST_PASSWORD``, ``JISR_EMAIL_USE_TLS``.
- ``JISR_DEFAULT_FROM_EMAIL``.
- ``JISR_SITE_URL``: the public address e-mails and calendar feeds link to
  (default ``http://127.0.0.1:8000``, what ``make run`` serves).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("JISR_DATA_DIR", Path.cwd() / "data")).resolve()

DEBUG = env_flag("JISR_DEBUG", False)
HTTPS = env_flag("JISR_HTTPS", not DEBUG)

SECRET_KEY = os.environ.get("JISR_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set JISR_SECRET_KEY (or JISR_DEBUG=1 for development).")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("JISR_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("JISR_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "jisr.core",
    "jisr.directory",
    "jisr.missions",
    "jisr.marketplace",
    "jisr.meetings",
    "jisr.schedules",
    "jisr.outcomes",
    "jisr.evaluation",
    "jisr.matchmaking",
    "jisr.demo",
    "jisr.reports",
    "jisr.exchange",
    "jisr.web",
    "jisr.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "jisr.web.middleware.NullCharacterMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "jisr.web.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "jisr.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jisr.web.context_processors.language_direction",
            ],
        },
    },
]

WSGI_APPLICATION = "jisr.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("JISR_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'jisr.sqlite3'}",
        conn_max_age=int(os.environ.get("JISR_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; the busy timeout makes
    # concurrent writers wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "jisr_language"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = _EMAIL_BACKENDS[os.environ.get("JISR_EMAIL_BACKEND", "console")]
EMAIL_HOST = os.environ.get("JISR_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("JISR_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("JISR_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JISR_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("JISR_EMAIL_USE_TLS", False)
SITE_URL = os.environ.get("JISR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("JISR_DEFAULT_FROM_EMAIL", "Jisr <noreply@jisr.invalid>")

if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("JISR_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only signals consent; a domain joins the preload list when its owner submits it.
    SECURE_HSTS_PRELOAD = env_flag("JISR_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Cookies: HttpOnly where no script needs them (the CSRF token travels in forms),
# SameSite=Lax so other sites' forms cannot ride on a session; Secure under HTTPS above.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content security policy (django-csp): scripts and styles only from our static files,
# so no inline <script>, on*= handler, javascript: URL or style= attribute runs.
# HTMX is configured for it in base.html (no eval, no injected styles). Bars use
# classes (templatetags/jisr_ui.py); SVG presentation attributes are not styles.
# docs/security.md explains each directive.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JISR_LOG_LEVEL", "INFO")},
}
