from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.schedules.models import Publication, ScheduledMeeting, ScheduleRun


@admin.register(ScheduleRun)
class ScheduleRunAdmin(MissionScopedAdmin):
    list_display = ["pk", "mission", "kind", "status", "objective", "bound", "seconds", "created"]
    list_filter = ["kind", "status"]
    readonly_fields = [
        "instance",
        "solution",
        "mapping",
        "summary",
        "objective",
        "bound",
        "seconds",
        "progress_updated",
        "task_result_id",
        "started",
        "finished",
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # runs start from the console, which builds their instance


@admin.register(ScheduledMeeting)
class ScheduledMeetingAdmin(MissionScopedAdmin):
    list_display = ["request", "slot", "table", "state", "locked", "sequence", "mission"]
    list_filter = ["state", "locked"]
    readonly_fields = ["uuid", "sequence", "run"]
    raw_id_fields = ["request", "slot", "table"]


@admin.register(Publication)
class PublicationAdmin(MissionScopedAdmin):
    list_display = ["mission", "version", "published_by", "published_at"]
    readonly_fields = ["version", "run", "published_by", "changes"]
