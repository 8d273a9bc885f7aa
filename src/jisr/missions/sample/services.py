"""Writing a composed sample mission to the database, in bulk and in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError
from jisr.core.services import log_activity
from jisr.directory.models import (
    Certification,
    DeliverySite,
    Language,
    Organization,
    OrganizationDescription,
    Person,
    ServiceLine,
    Technology,
)
from jisr.directory.services import rebuild_search_documents
from jisr.missions.models import (
    IntendedFit,
    MeetingDay,
    Mission,
    Participation,
    ProgrammeItem,
    Slot,
    Table,
    Venue,
)
from jisr.missions.sample import programme as plan
from jisr.missions.sample.profiles import compose_sample
from jisr.missions.sample.specs import SampleSpec

DEFAULT_PASSWORD = "jisr-demo-2027"
ORGANIZER_EMAIL = "organizer@jisr.example"
ROLE_OF_KIND = {
    "buyer": Participation.Role.BUYER,
    "provider": Participation.Role.PROVIDER,
    "organizer": Participation.Role.ORGANIZER,
    "partner": Participation.Role.ADVISOR,
}
PersonRef = tuple[str, int]


class SampleMissionError(DomainError):
    pass


@dataclass(frozen=True)
class Account:
    role: str
    email: str
    created: bool  # False: the login already existed and its password was left alone


@dataclass
class SampleResult:
    mission: Mission
    sample: SampleSpec
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[Account] = field(default_factory=list)


def create_sample_mission(
    *,
    buyers: int,
    providers: int,
    seed: int,
    slug: str = plan.DEFAULT_SLUG,
    password: str = DEFAULT_PASSWORD,
) -> SampleResult:
    """Compose and write a fictional mission; all or nothing.

    Logins are created only for the organizer and two demo participants, whatever the
    size; an existing login is reused and its password left unchanged.
    """
    sample = compose_sample(buyers=buyers, providers=providers, seed=seed)
    with transaction.atomic():
        if Mission.objects.filter(slug=slug).exists():
            raise SampleMissionError(
                _("A mission with the short name “%(slug)s” already exists.") % {"slug": slug}
            )
        mission = Mission.objects.create(
            slug=slug,
            name=dict(plan.MISSION_NAME),
            description=dict(plan.MISSION_DESCRIPTION),
            host_country="MA",
            timezone=plan.TIMEZONE,
            start_date=plan.START,
            end_date=plan.END,
            status=Mission.Status.OPEN,
            directory_visibility=Mission.DirectoryVisibility.PUBLIC,
        )
        result = SampleResult(mission, sample)
        users = _write_accounts(mission, sample, password, result)
        orgs = _write_organizations(mission, sample)
        people = _write_people(mission, sample, orgs, users)
        venues, slots, tables = _write_venues_and_grid(mission, len(sample.buyers))
        items, speakers = _write_programme(mission, sample, venues, people)
        participations = _write_participations(mission, sample, people, speakers)
        IntendedFit.objects.bulk_create(
            IntendedFit(mission=mission, buyer=orgs[buyer], provider=orgs[provider])
            for buyer, provider in sample.fits
        )
        rebuild_search_documents(orgs.values())
        result.counts = {
            "organizations": len(orgs),
            "buyers": len(sample.buyers),
            "providers": len(sample.providers),
            "people": len(people),
            "participations": participations,
            "intended_fits": len(sample.fits),
            "programme_items": items,
            "slots": slots,
            "tables": tables,
        }
        log_activity(
            mission,
            action="mission.sample_created",
            actor=None,
            mission=mission,
            data={"buyers": buyers, "providers": providers, "seed": seed},
        )
    return result


def _write_accounts(
    mission: Mission, sample: SampleSpec, password: str, result: SampleResult
) -> dict[PersonRef, Any]:
    """The organizer's login, plus one buyer delegate's and one provider rep's."""
    buyer = sample.buyers[0]
    provider_key = next(p for b, p in sample.fits if b == buyer.key)
    provider = next(org for org in sample.providers if org.key == provider_key)
    organizer = sample.hosts[0]
    wanted = [
        ("organizer", (organizer.key, 0), ORGANIZER_EMAIL, organizer.people[0]),
        ("buyer", (buyer.key, 0), buyer.people[0].email, buyer.people[0]),
        ("provider", (provider.key, 0), provider.people[0].email, provider.people[0]),
    ]
    hashed = make_password(password)  # hashing is slow by design: do it once
    user_model = get_user_model()
    users: dict[PersonRef, Any] = {}
    for role, ref, email, person in wanted:
        user, created = user_model.objects.get_or_create(
            username=email,
            defaults={
                "email": email,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "password": hashed,
            },
        )
        users[ref] = user
        result.accounts.append(Account(role, email, created))
    mission.organizers.add(users[(organizer.key, 0)])
    return users


def _write_organizations(mission: Mission, sample: SampleSpec) -> dict[str, Organization]:
    specs = sample.organizations
    created = Organization.objects.bulk_create(
        Organization(
            mission=mission,
            name=spec.name,
            kind=spec.kind,
            country=spec.country,
            city=spec.city,
            website=spec.website,
            headcount=spec.headcount,
            founded=spec.founded,
            timezone=spec.timezone,
        )
        for spec in specs
    )
    orgs = {spec.key: org for spec, org in zip(specs, created, strict=True)}
    OrganizationDescription.objects.bulk_create(
        OrganizationDescription(organization=orgs[spec.key], language=language, text=text)
        for spec in specs
        for language, text in spec.descriptions.items()
    )
    DeliverySite.objects.bulk_create(
        DeliverySite(organization=orgs[spec.key], park=s.park, city=s.city, country=s.country)
        for spec in specs
        for s in spec.sites
    )
    _link(
        Organization.service_lines,
        specs,
        orgs,
        _lookup(ServiceLine, "code"),
        lambda spec: spec.service_lines,
    )
    _link(
        Organization.technologies,
        specs,
        orgs,
        _lookup(Technology, "name"),
        lambda spec: spec.technologies,
    )
    _link(
        Organization.languages, specs, orgs, _lookup(Language, "code"), lambda spec: spec.languages
    )
    _link(
        Organization.certifications,
        specs,
        orgs,
        _lookup(Certification, "code"),
        lambda spec: spec.certifications,
    )
    return orgs


def _link(descriptor: Any, specs: Any, orgs: dict[str, Organization], terms: Any, get: Any) -> None:
    """Bulk-insert M2M rows straight into the auto-created through table."""
    through = descriptor.through
    source, target = (f.attname for f in through._meta.fields if f.is_relation)
    through.objects.bulk_create(
        through(**{source: orgs[spec.key].pk, target: terms[value].pk})
        for spec in specs
        for value in get(spec)
    )


def _lookup(model: Any, key: str) -> dict[str, Any]:
    terms: dict[str, Any] = model.objects.in_bulk(field_name=key)
    if not terms:
        raise SampleMissionError(_("The reference taxonomy is empty; run the migrations first."))
    return terms


def _write_people(
    mission: Mission,
    sample: SampleSpec,
    orgs: dict[str, Organization],
    users: dict[PersonRef, Any],
) -> dict[PersonRef, Person]:
    refs: list[PersonRef] = []
    rows: list[Person] = []
    for spec in sample.organizations:
        for index, p in enumerate(spec.people):
            user = users.get((spec.key, index))
            refs.append((spec.key, index))
            rows.append(
                Person(
                    mission=mission,
                    organization=orgs[spec.key],
                    user=user,
                    first_name=p.first_name,
                    last_name=p.last_name,
                    title=p.title,
                    email=user.email if user is not None else p.email,
                    preferred_language=p.preferred_language,
                )
            )
    people = dict(zip(refs, Person.objects.bulk_create(rows), strict=True))
    languages = _lookup(Language, "code")
    through = Person.languages.through
    through.objects.bulk_create(
        through(person_id=people[(spec.key, i)].pk, language_id=languages[code].pk)
        for spec in sample.organizations
        for i, p in enumerate(spec.people)
        for code in p.languages
    )
    return people


def _write_venues_and_grid(mission: Mission, buyers: int) -> tuple[dict[str, Venue], int, int]:
    """Venues, meeting days with their slots, and one table per buyer at each venue."""
    venues = {
        v.key: Venue.objects.create(
            mission=mission, name=v.name, city=v.city, address=v.address, timezone=v.timezone
        )
        for v in plan.VENUES
    }
    slots: list[Slot] = []
    for day_spec in plan.meeting_days():
        day = MeetingDay.objects.create(
            mission=mission, date=day_spec.date, venue=venues[day_spec.venue]
        )
        slots += [
            Slot(mission=mission, day=day, block=block, start=start, end=end)
            for block, start, end in day_spec.slots()
        ]
    Slot.objects.bulk_create(slots)
    width = max(2, len(str(buyers)))
    tables = Table.objects.bulk_create(
        Table(mission=mission, venue=venue, label=f"T{n:0{width}d}")
        for venue in venues.values()
        for n in range(1, buyers + 1)
    )
    return venues, len(slots), len(tables)


def _write_programme(
    mission: Mission,
    sample: SampleSpec,
    venues: dict[str, Venue],
    people: dict[PersonRef, Person],
) -> tuple[int, set[PersonRef]]:
    specs = plan.programme(sample)
    items = ProgrammeItem.objects.bulk_create(
        ProgrammeItem(
            mission=mission,
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            venue=venues[spec.venue],
            start=spec.start,
            end=spec.end,
        )
        for spec in specs
    )
    through = ProgrammeItem.speakers.through
    speakers = {ref for spec in specs for ref in spec.speakers if ref in people}
    through.objects.bulk_create(
        through(programmeitem_id=item.pk, person_id=people[ref].pk)
        for spec, item in zip(specs, items, strict=True)
        for ref in dict.fromkeys(spec.speakers)
        if ref in people
    )
    return len(items), speakers


def _write_participations(
    mission: Mission,
    sample: SampleSpec,
    people: dict[PersonRef, Person],
    speakers: set[PersonRef],
) -> int:
    kinds = {spec.key: spec.kind for spec in sample.organizations}
    rows = [
        Participation(mission=mission, person=person, role=ROLE_OF_KIND[kinds[ref[0]]])
        for ref, person in people.items()
    ]
    rows += [
        Participation(mission=mission, person=people[ref], role=Participation.Role.SPEAKER)
        for ref in sorted(speakers)
    ]
    return len(Participation.objects.bulk_create(rows))
