"""Messaging pages: a participant's conversations, one conversation (HTMX: sending and
refreshing swap the thread in place), reporting a message, and the organizers' page
with the messaging switch and the reported messages. Every write is a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError, NotFound, PermissionDenied
from jisr.directory.models import Person
from jisr.meetings.models import MeetingRequest
from jisr.messaging import queries, rules, services
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for
from jisr.web.messaging_forms import MessageForm, MessagingSettingsForm, ReportForm


@login_required
def inbox(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    person = person_for(request.user, mission)
    if person is None:
        if mission_rules.is_organizer(request.user, mission):
            return redirect("web:messages_moderation", mission.slug)
        raise PermissionDenied(_("This page is for the participants of this mission."))
    threads = [(meeting, meeting.counterpart(person.pk)) for meeting in queries.threads_of(person)]
    return render(
        request,
        "jisr/messaging/inbox.html",
        {
            "mission": mission,
            "person": person,
            "threads": threads,
            "settings": queries.settings_for(mission),
        },
    )


@login_required
def thread(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    """GET shows the conversation and marks what was received as read; POST sends."""
    mission = access_mission(request.user, slug)
    meeting, person = queries.access_thread(request.user, mission, request_id)
    htmx = bool(request.headers.get("HX-Request"))
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                services.send_message(meeting, by=person, body=form.cleaned_data["body"])
            except (NotFound, PermissionDenied):
                raise
            except DomainError as error:
                form.add_error("body" if error.field == "body" else None, str(error.message))
            else:
                if not htmx:
                    target = reverse("web:message_thread", args=[slug, meeting.pk])
                    return redirect(f"{target}#latest")
                form = MessageForm()
        if form.errors:
            status = 200 if htmx else 400  # htmx swaps 2xx answers only
    if not form.is_bound:
        # Reading marks as read; a refused send writes nothing at all.
        services.mark_thread_read(meeting, by=person)
    context = _thread_context(mission, meeting, person, form)
    template = "jisr/messaging/_thread.html" if htmx else "jisr/messaging/thread.html"
    return render(request, template, context, status=status)


def _thread_context(
    mission: Mission, meeting: MeetingRequest, person: Person, form: MessageForm
) -> dict[str, object]:
    settings = queries.settings_for(mission)
    return {
        "mission": mission,
        "meeting": meeting,
        "person": person,
        "counterpart": meeting.counterpart(person.pk),
        "thread_messages": list(queries.thread_messages(meeting)),
        "form": form,
        "can_write": rules.can_write(meeting, person, settings),
        "settings": settings,
        "report_form": ReportForm(),
    }


@login_required
@require_POST
def report(request: HttpRequest, slug: str, message_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    message, person = queries.access_message(request.user, mission, message_id)
    form = ReportForm(request.POST)
    target = reverse("web:message_thread", args=[slug, message.request_id])
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(target)
    try:
        services.report_message(message, by=person, reason=form.cleaned_data["reason"])
    except (NotFound, PermissionDenied):
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you. The organizers will look at this message."))
    return redirect(f"{target}#message-{message.pk}")


@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    """The messaging switch, the retention period and the reported messages."""
    mission = access_mission(request.user, slug)
    if not rules.can_moderate(request.user, mission):
        raise NotFound(_("There is no such page."))
    current = queries.settings_for(mission)
    form = MessagingSettingsForm(
        request.POST or None,
        initial={"enabled": current.enabled, "retention_days": current.retention_days},
    )
    if form.is_bound and form.is_valid():
        services.update_messaging_settings(
            mission,
            by=request.user,
            enabled=form.cleaned_data["enabled"],
            retention_days=form.cleaned_data["retention_days"],
        )
        messages.success(request, _("The messaging settings are saved."))
        return redirect("web:messages_moderation", mission.slug)
    return render(
        request,
        "jisr/messaging/moderation.html",
        {"mission": mission, "form": form, "reported": queries.reported_messages(mission)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def close_report(request: HttpRequest, slug: str, message_id: int) -> HttpResponse:
    mission = access_mission(request.user, slug)
    message = queries.access_reported_message(request.user, mission, message_id)
    hide = request.POST.get("action") == "hide"
    services.close_report(message, by=request.user, hide=hide)
    messages.success(
        request,
        _("The message is hidden.") if hide else _("The report is closed; the message stays."),
    )
    return redirect("web:messages_moderation", mission.slug)
