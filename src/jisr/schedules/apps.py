from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "jisr.schedules"
    label = "schedules"
