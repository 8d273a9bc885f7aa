from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.marketplace.models import Listing
from jisr.marketplace.services import reindex_listing


@admin.register(Listing)
class ListingAdmin(MissionScopedAdmin):
    list_display = ["title", "kind", "organization", "language", "status", "updated", "mission"]
    list_filter = ["kind", "status", "language", "mission"]
    search_fields = ["title", "organization__name"]
    readonly_fields = ["search_document", "created", "updated"]
    raw_id_fields = ["organization", "author"]
    filter_horizontal = ["service_lines"]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        reindex_listing(form.instance)
