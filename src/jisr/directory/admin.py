from django.contrib import admin

from jisr.core.admin_base import MissionScopedAdmin
from jisr.directory.models import (
    Certification,
    DeliverySite,
    Language,
    Organization,
    OrganizationDescription,
    Person,
    ServiceLine,
    Technology,
)
from jisr.directory.services import rebuild_search_documents


class DescriptionInline(admin.StackedInline):  # type: ignore[type-arg]
    model = OrganizationDescription
    extra = 1


class DeliverySiteInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DeliverySite
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(MissionScopedAdmin):
    list_display = ["name", "kind", "city", "country", "mission"]
    list_filter = ["kind", "mission", "country"]
    search_fields = ["name", "city"]
    filter_horizontal = ["service_lines", "technologies", "languages", "certifications"]
    inlines = [DescriptionInline, DeliverySiteInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        rebuild_search_documents([form.instance])


@admin.register(Person)
class PersonAdmin(MissionScopedAdmin):
    list_display = [
        "last_name",
        "first_name",
        "organization",
        "email",
        "attends_remotely",
        "mission",
    ]
    list_filter = ["mission", "attends_remotely"]
    search_fields = ["last_name", "first_name", "email"]
    autocomplete_fields = ["organization", "user"]
    # Consent is given or withdrawn only by the person; the admin shows the record.
    readonly_fields = [
        "privacy_notice_version",
        "privacy_notice_accepted_at",
        "contact_consent_at",
        "contact_consent_version",
        "contact_consent_withdrawn_at",
    ]


class TaxonomyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name_en", "name_fr", "name_ar", "position"]
    search_fields = ["code", "name_en", "name_fr", "name_ar"]


admin.site.register(ServiceLine, TaxonomyAdmin)
admin.site.register(Certification, TaxonomyAdmin)
admin.site.register(Language, TaxonomyAdmin)
admin.site.register(Technology, search_fields=["name"])
