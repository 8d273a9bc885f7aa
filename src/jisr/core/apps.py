from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jisr.core"
    label = "core"
