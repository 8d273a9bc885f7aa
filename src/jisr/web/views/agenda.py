"""Agenda pages: a participant's agenda (web, iCalendar file and feed, PDF), the
organizers' view of anyone's agenda, and confirming that a meeting took place."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError, NotFound
from jisr.core.i18n import LANGUAGE_CODES, active_language, isolate
from jisr.directory.models import Person
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for
from jisr.outcomes import queries, services
from jisr.outcomes.agenda import Agenda, Entry, agenda_for
from jisr.web.agenda import ics, pdf
from jisr.web.agenda.badge import badge_qr


@login_required
def my_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    if person_for(request.user, mission) is None and mission_rules.is_organizer(
        request.user, mission
    ):
        return redirect("web:agenda_people", mission.slug)
    mission, person = queries.access_agenda_person(request.user, slug)
    return _agenda_page(request, mission, person)


@login_required
def person_agenda(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    mission, person = queries.access_agenda_person(request.user, slug, person_id)
    return _agenda_page(request, mission, person)


@login_required
@require_POST
def replace_badge(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    """An organizer replaces a participant's lost badge: a new code, the old one refused."""
    mission, person = queries.access_agenda_person(request.user, slug, person_id)
    if not mission_rules.is_organizer(request.user, mission):
        raise NotFound(_("There is no such page."))
    badge = services.replace_badge(person, by=request.user)
    messages.success(
        request,
        _("%(name)s has a new check-in code, %(code)s; the old one no longer works.")
        % {"name": isolate(person.full_name), "code": isolate(badge.display_code, ltr=True)},
    )
    return redirect("web:person_agenda", mission.slug, person.pk)


@login_required
def agenda_people(request: HttpRequest, slug: str) -> HttpResponse:
    """The organizers' index: every buyer's and provider's agenda, PDF and calendar."""
    mission = access_mission(request.user, slug)
    if not mission_rules.is_organizer(request.user, mission):
        raise NotFound(_("There is no such page."))
    overview = queries.attendance_overview(mission, now=timezone.now())
    rows = [
        (person, overview.get(person.pk, queries.AttendanceCounts()))
        for person in queries.agenda_people(mission)
    ]
    return render(
        request,
        "jisr/agenda/people.html",
        {
            "mission": mission,
            "rows": rows,
            "published": queries.is_schedule_published(mission),
        },
    )


def _agenda_page(request: HttpRequest, mission: Mission, person: Person) -> HttpResponse:
    agenda = agenda_for(person)
    own = request.user.is_authenticated and person.user_id == request.user.pk
    feed = queries.feed_for(person) if own else None
    return render(
        request,
        "jisr/agenda/page.html",
        {
            "mission": mission,
            "person": person,
            "agenda": agenda,
            "own": own,
            "is_organizer": mission_rules.is_organizer(request.user, mission),
            "feed": feed,
            **_feed_links(_feed_url(request, mission, person, feed.token) if feed else ""),
            "files": _file_urls(mission, person, own),
            "other_language": person.preferred_language
            if person.preferred_language != active_language()
            else "",
        },
    )


def _file_urls(mission: Mission, person: Person, own: bool) -> dict[str, str]:
    if own:
        return {
            "ics": reverse("web:agenda_ics", args=[mission.slug]),
            "pdf": reverse("web:agenda_pdf", args=[mission.slug]),
        }
    return {
        "ics": reverse("web:person_agenda_ics", args=[mission.slug, person.pk]),
        "pdf": reverse("web:person_agenda_pdf", args=[mission.slug, person.pk]),
    }


# --------------------------------------------------------------------------- files


@login_required
def agenda_ics(request: HttpRequest, slug: str, person_id: int | None = None) -> HttpResponse:
    _mission, person = queries.access_agenda_person(request.user, slug, person_id)
    # Your own file follows the page you are on; one an organizer downloads for a
    # participant is in that participant's language, like their feed and e-mails.
    language = active_language() if person_id is None else person.preferred_language
    agenda = agenda_for(person)
    calendar = ics.agenda_calendar(
        agenda, language=language, links=_links(request, agenda, language)
    )
    response = HttpResponse(ics.to_bytes(calendar), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(agenda)}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agenda_pdf(request: HttpRequest, slug: str, person_id: int | None = None) -> HttpResponse:
    _mission, person = queries.access_agenda_person(request.user, slug, person_id)
    language = request.GET.get("language") or active_language()
    if language not in LANGUAGE_CODES:
        language = active_language()
    agenda = agenda_for(person)
    links = _links(request, agenda, language)
    badge = queries.badge_of(person)  # issued at publication: a GET writes nothing
    document = pdf.agenda_pdf(
        agenda,
        language=language,
        agenda_url=links.agenda,
        meeting_url=links.meeting,
        badge=(
            (badge_qr(badge, slug=person.mission.slug, language=language), badge.display_code)
            if badge
            else None
        ),
    )
    response = HttpResponse(document, content_type=pdf.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(agenda)}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def agenda_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The subscription feed. Calendar apps cannot log in: the secret token is the key,
    and an unknown, reset or revoked token answers 404 like a missing page."""
    person = queries.person_for_feed(slug, token)
    if person is None:
        raise NotFound(_("There is no such calendar."))
    agenda = agenda_for(person)
    language = person.preferred_language
    calendar = ics.agenda_calendar(
        agenda, language=language, links=_links(request, agenda, language)
    )
    response = HttpResponse(ics.to_bytes(calendar), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{_file_name(agenda)}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def meeting_ics(request: HttpRequest, slug: str, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting, person = queries.access_scheduled_meeting(request.user, slug, meeting_uuid)
    agenda = agenda_for(person)
    entry = _entry_of(agenda, meeting.pk)
    calendar = ics.meeting_calendar(
        agenda,
        entry,
        language=active_language(),
        links=_links(request, agenda, active_language()),
    )
    response = HttpResponse(ics.to_bytes(calendar), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.uuid}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- feed


@login_required
@require_POST
def feed_reset(request: HttpRequest, slug: str) -> HttpResponse:
    mission, person = queries.access_agenda_person(request.user, slug)
    had_feed = queries.feed_for(person) is not None
    services.reset_calendar_feed(person, by=person)
    if had_feed:
        messages.success(
            request, _("Your calendar has a new address. The old one stopped working.")
        )
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return redirect(reverse("web:agenda", args=[mission.slug]) + "#calendar")


@login_required
@require_POST
def feed_revoke(request: HttpRequest, slug: str) -> HttpResponse:
    mission, person = queries.access_agenda_person(request.user, slug)
    if services.revoke_calendar_feed(person, by=person):
        messages.success(request, _("Your calendar address is turned off."))
    return redirect(reverse("web:agenda", args=[mission.slug]) + "#calendar")


# --------------------------------------------------------------------------- attendance


@login_required
def meeting_page(request: HttpRequest, slug: str, meeting_uuid: uuid.UUID) -> HttpResponse:
    """One meeting, where both sides confirm it; the QR codes on table cards lead here."""
    meeting, person = queries.access_scheduled_meeting(request.user, slug, meeting_uuid)
    status = 200
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if outcome not in ("held", "no_show"):
            messages.error(request, _("Choose whether the meeting took place."))
            status = 400
        else:
            try:
                services.confirm_attendance(meeting, by=person, held=outcome == "held")
            except DomainError as error:
                messages.error(request, str(error.message))
                status = 400
            else:
                messages.success(
                    request,
                    _("Thank you: the meeting is recorded as held.")
                    if outcome == "held"
                    else _("Thank you: the meeting is recorded as not held."),
                )
                back = request.POST.get("next")
                if back == "agenda":
                    return redirect(reverse("web:agenda", args=[slug]) + f"#meeting-{meeting.uuid}")
                return redirect("web:agenda_meeting", slug, meeting.uuid)
    agenda = agenda_for(person)
    return render(
        request,
        "jisr/agenda/meeting.html",
        {
            "mission": meeting.mission,
            "person": person,
            "entry": _entry_of(agenda, meeting.pk),
        },
        status=status,
    )


# --------------------------------------------------------------------------- helpers


def _entry_of(agenda: Agenda, meeting_id: int) -> Entry:
    for entry in agenda.meetings:
        if entry.meeting is not None and entry.meeting.pk == meeting_id:
            return entry
    raise NotFound(_("There is no such meeting in your agenda."))


def _links(request: HttpRequest, agenda: Agenda, language: str) -> ics.Links:
    """Absolute links in ``language``, for calendar events and QR codes."""
    slug = agenda.mission.slug
    with translation.override(language):
        agenda_path = reverse("web:agenda", args=[slug])
        meeting_path = reverse("web:agenda_meeting", args=[slug, uuid.UUID(int=0)])
    prefix = meeting_path.removesuffix(f"{uuid.UUID(int=0)}/")

    def meeting_url(entry: Entry) -> str:
        assert entry.meeting is not None
        return request.build_absolute_uri(f"{prefix}{entry.meeting.uuid}/")

    return ics.Links(agenda=request.build_absolute_uri(agenda_path), meeting=meeting_url)


def _feed_url(request: HttpRequest, mission: Mission, person: Person, token: str) -> str:
    with translation.override(person.preferred_language):
        path = reverse("web:agenda_feed", args=[mission.slug, token])
    return request.build_absolute_uri(path)


def _feed_links(feed_url: str) -> dict[str, str]:
    """The feed's address, as typed into a calendar app, and one-click subscriptions:
    webcal:// opens Apple Calendar or Outlook; Google Calendar takes it as ``cid``."""
    if not feed_url:
        return {"feed_url": "", "feed_webcal": "", "feed_google": ""}
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {
        "feed_url": feed_url,
        "feed_webcal": webcal,
        "feed_google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }


def _file_name(agenda: Agenda) -> str:
    return slugify(f"{agenda.mission.slug} {agenda.person.full_name}") or "agenda"
