"""Who may mark whom and who gets recommendations."""

from __future__ import annotations

from jisr.directory.models import Organization, Person

MATCHED_KINDS = {
    Organization.Kind.BUYER: Organization.Kind.PROVIDER,
    Organization.Kind.PROVIDER: Organization.Kind.BUYER,
}


def has_recommendations(person: Person | None) -> bool:
    """Buyers get providers suggested and providers get buyers; nobody else takes part."""
    return person is not None and person.organization.kind in MATCHED_KINDS


def can_mark(person: Person | None, target: Organization) -> bool:
    """A participant marks organizations of the other side of the same mission."""
    if person is None or person.mission_id != target.mission_id:
        return False
    return MATCHED_KINDS.get(person.organization.kind) == target.kind
