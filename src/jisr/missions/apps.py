from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "jisr.missions"
    label = "missions"
