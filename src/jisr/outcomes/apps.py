from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "jisr.outcomes"
    label = "outcomes"
