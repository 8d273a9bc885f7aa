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
- ``JISR_SCHEDULE_RUN_STALE_SECONDS``: silence of a schedule run's heartbeat after which
  the run counts as dead and is marked failed (default 60).
- ``JISR_RATE_LIMITS``: comma-separated ``scope=rate`` overrides of ``RATE_LIMITS``
  (e.g. ``login=50/10m,api-token=1200/m``); ``JISR_RATE_LIMITS_ENABLED=0`` turns the
  limits off; ``JISR_CLIENT_IP_HEADER`` names the proxy header with the client address.
- ``JISR_SITE_URL``: the public address e-mails and calendar feeds link to
  (default ``http://127.0.0.1:8000``, what ``make run`` serves).
- ``JISR_EMAIL_BACKEND=file`` writes e-mails under ``JISR_EMAIL_FILE_PATH``.
- ``JISR_LOG_FORMAT``: ``json`` (default unless debug) or ``text``; ``JISR_LOG_LEVEL``.
- ``JISR_STORAGE``: ``filesystem`` (default) or ``s3`` with ``JISR_S3_BUCKET``,
  ``JISR_S3_ENDPOINT_URL``, ``JISR_S3_REGION``, ``JISR_S3_ACCESS_KEY_ID``,
  ``JISR_S3_SECRET_ACCESS_KEY``.
- ``JISR_DB_CONN_MAX_AGE``: seconds a database connection is kept (default 0).
- Read elsewhere: ``JISR_BIND``, ``JISR_WORKERS``, ``JISR_THREADS`` (``jisr serve``);
  ``JISR_WORKER_HEARTBEAT``, ``JISR_WORKER_STALE_AFTER`` (``jisr.ops.worker``);
  ``JISR_PERIODIC_HOUR`` (``jisr.ops.periodic``).

A wrong value raises ``ImproperlyConfigured`` with one sentence, which ``jisr`` prints
alone (no traceback).
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
elif not DEBUG and (len(SECRET_KEY) < 32 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "JISR_SECRET_KEY is too weak: use at least 32 random characters, e.g. the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = env_list("JISR_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "Set JISR_ALLOWED_HOSTS to the comma-separated host names Jisr is served under "
        "(e.g. jisr.example.org)."
    )
_bad_hosts = [h for h in ALLOWED_HOSTS if "://" in h or "/" in h or " " in h]
if _bad_hosts:
    raise ImproperlyConfigured(
        f"JISR_ALLOWED_HOSTS takes host names, not addresses: {_bad_hosts[0]!r} is not one "
        "(write jisr.example.org, not https://jisr.example.org/)."
    )
CSRF_TRUSTED_ORIGINS = env_list("JISR_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Before django_tasks_db: its resilient ``db_worker`` replaces the stock one.
    "jisr.ops",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "jisr.core",
    "jisr.directory",
    "jisr.missions",
    "jisr.marketplace",
    "jisr.meetings",
    "jisr.schedules",
    "jisr.outcomes",
    "jisr.messaging",
    "jisr.evaluation",
    "jisr.matchmaking",
    "jisr.demo",
    "jisr.reports",
    "jisr.exchange",
    "jisr.web",
    "jisr.api",
]

MIDDLEWARE = [
    "jisr.ops.middleware.RequestLogMiddleware",
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

_conn_max_age = os.environ.get("JISR_DB_CONN_MAX_AGE", "0")
if not _conn_max_age.isdigit():
    raise ImproperlyConfigured("JISR_DB_CONN_MAX_AGE must be a whole number of seconds.")
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("JISR_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'jisr.sqlite3'}",
            conn_max_age=int(_conn_max_age),
            # Reused connections are checked first: a restarted database is reconnected to.
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(
        "JISR_DATABASE_URL is not a database address Jisr understands "
        "(expected e.g. postgres://jisr:secret@db.internal:5432/jisr)."
    ) from error
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
# Arabic date and time formats (jisr/formats/ar); French and English use Django's.
FORMAT_MODULE_PATH = ["jisr.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "jisr_language"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploads and generated files (report exports) go through Django's storage API:
# ``JISR_STORAGE=filesystem`` (default, under JISR_DATA_DIR/media) or ``s3`` for any
# S3-compatible store (needs the optional extra: pip install 'jisr[s3]'), configured by
# JISR_S3_BUCKET, JISR_S3_ENDPOINT_URL, JISR_S3_REGION, JISR_S3_ACCESS_KEY_ID and
# JISR_S3_SECRET_ACCESS_KEY. Files are served by Jisr's views, never publicly.
_storage = os.environ.get("JISR_STORAGE", "filesystem")
if _storage == "filesystem":
    _default_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif _storage == "s3":
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "JISR_STORAGE=s3 needs django-storages: run pip install 'jisr[s3]'."
        )
    if not os.environ.get("JISR_S3_BUCKET"):
        raise ImproperlyConfigured("JISR_STORAGE=s3 needs JISR_S3_BUCKET, the bucket's name.")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["JISR_S3_BUCKET"],
            "endpoint_url": os.environ.get("JISR_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("JISR_S3_REGION") or None,
            "access_key": os.environ.get("JISR_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("JISR_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"JISR_STORAGE must be filesystem or s3, not {_storage!r}.")
STORAGES = {
    "default": _default_storage,
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

# One cache shared by every web process: a table of Jisr's own database, created by
# ``jisr migrate``. It holds the rate limits' counters.
CACHES = {
    "default": {
        "BACKEND": "jisr.core.cache.SharedDatabaseCache",
        "LOCATION": "jisr_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}
# Attempts allowed per window (django-ratelimit rates: "10/m", "20/10m", "5/h"). A
# scope counts per client address unless its name says otherwise.
RATE_LIMITS = {
    "login": "20/10m",  # per address
    "login-account": "10/10m",  # per e-mail address tried
    "password-reset": "10/h",  # per address
    "password-reset-account": "3/h",  # per e-mail address asked for
    "invitation": "30/h",  # invitation links opened or redeemed, per address
    "api-address": "1200/m",  # every API request from one address
    "api-token": "600/m",  # every API request with one token
    "api-bad-token": "30/10m",  # unknown, revoked or expired tokens, per address
}
RATE_LIMITS.update(
    (name.strip(), rate.strip())
    for name, _sep, rate in (item.partition("=") for item in env_list("JISR_RATE_LIMITS", ""))
)
RATELIMIT_ENABLE = env_flag("JISR_RATE_LIMITS_ENABLED", True)
# Behind a reverse proxy, name the header that carries the client's address (e.g.
# HTTP_X_REAL_IP); by default the connection's own address counts.
if os.environ.get("JISR_CLIENT_IP_HEADER"):
    RATELIMIT_IP_META_KEY = os.environ["JISR_CLIENT_IP_HEADER"]
# django-ratelimit knows only memcached and Redis as atomic; SharedDatabaseCache
# increments under a row lock (see jisr.core.cache).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# A schedule run whose worker heartbeat is silent this long is marked failed.
SCHEDULE_RUN_STALE_SECONDS = int(os.environ.get("JISR_SCHEDULE_RUN_STALE_SECONDS", "60"))

_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    # One file per sending connection under JISR_EMAIL_FILE_PATH (make cluster uses it).
    "file": "django.core.mail.backends.filebased.EmailBackend",
}
_email_backend = os.environ.get("JISR_EMAIL_BACKEND", "console")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"JISR_EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}, not {_email_backend!r}."
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_FILE_PATH = os.environ.get("JISR_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
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

# Proxies and orchestrators probe these over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# ``JISR_LOG_FORMAT``: ``json`` (default unless debug: one object a line, with the
# request id) or ``text``.
LOG_FORMAT = os.environ.get("JISR_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("JISR_LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "jisr.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("JISR_LOG_LEVEL", "INFO")},
    # The request log replaces Django's own access and 4xx warnings.
    "loggers": {"django.request": {"level": "ERROR"}},
}
