"""URLs of the audit log, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import audit

urlpatterns = [
    path("audit/", audit.audit_log, name="audit_log"),
]
