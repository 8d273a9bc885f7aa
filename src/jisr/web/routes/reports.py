"""URLs of the reports pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
