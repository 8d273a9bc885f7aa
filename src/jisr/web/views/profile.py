"""A participant's own profile, their contact-sharing consent and their organization's
profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.directory import services
from jisr.directory.models import Organization
from jisr.directory.privacy import NOTICE_VERSION
from jisr.directory.queries import access_editable_organization, access_own_person
from jisr.missions.queries import access_mission
from jisr.web.views.profile_forms import DeliverySiteFormSet, OrganizationForm, PersonForm

LANGUAGE_CODES = ("en", "fr", "ar")


@login_required
def my_profile(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    person = access_own_person(request.user, mission)
    initial = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": person.title,
        "phone": person.phone,
        "languages": list(person.languages.all()),
        "preferred_language": person.preferred_language,
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_person(person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("web:my-profile", mission.slug)
    return render(
        request,
        "jisr/profile/person.html",
        {
            "mission": mission,
            "person": person,
            "form": form,
            "notice_version": NOTICE_VERSION,
        },
    )


@login_required
@require_POST
def contact_consent(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    person = access_own_person(request.user, mission)
    if request.POST.get("action") == "give":
        services.give_contact_consent(person, by=request.user)
        messages.success(
            request, _("Your email and phone are now shown to this mission's members.")
        )
    elif request.POST.get("action") == "withdraw":
        services.withdraw_contact_consent(person, by=request.user)
        messages.success(request, _("Your consent was withdrawn; your contact details are hidden."))
    else:
        messages.error(request, _("Choose whether to share or hide your contact details."))
    return redirect("web:my-profile", mission.slug)


@login_required
def organization_edit(request: HttpRequest, slug: str, organization_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    organization = access_editable_organization(request.user, mission, organization_id)
    is_provider = organization.kind == Organization.Kind.PROVIDER
    data = request.POST if request.method == "POST" else None
    form = OrganizationForm(
        data, initial=_organization_initial(organization), kind=organization.kind
    )
    sites = DeliverySiteFormSet(
        data,
        prefix="sites",
        initial=[
            {"park": s.park, "city": s.city, "country": s.country}
            for s in organization.delivery_sites.all()
        ],
    )
    if data is not None and form.is_valid() and (not is_provider or sites.is_valid()):
        cleaned = form.cleaned_data
        profile = services.OrganizationProfile(
            name=cleaned["name"],
            website=cleaned["website"],
            country=cleaned["country"],
            city=cleaned["city"],
            headcount=cleaned["headcount"],
            founded=cleaned["founded"],
            service_lines=list(cleaned["service_lines"]),
            languages=list(cleaned["languages"]),
            certifications=list(cleaned.get("certifications", [])),
            technologies=cleaned["technologies"],
            descriptions={code: cleaned[f"description_{code}"] for code in LANGUAGE_CODES},
            delivery_sites=[
                (site["park"], site["city"], site["country"])
                for site in (sites.cleaned_data if is_provider else [])
                if site and not site.get("DELETE")
            ],
        )
        services.update_organization(organization, by=request.user, profile=profile)
        messages.success(request, _("The organization's profile was saved."))
        return redirect("web:organization", mission.slug, organization.pk)
    return render(
        request,
        "jisr/profile/organization.html",
        {
            "mission": mission,
            "organization": organization,
            "form": form,
            "sites": sites if is_provider else None,
        },
    )


def _organization_initial(organization: Organization) -> dict[str, object]:
    texts = {d.language: d.text for d in organization.descriptions.all()}
    return {
        "name": organization.name,
        "website": organization.website,
        "country": organization.country,
        "city": organization.city,
        "headcount": organization.headcount,
        "founded": organization.founded,
        "service_lines": list(organization.service_lines.all()),
        "languages": list(organization.languages.all()),
        "certifications": list(organization.certifications.all()),
        "technologies": ", ".join(t.name for t in organization.technologies.all()),
        **{f"description_{code}": texts.get(code, "") for code in LANGUAGE_CODES},
    }
