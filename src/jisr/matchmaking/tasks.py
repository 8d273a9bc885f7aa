"""Background tasks of matchmaking."""

from __future__ import annotations

from django_tasks import task

from jisr.matchmaking.services import precompute_recommendations
from jisr.missions.models import Mission


@task()
def precompute_mission_recommendations(mission_id: int, k: int = 20) -> int:
    """Store every participant's top ``k`` for a large mission; returns the row count.

    Enqueue it for missions with thousands of participants (``jisr db_worker`` runs it);
    smaller missions compute their lists on request and need no run.
    """
    mission = Mission.objects.get(pk=mission_id)
    run = precompute_recommendations(mission, k=k)
    return run.recommendations.count()
