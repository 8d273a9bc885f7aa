from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.outcomes.models import (
    Attendance,
    CalendarFeed,
    CheckIn,
    FollowUpReminder,
    MeetingFeedback,
    PartnershipRating,
    Relationship,
    StageChange,
    SuccessStory,
)


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


class _ReadOnly(MissionScopedAdmin):
    """Participants write these on their pages, where the rules are checked."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(_ReadOnly):
    # The private note belongs to the author's organization: not shown to organizers.
    list_display = ["meeting", "person", "interest", "next_step", "updated", "mission"]
    list_filter = ["interest", "next_step", "mission"]
    exclude = ["private_note"]


class StageChangeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = StageChange
    extra = 0
    can_delete = False
    fields = ["stage", "status", "proposed_by_organization", "proposed_at", "answered_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Relationship)
class RelationshipAdmin(_ReadOnly):
    list_display = ["buyer", "provider", "stage", "stage_confirmed_at", "origin", "mission"]
    list_filter = ["stage", "origin", "mission"]
    search_fields = ["buyer__name", "provider__name"]
    inlines = [StageChangeInline]


@admin.register(FollowUpReminder)
class FollowUpReminderAdmin(_ReadOnly):
    list_display = ["person", "kind", "email", "language", "sent_at", "mission"]
    list_filter = ["kind", "mission"]


@admin.register(PartnershipRating)
class PartnershipRatingAdmin(_ReadOnly):
    list_display = ["relationship", "organization", "rating", "rated_at", "mission"]
    list_filter = ["rating", "mission"]


@admin.register(SuccessStory)
class SuccessStoryAdmin(_ReadOnly):
    """Approve and feature on the mission's stories page, which records who did it."""

    list_display = ["title", "relationship", "language", "approved_at", "featured", "mission"]
    list_filter = ["featured", "language", "mission"]


@admin.register(CheckIn)
class CheckInAdmin(MissionScopedAdmin):
    """Read-only: check-ins are made on the organizers' scanning page."""

    list_display = ["person", "day", "checked_in_at", "checked_in_by", "mission"]
    list_filter = ["day", "mission"]
    readonly_fields = ["mission", "person", "day", "checked_in_at", "checked_in_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
