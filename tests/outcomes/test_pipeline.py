import pytest
from django.core import mail

from jisr.core.errors import DomainError, PermissionDenied
from jisr.outcomes.models import PartnershipRating, Relationship, StageChange
from jisr.outcomes.models.pipeline import next_stage
from jisr.outcomes.services import answer_stage, propose_stage, rate_partnership, start_relationship
from tests.factories_meetings import participant
from tests.factories_outcomes import lead_after_meeting

Status = StageChange.Status


@pytest.fixture
def lead(world):
    return lead_after_meeting(world.meeting)


def _reload(relationship):
    return Relationship.objects.get(pk=relationship.pk)


def test_propose_stage_stays_pending_until_the_other_side_confirms(world, lead):
    change = propose_stage(lead, by=world.buyer, stage="nda", note="Our NDA is attached.")

    assert (change.status, change.proposed_by_organization_id) == (
        "pending",
        world.buyer.organization_id,
    )
    assert _reload(lead).stage == "lead"

    answer_stage(change, by=world.provider, accept=True)

    relationship = _reload(lead)
    assert relationship.stage == "nda"
    assert relationship.stage_confirmed_at is not None
    change.refresh_from_db()
    assert (change.status, change.answered_by_id) == ("confirmed", world.provider.pk)


def test_the_proposing_side_cannot_confirm_its_own_proposal(world, lead):
    colleague = participant(world.mission, organization=world.buyer.organization)
    change = propose_stage(lead, by=world.buyer, stage="nda")

    for person in (world.buyer, colleague):
        with pytest.raises(PermissionDenied):
            answer_stage(change, by=person, accept=True)

    assert _reload(lead).stage == "lead"


def test_a_colleague_of_the_other_side_can_confirm(world, lead):
    colleague = participant(world.mission, organization=world.provider.organization)
    change = propose_stage(lead, by=world.buyer, stage="proposal")

    answer_stage(change, by=colleague, accept=True)

    assert _reload(lead).stage == "proposal"


def test_declining_keeps_the_confirmed_stage(world, lead):
    change = propose_stage(lead, by=world.provider, stage="contract")

    answer_stage(change, by=world.buyer, accept=False)

    assert _reload(lead).stage == "lead"
    change.refresh_from_db()
    assert change.status == "declined"


def test_a_new_proposal_replaces_the_pending_one(world, lead):
    first = propose_stage(lead, by=world.buyer, stage="nda")
    second = propose_stage(lead, by=world.provider, stage="proposal")

    first.refresh_from_db()
    assert first.status == "superseded"
    assert list(StageChange.objects.filter(status="pending")) == [second]
    with pytest.raises(DomainError):
        answer_stage(first, by=world.provider, accept=True)


def test_proposing_the_stage_the_other_side_proposed_confirms_it(world, lead):
    propose_stage(lead, by=world.buyer, stage="nda")

    change = propose_stage(lead, by=world.provider, stage="nda")

    assert change.status == "confirmed"
    assert _reload(lead).stage == "nda"
    assert StageChange.objects.filter(status="pending").count() == 0


def test_proposing_the_current_stage_is_refused(world, lead):
    with pytest.raises(DomainError) as refused:
        propose_stage(lead, by=world.buyer, stage="lead")

    assert refused.value.field == "stage"


def test_proposing_an_unknown_stage_is_refused(world, lead):
    with pytest.raises(DomainError):
        propose_stage(lead, by=world.buyer, stage="wedding")


def test_an_organization_outside_the_relationship_cannot_propose_or_answer(world, lead):
    change = propose_stage(lead, by=world.buyer, stage="nda")

    with pytest.raises(PermissionDenied):
        propose_stage(lead, by=world.colleague, stage="contract")
    with pytest.raises(PermissionDenied):
        answer_stage(change, by=world.colleague, accept=True)

    assert _reload(lead).stage == "lead"


def test_a_person_of_another_mission_cannot_propose(world, other_world, lead):
    with pytest.raises(PermissionDenied):
        propose_stage(lead, by=other_world.buyer, stage="nda")


def test_proposal_emails_the_other_organization_in_its_language(
    world, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        propose_stage(lead, by=world.buyer, stage="nda")

    (message,) = mail.outbox
    assert message.to == [world.provider.email]
    assert message.extra_headers["Content-Language"] == "ar"
    assert f"/ar/m/{world.mission.slug}/partnerships/{lead.pk}/" in message.body


def test_answer_emails_the_proposer(world, lead, django_capture_on_commit_callbacks):
    change = propose_stage(lead, by=world.provider, stage="nda")

    with django_capture_on_commit_callbacks(execute=True):
        answer_stage(change, by=world.buyer, accept=True)

    (message,) = mail.outbox
    assert message.to == [world.provider.email]
    assert message.extra_headers["Content-Language"] == "ar"


def test_start_relationship_by_hand_waits_for_the_other_side(world):
    relationship = start_relationship(world.colleague.organization, by=world.buyer)

    assert (relationship.stage, relationship.origin) == ("", "manual")
    assert relationship.buyer_id == world.buyer.organization_id
    assert relationship.provider_id == world.colleague.organization_id
    (change,) = StageChange.objects.filter(relationship=relationship)
    assert (change.stage, change.status) == ("lead", "pending")

    answer_stage(change, by=world.colleague, accept=True)

    assert _reload(relationship).stage == "lead"


def test_start_relationship_twice_is_refused(world):
    start_relationship(world.colleague.organization, by=world.buyer)

    with pytest.raises(DomainError) as refused:
        start_relationship(world.buyer.organization, by=world.colleague)

    assert refused.value.field == "organization"
    assert Relationship.objects.count() == 1


def test_start_relationship_between_two_providers_is_refused(world):
    with pytest.raises(PermissionDenied):
        start_relationship(world.colleague.organization, by=world.provider)


def test_start_relationship_with_another_missions_organization_is_refused(world, other_world):
    with pytest.raises(PermissionDenied):
        start_relationship(other_world.provider.organization, by=world.buyer)


def test_rate_partnership_stores_one_answer_per_side(world, lead):
    rate_partnership(lead, by=world.buyer, rating=4, comment="A pilot is running.")
    rate_partnership(lead, by=world.buyer, rating=5)
    rate_partnership(lead, by=world.provider, rating=3)

    ratings = dict(PartnershipRating.objects.values_list("organization_id", "rating"))
    assert ratings == {world.buyer.organization_id: 5, world.provider.organization_id: 3}


@pytest.mark.parametrize("rating", [0, 6])
def test_rate_partnership_outside_1_to_5_is_refused(world, lead, rating):
    with pytest.raises(DomainError) as refused:
        rate_partnership(lead, by=world.buyer, rating=rating)

    assert refused.value.field == "rating"
    assert not PartnershipRating.objects.exists()


def test_rate_partnership_by_an_outsider_is_refused(world, lead):
    with pytest.raises(PermissionDenied):
        rate_partnership(lead, by=world.colleague, rating=5)


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        ("", "lead"),
        ("lead", "nda"),
        ("pilot", "contract"),
        ("contract", "contract"),
        ("lost", "lost"),
    ],
)
def test_next_stage_follows_the_pipeline(stage, expected):
    assert next_stage(stage) == expected
