"""Background tasks of the directory."""

from __future__ import annotations

from django_tasks import task

from jisr.directory.models import Organization
from jisr.directory.services import rebuild_search_documents


@task()
def reindex_mission_directory(mission_id: int) -> int:
    """Rebuild the search documents of every organization of a mission; returns the count.

    Run after bulk changes to the taxonomy's names, which every document embeds.
    """
    return rebuild_search_documents(Organization.objects.filter(mission_id=mission_id))
