"""Who is who in the sample mission: its organizations by spec key, the active cohort,
the demo logins and the remote buyer, read back from the database once."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError
from jisr.core.models import ActivityLogEntry
from jisr.directory.models import Organization, Person, ServiceLine
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import Mission
from jisr.missions.sample.specs import OrgSpec, SampleSpec

# Activity is generated for at most this many buyers (and three providers per buyer);
# the rest of a very large mission stays quiet.
MAX_ACTIVE_BUYERS = 100
PROVIDERS_PER_BUYER = 3


class SampleActivityError(DomainError):
    pass


def sample_size(mission: Mission) -> dict[str, int]:
    """The ``buyers``, ``providers`` and ``seed`` the sample mission was composed with."""
    entry = (
        ActivityLogEntry.objects.for_mission(mission)
        .filter(action="mission.sample_created")
        .order_by("created", "pk")
        .first()
    )
    if entry is None or not {"buyers", "providers", "seed"} <= set(entry.data):
        raise SampleActivityError(
            _("Mission “%(slug)s” was not made by sample-mission; no demo activity for it.")
            % {"slug": mission.slug}
        )
    return {key: int(entry.data[key]) for key in ("buyers", "providers", "seed")}


@dataclass
class World:
    mission: Mission
    sample: SampleSpec
    orgs: dict[str, Organization]  # spec key -> organization
    people: dict[str, list[Person]]  # spec key -> people, in the sample's order
    buyers: list[OrgSpec]  # the active cohort
    providers: list[OrgSpec]
    fits: dict[str, list[str]]  # buyer key -> provider keys
    demo_buyer: Person
    demo_provider: Person
    remote_key: str | None  # the buyer organization that attends remotely
    lines: dict[str, ServiceLine]

    @classmethod
    def load(cls, mission: Mission, sample: SampleSpec) -> World:
        by_name = {
            org.name: org
            for org in Organization.objects.for_mission(mission).filter(
                kind__in=[Organization.Kind.BUYER, Organization.Kind.PROVIDER]
            )
        }
        specs = [*sample.buyers, *sample.providers]
        missing = [spec.name for spec in specs if spec.name not in by_name]
        if missing:
            raise SampleActivityError(
                _("Mission “%(slug)s” no longer matches its sample (%(name)s is missing).")
                % {"slug": mission.slug, "name": missing[0]}
            )
        orgs = {spec.key: by_name[spec.name] for spec in specs}
        by_email = {
            person.email.lower(): person
            for person in Person.objects.for_mission(mission).select_related("organization", "user")
        }
        people = {
            spec.key: [
                by_email[p.email.lower()] for p in spec.people if p.email.lower() in by_email
            ]
            for spec in specs
        }
        logins = [p for group in people.values() for p in group if p.user_id is not None]
        demo_buyer = next(
            (p for p in logins if p.organization.kind == Organization.Kind.BUYER), None
        )
        demo_provider = next(
            (p for p in logins if p.organization.kind == Organization.Kind.PROVIDER), None
        )
        if demo_buyer is None or demo_provider is None:
            raise SampleActivityError(_("The demo buyer and provider logins are missing."))
        fits: dict[str, list[str]] = defaultdict(list)
        for buyer_key, provider_key in sample.fits:
            fits[buyer_key].append(provider_key)
        key_of = {org.pk: key for key, org in orgs.items()}
        demo_buyer_key = key_of[demo_buyer.organization_id]
        demo_provider_key = key_of[demo_provider.organization_id]
        buyers, providers = _active_cohort(sample, fits, demo_buyer_key, demo_provider_key)
        remote_key = next((s.key for s in buyers if s.key != demo_buyer_key), None)
        return cls(
            mission=mission,
            sample=sample,
            orgs=orgs,
            people=people,
            buyers=buyers,
            providers=providers,
            fits=fits,
            demo_buyer=demo_buyer,
            demo_provider=demo_provider,
            remote_key=remote_key,
            lines=ServiceLine.objects.in_bulk(field_name="code"),
        )

    def lead(self, key: str) -> Person:
        """Who acts for the organization: its demo login if it has one, else its first person."""
        group = self.people[key]
        return next((p for p in group if p.user_id is not None), group[0])

    def delegate(self, rng: random.Random, key: str) -> Person:
        """Who takes a given meeting: the demo login or the remote buyer always; else
        mostly the first person."""
        group = self.people[key]
        if key == self.remote_key or any(p.user_id is not None for p in group):
            return self.lead(key)
        return rng.choices(group, weights=[3, 2, 1][: len(group)])[0]

    @property
    def cohort(self) -> list[OrgSpec]:
        """The active buyers, then the active providers."""
        return [*self.buyers, *self.providers]

    def leads(self) -> list[Person]:
        """Who acts for each organization of the cohort, in the cohort's order."""
        return [self.lead(spec.key) for spec in self.cohort]

    def is_demo(self, key: str) -> bool:
        return any(p.user_id is not None for p in self.people[key])

    def key_of(self, person: Person) -> str:
        """The spec key of ``person``'s organization."""
        return next(k for k, org in self.orgs.items() if org.pk == person.organization_id)

    @property
    def remote(self) -> Person | None:
        return self.lead(self.remote_key) if self.remote_key else None

    @property
    def organizer(self) -> Any:
        return self.mission.organizers.order_by("pk").first()

    def accepted_meetings(self) -> list[MeetingRequest]:
        """Read back after the requests are answered, in the order they were sent."""
        return list(
            MeetingRequest.objects.for_mission(self.mission)
            .filter(status=MeetingRequest.Status.ACCEPTED)
            .select_related("requester", "recipient", "mission")
            .order_by("pk")
        )


def _active_cohort(
    sample: SampleSpec, fits: dict[str, list[str]], demo_buyer_key: str, demo_provider_key: str
) -> tuple[list[OrgSpec], list[OrgSpec]]:
    """The buyers and providers that get activity. The demo organizations come first and
    the active buyers' fits before other providers, so a cap cuts the others first."""
    buyers = sorted(sample.buyers, key=lambda s: s.key != demo_buyer_key)[:MAX_ACTIVE_BUYERS]
    wanted = dict.fromkeys(
        [demo_provider_key, *(p for b in buyers for p in fits[b.key])]
        + [s.key for s in sample.providers]
    )
    cap = PROVIDERS_PER_BUYER * MAX_ACTIVE_BUYERS
    provider_specs = {s.key: s for s in sample.providers}
    providers = [provider_specs[key] for key in list(wanted)[:cap]]
    return buyers, providers


def is_pair(request: MeetingRequest, a: Person | None, b: Person | None) -> bool:
    """Whether the meeting is between ``a`` and ``b`` (either way round)."""
    if a is None or b is None:
        return False
    return {request.requester_id, request.recipient_id} == {a.pk, b.pk}
