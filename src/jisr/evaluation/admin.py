from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.evaluation.models import DestinationTable


@admin.register(DestinationTable)
class DestinationTableAdmin(MissionScopedAdmin):
    """Scorecards are private to buyers and have no admin page on purpose."""

    list_display = ["mission", "updated"]
