"""Published success stories of a mission: the same rule as the mission page (both
organizations consent and an organizer approved), defined in jisr.outcomes.queries."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import DateTime, OrganizationRef, Slug
from jisr.missions.queries import access_mission
from jisr.outcomes import queries
from jisr.outcomes.models import SuccessStory

router = Router(tags=["outcomes"])


class QuoteAuthorOut(Schema):
    first_name: str
    last_name: str
    organization: OrganizationRef


class StoryOut(Schema):
    id: int
    language: str = Field(description="The language the story is written in: en, fr or ar.")
    title: str
    text: str
    buyer: OrganizationRef
    provider: OrganizationRef
    quote_author: QuoteAuthorOut | None
    featured: bool
    approved: DateTime = Field(description="When an organizer approved it.")

    @staticmethod
    def resolve_buyer(story: SuccessStory) -> object:
        return story.relationship.buyer

    @staticmethod
    def resolve_provider(story: SuccessStory) -> object:
        return story.relationship.provider

    @staticmethod
    def resolve_approved(story: SuccessStory) -> object:
        return story.approved_at


@router.get(
    "/missions/{slug}/stories",
    response={200: list[StoryOut], **responses(401, 404, 422)},
    summary="Published success stories",
    description="Featured first, then newest first; only stories both organizations "
    "consent to and an organizer approved. A withdrawn consent removes a story at once.",
)
@paginate(PageNumbers)
def list_stories(request: HttpRequest, slug: Slug) -> QuerySet[SuccessStory]:
    mission = access_mission(request.user, slug)
    return queries.success_stories(mission)
