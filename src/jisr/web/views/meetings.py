"""Meeting pages: My meetings, the request form, answering requests, and the organizers'
policy and overview. Every write goes through jisr.meetings.services."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError, NotFound, PermissionDenied
from jisr.directory.models import Person
from jisr.marketplace.queries import access_listing, active_listings_of
from jisr.meetings import queries, services
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for
from jisr.web.meeting_forms import (
    CancelForm,
    DeclineForm,
    MeetingRequestForm,
    OverviewFilterForm,
    PolicyForm,
    QuotaOverrideForm,
)
from jisr.web.pagination import paginate

PAGE_SIZE = 20


@login_required
def my_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    tab = request.GET.get("tab", "incoming")
    if tab not in queries.TABS:
        tab = "incoming"
    page = Paginator(queries.meetings_of(person, tab), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = queries.tab_counts(person)
    tabs = [(key, _tab_label(key), counts[key]) for key in queries.TABS]
    limits = queries.limits_for(queries.policy_for(mission), person)
    return render(
        request,
        "jisr/meetings/mine.html",
        {
            "mission": mission,
            "person": person,
            "tab": tab,
            "tabs": tabs,
            "page": page,
            "limits": limits,
            "open_sent": counts["outgoing"] + queries.accepted_sent_count(person),
            "accepted": counts["accepted"],
        },
    )


def _tab_label(key: str) -> str:
    labels = {
        "incoming": _("Received"),
        "outgoing": _("Sent"),
        "accepted": _("Accepted"),
        "closed": _("Declined or cancelled"),
    }
    return labels[key]


@login_required
def request_form(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    recipient = queries.access_recipient(request.user, mission, person_id)
    requester = _participant(request, mission)
    listings = list(active_listings_of(recipient.organization)) + list(
        active_listings_of(requester.organization)
    )
    chosen = request.POST.get("listing") or request.GET.get("listing") or ""
    policy = queries.policy_for(mission)
    form = MeetingRequestForm(
        request.POST or None,
        listings=listings,
        initial={"listing": chosen if chosen.isdigit() else ""},
        online=policy.allows_online(
            remote=requester.attends_remotely or recipient.attends_remotely
        ),
        has_pattern=bool(policy.video_url_pattern),
    )
    refusal = _refusal(mission, requester, recipient)
    if request.method == "POST" and refusal is None and form.is_valid():
        listing_id = form.cleaned_data["listing"]
        try:
            listing = access_listing(request.user, mission, listing_id) if listing_id else None
            services.request_meeting(
                mission,
                requester=requester,
                recipient=recipient,
                message=form.cleaned_data["message"],
                listing=listing,
                online=form.cleaned_data.get("online", False),
                video_url=form.cleaned_data.get("video_url", ""),
            )
        except (DomainError, NotFound) as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _("Your request is sent to %(name)s. You will get an e-mail when they answer.")
                % {"name": recipient.full_name},
            )
            return redirect(reverse("web:meetings", args=[mission.slug]) + "?tab=outgoing")
    status = (
        400 if (form.is_bound and form.errors) or (refusal and request.method == "POST") else 200
    )
    return render(
        request,
        "jisr/meetings/request.html",
        {"mission": mission, "recipient": recipient, "form": form, "refusal": refusal},
        status=status,
    )


def _refusal(mission: Mission, requester: Person, recipient: Person) -> str | None:
    """Why the request cannot be sent, checked before the person writes a message."""
    try:
        services.check_request_allowed(mission, requester=requester, recipient=recipient)
    except DomainError as error:
        return str(error.message)
    return None


@login_required
@require_POST
def accept(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    return _act(
        request,
        slug,
        request_id,
        lambda meeting, person: services.accept_meeting_request(meeting, by=person),
        _("Meeting accepted. %(name)s is told by e-mail."),
    )


@login_required
@require_POST
def decline(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    form = DeclineForm(request.POST)
    reason = form.data.get("reason", "")
    return _act(
        request,
        slug,
        request_id,
        lambda meeting, person: services.decline_meeting_request(meeting, by=person, reason=reason),
        _("Request declined. %(name)s is told by e-mail."),
    )


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    form = CancelForm(request.POST)
    reason = form.data.get("reason", "")
    return _act(
        request,
        slug,
        request_id,
        lambda meeting, person: services.cancel_meeting_request(meeting, by=person, reason=reason),
        _("Cancelled. %(name)s is told by e-mail."),
    )


def _act(
    request: HttpRequest,
    slug: str,
    request_id: int,
    action: Callable[[MeetingRequest, Person], MeetingRequest],
    done: str,
) -> HttpResponse:
    """Run one answer on a request the user is a party to; HTMX gets the updated card."""
    mission = access_mission(request.user, slug)
    meeting, person = queries.access_meeting_request(request.user, mission, request_id)
    error: str | None = None
    try:
        meeting = action(meeting, person)
    except DomainError as failure:
        if isinstance(failure, NotFound):
            raise
        error = str(failure.message)
        meeting, person = queries.access_meeting_request(request.user, mission, request_id)
    name = meeting.counterpart(person.pk).full_name  # type: ignore[attr-defined]
    tab = request.POST.get("tab", "")
    tab = tab if tab in queries.TABS else ""
    if error is None and not request.headers.get("HX-Request"):
        messages.success(request, done % {"name": name})
        return redirect(
            reverse("web:meetings", args=[mission.slug]) + (f"?tab={tab}" if tab else "")
        )
    context = {
        "mission": mission,
        "person": person,
        "meeting": meeting,
        "tab": tab,
        "notice": error or done % {"name": name},
        "notice_is_error": error is not None,
        # A refused answer keeps what the person typed, in the form they used.
        "draft": {
            "action": request.POST.get("action", ""),
            "reason": request.POST.get("reason", ""),
        }
        if error
        else None,
    }
    if request.headers.get("HX-Request"):
        return render(request, "jisr/meetings/_request.html", context)
    return render(request, "jisr/meetings/answer.html", context, status=400)


def _participant(request: HttpRequest, mission: Mission) -> Person:
    person = person_for(request.user, mission)
    if person is None:
        raise PermissionDenied(_("This page is for the participants of this mission."))
    return person


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """All requests of the mission, with counts by status, for its organizers."""
    mission = access_mission(request.user, slug)
    queries.require_organizer(request.user, mission)
    form = OverviewFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    status, query = data.get("status", ""), data.get("q", "")
    page, querystring = paginate(
        request, queries.mission_requests(mission, status=status, query=query), PAGE_SIZE
    )
    counts = queries.status_counts(mission)
    return render(
        request,
        "jisr/meetings/overview.html",
        {
            "mission": mission,
            "form": form,
            "page": page,
            "status": status,
            "querystring": querystring,
            "counts": [(s, label, counts[s]) for s, label in MeetingRequest.Status.choices],
            "total": sum(counts.values()),
        },
    )


@login_required
@require_POST
def priority(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    """An organizer makes a request a priority for the scheduler, or ordinary again."""
    mission = access_mission(request.user, slug)
    meeting = queries.access_mission_request(request.user, mission, request_id)
    prioritized = request.POST.get("prioritized") == "1"
    services.set_request_priority(meeting, by=request.user, prioritized=prioritized)
    messages.success(
        request,
        _("This meeting is a priority for the next schedule run.")
        if prioritized
        else _("This meeting is an ordinary one again."),
    )
    return redirect(reverse("web:meetings_overview", args=[slug]))


@login_required
def policy(request: HttpRequest, slug: str) -> HttpResponse:
    """Who may meet whom, default quotas and per-person exceptions, for organizers."""
    mission = access_mission(request.user, slug)
    queries.require_organizer(request.user, mission)
    current = queries.policy_for(mission)
    people = queries.participants_of(mission)
    which = request.POST.get("form") if request.method == "POST" else None
    policy_form = PolicyForm(
        request.POST if which == "policy" else None, initial=PolicyForm.initial_from(current)
    )
    quota_form = QuotaOverrideForm(request.POST if which == "quota" else None, people=people)
    if which == "policy" and policy_form.is_valid():
        data = policy_form.cleaned_data
        if _saved(
            policy_form,
            lambda: services.update_meeting_policy(
                mission,
                by=request.user,
                allowed_pairs=data["allowed_pairs"],
                accepting_requests=data["accepting_requests"],
                max_open_sent=data["max_open_sent"],
                max_accepted=data["max_accepted"],
                online_meetings=data["online_meetings"] or None,
                video_url_pattern=data["video_url_pattern"],
            ),
        ):
            messages.success(request, _("The meeting rules are saved."))
            return redirect("web:meetings_policy", mission.slug)
    if which == "quota" and quota_form.is_valid():
        data = quota_form.cleaned_data
        if _saved(
            quota_form,
            lambda: services.set_quota_override(
                mission,
                by=request.user,
                person=data["person"],
                max_open_sent=data["max_open_sent"],
                max_accepted=data["max_accepted"],
            ),
        ):
            messages.success(request, _("The quotas of this participant are saved."))
            return redirect("web:meetings_policy", mission.slug)
    bound = policy_form if which == "policy" else quota_form
    return render(
        request,
        "jisr/meetings/policy.html",
        {
            "mission": mission,
            "policy_form": policy_form,
            "quota_form": quota_form,
            "overrides": queries.quota_overrides(mission),
        },
        status=400 if bound.is_bound and bound.errors else 200,
    )


@login_required
@require_POST
def remove_override(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    queries.require_organizer(request.user, mission)
    person = queries.participants_of(mission).filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("There is no such person in this mission."))
    services.set_quota_override(
        mission, by=request.user, person=person, max_open_sent=None, max_accepted=None
    )
    messages.success(request, _("This participant now has the mission's default quotas."))
    return redirect("web:meetings_policy", mission.slug)


def _saved(form: PolicyForm | QuotaOverrideForm, write: Callable[[], object]) -> bool:
    """Run a service; report its domain error on the form instead of losing the input."""
    try:
        write()
    except DomainError as error:
        if isinstance(error, (NotFound, PermissionDenied)):
            raise
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return False
    return True
