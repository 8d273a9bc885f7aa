"""The workbook format: its sheets, their columns and what each column holds.

Export writes exactly these columns; import requires every column that is not
read-only, ignores read-only ones and warns about columns it does not know.
docs/spreadsheets.md describes the same format for people.
"""

from __future__ import annotations

from dataclasses import dataclass

# Cell kinds: how a value is written and parsed.
TEXT, INT, DATE, TIME, BOOL, CODES, EMAIL, DATETIME = (
    "text",
    "int",
    "date",
    "time",
    "bool",
    "codes",
    "email",
    "datetime",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    help: str = ""
    readonly: bool = False  # exported for information, never imported


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    help: str

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


MISSION_KEYS = (
    Column("slug", help="Short name; informational (the --mission option decides)"),
    Column("name_en"),
    Column("name_fr"),
    Column("name_ar"),
    Column("description_en"),
    Column("description_fr"),
    Column("description_ar"),
    Column("host_country", help="ISO 3166 alpha-2 code, e.g. MA"),
    Column("timezone", help="IANA time zone, e.g. Africa/Casablanca"),
    Column("start_date", DATE),
    Column("end_date", DATE),
    Column("status", help="draft, open or closed"),
    Column("directory_visibility", help="public or participants"),
    Column("invitation_validity_days", INT, help="1 to 90"),
    Column("privacy_contact", EMAIL),
    Column("data_protection_reference"),
)

MISSION = Sheet(
    "Mission",
    (Column("key"), Column("value")),
    "One row per mission field (key, value); keys are listed below.",
)
ORGANIZATIONS = Sheet(
    "Organizations",
    (
        Column("org_key", help="O<number> for an existing organization; any other text adds one"),
        Column("name"),
        Column("kind", help="buyer, provider, organizer or partner (English, French or Arabic)"),
        Column("country", help="ISO 3166 alpha-2 code"),
        Column("city"),
        Column("website", help="https://…, may be empty"),
        Column("headcount", help="1-9, 10-49, 50-249, 250-999 or 1000+; may be empty"),
        Column("founded", INT, help="year, may be empty"),
        Column("timezone", help="IANA time zone"),
        Column("service_lines", CODES, help="service-line codes separated by ;"),
        Column("technologies", CODES, help="technology names separated by ; (new ones are added)"),
        Column("languages", CODES, help="language codes separated by ;"),
        Column("certifications", CODES, help="certification codes separated by ;"),
        Column("description_en"),
        Column("description_fr"),
        Column("description_ar"),
    ),
    "One row per organization of the mission.",
)
DELIVERY_SITES = Sheet(
    "DeliverySites",
    (
        Column("org_key"),
        Column(
            "park",
            help="casanearshore, technopolis, fes-shore, oujda-shore, tetouan-shore or other",
        ),
        Column("city"),
        Column("country", help="ISO 3166 alpha-2 code"),
    ),
    "Where providers deliver from. The rows of an organization replace its sites; an "
    "organization without rows here keeps its sites.",
)
PEOPLE = Sheet(
    "People",
    (
        Column("email", EMAIL, help="the person's key: unique in the mission"),
        Column("org_key"),
        Column("first_name"),
        Column("last_name"),
        Column("title"),
        Column("phone"),
        Column("languages", CODES, help="language codes separated by ;"),
        Column("preferred_language", help="en, fr or ar"),
        Column("roles", CODES, help="buyer, provider, organizer, advisor, speaker; separated by ;"),
        Column("privacy_notice_version", readonly=True),
        Column("privacy_notice_accepted_at", DATETIME, readonly=True),
        Column("contact_consent_version", readonly=True),
        Column("contact_consent_at", DATETIME, readonly=True),
        Column("contact_consent_withdrawn_at", DATETIME, readonly=True),
    ),
    "Participants. Consent columns are read-only: only the person can give consent.",
)
LISTINGS = Sheet(
    "Listings",
    (
        Column("listing_key", help="L<number> for an existing listing; any other text adds one"),
        Column("org_key"),
        Column("author_email", EMAIL, help="a person of that organization; may be empty"),
        Column("kind", help="offer or request"),
        Column("title"),
        Column("body"),
        Column("partner_role"),
        Column("language", help="en, fr or ar"),
        Column("service_lines", CODES, help="at most 5 service-line codes separated by ;"),
        Column("status", help="active or closed"),
    ),
    "Marketplace offers and requests.",
)
MEETING_REQUESTS = Sheet(
    "MeetingRequests",
    (
        Column("request_key", help="R<number> for an existing request; any other text adds one"),
        Column("requester_email", EMAIL),
        Column("recipient_email", EMAIL),
        Column("listing_key", help="may be empty"),
        Column("status", help="pending, accepted, declined or cancelled"),
        Column("message"),
        Column("decline_reason"),
        Column("cancel_reason"),
        Column("cancelled_by_email", EMAIL, help="requester or recipient; may be empty"),
    ),
    "Meeting requests between people.",
)
VENUES = Sheet(
    "Venues",
    (
        Column("venue_key", help="V<number> for an existing venue; any other text adds one"),
        Column("name"),
        Column("city"),
        Column("address"),
        Column("timezone", help="IANA time zone; slot times are local to it"),
    ),
    "Venues of the meeting days.",
)
DAYS = Sheet(
    "Days",
    (Column("venue_key"), Column("date", DATE)),
    "Meeting days; a day is identified by its venue and date.",
)
SLOTS = Sheet(
    "Slots",
    (
        Column("venue_key"),
        Column("date", DATE),
        Column("block", help="morning or afternoon"),
        Column("start", TIME, help="local time at the venue"),
        Column("end", TIME, help="local time at the venue"),
    ),
    "Time slots; a slot is identified by its venue, date and start. Slots of a day may "
    "not overlap.",
)
TABLES = Sheet(
    "Tables",
    (Column("venue_key"), Column("label")),
    "Meeting tables; a table is identified by its venue and label.",
)
SCHEDULE = Sheet(
    "Schedule",
    (
        Column("uuid", help="the meeting's stable id; empty adds a meeting"),
        Column("request_key"),
        Column("venue_key"),
        Column("date", DATE),
        Column("start", TIME, help="local start of the slot"),
        Column("end", TIME, help="local end of the slot"),
        Column("timezone", readonly=True, help="the venue's time zone"),
        Column("table", help="table label at the venue; may be empty"),
        Column("state", help="published or cancelled"),
        Column("sequence", INT, readonly=True, help="iCalendar SEQUENCE; raised on change"),
        Column("locked", BOOL, help="yes or no"),
    ),
    "The published schedule (drafts are not exchanged).",
)

SHEETS: tuple[Sheet, ...] = (
    MISSION,
    ORGANIZATIONS,
    DELIVERY_SITES,
    PEOPLE,
    LISTINGS,
    MEETING_REQUESTS,
    VENUES,
    DAYS,
    SLOTS,
    TABLES,
    SCHEDULE,
)
SEPARATOR = ";"
