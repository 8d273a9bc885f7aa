"""Organizer administration: invitations and the meeting policy.

The same services as the web's invitation and meeting-rules pages: every check of the
invitation form and import, and who may change the rules, lives there.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.idempotency import key_header, run_once
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import NO_NUL, DateTime, Slug
from jisr.meetings import queries as meeting_queries
from jisr.meetings import services as meeting_services
from jisr.meetings.models import MeetingPolicy
from jisr.missions import queries, services
from jisr.missions.models import Invitation
from jisr.missions.queries import access_mission

router = Router(tags=["administration"])

Role = Literal["buyer", "provider", "organizer", "advisor", "speaker"]
InvitationStatus = Literal["pending", "accepted", "revoked", "expired"]
Pair = Annotated[str, Field(max_length=40, pattern=r"^[a-z]+:[a-z]+$")]


class InvitationOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    role: str
    organization_name: str
    language: str
    status: str = Field(description="pending, accepted, revoked or expired.")
    expires: DateTime
    sent: DateTime | None
    created: DateTime

    @staticmethod
    def resolve_status(invitation: Invitation) -> str:
        return invitation.effective_status

    @staticmethod
    def resolve_expires(invitation: Invitation) -> dt.datetime:
        return invitation.expires_at

    @staticmethod
    def resolve_sent(invitation: Invitation) -> dt.datetime | None:
        return invitation.sent_at


class InvitationQuery(Schema):
    status: InvitationStatus | None = None
    q: str = Field("", max_length=200, pattern=NO_NUL, description="Email, names, organization.")


class InvitationIn(Schema):
    email: str = Field(min_length=3, max_length=254, pattern=NO_NUL)
    first_name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    last_name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    role: Role
    organization_name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    language: Literal["en", "fr", "ar"] = "en"
    country: str = Field("", max_length=2, pattern=r"^([A-Za-z]{2})?$")
    city: str = Field("", max_length=120, pattern=NO_NUL)
    valid_days: int | None = Field(None, ge=1, le=90)


class PolicyOut(Schema):
    allowed_pairs: list[str] = Field(description='Unordered kinds that may meet: "buyer:provider".')
    accepting_requests: bool
    max_open_sent: int | None = Field(description="Open requests one person may send; null: none.")
    max_accepted: int | None = Field(description="Accepted meetings per person; null: no limit.")


class PolicyIn(Schema):
    allowed_pairs: list[Pair] = Field(max_length=10)
    accepting_requests: bool
    max_open_sent: int | None = Field(None, ge=0, le=500)
    max_accepted: int | None = Field(None, ge=0, le=500)


@router.get(
    "/missions/{slug}/invitations",
    response={200: list[InvitationOut], **responses(401, 403, 404, 422)},
    summary="The mission's invitations (organizers)",
)
@paginate(PageNumbers)
def list_invitations(
    request: HttpRequest, slug: Slug, filters: Query[InvitationQuery]
) -> QuerySet[Invitation]:
    mission = queries.access_managed_mission(request.user, slug)
    return queries.invitations_for(mission, status=filters.status or "", query=filters.q)


@router.post(
    "/missions/{slug}/invitations",
    response={201: InvitationOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Invite someone (organizers)",
    description="E-mails a single-use registration link in the invitation's language. "
    "The checks are those of the spreadsheet import (400 with field). Accepts an "
    "Idempotency-Key.",
)
def create_invitation(
    request: HttpRequest,
    slug: Slug,
    payload: InvitationIn,
    idempotency_key: str | None = key_header(),
) -> HttpResponse:
    mission = queries.access_managed_mission(request.user, slug)

    def create() -> tuple[int, dict[str, Any]]:
        invitation = services.invite_participant(
            mission, by=request.user, base_url=request.build_absolute_uri("/"), **payload.dict()
        )
        return 201, InvitationOut.model_validate(invitation).model_dump(mode="json")

    return run_once(request, idempotency_key, payload.model_dump(), create)


@router.get(
    "/missions/{slug}/meeting-policy",
    response={200: PolicyOut, **responses(401, 404, 422)},
    summary="Who may meet whom, and the default quotas",
)
def get_meeting_policy(request: HttpRequest, slug: Slug) -> MeetingPolicy:
    mission = access_mission(request.user, slug)
    return meeting_queries.policy_for(mission)


@router.put(
    "/missions/{slug}/meeting-policy",
    response={200: PolicyOut, **responses(400, 401, 403, 404, 422)},
    summary="Change the meeting rules (organizers)",
    description="Lowering a quota never cancels requests already sent or accepted.",
)
def update_meeting_policy(request: HttpRequest, slug: Slug, payload: PolicyIn) -> MeetingPolicy:
    mission = access_mission(request.user, slug)
    return meeting_services.update_meeting_policy(mission, by=request.user, **payload.dict())
