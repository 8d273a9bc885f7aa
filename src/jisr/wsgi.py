"""WSGI entry point for production servers (``jisr serve`` runs it under gunicorn)."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # One clear sentence in the server's log instead of a traceback.
    print(f"jisr: {error}", file=sys.stderr)
    sys.exit(2)
