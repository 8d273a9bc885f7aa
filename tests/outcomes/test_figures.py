"""The figures the reports dashboard reads."""

from jisr.outcomes.queries import meetings_held, no_show_rate, pipeline_counts
from jisr.outcomes.services import answer_stage, confirm_attendance, propose_stage
from tests.factories_outcomes import (
    after,
    hold,
    lead_after_meeting,
    meeting_between,
    provider_in,
)


def test_pipeline_counts_count_confirmed_stages_only(world):
    lead = lead_after_meeting(world.meeting)
    change = propose_stage(lead, by=world.buyer, stage="nda")

    assert pipeline_counts(world.mission)["lead"] == 1  # "nda" is only proposed
    answer_stage(change, by=world.provider, accept=True)

    counts = pipeline_counts(world.mission)
    assert counts == {
        "": 0,
        "lead": 0,
        "nda": 1,
        "proposal": 0,
        "pilot": 0,
        "contract": 0,
        "closed": 0,
        "lost": 0,
    }


def test_meetings_held_and_no_show_rate_count_answered_meetings_of_the_mission(world, other_world):
    no_show = meeting_between(world.buyer, world.colleague, world.slots[1])
    meeting_between(world.buyer, provider_in(world.mission), world.slots[1])  # unanswered
    hold(world.meeting)
    confirm_attendance(no_show, by=world.colleague, held=True, now=after(no_show))
    confirm_attendance(no_show, by=world.buyer, held=False, now=after(no_show))
    hold(other_world.meeting)  # another mission's answers never count

    assert meetings_held(world.mission) == 1
    assert no_show_rate(world.mission) == 0.5


def test_no_show_rate_is_none_before_any_answer(world):
    assert no_show_rate(world.mission) is None
    assert meetings_held(world.mission) == 0
