from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "jisr.evaluation"
    label = "evaluation"
