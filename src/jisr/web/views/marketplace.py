"""Marketplace pages: browse and search offers and requests, post and edit your own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError, PermissionDenied
from jisr.directory.models import Person
from jisr.marketplace import rules, services
from jisr.marketplace.models import Listing
from jisr.marketplace.queries import (
    access_listing,
    access_listing_for_edit,
    access_marketplace,
    listings_for,
    listings_of,
)
from jisr.meetings.queries import request_options
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for
from jisr.web.marketplace_forms import ListingFilterForm, ListingForm
from jisr.web.pagination import paginate

PAGE_SIZE = 20


def marketplace(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_marketplace(request.user, slug)
    form = ListingFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    page, querystring = paginate(request, listings_for(mission, form.filters()), PAGE_SIZE)
    context = {
        "mission": mission,
        "form": form,
        "page": page,
        "querystring": querystring,
        "can_post": rules.can_post(person_for(request.user, mission), mission),
    }
    template = (
        "jisr/marketplace/_results.html"
        if request.headers.get("HX-Request")
        else "jisr/marketplace/list.html"
    )
    return render(request, template, context)


def listing_detail(request: HttpRequest, slug: str, listing_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    listing = access_listing(request.user, mission, listing_id)
    viewer = person_for(request.user, mission)
    people = list(
        Person.objects.for_mission(mission)
        .filter(organization=listing.organization)
        .select_related("organization")
        .order_by("last_name", "first_name", "id")
    )
    return render(
        request,
        "jisr/marketplace/detail.html",
        {
            "mission": mission,
            "listing": listing,
            "can_edit": rules.can_edit(viewer, listing),
            "options": request_options(viewer, mission, people) if listing.is_active else [],
        },
    )


@login_required
def my_listings(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    return render(
        request,
        "jisr/marketplace/mine.html",
        {
            "mission": mission,
            "person": person,
            "listings": listings_of(person.organization),
            "can_post": rules.can_post(person, mission),
        },
    )


@login_required
def listing_create(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    if not rules.can_post(person, mission):
        raise PermissionDenied(_("Only participants of this mission can post on its marketplace."))
    form = ListingForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.create_listing(mission, author=person, **form.cleaned_data)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Your listing is on the marketplace."))
            return redirect("web:listing", mission.slug, listing.pk)
    return _form_page(request, mission, form, listing=None)


@login_required
def listing_edit(request: HttpRequest, slug: str, listing_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    listing, person = access_listing_for_edit(request.user, mission, listing_id)
    form = ListingForm(request.POST or None, initial=ListingForm.initial_from(listing))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_listing(listing, by=person, **form.cleaned_data)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("web:listing", mission.slug, listing.pk)
    return _form_page(request, mission, form, listing=listing)


@login_required
@require_POST
def listing_close(request: HttpRequest, slug: str, listing_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    listing, person = access_listing_for_edit(request.user, mission, listing_id)
    services.close_listing(listing, by=person)
    messages.success(request, _("The listing is closed and no longer shown on the marketplace."))
    return redirect("web:my_listings", mission.slug)


@login_required
@require_POST
def listing_reopen(request: HttpRequest, slug: str, listing_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    listing, person = access_listing_for_edit(request.user, mission, listing_id)
    try:
        services.reopen_listing(listing, by=person)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The listing is back on the marketplace."))
    return redirect("web:my_listings", mission.slug)


def _participant(request: HttpRequest, mission: Mission) -> Person:
    person = person_for(request.user, mission)
    if person is None:
        raise PermissionDenied(_("This page is for the participants of this mission."))
    return person


def _add_error(form: ListingForm, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _form_page(
    request: HttpRequest, mission: Mission, form: ListingForm, *, listing: Listing | None
) -> HttpResponse:
    context: dict[str, Any] = {"mission": mission, "form": form, "listing": listing}
    return render(request, "jisr/marketplace/form.html", context, status=_status(form))


def _status(form: ListingForm) -> int:
    return 400 if form.is_bound and form.errors else 200
