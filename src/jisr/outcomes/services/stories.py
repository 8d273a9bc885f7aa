"""Success stories: writing them, both organizations' consent, organizer approval.

The publication rule is documented in ``jisr.outcomes.models.stories``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Person
from jisr.missions.rules import is_organizer
from jisr.outcomes import rules
from jisr.outcomes.models import Relationship, StoryConsent, SuccessStory
from jisr.outcomes.models.stories import TEXT_MAX, TITLE_MAX

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def save_story(
    relationship: Relationship,
    *,
    by: Person,
    language: str,
    title: str,
    text: str,
    quote_author: Person | None = None,
    story: SuccessStory | None = None,
    now: dt.datetime | None = None,
) -> SuccessStory:
    """Write a new story (``story`` None) or edit one. A change to the wording withdraws
    every consent and the approval: each organization consented to the earlier text."""
    now = now or timezone.now()
    title, text = title.strip(), text.strip()
    _validate(relationship, language=language, title=title, text=text, quote_author=quote_author)
    with transaction.atomic():
        if not rules.side_of(relationship, by):
            raise PermissionDenied(
                _("Only people of the two organizations can write about their partnership.")
            )
        if story is None:
            story = SuccessStory.objects.create(
                mission_id=relationship.mission_id,
                relationship=relationship,
                language=language,
                title=title,
                text=text,
                quote_author=quote_author,
                written_by=by,
            )
            log_activity(story, action="outcomes.story_written", actor=by.user, mission=by.mission)
            return story
        story = SuccessStory.objects.select_for_update().get(pk=story.pk, relationship=relationship)
        reworded = (story.language, story.title, story.text) != (language, title, text)
        story.language, story.title, story.text = language, title, text
        story.quote_author = quote_author
        reset = False
        if reworded:
            reset = bool(
                StoryConsent.objects.filter(story=story, withdrawn_at__isnull=True).update(
                    withdrawn_at=now, withdrawn_by=by
                )
            ) or (story.approved_at is not None)
            story.approved_at, story.approved_by = None, None
        story.save()
        log_activity(
            story,
            action="outcomes.story_edited",
            actor=by.user,
            mission=by.mission,
            data={"consents_reset": reset},
        )
    return story


def give_consent(
    story: SuccessStory, *, by: Person, now: dt.datetime | None = None
) -> StoryConsent:
    """``by``'s organization consents to publishing ``story`` as it is now worded."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(story)
        if not rules.side_of(locked.relationship, by):
            raise PermissionDenied(_("Only the two organizations of the partnership can consent."))
        existing: StoryConsent | None = StoryConsent.objects.filter(
            story=locked, organization_id=by.organization_id, withdrawn_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        consent: StoryConsent = StoryConsent.objects.create(
            mission_id=locked.mission_id,
            story=locked,
            organization_id=by.organization_id,
            given_by=by,
            given_at=now,
        )
        log_activity(
            consent,
            action="outcomes.story_consent_given",
            actor=by.user,
            mission=locked.mission,
            data={"story": locked.pk, "organization": by.organization_id},
        )
    return consent


def withdraw_consent(story: SuccessStory, *, by: Person, now: dt.datetime | None = None) -> bool:
    """``by``'s organization withdraws its consent, which unpublishes the story at once.
    False when there was no active consent."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(story)
        if not rules.side_of(locked.relationship, by):
            raise PermissionDenied(_("Only the two organizations of the partnership can consent."))
        withdrawn = StoryConsent.objects.filter(
            story=locked, organization_id=by.organization_id, withdrawn_at__isnull=True
        ).update(withdrawn_at=now, withdrawn_by=by)
        if withdrawn:
            log_activity(
                locked,
                action="outcomes.story_consent_withdrawn",
                actor=by.user,
                mission=locked.mission,
                data={"organization": by.organization_id},
            )
    return bool(withdrawn)


def approve_story(
    story: SuccessStory,
    *,
    by: AbstractBaseUser | AnonymousUser,
    approved: bool,
    now: dt.datetime | None = None,
) -> SuccessStory:
    """An organizer approves the story for publication, or takes the approval back."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(story)
        if not is_organizer(by, locked.mission):
            raise PermissionDenied(_("Only the mission's organizers can approve stories."))
        locked.approved_at = now if approved else None
        locked.approved_by = by if approved else None
        if not approved:
            locked.featured = False
        locked.save(update_fields=["approved_at", "approved_by", "featured", "updated"])
        log_activity(
            locked,
            action="outcomes.story_approved" if approved else "outcomes.story_unapproved",
            actor=by,
            mission=locked.mission,
        )
    return locked


def feature_story(
    story: SuccessStory, *, by: AbstractBaseUser | AnonymousUser, featured: bool
) -> SuccessStory:
    """Organizers pick the stories the "Why Morocco" page shows (approved ones only)."""
    with transaction.atomic():
        locked = _lock(story)
        if not is_organizer(by, locked.mission):
            raise PermissionDenied(_("Only the mission's organizers can feature stories."))
        if featured and locked.approved_at is None:
            raise DomainError(_("Approve the story before featuring it."))
        locked.featured = featured
        locked.save(update_fields=["featured", "updated"])
        log_activity(
            locked,
            action="outcomes.story_featured" if featured else "outcomes.story_unfeatured",
            actor=by,
            mission=locked.mission,
        )
    return locked


def _lock(story: SuccessStory) -> SuccessStory:
    locked: SuccessStory = (
        SuccessStory.objects.select_for_update(of=("self",))
        .select_related("mission", "relationship")
        .get(pk=story.pk)
    )
    return locked


def _validate(
    relationship: Relationship,
    *,
    language: str,
    title: str,
    text: str,
    quote_author: Person | None,
) -> None:
    if language not in LANGUAGES:
        raise DomainError(_("Choose the language the story is written in."), field="language")
    if not title:
        raise DomainError(_("Give the story a title."), field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(
            _("Keep the title under %(max)d characters.") % {"max": TITLE_MAX}, field="title"
        )
    if not text:
        raise DomainError(_("Write the story."), field="text")
    if len(text) > TEXT_MAX:
        raise DomainError(
            _("Keep the story under %(max)d characters.") % {"max": TEXT_MAX}, field="text"
        )
    if quote_author is not None and quote_author.organization_id not in (
        relationship.buyer_id,
        relationship.provider_id,
    ):
        raise DomainError(
            _("The quoted person must belong to one of the two organizations."),
            field="quote_author",
        )
