"""Writes on organizations and people. Each service owns its transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from jisr.directory.models import Organization
from jisr.directory.search import build_search_document


def rebuild_search_documents(organizations: Iterable[Organization]) -> int:
    """Recompute the folded search text of the given organizations; returns how many.

    Call after any change to names, descriptions or taxonomy links. Works in bulk so
    the sample generator can index thousands of organizations in a few queries.
    """
    ids = [org.pk for org in organizations]
    changed: list[Organization] = []
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            changed.extend(_rebuild_batch(ids[start : start + BATCH]))
    return len(changed)


BATCH = 500


def _rebuild_batch(ids: list[int]) -> list[Organization]:
    changed: list[Organization] = []
    queryset = Organization.objects.filter(pk__in=ids).prefetch_related(
        "descriptions", "service_lines", "certifications", "technologies"
    )
    for org in queryset:
        org.search_document = build_search_document(
            name=org.name,
            city=org.city,
            country=org.country,
            descriptions=[d.text for d in org.descriptions.all()],
            service_lines=[(s.name_en, s.name_fr, s.name_ar) for s in org.service_lines.all()],
            certifications=[(c.name_en, c.name_fr, c.name_ar) for c in org.certifications.all()],
            technologies=[t.name for t in org.technologies.all()],
        )
        changed.append(org)
    Organization.objects.bulk_update(changed, ["search_document"], batch_size=BATCH)
    return changed
