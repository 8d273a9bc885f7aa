"""``jisr precompute_recommendations <slug>``: store a large mission's recommendations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.matchmaking.tasks import embed_mission_texts, precompute_mission_recommendations
from jisr.missions.models import Mission


class Command(BaseCommand):
    help = (
        "Queue the precomputation of a mission's recommendations (for missions with "
        "thousands of participants); `jisr db_worker` runs it. Pages then read the stored "
        "lists, and every mark change queues a fresh run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--k", type=int, default=20, help="suggestions kept per participant")
        parser.add_argument(
            "--embeddings-only",
            action="store_true",
            help="only fill the text-embedding cache, so on-request lists start fast",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mission = Mission.objects.filter(slug=options["slug"]).first()
        if mission is None:
            raise CommandError(f"No mission called {options['slug']!r}.")
        if not 1 <= options["k"] <= 100:
            raise CommandError("--k must be between 1 and 100.")
        if options["embeddings_only"]:
            result = embed_mission_texts.enqueue(mission.pk)
            self.stdout.write(f"Queued text embedding {result.id} for {mission.slug}.")
            return
        result = precompute_mission_recommendations.enqueue(mission.pk, options["k"])
        self.stdout.write(f"Queued recommendation run {result.id} for {mission.slug}.")
