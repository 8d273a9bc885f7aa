from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from jisr.core.admin_base import MissionScopedAdmin
from jisr.missions import roles
from jisr.missions.models import (
    Invitation,
    MeetingDay,
    Mission,
    Participation,
    ProgrammeItem,
    Slot,
    Table,
    Venue,
)


@admin.register(Mission)
class MissionAdmin(MissionScopedAdmin):
    mission_path = "pk"
    list_display = ["slug", "__str__", "host_country", "start_date", "end_date", "status"]
    list_filter = ["status"]
    filter_horizontal = ["organizers"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return request.user.is_superuser

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        mission = form.instance
        before = set(mission.organizers.all()) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(mission.organizers.all())
        roles.record_organizers_changed(
            mission, by=request.user, added=after - before, removed=before - after
        )


@admin.register(Participation)
class ParticipationAdmin(MissionScopedAdmin):
    list_display = ["person", "role", "mission"]
    list_filter = ["role", "mission"]
    autocomplete_fields = ["person"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        previous = (
            Participation.objects.filter(pk=obj.pk).values_list("role", flat=True).first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        roles.record_participation_saved(obj, by=request.user, previous_role=previous)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        roles.record_participation_removed(obj, by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for participation in queryset.select_related("person", "mission"):
            roles.record_participation_removed(participation, by=request.user)
        super().delete_queryset(request, queryset)


@admin.register(Venue)
class VenueAdmin(MissionScopedAdmin):
    list_display = ["name", "city", "timezone", "mission"]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(MissionScopedAdmin):
    list_display = ["__str__", "kind", "start", "end", "venue", "mission"]
    list_filter = ["kind", "mission"]
    autocomplete_fields = ["speakers"]


class SlotInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Slot
    extra = 0
    fields = ["block", "start", "end", "mission"]


@admin.register(MeetingDay)
class MeetingDayAdmin(MissionScopedAdmin):
    list_display = ["date", "venue", "mission"]
    inlines = [SlotInline]


@admin.register(Table)
class TableAdmin(MissionScopedAdmin):
    list_display = ["label", "venue", "mission"]
    list_filter = ["venue"]


@admin.register(Invitation)
class InvitationAdmin(MissionScopedAdmin):
    """Read-only here: invitations are created and sent from the organizer pages, which
    e-mail the link (the admin cannot: only the token's hash is stored)."""

    list_display = ["email", "role", "organization_name", "status", "expires_at", "mission"]
    list_filter = ["status", "role", "mission"]
    search_fields = ["email", "first_name", "last_name", "organization_name"]
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "id"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
