"""URLs of the reports pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import reports

urlpatterns = [
    path("reports/", reports.dashboard, name="reports"),
    path("reports/compare/", reports.compare, name="reports_compare"),
    path("reports/report.xlsx", reports.export_xlsx, name="reports_xlsx"),
    path("reports/report.pdf", reports.export_pdf, name="reports_pdf"),
    path("reports/exports/", reports.export_new, name="reports_export_new"),
    path("reports/exports/<int:export_id>/", reports.export_status, name="reports_export"),
    path(
        "reports/exports/<int:export_id>/download",
        reports.export_download,
        name="reports_export_download",
    ),
]
