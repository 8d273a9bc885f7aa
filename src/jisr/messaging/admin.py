from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.messaging.models import Message, MessagingSettings


@admin.register(Message)
class MessageAdmin(MissionScopedAdmin):
    """Read-only: messages are personal data, changed only by their services."""

    list_display = ["sender", "recipient", "language", "created", "read_at", "reported_at"]
    list_filter = ["mission", "language"]
    readonly_fields = [
        "mission",
        "request",
        "sender",
        "recipient",
        "body",
        "language",
        "created",
        "read_at",
        "reported_at",
        "report_reason",
        "hidden_at",
        "report_closed_at",
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(MessagingSettings)
class MessagingSettingsAdmin(MissionScopedAdmin):
    list_display = ["mission", "enabled", "retention_days", "updated"]
