"""On-site pages: the organizers' check-in page (camera scan in a static script, and a
code field that always works) and a participant's "my next meeting" page."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jisr.core.errors import NotFound, PermissionDenied
from jisr.core.i18n import active_language
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for
from jisr.outcomes import queries, services
from jisr.outcomes.agenda import agenda_for
from jisr.outcomes.services.checkin import AlreadyCheckedIn, UnknownBadge
from jisr.web.agenda.badge import badge_qr

RECENT = 10


def _organizer_mission(request: HttpRequest, slug: str) -> Mission:
    mission = access_mission(request.user, slug)
    if not mission_rules.is_organizer(request.user, mission):
        raise NotFound(_("There is no such page."))
    return mission


@login_required
def check_in_page(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the scanner (a scanned badge address pre-fills the code); POST checks
    the code's owner in. A repeated scan and an unknown code change nothing."""
    mission = _organizer_mission(request, slug)
    htmx = bool(request.headers.get("HX-Request"))
    result: dict[str, object] | None = None
    status = 200
    code = request.GET.get("code", "")
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            entry = services.check_in(mission, code=code, by=request.user)
        except AlreadyCheckedIn as error:
            result = {
                "kind": "warning",
                "text": str(error.message),
                "person": error.check_in.person,
            }
            status = 409
        except UnknownBadge as error:
            result = {"kind": "error", "text": str(error.message)}
            status = 404
        else:
            result = {
                "kind": "success",
                "text": _("%(name)s is checked in.") % {"name": entry.person.full_name},
                "person": entry.person,
            }
        code = ""
    today = timezone.localtime(timezone.now(), ZoneInfo(mission.timezone)).date()
    recent = queries.check_ins_on(mission, today)
    context = {
        "mission": mission,
        "result": result,
        "code": code,
        "recent": recent[:RECENT],
        "count": recent.count(),
        "today": today,
    }
    if htmx:
        return render(request, "jisr/checkin/_result.html", context)
    return render(request, "jisr/checkin/page.html", context, status=status)


@login_required
@require_POST
def no_shows(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _organizer_mission(request, slug)
    written = services.record_no_shows(mission, by=request.user)
    if written:
        text = ngettext(
            "%(count)d no-show recorded from check-in.",
            "%(count)d no-shows recorded from check-in.",
            written,
        ) % {"count": written}
    else:
        text = _("No meeting that ended has a side missing at check-in.")
    messages.success(request, text)
    return redirect("web:check_in", mission.slug)


@login_required
def next_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    """Where to go next: the meeting under way or the next one, with its time, venue,
    table and the other side, then the following ones; and the check-in badge, once
    the schedule is published."""
    mission = access_mission(request.user, slug)
    person = person_for(request.user, mission)
    if person is None:
        raise PermissionDenied(_("This page is for the participants of this mission."))
    agenda = agenda_for(person)
    up_next = agenda.up_next
    later = [
        entry
        for entry in agenda.meetings
        if not entry.cancelled and entry.end > agenda.now and entry is not up_next
    ][:3]
    badge = queries.badge_of(person)  # issued at publication: a GET writes nothing
    today = timezone.localtime(agenda.now, ZoneInfo(mission.timezone)).date()
    return render(
        request,
        "jisr/checkin/next.html",
        {
            "mission": mission,
            "person": person,
            "agenda": agenda,
            "up_next": up_next,
            "under_way": up_next is not None and up_next.start <= agenda.now,
            "later": later,
            "badge": badge,
            "badge_qr": badge_qr(badge, slug=mission.slug, language=active_language())
            if badge
            else "",
            "checked_in": queries.check_in_of(person, today),
        },
    )
