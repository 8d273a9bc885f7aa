from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.core.models import ActivityLogEntry


@admin.register(ActivityLogEntry)
class ActivityLogEntryAdmin(MissionScopedAdmin):
    list_display = ["created", "mission", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]
    readonly_fields = ["created", "mission", "actor", "action", "object_type", "object_id", "data"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
