"""Shapes of what the API reads and writes. Field formats follow the house style:
ISO 8601 datetimes with their offset, multilingual text as ``{"en", "fr", "ar"}``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from ninja import Field, Path, Schema
from pydantic import PlainSerializer, WithJsonSchema

# The largest id the databases store (64-bit); larger numbers are refused with a 422.
MAX_ID = 2**63 - 1
# Text never contains NUL characters (PostgreSQL cannot store or compare them).
NO_NUL = r"^[^\x00]*$"
# A mission's short name in a path; anything else cannot name a mission (422).
Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=80)]


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:  # never stored, but never answer an ambiguous time either
        raise ValueError("naive datetime")
    return value.isoformat()


# Always written with its offset ("+01:00", "+00:00"), never as a bare or "Z" time.
DateTime = Annotated[
    dt.datetime,
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class Translations(Schema):
    """One text in each language; null where no version was written."""

    en: str | None
    fr: str | None
    ar: str | None


def translations(texts: Mapping[str, Any] | None) -> dict[str, str | None]:
    texts = texts or {}
    return {code: (texts.get(code) or None) for code in ("en", "fr", "ar")}


def term_names(term: Any) -> dict[str, str | None]:
    return translations({"en": term.name_en, "fr": term.name_fr, "ar": term.name_ar})


class Term(Schema):
    """An entry of the taxonomy (service line, certification, working language)."""

    code: str
    name: Translations

    @staticmethod
    def resolve_name(term: Any) -> dict[str, str | None]:
        return term_names(term)


class VenueOut(Schema):
    id: int
    name: str
    city: str
    address: str
    timezone: str


class MissionOut(Schema):
    slug: str
    name: Translations
    description: Translations
    host_country: str = Field(description="ISO 3166 code.")
    timezone: str
    start_date: dt.date
    end_date: dt.date
    status: str = Field(description="draft, open or closed.")
    directory_visibility: str = Field(description="public or participants.")

    @staticmethod
    def resolve_name(mission: Any) -> dict[str, str | None]:
        return translations(mission.name)

    @staticmethod
    def resolve_description(mission: Any) -> dict[str, str | None]:
        return translations(mission.description)


class Viewer(Schema):
    """What the token's user is in this mission, so clients can show the right actions."""

    is_organizer: bool
    is_participant: bool
    can_see_directory: bool
    person_id: int | None


class MissionCounts(Schema):
    buyers: int
    providers: int


class MissionDetailOut(MissionOut):
    venues: list[VenueOut]
    counts: MissionCounts
    viewer: Viewer

    @staticmethod
    def resolve_venues(mission: Any) -> list[Any]:
        return list(mission.venues.all())


class OrganizationRef(Schema):
    id: int
    name: str
    kind: str


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str = Field(description="buyer, provider, organizer or partner.")
    country: str
    city: str
    website: str
    headcount: str
    founded: int | None
    description: Translations
    service_lines: list[Term]
    certifications: list[Term]

    @staticmethod
    def resolve_description(organization: Any) -> dict[str, str | None]:
        # Reads the prefetched rows; no query per organization.
        return translations({d.language: d.text for d in organization.descriptions.all()})

    @staticmethod
    def resolve_service_lines(organization: Any) -> list[Any]:
        return list(organization.service_lines.all())

    @staticmethod
    def resolve_certifications(organization: Any) -> list[Any]:
        return list(organization.certifications.all())


class Contact(Schema):
    """Only of people who consented to share it, and only for members of the mission."""

    email: str
    phone: str


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    title: str
    contact: Contact | None

    @staticmethod
    def resolve_contact(person: Any, context: Any) -> dict[str, str] | None:
        return contact_of(person, context)


class DeliverySiteOut(Schema):
    park: str
    city: str
    country: str


class OrganizationDetailOut(OrganizationOut):
    languages: list[Term]
    technologies: list[str]
    delivery_sites: list[DeliverySiteOut]
    people: list[PersonOut]

    @staticmethod
    def resolve_languages(organization: Any) -> list[Any]:
        return list(organization.languages.all())

    @staticmethod
    def resolve_technologies(organization: Any) -> list[str]:
        return [t.name for t in organization.technologies.all()]

    @staticmethod
    def resolve_delivery_sites(organization: Any) -> list[Any]:
        return list(organization.delivery_sites.all())

    @staticmethod
    def resolve_people(organization: Any) -> list[Any]:
        return list(organization.people.all())


class ParticipantOut(PersonOut):
    organization: OrganizationRef
    roles: list[str] = Field(description="buyer, provider, organizer, advisor or speaker.")

    @staticmethod
    def resolve_roles(person: Any) -> list[str]:
        return sorted({p.role for p in person.participations.all()})


class SpeakerOut(Schema):
    id: int
    first_name: str
    last_name: str
    organization: OrganizationRef


class ProgrammeItemOut(Schema):
    id: int
    kind: str = Field(description="talk, panel, site_visit, networking or meetings.")
    title: Translations
    description: Translations
    start: DateTime = Field(description="In the venue's time zone, with its offset.")
    end: DateTime
    venue: VenueOut
    speakers: list[SpeakerOut]

    @staticmethod
    def resolve_title(item: Any) -> dict[str, str | None]:
        return translations(item.title)

    @staticmethod
    def resolve_description(item: Any) -> dict[str, str | None]:
        return translations(item.description)

    @staticmethod
    def resolve_start(item: Any) -> dt.datetime:
        return item.start.astimezone(ZoneInfo(item.venue.timezone))

    @staticmethod
    def resolve_end(item: Any) -> dt.datetime:
        return item.end.astimezone(ZoneInfo(item.venue.timezone))

    @staticmethod
    def resolve_speakers(item: Any) -> list[Any]:
        return list(item.speakers.all())


def contact_of(person: Any, context: Any) -> dict[str, str] | None:
    """Contact details if the request may see contacts (set by the endpoint) and the
    person consented; otherwise null. Never decided here, only read."""
    request = (context or {}).get("request")
    if request is None or not getattr(request, "jisr_show_contacts", False):
        return None
    if not person.shares_contact:
        return None
    return {"email": person.email, "phone": person.phone}


class PersonRef(Schema):
    id: int
    first_name: str
    last_name: str
    organization: OrganizationRef


class ListingRef(Schema):
    id: int
    kind: str = Field(description="offer or request.")
    title: str


class MeetingRequestOut(Schema):
    id: int
    status: str = Field(description="pending, accepted, declined or cancelled.")
    direction: str = Field(description="outgoing if you sent it, incoming if you received it.")
    requester: PersonRef
    recipient: PersonRef
    listing: ListingRef | None
    message: str
    decline_reason: str
    cancel_reason: str
    cancelled_by: int | None = Field(description="The id of the person who cancelled.")
    created: DateTime
    updated: DateTime
    responded: DateTime | None = Field(description="When it was accepted or declined.")
    online: bool = Field(description="A video call, which takes no table.")
    video_url: str = Field(description="The link the participants gave; may be empty.")

    @staticmethod
    def resolve_direction(meeting: Any, context: Any) -> str:
        request = (context or {}).get("request")
        mine = getattr(request, "jisr_person_id", None)
        return "outgoing" if meeting.requester_id == mine else "incoming"

    @staticmethod
    def resolve_cancelled_by(meeting: Any) -> int | None:
        return meeting.cancelled_by_id  # type: ignore[no-any-return]


def meeting_request_json(meeting: Any, *, person_id: int) -> dict[str, Any]:
    """The JSON body of one request as seen by ``person_id`` (stored for replays)."""
    viewer = _Viewer(person_id)
    return MeetingRequestOut.model_validate(meeting, context={"request": viewer}).model_dump(
        mode="json"
    )


class _Viewer:
    def __init__(self, person_id: int) -> None:
        self.jisr_person_id = person_id
