"""The token user's meeting requests in a mission: list, send, accept, decline, cancel.

Every rule (who may meet whom, quotas, the state machine) is in jisr.meetings.services;
this module only turns HTTP into service calls, as the web's meeting pages do.
"""

from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.idempotency import key_header, run_once
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import MAX_ID, NO_NUL, MeetingRequestOut, Slug, meeting_request_json
from jisr.core.errors import PermissionDenied
from jisr.directory.models import Person
from jisr.marketplace.queries import access_listing
from jisr.meetings import queries, services
from jisr.meetings.models import MESSAGE_MAX, REASON_MAX, VIDEO_URL_MAX, MeetingRequest
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for

router = Router(tags=["meetings"])

RequestId = Annotated[int, Path(ge=1, le=MAX_ID)]
Tab = Literal["incoming", "outgoing", "accepted", "closed"]


class MeetingRequestQuery(Schema):
    tab: Tab | None = Field(
        None,
        description="incoming/outgoing: pending requests you received/sent; accepted; "
        "closed: declined or cancelled. Without it: all of yours.",
    )


class MeetingRequestIn(Schema):
    recipient: int = Field(ge=1, le=MAX_ID, description="The id of the person you ask to meet.")
    message: str = Field(min_length=1, max_length=MESSAGE_MAX, pattern=NO_NUL)
    listing: int | None = Field(
        None, ge=1, le=MAX_ID, description="A listing the meeting is about."
    )
    online: bool = Field(
        False,
        description="Meet by video call, where the meeting rules allow it: it takes no table.",
    )
    video_url: str = Field(
        "",
        max_length=VIDEO_URL_MAX,
        pattern=NO_NUL,
        description="An https link to the call; empty: the mission's link pattern is used.",
    )


class DeclineIn(Schema):
    reason: str = Field(min_length=1, max_length=REASON_MAX, pattern=NO_NUL)


class CancelIn(Schema):
    reason: str = Field("", max_length=REASON_MAX, pattern=NO_NUL)


def _participant(request: HttpRequest, mission: Mission) -> Person:
    person = person_for(request.user, mission)
    if person is None:
        raise PermissionDenied(_("This page is for the participants of this mission."))
    request.jisr_person_id = person.pk  # type: ignore[attr-defined]
    return person


@router.get(
    "/missions/{slug}/meeting-requests",
    response={200: list[MeetingRequestOut], **responses(401, 403, 404, 422)},
    summary="Your meeting requests",
    description="Requests you sent or received in this mission, most recently changed first.",
)
@paginate(PageNumbers)
def list_meeting_requests(
    request: HttpRequest, slug: Slug, filters: Query[MeetingRequestQuery]
) -> QuerySet[MeetingRequest]:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    tabs = [filters.tab] if filters.tab else list(queries.TABS)
    # The tabs of "My meetings" split a person's requests; together they are all of them.
    selected = queries.meetings_of(person, tabs[0])
    for tab in tabs[1:]:
        selected = selected | queries.meetings_of(person, tab)
    return selected.order_by("-updated", "-id")


@router.post(
    "/missions/{slug}/meeting-requests",
    response={201: MeetingRequestOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Ask someone for a meeting",
    description="Sends the request and e-mails the recipient. With an Idempotency-Key "
    "header, a retry of the same request returns the first answer instead of a second "
    "request; the same key with another body answers 422.",
)
def create_meeting_request(
    request: HttpRequest,
    slug: Slug,
    payload: MeetingRequestIn,
    idempotency_key: str | None = key_header(),
) -> HttpResponse:
    mission = access_mission(request.user, slug)

    def create() -> tuple[int, dict[str, object]]:
        recipient = queries.access_recipient(request.user, mission, payload.recipient)
        requester = _participant(request, mission)
        listing = (
            access_listing(request.user, mission, payload.listing) if payload.listing else None
        )
        meeting = services.request_meeting(
            mission,
            requester=requester,
            recipient=recipient,
            message=payload.message,
            listing=listing,
            online=payload.online,
            video_url=payload.video_url,
        )
        return 201, meeting_request_json(meeting, person_id=requester.pk)

    return run_once(request, idempotency_key, _fingerprinted(payload), create)


def _fingerprinted(payload: MeetingRequestIn) -> dict[str, object]:
    """The body an Idempotency-Key is tied to. An in-person request without a link is
    fingerprinted as before online meetings existed, so keys stay valid across the
    upgrade and a client that never sends the new fields sees no change."""
    body = payload.model_dump()
    if not body["online"] and not body["video_url"]:
        del body["online"], body["video_url"]
    return body


def _act(
    request: HttpRequest, slug: Slug, request_id: int, action: str, reason: str
) -> MeetingRequest:
    mission = access_mission(request.user, slug)
    meeting, person = queries.access_meeting_request(request.user, mission, request_id)
    request.jisr_person_id = person.pk  # type: ignore[attr-defined]
    if action == "accept":
        return services.accept_meeting_request(meeting, by=person)
    if action == "decline":
        return services.decline_meeting_request(meeting, by=person, reason=reason)
    return services.cancel_meeting_request(meeting, by=person, reason=reason)


ACTION_ERRORS = responses(400, 401, 403, 404, 409, 422)


@router.post(
    "/missions/{slug}/meeting-requests/{request_id}/accept",
    response={200: MeetingRequestOut, **ACTION_ERRORS},
    summary="Accept a request you received",
)
def accept_meeting_request(
    request: HttpRequest, slug: Slug, request_id: RequestId
) -> MeetingRequest:
    return _act(request, slug, request_id, "accept", "")


@router.post(
    "/missions/{slug}/meeting-requests/{request_id}/decline",
    response={200: MeetingRequestOut, **ACTION_ERRORS},
    summary="Decline a request you received",
    description="The reason is sent to the requester.",
)
def decline_meeting_request(
    request: HttpRequest, slug: Slug, request_id: RequestId, payload: DeclineIn
) -> MeetingRequest:
    return _act(request, slug, request_id, "decline", payload.reason)


@router.post(
    "/missions/{slug}/meeting-requests/{request_id}/cancel",
    response={200: MeetingRequestOut, **ACTION_ERRORS},
    summary="Withdraw your pending request, or cancel an accepted meeting",
)
def cancel_meeting_request(
    request: HttpRequest, slug: Slug, request_id: RequestId, payload: CancelIn | None = None
) -> MeetingRequest:
    return _act(request, slug, request_id, "cancel", payload.reason if payload else "")
