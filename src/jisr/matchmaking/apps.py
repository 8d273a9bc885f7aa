from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "jisr.matchmaking"
    label = "matchmaking"
