"""URLs of the messaging pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import messaging

urlpatterns = [
    path("messages/", messaging.inbox, name="messages"),
    path("messages/<int:request_id>/", messaging.thread, name="message_thread"),
    path("messages/report/<int:message_id>/", messaging.report, name="message_report"),
    path("messages/moderation/", messaging.moderation, name="messages_moderation"),
    path(
        "messages/moderation/<int:message_id>/",
        messaging.close_report,
        name="messages_close_report",
    ),
]
