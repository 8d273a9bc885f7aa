from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "jisr.marketplace"
    label = "marketplace"
