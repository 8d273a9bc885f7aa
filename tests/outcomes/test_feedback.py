import pytest

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.outcomes.models import MeetingFeedback, Relationship, StageChange
from jisr.outcomes.services import confirm_attendance, record_feedback
from tests.factories_outcomes import after, feedback, hold
from tests.outcomes.world import local

Interest = MeetingFeedback.Interest


def test_record_feedback_stores_interest_next_step_and_note_of_the_author(world):
    hold(world.meeting)

    saved, lead = feedback(
        world.meeting,
        world.buyer,
        interest=Interest.VERY_INTERESTED,
        next_step=MeetingFeedback.NextStep.NDA,
        next_step_text="  Send our NDA template  ",
        private_note="Rates look 20% above the others.",
    )

    stored = MeetingFeedback.objects.get(pk=saved.pk)
    assert (stored.person_id, stored.organization_id) == (
        world.buyer.pk,
        world.buyer.organization_id,
    )
    assert (stored.interest, stored.next_step) == (3, "nda")
    assert stored.next_step_text == "Send our NDA template"
    assert stored.private_note == "Rates look 20% above the others."
    assert lead is None  # the other side has not answered
    entry = ActivityLogEntry.objects.get(action="outcomes.feedback_recorded")
    assert entry.data == {"meeting": str(world.meeting.uuid), "interest": 3, "next_step": "nda"}
    assert "20%" not in str(entry.data)  # organizers read the log, not private notes


def test_record_feedback_again_corrects_the_same_row(world):
    hold(world.meeting)
    feedback(world.meeting, world.buyer, interest=Interest.INTERESTED)
    feedback(world.meeting, world.buyer, interest=Interest.NOT_INTERESTED)

    assert list(MeetingFeedback.objects.values_list("interest", flat=True)) == [1]


def test_record_feedback_requires_the_authors_held_confirmation(world):
    with pytest.raises(DomainError) as refused:
        feedback(world.meeting, world.buyer)

    assert str(refused.value.message) == "Confirm first that the meeting took place."
    assert not MeetingFeedback.objects.exists()


def test_record_feedback_after_reporting_a_no_show_is_refused(world):
    confirm_attendance(world.meeting, by=world.buyer, held=False, now=after(world.meeting))

    with pytest.raises(DomainError):
        feedback(world.meeting, world.buyer)


def test_record_feedback_before_the_start_is_refused(world):
    hold(world.meeting)

    with pytest.raises(DomainError):
        record_feedback(world.meeting, by=world.buyer, interest=2, next_step="call", now=local(9))


def test_record_feedback_by_someone_outside_the_meeting_is_refused(world):
    with pytest.raises(PermissionDenied):
        feedback(world.meeting, world.colleague)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"interest": 7}, "interest"),
        ({"next_step": "marry"}, "next_step"),
        ({"next_step_text": "x" * 501}, "next_step_text"),
        ({"private_note": "x" * 2001}, "private_note"),
    ],
)
def test_record_feedback_rejects_bad_input_on_its_field(world, fields, field):
    hold(world.meeting)
    values = {"interest": 2, "next_step": "call", **fields}

    with pytest.raises(DomainError) as refused:
        record_feedback(world.meeting, by=world.buyer, now=after(world.meeting), **values)

    assert refused.value.field == field
    assert not MeetingFeedback.objects.exists()


def test_mutual_interest_after_a_held_meeting_creates_a_confirmed_lead(world):
    hold(world.meeting)
    feedback(world.meeting, world.buyer, interest=Interest.INTERESTED)

    _saved, lead = feedback(world.meeting, world.provider, interest=Interest.VERY_INTERESTED)

    assert lead is not None
    relationship = Relationship.objects.get()
    assert (relationship.buyer_id, relationship.provider_id) == (
        world.buyer.organization_id,
        world.provider.organization_id,
    )
    assert (relationship.stage, relationship.origin) == ("lead", "interest")
    assert relationship.meeting_id == world.meeting.pk
    (change,) = StageChange.objects.all()
    assert (change.stage, change.status, change.proposed_by_organization_id) == (
        "lead",
        "confirmed",
        None,
    )


def test_one_side_not_interested_creates_no_relationship(world):
    hold(world.meeting)
    feedback(world.meeting, world.buyer, interest=Interest.VERY_INTERESTED)

    _saved, lead = feedback(world.meeting, world.provider, interest=Interest.NOT_INTERESTED)

    assert lead is None
    assert not Relationship.objects.exists()


def test_interest_after_a_no_show_report_creates_no_relationship(world):
    hold(world.meeting, world.buyer)
    feedback(world.meeting, world.buyer)
    # The provider says it took place, but the buyer later reports a no-show.
    hold(world.meeting, world.provider)
    confirm_attendance(world.meeting, by=world.buyer, held=False, now=after(world.meeting))

    _saved, lead = feedback(world.meeting, world.provider)

    assert lead is None
    assert not Relationship.objects.exists()


def test_interest_again_does_not_reset_a_relationship_that_moved_on(world):
    hold(world.meeting)
    feedback(world.meeting, world.buyer)
    _fb, relationship = feedback(world.meeting, world.provider)
    Relationship.objects.filter(pk=relationship.pk).update(stage="pilot")

    _fb, lead = feedback(world.meeting, world.buyer, interest=Interest.VERY_INTERESTED)

    assert lead is None
    assert Relationship.objects.get().stage == "pilot"
    assert StageChange.objects.count() == 1
