from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "jisr.ops"
    label = "ops"
