from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jisr.demo"
    label = "demo"
