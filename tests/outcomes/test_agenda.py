import datetime as dt

from jisr.meetings.models import MeetingRequest
from jisr.missions.models import ProgrammeItem
from jisr.outcomes.agenda import agenda_for
from jisr.outcomes.queries import attendance_overview
from jisr.outcomes.services import confirm_attendance
from jisr.schedules.models import ScheduledMeeting
from tests.outcomes.world import DAY, build_world, cancel, local


def _summary(agenda):
    return [
        (
            entry.local_start.strftime("%H:%M"),
            entry.counterpart.full_name if entry.is_meeting else entry.item.title["en"],
            entry.venue.city,
        )
        for entry in agenda.entries
    ]


def test_agenda_merges_programme_and_meetings_in_local_time(world):
    agenda = agenda_for(world.buyer)

    assert agenda.published is True
    assert [day.date for day in agenda.days] == [DAY]
    assert _summary(agenda) == [
        ("09:00", "Opening keynote", "Casablanca"),
        ("10:00", "كريم العلوي", "Casablanca"),
        ("12:30", "Technopolis site visit", "Rabat"),
    ]
    meeting = agenda.meetings[0]
    assert meeting.table == "T1"
    assert meeting.counterpart.organization.name == "أطلس للبرمجيات"


def test_agenda_shows_the_other_side_from_each_participant(world):
    assert agenda_for(world.provider).meetings[0].counterpart == world.buyer
    assert agenda_for(world.buyer).meetings[0].counterpart == world.provider
    assert agenda_for(world.colleague).meetings == []


def test_agenda_notes_travel_between_cities(world):
    entries = agenda_for(world.buyer).entries

    assert entries[1].travel is None  # keynote and meeting share the venue
    travel = entries[2].travel
    assert (travel.origin, travel.destination) == (world.casablanca, world.rabat)
    assert travel.other_city is True
    assert travel.minutes == 120  # 10:30 -> 12:30
    assert travel.tight is False


def test_agenda_flags_tight_travel_to_another_city(world):
    item = world.mission.programme.get(venue=world.rabat)
    item.start, item.end = local(11), local(12)
    item.save()

    travel = agenda_for(world.buyer).entries[2].travel

    assert (travel.minutes, travel.tight, travel.overlaps) == (30, True, False)


def test_agenda_keeps_a_cancelled_meeting_marked_and_skips_it_for_travel(world):
    cancel(world.meeting)

    agenda = agenda_for(world.buyer)

    assert [entry.cancelled for entry in agenda.meetings] == [True]
    assert agenda.meetings[0].can_confirm is False
    travel = agenda.entries[2].travel
    assert travel.minutes == 165  # from the keynote's end at 09:45


def test_agenda_before_publication_has_programme_only(db):
    world = build_world(publish=False)

    agenda = agenda_for(world.buyer)

    assert agenda.published is False
    assert agenda.meetings == []
    assert len(agenda.entries) == 2


def test_agenda_never_shows_meetings_of_another_mission(world, other_world):
    agenda = agenda_for(world.buyer)

    assert {entry.meeting.pk for entry in agenda.meetings} == {world.meeting.pk}
    assert all(entry.venue.mission_id == world.mission.pk for entry in agenda.entries)


def test_agenda_ignores_draft_copies_of_published_meetings(world):
    ScheduledMeeting.objects.create(
        mission=world.mission,
        request=world.meeting.request,
        slot=world.slots[1],
        table=world.tables[1],
        state=ScheduledMeeting.State.DRAFT,
    )

    meetings = agenda_for(world.buyer).meetings

    assert [(m.local_start.strftime("%H:%M"), m.table) for m in meetings] == [("10:00", "T1")]


def test_agenda_confirmation_opens_at_start_and_carries_both_answers(world):
    before = agenda_for(world.buyer, now=local(9, 59)).meetings[0]
    assert before.can_confirm is False

    confirm_attendance(world.meeting, by=world.provider, held=False, now=local(10, 10))
    after = agenda_for(world.buyer, now=local(10) + dt.timedelta(seconds=1)).meetings[0]

    assert after.can_confirm is True
    assert after.mine is None
    assert after.theirs.outcome == "no_show"


def test_attendance_overview_counts_held_no_show_and_unanswered_per_person(world):
    confirm_attendance(world.meeting, by=world.buyer, held=True, now=local(10, 5))
    before = attendance_overview(world.mission, now=local(10, 10))
    confirm_attendance(world.meeting, by=world.provider, held=False, now=local(10, 6))
    after = attendance_overview(world.mission, now=local(10, 10))

    held = (before[world.buyer.pk].meetings, before[world.buyer.pk].held)
    assert held == (1, 1)
    assert (after[world.provider.pk].no_show, after[world.provider.pk].held) == (1, 0)
    assert world.colleague.pk not in after


def test_attendance_overview_counts_a_started_meeting_without_answers(world, other_world):
    overview = attendance_overview(world.mission, now=local(10, 1))

    assert (overview[world.buyer.pk].unanswered, overview[world.buyer.pk].held) == (1, 0)
    assert other_world.buyer.pk not in overview
    assert attendance_overview(world.mission, now=local(9))[world.buyer.pk].unanswered == 0


def test_agenda_marks_a_meeting_that_overlaps_a_talk_but_not_a_b2b_session(world):
    ProgrammeItem.objects.create(
        mission=world.mission,
        venue=world.casablanca,
        kind=ProgrammeItem.Kind.MEETINGS,
        title={"en": "B2B session"},
        start=local(10),
        end=local(12),
    )
    panel = ProgrammeItem.objects.create(
        mission=world.mission,
        venue=world.casablanca,
        kind=ProgrammeItem.Kind.PANEL,
        title={"en": "Nearshore panel"},
        start=local(10, 15),
        end=local(11),
    )

    meeting = agenda_for(world.buyer).meetings[0]

    assert [other.item for other in meeting.conflicts] == [panel]


def test_agenda_does_not_flag_back_to_back_entries(world):
    assert [entry.conflicts for entry in agenda_for(world.buyer).meetings] == [[]]


def test_agenda_up_next_is_the_running_then_the_next_meeting(world):
    second = ScheduledMeeting.objects.create(
        mission=world.mission,
        request=MeetingRequest.objects.create(
            mission=world.mission,
            requester=world.buyer,
            recipient=world.colleague,
            message="Hello",
            status=MeetingRequest.Status.ACCEPTED,
        ),
        slot=world.slots[1],
        table=world.tables[1],
        state=ScheduledMeeting.State.PUBLISHED,
    )

    assert agenda_for(world.buyer, now=local(8)).up_next.meeting == world.meeting
    assert agenda_for(world.buyer, now=local(10, 10)).up_next.meeting == world.meeting
    assert agenda_for(world.buyer, now=local(10, 30)).up_next.meeting == second
    assert agenda_for(world.buyer, now=local(11)).up_next is None
