from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "jisr.exchange"
    label = "exchange"
