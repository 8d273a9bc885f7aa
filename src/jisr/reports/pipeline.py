"""The partnership funnel (lead -> NDA -> proposal -> pilot -> contract) and the
published success stories, as reports read them from the outcomes app.

A stage counts only once both sides confirmed it (the outcomes app's rule). The funnel
counts, for each stage, the relationships that reached it: their confirmed stage is that
one or a later one, or an earlier confirmed change of theirs was (so a partnership that
signed an NDA and was later lost still counts as an NDA signed). Relationships whose
first stage is still waiting for the other side's confirmation are counted apart.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise

from jisr.missions.models import Mission
from jisr.outcomes.models import Relationship, Stage, StageChange, SuccessStory
from jisr.outcomes.models.pipeline import PIPELINE
from jisr.outcomes.queries import success_stories

if TYPE_CHECKING:
    from jisr.reports.queries import Filters

RANK = {stage.value: index for index, stage in enumerate(PIPELINE)}


@dataclass
class FunnelStage:
    key: str
    label: str | Promise
    count: int = 0  # relationships that reached this stage (or went further)


@dataclass
class Pipeline:
    stages: list[FunnelStage] = field(default_factory=lambda: _funnel())
    relationships: int = 0  # every relationship, confirmed or not
    unconfirmed: int = 0  # first stage still waiting for the other side
    lost: int = 0
    closed: int = 0
    stories: int = 0  # published success stories

    @property
    def available(self) -> bool:
        """Whether any partnership was recorded at all (else: "no pipeline data yet")."""
        return self.relationships > 0

    def reached(self, stage: str) -> int:
        return next(s.count for s in self.stages if s.key == stage)

    @property
    def leads(self) -> int:
        return self.reached(Stage.LEAD)

    @property
    def ndas(self) -> int:
        return self.reached(Stage.NDA)

    @property
    def pilots(self) -> int:
        return self.reached(Stage.PILOT)

    @property
    def contracts(self) -> int:
        return self.reached(Stage.CONTRACT)


def _funnel() -> list[FunnelStage]:
    return [FunnelStage(stage.value, stage.label) for stage in PIPELINE]


def _selected(ids: Sequence[int], filters: Filters, prefix: str = "") -> Q:
    """Relationships (at ``prefix``) with a selected organization on either side."""
    if not filters.active:
        return Q()
    organizations = filters.organizations(ids)
    return Q(**{f"{prefix}buyer_id__in": organizations}) | Q(
        **{f"{prefix}provider_id__in": organizations}
    )


def pipelines_for(mission_ids: Sequence[int], filters: Filters) -> dict[int, Pipeline]:
    """The funnel of each mission under ``filters``; two queries whatever the sizes."""
    pipelines = {pk: Pipeline() for pk in mission_ids}
    relationships = Relationship.objects.filter(mission_id__in=mission_ids).filter(
        _selected(mission_ids, filters)
    )
    furthest: dict[int, int] = {}
    owner: dict[int, int] = {}
    for pk, mission_id, stage in relationships.values_list("pk", "mission_id", "stage"):
        pipeline = pipelines[mission_id]
        pipeline.relationships += 1
        owner[pk] = mission_id
        if stage == Stage.LOST:
            pipeline.lost += 1
        elif stage == Stage.CLOSED:
            pipeline.closed += 1
        if stage in RANK:
            furthest[pk] = RANK[stage]
    confirmed = StageChange.objects.filter(
        relationship__in=relationships, status=StageChange.Status.CONFIRMED
    ).values_list("relationship_id", "stage")
    for relationship_id, stage in confirmed:
        if stage in RANK:
            furthest[relationship_id] = max(furthest.get(relationship_id, -1), RANK[stage])
    for pk, mission_id in owner.items():
        rank = furthest.get(pk)
        if rank is None:  # no stage confirmed yet (or closed or lost before the first)
            pipelines[mission_id].unconfirmed += 1
            continue
        for stage in pipelines[mission_id].stages[: rank + 1]:
            stage.count += 1
    for row in _published(mission_ids, filters).values("mission_id").annotate(n=Count("pk")):
        pipelines[row["mission_id"]].stories = row["n"]
    return pipelines


def _published(mission_ids: Sequence[int], filters: Filters) -> QuerySet[SuccessStory]:
    """Published stories of these missions, by the outcomes app's own rule (consent of
    both organizations and an organizer's approval), in one query."""
    # Unsaved stand-ins: success_stories() needs only the mission's key, not a query.
    per_mission = [success_stories(Mission(pk=pk)) for pk in mission_ids]
    if not per_mission:
        return SuccessStory.objects.none()
    stories = functools.reduce(operator.or_, per_mission)
    return stories.filter(_selected(mission_ids, filters, "relationship__")).order_by()


def published_stories(mission: Mission, filters: Filters) -> list[SuccessStory]:
    """The mission's published stories under ``filters``, featured first."""
    return list(success_stories(mission).filter(_selected([mission.pk], filters, "relationship__")))
