"""Outcome pages: feedback after a meeting, "My partnerships" with stage proposals and
confirmations, the six-month rating, and success stories with both organizations'
consent and the organizers' approval."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError, NotFound
from jisr.directory.models import Person
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.outcomes import queries, rules, services
from jisr.outcomes.agenda import agenda_for
from jisr.outcomes.models import Relationship, Stage, SuccessStory
from jisr.outcomes.models.pipeline import next_stage
from jisr.web.outcomes_forms import FeedbackForm, ProposeForm, RatingForm, StartForm, StoryForm

# --------------------------------------------------------------------------- feedback


@login_required
@require_POST
def meeting_feedback(request: HttpRequest, slug: str, meeting_uuid: uuid.UUID) -> HttpResponse:
    """The feedback form of the meeting page; invalid input re-renders that page."""
    meeting, person = queries.access_scheduled_meeting(request.user, slug, meeting_uuid)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            _feedback, lead = services.record_feedback(meeting, by=person, **form.cleaned_data)
        except DomainError as error:
            if error.field in form.fields:
                _form_error(form, error)
            else:  # e.g. not confirmed as held: the form itself is not shown then
                messages.error(request, str(error.message))
        else:
            messages.success(request, _("Thank you: your feedback is saved."))
            if lead is not None:
                messages.success(
                    request,
                    _("You are both interested: the partnership is now a lead in My partnerships."),
                )
            return redirect("web:agenda_meeting", slug, meeting.uuid)
    entry = next(e for e in agenda_for(person).meetings if e.meeting and e.meeting.pk == meeting.pk)
    return render(
        request,
        "jisr/agenda/meeting.html",
        {"mission": meeting.mission, "person": person, "entry": entry, "feedback_form": form},
        status=400,
    )


# --------------------------------------------------------------------------- partnerships


@login_required
def partnerships(request: HttpRequest, slug: str) -> HttpResponse:
    """A participant's organization's partnerships; organizers see the whole mission."""
    mission, person = queries.access_partnerships(request.user, slug)
    start_form = None
    status = 200
    if person is not None and rules.has_partnerships(person):
        counterparts = queries.counterparts_for(person)
        start_form = StartForm(request.POST or None, counterparts=counterparts)
        if request.method == "POST":
            if start_form.is_valid():
                try:
                    relationship = services.start_relationship(
                        start_form.cleaned_data["organization"],
                        by=person,
                        note=start_form.cleaned_data["note"],
                    )
                except DomainError as error:
                    _form_error(start_form, error)
                else:
                    messages.success(
                        request,
                        _("Partnership added. The other organization is asked to confirm it."),
                    )
                    return redirect("web:partnership", slug, relationship.pk)
            status = 400
    elif request.method == "POST":
        raise NotFound(_("There is no such page."))  # organizers and advisors add nothing
    relationships = list(
        queries.relationships_for(
            mission, organization_id=person.organization_id if person else None
        )
    )
    return render(
        request,
        "jisr/outcomes/partnerships.html",
        {
            "mission": mission,
            "person": person,
            "relationships": relationships,
            "counts": _stage_counts(mission) if person is None else None,
            "start_form": start_form,
            "followup": request.GET.get("from", ""),
        },
        status=status,
    )


@login_required
def partnership(request: HttpRequest, slug: str, relationship_id: int) -> HttpResponse:
    """One partnership: its stage, the pending proposal, history, meetings, the
    organization's own feedback (private notes included), ratings and stories."""
    relationship, person = queries.access_relationship(request.user, slug, relationship_id)
    forms: dict[str, Any] = {
        "propose": ProposeForm(initial={"stage": next_stage(relationship.stage)}),
        "rating": RatingForm(),
    }
    status = 200
    if request.method == "POST":
        if person is None:
            raise NotFound(_("There is no such partnership."))
        response = _partnership_action(request, relationship, person, forms)
        if response is not None:
            return response
        status = 400
    return _partnership_page(request, relationship, person, forms, status)


def _partnership_action(
    request: HttpRequest, relationship: Relationship, person: Person, forms: dict[str, Any]
) -> HttpResponse | None:
    """Run one POSTed action; a response on success, None to re-render with errors."""
    action = request.POST.get("action")
    done = None
    try:
        if action == "propose":
            form = forms["propose"] = ProposeForm(request.POST)
            if form.is_valid():
                services.propose_stage(relationship, by=person, **form.cleaned_data)
                done = _("Your proposal is sent. It counts once the other side confirms it.")
        elif action in ("confirm", "decline"):
            form = None
            change = queries.access_stage_change(relationship, _int(request.POST.get("change")))
            services.answer_stage(change, by=person, accept=action == "confirm")
            done = _("Stage confirmed.") if action == "confirm" else _("Proposal declined.")
        elif action == "rate":
            form = forms["rating"] = RatingForm(request.POST)
            if form.is_valid():
                services.rate_partnership(relationship, by=person, **form.cleaned_data)
                done = _("Thank you: your rating is saved.")
        else:
            messages.error(request, _("Choose an action."))
            return None
    except DomainError as error:
        if form is None:
            messages.error(request, str(error.message))
        else:
            _form_error(form, error)
        return None
    if done is None:
        return None
    messages.success(request, done)
    return redirect("web:partnership", relationship.mission.slug, relationship.pk)


def _partnership_page(
    request: HttpRequest,
    relationship: Relationship,
    person: Person | None,
    forms: dict[str, Any],
    status: int,
) -> HttpResponse:
    mission = relationship.mission
    pending = relationship.pending_changes[0] if relationship.pending_changes else None  # type: ignore[attr-defined]
    meetings = list(queries.meetings_between(relationship))
    own_feedback = []
    if person is not None:
        own_feedback = list(
            queries.feedback_for_organization(mission, person.organization_id)
            .filter(meeting__in=[m.pk for m in meetings])
            .select_related("person", "meeting__slot")
        )
    stories = list(queries.stories_of(relationship))
    for story in stories:
        story.published = rules.is_published(story, story.active_consents)  # type: ignore[attr-defined]
        story.consenting = {c.organization_id for c in story.active_consents}  # type: ignore[attr-defined]
    return render(
        request,
        "jisr/outcomes/partnership.html",
        {
            "mission": mission,
            "person": person,
            "relationship": relationship,
            "side": rules.side_of(relationship, person),
            "pending": pending,
            "can_answer": pending is not None and rules.can_answer(pending, person),
            "history": queries.stage_history(relationship),
            "meetings": meetings,
            "own_feedback": own_feedback,
            "ratings": queries.ratings_of(relationship),
            "stories": stories,
            "forms": forms,
            "is_organizer": mission_rules.is_organizer(request.user, mission),
        },
        status=status,
    )


# --------------------------------------------------------------------------- stories


@login_required
def story_new(request: HttpRequest, slug: str, relationship_id: int) -> HttpResponse:
    relationship, person = queries.access_relationship(request.user, slug, relationship_id)
    if person is None:
        raise NotFound(_("There is no such partnership."))
    return _story_form(request, relationship, person, None)


@login_required
def story_edit(request: HttpRequest, slug: str, story_id: int) -> HttpResponse:
    story, person = queries.access_story(request.user, slug, story_id)
    if person is None or not rules.can_edit_story(story, person):
        raise NotFound(_("There is no such story."))
    return _story_form(request, story.relationship, person, story)


def _story_form(
    request: HttpRequest, relationship: Relationship, person: Person, story: SuccessStory | None
) -> HttpResponse:
    people = queries.people_of_relationship(relationship)
    initial = (
        {
            "language": story.language,
            "title": story.title,
            "text": story.text,
            "quote_author": story.quote_author_id,
        }
        if story
        else {"language": person.preferred_language}
    )
    form = StoryForm(request.POST or None, initial=initial, people=people)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.save_story(relationship, by=person, story=story, **form.cleaned_data)
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Story saved. It is published once both organizations consent "
                        "and an organizer approves it."
                    ),
                )
                return redirect(
                    reverse("web:partnership", args=[relationship.mission.slug, relationship.pk])
                    + "#stories"
                )
    return render(
        request,
        "jisr/outcomes/story_form.html",
        {
            "mission": relationship.mission,
            "relationship": relationship,
            "story": story,
            "form": form,
        },
        status=status,
    )


STORY_ACTIONS = ("consent", "withdraw", "approve", "unapprove", "feature", "unfeature")


@login_required
@require_POST
def story_action(request: HttpRequest, slug: str, story_id: int) -> HttpResponse:
    """Consent or withdraw (either organization); approve or feature (organizers)."""
    story, person = queries.access_story(request.user, slug, story_id)
    action = request.POST.get("action", "")
    try:
        if action in ("consent", "withdraw"):
            if person is None:
                raise NotFound(_("There is no such story."))
            if action == "consent":
                services.give_consent(story, by=person)
                messages.success(request, _("Your organization's consent is recorded."))
            else:
                services.withdraw_consent(story, by=person)
                messages.success(request, _("Consent withdrawn: the story is no longer published."))
        elif action in ("approve", "unapprove"):
            services.approve_story(story, by=request.user, approved=action == "approve")
            messages.success(request, _("Approval saved."))
        elif action in ("feature", "unfeature"):
            services.feature_story(story, by=request.user, featured=action == "feature")
            messages.success(request, _("Saved."))
        else:
            messages.error(request, _("Choose an action."))
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, str(error.message))
    if request.POST.get("next") == "review":
        return redirect("web:stories", slug)
    return redirect(reverse("web:partnership", args=[slug, story.relationship_id]) + "#stories")


@login_required
def stories_review(request: HttpRequest, slug: str) -> HttpResponse:
    """The organizers' list of every story, to approve and feature."""
    mission, _person = queries.access_partnerships(request.user, slug)
    if not mission_rules.is_organizer(request.user, mission):
        raise NotFound(_("There is no such page."))
    stories = list(queries.stories_for_review(mission))
    for story in stories:
        story.published = rules.is_published(story, story.active_consents)  # type: ignore[attr-defined]
        story.consenting = {c.organization_id for c in story.active_consents}  # type: ignore[attr-defined]
    return render(request, "jisr/outcomes/stories.html", {"mission": mission, "stories": stories})


# --------------------------------------------------------------------------- helpers


def _stage_counts(mission: Mission) -> list[tuple[str, int]]:
    counts = queries.pipeline_counts(mission)
    labels = [("", _("Not confirmed yet")), *Stage.choices]
    return [(str(label), counts[value]) for value, label in labels]


def _form_error(form: Any, error: DomainError) -> None:
    """Show a service's refusal on its field, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0
