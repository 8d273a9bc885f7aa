"""The JSON API, version 1 (django-ninja). Presentation only: it calls domain services."""
