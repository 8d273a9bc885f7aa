"""Settings for the test suite: the real settings with safe, fast defaults.

The environment still decides the database, so ``make test`` runs the same suite
on SQLite and on PostgreSQL (``JISR_DATABASE_URL``).
"""

import os

os.environ.setdefault("JISR_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("JISR_HTTPS", "0")
os.environ.setdefault("JISR_EMAIL_BACKEND", "locmem")
os.environ.setdefault("JISR_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from jisr.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files come from the app folders in tests; there is no collected STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]  # noqa: F405
# The abuse limits' own tests turn them on; elsewhere a test client that logs in or
# calls the API a hundred times is not an attacker.
RATELIMIT_ENABLE = False
