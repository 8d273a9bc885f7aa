from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.meetings.models import MeetingPolicy, MeetingRequest, QuotaOverride, Unavailability


@admin.register(MeetingRequest)
class MeetingRequestAdmin(MissionScopedAdmin):
    """Read-only: state changes go through the services, which notify both sides."""

    list_display = [
        "requester",
        "recipient",
        "status",
        "online",
        "prioritized",
        "created",
        "updated",
        "mission",
    ]
    list_filter = ["status", "online", "prioritized", "mission"]
    search_fields = ["requester__last_name", "recipient__last_name", "message"]
    readonly_fields = [
        "mission",
        "requester",
        "recipient",
        "listing",
        "message",
        "status",
        "decline_reason",
        "cancel_reason",
        "cancelled_by",
        "responded",
        "online",
        "video_url",
        "prioritized",
        "created",
        "updated",
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(MeetingPolicy)
class MeetingPolicyAdmin(MissionScopedAdmin):
    list_display = ["mission", "accepting_requests", "max_open_sent", "max_accepted", "updated"]


@admin.register(QuotaOverride)
class QuotaOverrideAdmin(MissionScopedAdmin):
    list_display = ["person", "max_open_sent", "max_accepted", "mission"]
    raw_id_fields = ["person"]


@admin.register(Unavailability)
class UnavailabilityAdmin(MissionScopedAdmin):
    """Read-only: participants set their availability, which the services check."""

    list_display = ["person", "slot", "mission", "created"]
    list_filter = ["mission"]
    raw_id_fields = ["person", "slot"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
