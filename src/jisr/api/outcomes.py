"""After the meetings: agendas, attendance answers and one's own feedback.

Whose agenda a user may open, who may confirm a meeting and give feedback, are asked
of jisr.outcomes (queries, rules, services), exactly as the web's agenda and meeting
pages do. Other people's meetings and agendas answer 404.
"""

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from jisr.api.errors import responses
from jisr.api.schedules import ScheduleVenueOut
from jisr.api.schemas import MAX_ID, NO_NUL, DateTime, PersonRef, Slug, Translations, translations
from jisr.core.errors import NotFound
from jisr.outcomes import queries, rules, services
from jisr.outcomes.agenda import Agenda, Entry, agenda_for
from jisr.outcomes.models import Attendance, MeetingFeedback
from jisr.outcomes.models.feedback import NEXT_STEP_TEXT_MAX, NOTE_MAX

router = Router(tags=["outcomes"])

PersonId = Annotated[int, Path(ge=1, le=MAX_ID)]
Outcome = Literal["held", "no_show"]
NextStep = Literal["none", "call", "information", "visit", "nda", "proposal", "other"]


def _local(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(zone))


# --------------------------------------------------------------------------- agenda


class AgendaMeetingOut(Schema):
    uuid: UUID
    sequence: int
    state: str = Field(description="published or cancelled (cancelled ones stay, marked).")
    table: str | None
    counterpart: PersonRef
    mine: Outcome | None = Field(description="Your attendance answer, if any.")
    theirs: Outcome | None = Field(description="The other side's attendance answer, if any.")
    can_confirm: bool = Field(description="Whether you can record attendance now.")
    online: bool = Field(description="A video call: no table, no travel.")
    video_link: str | None = Field(description="The link to the video call, if any.")


class AgendaItemOut(Schema):
    id: int
    kind: str
    title: Translations
    sequence: int = Field(description="Bumped whenever its time or place changes.")


class TravelOut(Schema):
    origin: int = Field(description="The venue id you come from.")
    destination: int = Field(description="The venue id you go to.")
    minutes: int = Field(description="Time between the two entries; negative if they overlap.")
    other_city: bool
    tight: bool


class AgendaEntryOut(Schema):
    kind: str = Field(description="meeting or programme.")
    start: DateTime = Field(
        description="In the person's own time zone if they set one, else the venue's, "
        "with the offset."
    )
    end: DateTime
    venue: ScheduleVenueOut
    meeting: AgendaMeetingOut | None
    item: AgendaItemOut | None
    travel: TravelOut | None = Field(description="A change of venue since the previous entry.")
    conflicts: int = Field(description="Other entries at the same time (B2B sessions aside).")


class AgendaOut(Schema):
    person: PersonRef
    published: bool = Field(description="Whether the mission's schedule is published yet.")
    timezones: list[str]
    entries: list[AgendaEntryOut]


def _entry_json(entry: Entry) -> dict[str, Any]:
    zone = entry.timezone
    meeting = None
    if entry.meeting is not None:
        meeting = {
            "uuid": entry.meeting.uuid,
            "sequence": entry.meeting.sequence,
            "state": entry.meeting.state,
            "table": entry.table or None,
            "counterpart": entry.counterpart,
            "mine": entry.mine.outcome if entry.mine else None,
            "theirs": entry.theirs.outcome if entry.theirs else None,
            "can_confirm": entry.can_confirm,
            "online": entry.online,
            "video_link": entry.video_link or None,
        }
    item = None
    if entry.item is not None:
        item = {
            "id": entry.item.pk,
            "kind": entry.item.kind,
            "title": translations(entry.item.title),
            "sequence": entry.item.sequence,
        }
    travel = None
    if entry.travel is not None:
        travel = {
            "origin": entry.travel.origin.pk,
            "destination": entry.travel.destination.pk,
            "minutes": entry.travel.minutes,
            "other_city": entry.travel.other_city,
            "tight": entry.travel.tight,
        }
    return {
        "kind": "meeting" if entry.is_meeting else "programme",
        "start": _local(entry.start, zone),
        "end": _local(entry.end, zone),
        "venue": entry.venue,
        "meeting": meeting,
        "item": item,
        "travel": travel,
        "conflicts": len(entry.conflicts),
    }


def _agenda_json(agenda: Agenda) -> dict[str, Any]:
    return {
        "person": agenda.person,
        "published": agenda.published,
        "timezones": agenda.timezones,
        "entries": [_entry_json(entry) for entry in agenda.entries],
    }


@router.get(
    "/missions/{slug}/agenda",
    response={200: AgendaOut, **responses(401, 404, 422)},
    summary="Your agenda",
    description="Your published meetings (cancelled ones marked) and the programme, in "
    "time order, with changes of venue and overlaps; 404 if you take no part in the mission.",
)
def get_my_agenda(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    _mission, person = queries.access_agenda_person(request.user, slug)
    return _agenda_json(agenda_for(person))


@router.get(
    "/missions/{slug}/people/{person_id}/agenda",
    response={200: AgendaOut, **responses(401, 404, 422)},
    summary="A participant's agenda (organizers)",
    description="Organizers see anyone's agenda; others only their own. Other people's "
    "agendas answer 404.",
)
def get_person_agenda(request: HttpRequest, slug: Slug, person_id: PersonId) -> dict[str, Any]:
    _mission, person = queries.access_agenda_person(request.user, slug, person_id)
    return _agenda_json(agenda_for(person))


# --------------------------------------------------------------------------- attendance


class AttendanceOut(Schema):
    mine: Outcome | None = Field(description="held or no_show; null before you answer.")
    theirs: Outcome | None = Field(description="The other side's answer.")
    can_confirm: bool = Field(description="From the meeting's start, while it is published.")


class AttendanceIn(Schema):
    outcome: Outcome = Field(description="held, or no_show if the meeting did not take place.")


def _attendance_json(meeting: Any, person: Any) -> dict[str, Any]:
    answers: dict[int, Attendance] = queries.attendance_by_meeting([meeting]).get(meeting.pk, {})
    other = meeting.request.counterpart(person.pk)
    mine, theirs = answers.get(person.pk), answers.get(other.pk)
    return {
        "mine": mine.outcome if mine else None,
        "theirs": theirs.outcome if theirs else None,
        "can_confirm": rules.can_confirm_attendance(meeting, person, timezone.now()),
    }


@router.get(
    "/missions/{slug}/meetings/{meeting_uuid}/attendance",
    response={200: AttendanceOut, **responses(401, 404, 422)},
    summary="Did your meeting take place: both sides' answers",
)
def get_attendance(request: HttpRequest, slug: Slug, meeting_uuid: UUID) -> dict[str, Any]:
    meeting, person = queries.access_scheduled_meeting(request.user, slug, meeting_uuid)
    return _attendance_json(meeting, person)


@router.post(
    "/missions/{slug}/meetings/{meeting_uuid}/attendance",
    response={200: AttendanceOut, **responses(400, 401, 403, 404, 422)},
    summary="Confirm that your meeting took place, or report a no-show",
    description="From the meeting's start; you may correct your answer later.",
)
def confirm_attendance(
    request: HttpRequest, slug: Slug, meeting_uuid: UUID, payload: AttendanceIn
) -> dict[str, Any]:
    meeting, person = queries.access_scheduled_meeting(request.user, slug, meeting_uuid)
    services.confirm_attendance(meeting, by=person, held=payload.outcome == "held")
    return _attendance_json(meeting, person)


# --------------------------------------------------------------------------- feedback


class FeedbackOut(Schema):
    interest: int = Field(description="1 not interested, 2 interested, 3 very interested.")
    next_step: str
    next_step_text: str
    private_note: str = Field(description="Seen only by your organization.")
    created: DateTime
    updated: DateTime
    lead: int | None = Field(
        None, description="The partnership this feedback just opened as a lead, if any."
    )


class FeedbackIn(Schema):
    interest: int = Field(ge=1, le=3, description="1 not interested, 2 interested, 3 very.")
    next_step: NextStep
    next_step_text: str = Field("", max_length=NEXT_STEP_TEXT_MAX, pattern=NO_NUL)
    private_note: str = Field("", max_length=NOTE_MAX, pattern=NO_NUL)


@router.get(
    "/missions/{slug}/meetings/{meeting_uuid}/feedback",
    response={200: FeedbackOut, **responses(401, 404, 422)},
    summary="Your feedback on a meeting",
    description="Only your own; 404 until you give it.",
)
def get_my_feedback(request: HttpRequest, slug: Slug, meeting_uuid: UUID) -> MeetingFeedback:
    meeting, person = queries.access_scheduled_meeting(request.user, slug, meeting_uuid)
    feedback = queries.feedback_of(meeting, person)
    if feedback is None:
        raise NotFound(_("You have not given feedback on this meeting yet."))
    return feedback


@router.put(
    "/missions/{slug}/meetings/{meeting_uuid}/feedback",
    response={200: FeedbackOut, **responses(400, 401, 403, 404, 422)},
    summary="Give or correct your feedback on a meeting",
    description="Once you confirmed that the meeting took place. When both sides are "
    "interested, the two organizations get a partnership at the lead stage (`lead`).",
)
def put_my_feedback(
    request: HttpRequest, slug: Slug, meeting_uuid: UUID, payload: FeedbackIn
) -> MeetingFeedback:
    meeting, person = queries.access_scheduled_meeting(request.user, slug, meeting_uuid)
    feedback, lead = services.record_feedback(
        meeting,
        by=person,
        interest=payload.interest,
        next_step=payload.next_step,
        next_step_text=payload.next_step_text,
        private_note=payload.private_note,
    )
    feedback.lead = lead.pk if lead is not None else None
    return feedback
