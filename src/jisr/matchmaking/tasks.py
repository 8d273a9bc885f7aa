"""Background tasks of matchmaking."""

from __future__ import annotations

from django_tasks import task

from jisr.engine.matching import default_encoder, embed_profiles
from jisr.matchmaking.cache import DatabaseEmbeddingCache
from jisr.matchmaking.profiles import matchable_organizations, split_profiles
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


@task()
def embed_mission_texts(mission_id: int) -> int:
    """Encode every buyer's and provider's texts of a mission into the embedding cache, so
    the first "Recommended for you" page does not wait for them; returns the profile count.
    """
    mission = Mission.objects.get(pk=mission_id)
    buyers, providers = split_profiles(matchable_organizations(mission))
    encoder = default_encoder()
    embed_profiles([*buyers, *providers], encoder, DatabaseEmbeddingCache(encoder.version))
    return len(buyers) + len(providers)
