"""A participant's availability: how they attend (on site or remotely, their time zone)
and the slots, half-days or days they are away. Writes go through
jisr.directory.services and jisr.meetings.services, as the API's do."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError, NotFound, PermissionDenied
from jisr.directory.models import Person
from jisr.directory.services import set_attendance
from jisr.meetings import queries, services
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for
from jisr.schedules.queries import unavailable_clashes

TIMEZONES = sorted(zoneinfo.available_timezones())


def _participant(request: HttpRequest, mission: Mission) -> Person:
    person = person_for(request.user, mission)
    if person is None:
        raise PermissionDenied(_("This page is for the participants of this mission."))
    return person


def _context(mission: Mission, person: Person, **extra: object) -> dict[str, object]:
    return {
        "mission": mission,
        "person": person,
        "days": queries.availability_of(person),
        "timezones": TIMEZONES,
        "policy": queries.policy_for(mission),
        **extra,
    }


@login_required
def availability(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    if request.method != "POST":
        return render(request, "jisr/meetings/availability.html", _context(mission, person))
    error = ""
    try:
        periods = [_period(value) for value in request.POST.getlist("away_period")]
        slot_ids = [int(value) for value in request.POST.getlist("away") if value.isdigit()]
        services.set_unavailability(person, by=request.user, slot_ids=slot_ids, periods=periods)
    except DomainError as failure:
        if isinstance(failure, (NotFound, PermissionDenied)):
            raise
        error = str(failure.message)
    notice = error or _("Your availability is saved. The organizers schedule around it.")
    clashes = [] if error else _own_clashes(mission, person)
    if clashes:
        notice += " " + ngettext(
            "%(count)d of your published meetings is at a time you are now away: the "
            "organizers will move it and you will get an e-mail.",
            "%(count)d of your published meetings are at a time you are now away: the "
            "organizers will move them and you will get an e-mail.",
            len(clashes),
        ) % {"count": len(clashes)}
    if request.headers.get("HX-Request"):
        return render(
            request,
            "jisr/meetings/_availability_form.html",
            _context(mission, person, notice=notice, notice_is_error=bool(error)),
            status=400 if error else 200,
        )
    if error:
        return render(
            request,
            "jisr/meetings/availability.html",
            _context(mission, person, notice=notice, notice_is_error=True),
            status=400,
        )
    messages.success(request, notice)
    return redirect("web:availability", mission.slug)


def _own_clashes(mission: Mission, person: Person) -> list[object]:
    return [
        meeting
        for meeting in unavailable_clashes(mission)
        if person.pk in (meeting.request.requester_id, meeting.request.recipient_id)
    ]


def _period(value: str) -> tuple[dt.date, str]:
    """ "2027-04-12:morning" -> (date, "morning"); anything else is refused."""
    date_text, _sep, session = value.partition(":")
    try:
        return dt.date.fromisoformat(date_text), session
    except ValueError as error:
        raise DomainError(
            _("Choose morning, afternoon or the whole day."), field="periods"
        ) from error


@login_required
@require_POST
def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    try:
        set_attendance(
            person,
            by=request.user,
            timezone_name=request.POST.get("timezone", ""),
            attends_remotely=request.POST.get("attends_remotely") == "on",
        )
    except DomainError as failure:
        if isinstance(failure, (NotFound, PermissionDenied)):
            raise
        person.refresh_from_db()
        return render(
            request,
            "jisr/meetings/availability.html",
            _context(mission, person, attendance_error=str(failure.message)),
            status=400,
        )
    messages.success(request, _("How you attend is saved."))
    return redirect("web:availability", mission.slug)
