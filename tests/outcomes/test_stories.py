import pytest

from jisr.core.errors import DomainError, PermissionDenied
from jisr.outcomes.models import StoryConsent
from jisr.outcomes.queries import success_stories
from jisr.outcomes.services import (
    approve_story,
    feature_story,
    give_consent,
    save_story,
    withdraw_consent,
)
from tests.factories import UserFactory
from tests.factories_outcomes import lead_after_meeting, published, story


@pytest.fixture
def lead(world):
    return lead_after_meeting(world.meeting)


@pytest.fixture
def organizer(world):
    user = UserFactory(is_staff=True)
    world.mission.organizers.add(user)
    return user


def _published(world):
    return list(success_stories(world.mission))


def test_story_with_one_consent_is_not_published(world, lead, organizer):
    written = story(lead, world.buyer)
    give_consent(written, by=world.buyer)
    approve_story(written, by=organizer, approved=True)

    assert _published(world) == []
    assert list(success_stories(world.mission, published_only=False)) == [written]


def test_story_with_both_consents_but_no_approval_is_not_published(world, lead):
    written = story(lead, world.buyer)
    give_consent(written, by=world.buyer)
    give_consent(written, by=world.provider)

    assert _published(world) == []


def test_story_with_both_consents_and_approval_is_published(world, lead, organizer):
    written = story(lead, world.provider, quote_author=world.buyer)

    published(written, world.buyer, world.provider, organizer)

    assert _published(world) == [written]
    consent = StoryConsent.objects.get(organization=world.buyer.organization)
    assert (consent.given_by_id, consent.withdrawn_at) == (world.buyer.pk, None)


def test_withdrawing_consent_unpublishes_and_keeps_the_record(world, lead, organizer):
    written = story(lead, world.buyer)
    published(written, world.buyer, world.provider, organizer)

    assert withdraw_consent(written, by=world.provider) is True

    assert _published(world) == []
    withdrawn = StoryConsent.objects.get(organization=world.provider.organization)
    assert withdrawn.withdrawn_by_id == world.provider.pk
    assert withdrawn.withdrawn_at is not None
    assert withdraw_consent(written, by=world.provider) is False


def test_consenting_again_after_withdrawal_republishes(world, lead, organizer):
    written = story(lead, world.buyer)
    published(written, world.buyer, world.provider, organizer)
    withdraw_consent(written, by=world.provider)

    give_consent(written, by=world.provider)

    assert _published(world) == [written]
    assert StoryConsent.objects.filter(organization=world.provider.organization).count() == 2


def test_rewording_withdraws_both_consents_and_the_approval(world, lead, organizer):
    written = story(lead, world.buyer)
    published(written, world.buyer, world.provider, organizer)

    edited = save_story(
        lead,
        by=world.provider,
        story=written,
        language="fr",
        title="D'une rencontre à une équipe",
        text="Un texte plus long.",
    )

    assert _published(world) == []
    assert edited.approved_at is None
    assert not StoryConsent.objects.filter(withdrawn_at__isnull=True).exists()


def test_changing_only_the_quoted_person_keeps_consents(world, lead, organizer):
    written = story(lead, world.buyer)
    published(written, world.buyer, world.provider, organizer)

    save_story(
        lead,
        by=world.buyer,
        story=written,
        language=written.language,
        title=written.title,
        text=written.text,
        quote_author=world.buyer,
    )

    assert _published(world) == [written]


def test_only_organizers_approve_and_feature(world, lead):
    written = story(lead, world.buyer)

    with pytest.raises(PermissionDenied):
        approve_story(written, by=world.buyer.user, approved=True)
    with pytest.raises(PermissionDenied):
        feature_story(written, by=world.buyer.user, featured=True)


def test_featuring_needs_approval_and_unapproving_unfeatures(world, lead, organizer):
    written = story(lead, world.buyer)
    with pytest.raises(DomainError):
        feature_story(written, by=organizer, featured=True)

    approve_story(written, by=organizer, approved=True)
    assert feature_story(written, by=organizer, featured=True).featured is True
    assert approve_story(written, by=organizer, approved=False).featured is False


def test_organizer_of_another_mission_cannot_approve(world, other_world, lead):
    other_organizer = UserFactory(is_staff=True)
    other_world.mission.organizers.add(other_organizer)
    written = story(lead, world.buyer)

    with pytest.raises(PermissionDenied):
        approve_story(written, by=other_organizer, approved=True)


def test_outsiders_cannot_write_or_consent(world, lead):
    with pytest.raises(PermissionDenied):
        story(lead, world.colleague)
    written = story(lead, world.buyer)
    with pytest.raises(PermissionDenied):
        give_consent(written, by=world.colleague)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"text": ""}, "text"),
        ({"language": "de"}, "language"),
    ],
)
def test_story_with_bad_input_is_refused_on_its_field(world, lead, fields, field):
    with pytest.raises(DomainError) as refused:
        story(lead, world.buyer, **fields)

    assert refused.value.field == field


def test_quoted_person_must_belong_to_the_partnership(world, lead):
    with pytest.raises(DomainError) as refused:
        story(lead, world.buyer, quote_author=world.colleague)

    assert refused.value.field == "quote_author"


def test_published_stories_stay_in_their_mission(world, other_world, lead, organizer):
    written = story(lead, world.buyer)
    published(written, world.buyer, world.provider, organizer)

    assert list(success_stories(other_world.mission)) == []
