from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jisr.reports"
    label = "reports"
