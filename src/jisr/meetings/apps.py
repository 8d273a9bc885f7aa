from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "jisr.meetings"
    label = "meetings"
