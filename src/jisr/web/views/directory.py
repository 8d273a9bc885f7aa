"""The organization directory of a mission and organization profiles."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jisr.directory.queries import (
    access_directory,
    access_organization,
    directory_for,
    filter_choices,
)
from jisr.missions import rules
from jisr.missions.queries import access_mission
from jisr.web.forms import DirectoryFilterForm
from jisr.web.pagination import paginate

PAGE_SIZE = 20


def directory(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_directory(request.user, slug)
    form = DirectoryFilterForm(request.GET or None, choices=filter_choices(mission))
    if form.is_bound:
        form.is_valid()
    organizations = directory_for(mission, form.filters())
    page, querystring = paginate(request, organizations, PAGE_SIZE)
    context = {
        "mission": mission,
        "form": form,
        "page": page,
        "querystring": querystring,
    }
    template = (
        "jisr/directory/_results.html"
        if request.headers.get("HX-Request")
        else "jisr/directory/list.html"
    )
    return render(request, template, context)


def organization_detail(request: HttpRequest, slug: str, organization_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    organization = access_organization(request.user, mission, organization_id)
    return render(
        request,
        "jisr/directory/detail.html",
        {
            "mission": mission,
            "organization": organization,
            "description": organization.description(),
            "descriptions": list(organization.descriptions.all()),
            "can_see_contacts": rules.can_see_contacts(request.user, mission),
            "can_edit_organization": rules.can_edit_organization(request.user, organization),
        },
    )
