from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jisr.web"
    label = "web"
    verbose_name = "Web"
