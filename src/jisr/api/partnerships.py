"""The partnership pipeline: relationships between a buyer and a provider with their
stage history, and the two-sided stage changes (one side proposes, the other confirms).
Read and written through jisr.outcomes, as the web's partnership pages do."""

from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import MAX_ID, NO_NUL, DateTime, OrganizationRef, Slug
from jisr.core.errors import NotFound
from jisr.directory.models import Person
from jisr.outcomes import queries, services
from jisr.outcomes.models import Relationship
from jisr.outcomes.models.pipeline import NOTE_MAX

router = Router(tags=["partnerships"])

RelationshipId = Annotated[int, Path(ge=1, le=MAX_ID)]
ChangeId = Annotated[int, Path(ge=1, le=MAX_ID)]
StageName = Literal["lead", "nda", "proposal", "pilot", "contract", "closed", "lost"]


class StageChangeOut(Schema):
    id: int
    stage: str
    status: str = Field(description="pending, confirmed, declined or superseded.")
    proposed_by_organization: int | None = Field(
        description="The proposing organization's id; null when Jisr proposed it."
    )
    proposed_at: DateTime
    note: str
    answered_at: DateTime | None

    @staticmethod
    def resolve_proposed_by_organization(change: Any) -> int | None:
        return change.proposed_by_organization_id  # type: ignore[no-any-return]


class PartnershipOut(Schema):
    id: int
    buyer: OrganizationRef
    provider: OrganizationRef
    stage: str = Field(description="The confirmed stage; empty while the first is pending.")
    stage_confirmed_at: DateTime | None
    origin: str
    pending: StageChangeOut | None = Field(description="The proposal awaiting an answer.")
    history: list[StageChangeOut] = Field(description="Every proposal, newest first.")
    created: DateTime
    updated: DateTime

    @staticmethod
    def resolve_pending(relationship: Any) -> Any:
        pending = getattr(relationship, "pending_changes", None)
        return pending[0] if pending else None

    @staticmethod
    def resolve_history(relationship: Any) -> list[Any]:
        return list(queries.stage_history(relationship))


class ProposeIn(Schema):
    stage: StageName
    note: str = Field("", max_length=NOTE_MAX, pattern=NO_NUL)


class AnswerIn(Schema):
    accept: bool = Field(description="true confirms the proposed stage, false declines it.")


@router.get(
    "/missions/{slug}/partnerships",
    response={200: list[PartnershipOut], **responses(401, 404, 422)},
    summary="Your organization's partnerships (all of them for organizers)",
    description="With the pending proposal and the stage history. Others answer 404.",
)
@paginate(PageNumbers)
def list_partnerships(request: HttpRequest, slug: Slug) -> QuerySet[Relationship]:
    mission, person = queries.access_partnerships(request.user, slug)
    return queries.relationships_for(
        mission, organization_id=person.organization_id if person else None
    ).order_by("-updated", "-id")


def _party(request: HttpRequest, slug: Slug, relationship_id: int) -> tuple[Relationship, Person]:
    relationship, person = queries.access_relationship(request.user, slug, relationship_id)
    if person is None:  # organizers read, only the two organizations act
        raise NotFound(_("There is no such partnership."))
    return relationship, person


def _reread(request: HttpRequest, slug: Slug, relationship_id: int) -> Relationship:
    return queries.access_relationship(request.user, slug, relationship_id)[0]


ACTION_ERRORS = responses(400, 401, 403, 404, 422)


@router.post(
    "/missions/{slug}/partnerships/{relationship_id}/stage",
    response={200: PartnershipOut, **ACTION_ERRORS},
    summary="Propose a stage",
    description="It counts once the other organization confirms it; proposing the stage "
    "the other side proposed confirms it.",
)
def propose_stage(
    request: HttpRequest, slug: Slug, relationship_id: RelationshipId, payload: ProposeIn
) -> Relationship:
    relationship, person = _party(request, slug, relationship_id)
    services.propose_stage(relationship, by=person, stage=payload.stage, note=payload.note)
    return _reread(request, slug, relationship_id)


@router.post(
    "/missions/{slug}/partnerships/{relationship_id}/stage/{change_id}/answer",
    response={200: PartnershipOut, **ACTION_ERRORS},
    summary="Confirm or decline the other organization's proposal",
)
def answer_stage(
    request: HttpRequest,
    slug: Slug,
    relationship_id: RelationshipId,
    change_id: ChangeId,
    payload: AnswerIn,
) -> Relationship:
    relationship, person = _party(request, slug, relationship_id)
    change = queries.access_stage_change(relationship, change_id)
    services.answer_stage(change, by=person, accept=payload.accept)
    return _reread(request, slug, relationship_id)
