"""The organizers' scheduling console: the grid, runs with live progress, the draft
with its quality figures, locks, publication and minimal-change rescheduling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError
from jisr.matchmaking.queries import meeting_priorities
from jisr.schedules import grid as grid_services
from jisr.schedules import notices as schedule_notices
from jisr.schedules import queries, services
from jisr.schedules.models import ScheduleRun
from jisr.web import schedule_texts
from jisr.web.schedule_forms import MeetingDayForm, RunForm, SlotsForm, TablesForm

STALLED_NOTICES = dt.timedelta(minutes=2)


def _console_url(slug: str, anchor: str = "") -> str:
    return reverse("web:schedule_console", args=[slug]) + anchor


def _grid_url(slug: str) -> str:
    return reverse("web:schedule_grid", args=[slug])


def _describe(run: ScheduleRun) -> ScheduleRun:
    """Attach the translated error and, for infeasible input, the conflicting rules."""
    run.error_text = schedule_texts.run_error(run.error_code)  # type: ignore[attr-defined]
    # The sentence says what conflicts; the rule names after it say where to look.
    run.conflict_texts = [  # type: ignore[attr-defined]
        _conflict_line(conflict) for conflict in (run.summary or {}).get("conflicts", [])
    ]
    return run


@login_required
def console(request: HttpRequest, slug: str) -> HttpResponse:
    mission = queries.access_schedule_mission(request.user, slug)
    services.expire_stale_runs(mission)
    meetings = list(queries.draft_meetings(mission))
    preview, preview_error = queries.preview_or_error(mission)
    publication = queries.current_publication(mission)
    changes = queries.schedule_changes(mission) if publication else []
    runs = [_describe(run) for run in queries.recent_runs(mission)]
    return render(
        request,
        "jisr/schedules/console.html",
        {
            "mission": mission,
            "run_form": RunForm(),
            "active_run": queries.active_run(mission),
            "runs": runs,
            "meetings": meetings,
            "preview": preview,
            "preview_error": preview_error,
            "unscheduled": [
                (item, schedule_texts.unscheduled_reason(item.reason))
                for item in (preview.unscheduled if preview else [])
            ],
            "violations": [
                schedule_texts.rule_text(v) for v in (preview.violations if preview else [])
            ],
            "grid": queries.draft_grid(mission, meetings),
            "publication": publication,
            **_notices_context(publication),
            "changes": queries.changes_by_person(changes),
            "change_count": len(changes),
            "pending": queries.pending_request_changes(mission) if publication else None,
            "priorities": [
                {
                    "line": line,
                    "label": schedule_texts.priority_label(line.reason),
                    "missing": [
                        (request, schedule_texts.unscheduled_reason(reason.get("code", "unknown")))
                        for request, reason in line.missing
                    ],
                }
                for line in queries.priority_report(mission)
            ],
        },
    )


@login_required
def run_progress(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """The live progress fragment, polled every second while the run is active; once it
    ends, a polling page reloads itself to show the new draft."""
    run = queries.access_run(request.user, slug, run_id)
    response = render(
        request,
        "jisr/schedules/_progress.html",
        {
            "mission": run.mission,
            "run": run,
            "error_text": schedule_texts.run_error(run.error_code),
        },
    )
    if request.headers.get("HX-Request") and not run.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def start_run(request: HttpRequest, slug: str) -> HttpResponse:
    mission = queries.access_schedule_mission(request.user, slug)
    kind = request.POST.get("kind", ScheduleRun.Kind.SOLVE)
    if kind not in ScheduleRun.Kind.values:
        kind = ScheduleRun.Kind.SOLVE
    form = RunForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
        return redirect(_console_url(slug, "#run"))
    try:
        run = services.start_schedule_run(
            mission,
            by=request.user,
            kind=kind,
            parameters=form.parameters(),
            priorities=meeting_priorities(mission),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(_console_url(slug, "#run"))
    if run.status == ScheduleRun.Status.SUCCEEDED:
        messages.success(request, _("The run finished; the draft below is new."))
    elif not run.is_active:
        messages.error(request, schedule_texts.run_error(run.error_code))
    return redirect(_console_url(slug, "#run"))


@login_required
@require_POST
def cancel_run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    run = queries.access_run(request.user, slug, run_id)
    try:
        services.cancel_schedule_run(run, by=request.user)
        messages.success(request, _("Cancelling the run. The previous draft is kept."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(_console_url(slug, "#run"))


@login_required
@require_POST
def lock_meeting(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    meeting = queries.access_draft_meeting(request.user, slug, meeting_id)
    locked = request.POST.get("locked") == "1"
    services.set_meeting_lock(meeting, locked=locked, by=request.user)
    return redirect(_console_url(slug, f"#meeting-{meeting.pk}"))


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    mission = queries.access_schedule_mission(request.user, slug)
    try:
        publication = services.publish_schedule(mission, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(_console_url(slug))
    notified = publication.changes.get("notified", 0)
    messages.success(
        request,
        ngettext(
            "Version %(version)s is published; the e-mail to %(count)s participant is sent "
            "in the background.",
            "Version %(version)s is published; the e-mails to %(count)s participants are "
            "sent in the background.",
            notified,
        )
        % {"version": publication.version, "count": notified},
    )
    return redirect(_console_url(slug))


def _notices_context(publication: Any) -> dict[str, Any]:
    if publication is None:
        return {"notices": {}, "unsent": []}
    counts = queries.notice_counts(publication)
    # E-mails still waiting long after publishing: no worker took the task (it was
    # lost, or no worker runs); the organizer may queue them again.
    stalled = counts["pending"] and publication.published_at < timezone.now() - STALLED_NOTICES
    return {
        "notices": counts,
        "unsent": queries.unsent_notices(publication),
        "can_retry": bool(counts["failed"] or stalled),
    }


@login_required
def notices(request: HttpRequest, slug: str) -> HttpResponse:
    """How the e-mails of the current publication are going; polled by the console
    while some wait for a worker."""
    mission = queries.access_schedule_mission(request.user, slug)
    publication = queries.current_publication(mission)
    return render(
        request,
        "jisr/schedules/_notices.html",
        {
            "mission": mission,
            "publication": publication,
            "polled": True,
            **_notices_context(publication),
        },
    )


@login_required
@require_POST
def retry_notices(request: HttpRequest, slug: str) -> HttpResponse:
    mission = queries.access_schedule_mission(request.user, slug)
    publication = queries.current_publication(mission)
    if publication is None:
        messages.error(request, _("Nothing is published yet."))
        return redirect(_console_url(slug))
    try:
        waiting = schedule_notices.retry_publication_notices(publication, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(_console_url(slug))
    messages.success(
        request,
        ngettext(
            "%(count)s e-mail is queued to be sent again.",
            "%(count)s e-mails are queued to be sent again.",
            waiting,
        )
        % {"count": waiting},
    )
    return redirect(_console_url(slug))


@login_required
@require_POST
def discard_draft(request: HttpRequest, slug: str) -> HttpResponse:
    mission = queries.access_schedule_mission(request.user, slug)
    try:
        services.discard_draft_changes(mission, by=request.user)
        messages.success(request, _("The draft is back to the published schedule."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(_console_url(slug))


# --------------------------------------------------------------------------- grid


def _grid_page(request: HttpRequest, mission: Any, **forms: Any) -> HttpResponse:
    days = queries.grid_setup(mission)
    bound = forms.get("slots_form")
    for entry in days:
        day_id = entry["day"].pk
        entry["form"] = (
            bound if bound and bound.prefix == f"day{day_id}" else SlotsForm(prefix=f"day{day_id}")
        )
    context = {
        "mission": mission,
        "days": days,
        "venues": queries.venues_with_tables(mission),
        "day_form": forms.get("day_form") or MeetingDayForm(mission=mission),
        "tables_form": forms.get("tables_form") or TablesForm(mission=mission),
    }
    return render(request, "jisr/schedules/grid.html", context, status=forms.get("status", 200))


@login_required
def grid(request: HttpRequest, slug: str) -> HttpResponse:
    mission = queries.access_schedule_mission(request.user, slug)
    return _grid_page(request, mission)


@login_required
@require_POST
def add_day(request: HttpRequest, slug: str) -> HttpResponse:
    mission = queries.access_schedule_mission(request.user, slug)
    form = MeetingDayForm(request.POST, mission=mission)
    if form.is_valid():
        try:
            grid_services.add_meeting_day(
                mission,
                date=form.cleaned_data["date"],
                venue=form.cleaned_data["venue"],
                by=request.user,
            )
            messages.success(request, _("The meeting day was added. Now generate its slots."))
            return redirect(_grid_url(slug))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
    return _grid_page(request, mission, day_form=form, status=400)


@login_required
@require_POST
def generate_slots(request: HttpRequest, slug: str, day_id: int) -> HttpResponse:
    day = queries.access_meeting_day(request.user, slug, day_id)
    form = SlotsForm(request.POST, prefix=f"day{day.pk}")
    if form.is_valid():
        try:
            created = grid_services.generate_slots(
                day,
                sessions=form.cleaned_data["sessions"],
                slot_minutes=form.cleaned_data["slot_minutes"],
                gap_minutes=form.cleaned_data["gap_minutes"],
                by=request.user,
            )
            messages.success(request, _("%(count)s slots were added.") % {"count": len(created)})
            return redirect(_grid_url(slug))
        except DomainError as error:
            form.add_error(None, str(error.message))
    return _grid_page(request, day.mission, slots_form=form, status=400)


@login_required
@require_POST
def delete_day(request: HttpRequest, slug: str, day_id: int) -> HttpResponse:
    day = queries.access_meeting_day(request.user, slug, day_id)
    return _remove(
        request,
        slug,
        lambda: grid_services.delete_meeting_day(day, by=request.user),
        done=_("The meeting day was removed."),
    )


@login_required
@require_POST
def delete_slot(request: HttpRequest, slug: str, slot_id: int) -> HttpResponse:
    slot = queries.access_slot(request.user, slug, slot_id)
    return _remove(
        request,
        slug,
        lambda: grid_services.delete_slot(slot, by=request.user),
        done=_("The slot was removed."),
    )


@login_required
@require_POST
def add_tables(request: HttpRequest, slug: str) -> HttpResponse:
    mission = queries.access_schedule_mission(request.user, slug)
    form = TablesForm(request.POST, mission=mission)
    if form.is_valid():
        try:
            created = grid_services.add_tables(
                form.cleaned_data["venue"],
                count=form.cleaned_data["count"],
                prefix=form.cleaned_data["prefix"] or "T",
                by=request.user,
            )
            messages.success(request, _("%(count)s tables were added.") % {"count": len(created)})
            return redirect(_grid_url(slug))
        except DomainError as error:
            form.add_error(None, str(error.message))
    return _grid_page(request, mission, tables_form=form, status=400)


@login_required
@require_POST
def delete_table(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    table = queries.access_table(request.user, slug, table_id)
    return _remove(
        request,
        slug,
        lambda: grid_services.delete_table(table, by=request.user),
        done=_("The table was removed."),
    )


def _remove(
    request: HttpRequest, slug: str, delete: Callable[[], object], *, done: str
) -> HttpResponse:
    """Run a grid deletion; a refusal (e.g. a meeting uses the slot) becomes a message."""
    try:
        delete()
        messages.success(request, done)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(_grid_url(slug))


def _conflict_line(conflict: dict) -> str:  # type: ignore[type-arg]
    rules = ", ".join(schedule_texts.rule_text(rule) for rule in conflict.get("rules", []))
    sentence = schedule_texts.conflict_text(conflict["code"]) if conflict.get("code") else ""
    return " — ".join(part for part in (sentence, rules) if part)
