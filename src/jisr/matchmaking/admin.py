from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.matchmaking.models import CommercialProfile, Mark, RecommendationRun


@admin.register(Mark)
class MarkAdmin(MissionScopedAdmin):
    list_display = ["by_organization", "target", "kind", "by_person", "updated"]
    list_filter = ["kind"]
    raw_id_fields = ["by_organization", "target", "by_person"]


@admin.register(CommercialProfile)
class CommercialProfileAdmin(MissionScopedAdmin):
    mission_path = "organization__mission"
    list_display = ["organization", "team_size", "band_low", "band_high"]
    raw_id_fields = ["organization"]


@admin.register(RecommendationRun)
class RecommendationRunAdmin(MissionScopedAdmin):
    list_display = ["mission", "k", "status", "started", "finished"]
    readonly_fields = ["k", "status", "requested_by", "started", "finished", "error"]
