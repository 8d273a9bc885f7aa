from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "jisr.directory"
    label = "directory"
