"""Messages in the thread of a meeting request: read, send, mark read, report.

The rules (who may write, the size limit, messaging switched off, closed requests) are
in jisr.messaging.services, as for the web's conversation page. A request of another
mission, or between other people, answers 404.
"""

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.idempotency import key_header, run_once
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import MAX_ID, NO_NUL, DateTime, Slug
from jisr.messaging import queries, services
from jisr.messaging.models import REPORT_REASON_MAX, Message
from jisr.missions.queries import access_mission

router = Router(tags=["messages"])

RequestId = Annotated[int, Path(ge=1, le=MAX_ID)]
MessageId = Annotated[int, Path(ge=1, le=MAX_ID)]


class MessageOut(Schema):
    id: int
    request: int = Field(description="The meeting request whose thread this is.")
    sender: int = Field(description="The person id of the sender.")
    recipient: int
    body: str | None = Field(description="null once the organizers hid the message.")
    language: str = Field(description="The language the sender wrote in: en, fr or ar.")
    created: DateTime
    read: DateTime | None = Field(description="When the recipient read it.")
    reported: bool = Field(description="Whether the recipient reported it to the organizers.")
    hidden: bool

    @staticmethod
    def resolve_request(message: Message) -> int:
        return message.request_id

    @staticmethod
    def resolve_sender(message: Message) -> int:
        return message.sender_id

    @staticmethod
    def resolve_recipient(message: Message) -> int:
        return message.recipient_id

    @staticmethod
    def resolve_body(message: Message) -> str | None:
        return None if message.is_hidden else message.body

    @staticmethod
    def resolve_read(message: Message) -> object:
        return message.read_at

    @staticmethod
    def resolve_reported(message: Message) -> bool:
        return message.reported_at is not None

    @staticmethod
    def resolve_hidden(message: Message) -> bool:
        return message.is_hidden


class MessageIn(Schema):
    # The length limit is the service's, so an oversized message gets its clear 400.
    body: str = Field(min_length=1, max_length=100_000, pattern=NO_NUL)


class ReportIn(Schema):
    reason: str = Field("", max_length=REPORT_REASON_MAX, pattern=NO_NUL)


class ReadOut(Schema):
    marked: int = Field(description="How many messages were marked read now.")


@router.get(
    "/missions/{slug}/meeting-requests/{request_id}/messages",
    response={200: list[MessageOut], **responses(401, 404, 422)},
    summary="The messages of one of your meeting requests",
    description="Oldest first. Reading does not mark them read: POST …/messages/read does.",
)
@paginate(PageNumbers)
def list_messages(request: HttpRequest, slug: Slug, request_id: RequestId) -> QuerySet[Message]:
    mission = access_mission(request.user, slug)
    meeting, _person = queries.access_thread(request.user, mission, request_id)
    return queries.thread_messages(meeting)


@router.post(
    "/missions/{slug}/meeting-requests/{request_id}/messages",
    response={201: MessageOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Write to the other side of a meeting request",
    description="At most 2,000 characters (400 with field body beyond). The recipient is "
    "e-mailed in their language for the first unread message. 400 messaging_disabled when "
    "the organizers turned messaging off. Accepts an Idempotency-Key.",
)
def send_message(
    request: HttpRequest,
    slug: Slug,
    request_id: RequestId,
    payload: MessageIn,
    idempotency_key: str | None = key_header(),
) -> HttpResponse:
    mission = access_mission(request.user, slug)

    def create() -> tuple[int, dict[str, object]]:
        meeting, person = queries.access_thread(request.user, mission, request_id)
        message = services.send_message(meeting, by=person, body=payload.body)
        return 201, MessageOut.model_validate(message).model_dump(mode="json")

    return run_once(request, idempotency_key, payload.model_dump(), create)


@router.post(
    "/missions/{slug}/meeting-requests/{request_id}/messages/read",
    response={200: ReadOut, **responses(401, 404, 422)},
    summary="Mark the messages you received in this thread as read",
)
def mark_messages_read(request: HttpRequest, slug: Slug, request_id: RequestId) -> dict[str, int]:
    mission = access_mission(request.user, slug)
    meeting, person = queries.access_thread(request.user, mission, request_id)
    return {"marked": services.mark_thread_read(meeting, by=person)}


@router.post(
    "/missions/{slug}/messages/{message_id}/report",
    response={200: MessageOut, **responses(400, 401, 403, 404, 422)},
    summary="Report a message you received to the organizers",
)
def report_message(
    request: HttpRequest, slug: Slug, message_id: MessageId, payload: ReportIn | None = None
) -> Message:
    mission = access_mission(request.user, slug)
    message, person = queries.access_message(request.user, mission, message_id)
    return services.report_message(message, by=person, reason=payload.reason if payload else "")
