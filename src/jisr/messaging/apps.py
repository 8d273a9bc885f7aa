from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "jisr.messaging"
    label = "messaging"
