"""The pipeline funnel (lead -> NDA -> proposal -> pilot -> contract) and success stories.

The outcomes app does not record relationships yet; until it does, every mission has an
empty pipeline and the reports say "no pipeline data yet" instead of showing zeros that
would read as "nothing came of it".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jisr.reports.queries import Filters


@dataclass
class Stage:
    key: str
    label: str
    count: int  # relationships that reached this stage or a later one


@dataclass
class Story:
    title: str
    text: str
    organizations: str


@dataclass
class Pipeline:
    available: bool = False  # False: the mission records no pipeline at all
    stages: list[Stage] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)

    @property
    def agreements(self) -> int:
        """Relationships that reached a signed agreement (NDA or further)."""
        return sum(stage.count for stage in self.stages[1:2])


def pipelines_for(mission_ids: Sequence[int], filters: Filters) -> dict[int, Pipeline]:
    """Pipelines of these missions; missions without pipeline data are left out."""
    return {}
