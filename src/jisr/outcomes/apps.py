from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "jisr.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from jisr.outcomes import receivers  # noqa: F401  (connects the signal receivers)
