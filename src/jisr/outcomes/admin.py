from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.outcomes.models import Attendance, CalendarFeed


@admin.register(Attendance)
class AttendanceAdmin(MissionScopedAdmin):
    """Read-only: participants answer on their agenda, where the rules are checked."""

    list_display = ["meeting", "person", "outcome", "recorded_at", "mission"]
    list_filter = ["outcome", "mission"]
    search_fields = ["person__last_name", "person__first_name"]
    readonly_fields = ["mission", "meeting", "person", "outcome", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(MissionScopedAdmin):
    """Organizers see who subscribed and can delete a leaked feed; the token stays hidden."""

    list_display = ["person", "created", "mission"]
    exclude = ["token"]
    readonly_fields = ["mission", "person", "created"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
