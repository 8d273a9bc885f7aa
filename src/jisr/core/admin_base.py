"""Admin scoping: an organizer sees and edits only the missions they organize."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest


def organized_mission_ids(request: HttpRequest) -> list[int] | None:
    """None means every mission (superusers)."""
    user = request.user
    if getattr(user, "is_superuser", False):
        return None
    if not user.is_authenticated:
        return []
    return list(user.organized_missions.values_list("pk", flat=True))  # type: ignore[union-attr]


class MissionScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """For models with a ``mission`` foreign key (``mission_path`` for indirect ones)."""

    mission_path = "mission"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        ids = organized_mission_ids(request)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.mission_path}__in": ids})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        ids = organized_mission_ids(request)
        related = db_field.related_model
        if ids is not None:
            if related._meta.label == "missions.Mission":
                kwargs["queryset"] = related.objects.filter(pk__in=ids)
            elif any(f.name == "mission" for f in related._meta.get_fields()):
                kwargs["queryset"] = related.objects.filter(mission__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _organizes_any(self, request: HttpRequest) -> bool:
        ids = organized_mission_ids(request)
        return bool(request.user.is_active and request.user.is_staff and (ids is None or ids))  # type: ignore[union-attr]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._organizes_any(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._organizes_any(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._organizes_any(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._organizes_any(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._organizes_any(request)
