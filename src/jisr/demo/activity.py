"""Demo activity on a sample mission: what participants would have done before the event.

``create_sample_activity`` re-composes the sample the mission was made from (its size and
seed are in the ``mission.sample_created`` log entry), then, through the domain services
so every rule holds (participation, allowed pairs, quotas, open-request uniqueness):

- commercial profiles: budget bands and team sizes for buyers, rate bands for providers,
  the same figures the sample's descriptions quote;
- marketplace listings: one request per buyer (English), an offer for about 60% of the
  providers (French, Arabic or English, one language per listing);
- meeting requests: each buyer asks its planted fits and a few other providers, some
  providers ask buyers; most fits are accepted, others accepted, declined with a reason
  or left pending, for about five or six accepted meetings per buyer;
- marks: must meet, would like to meet, not interested;
- the event itself: one buyer attends remotely from their own time zone, so each of
  their meetings is held online (the mission has a video link pattern; the one with the
  demo provider carries a pasted link); a few participants are away for a half-day or
  for single slots; the organizers prioritize a few meetings; conversations on accepted
  meetings, read and unread; badges, and day one's check-ins at registration.

The demo buyer and demo provider logins meet each other (accepted), and each has
pending requests to answer and requests of their own. Nothing is scheduled unless asked:
``publish_demo_schedule`` runs the scheduler, publishes, and records the no-shows that
day one's check-ins imply (``make run`` asks for it).

Timeline: requests and messages happen in the days before now; check-ins and no-shows
happen on the mission's first meeting day, at the times of its programme, whenever the
sample is made, so that the organizers can still check the demo provider in by hand
"today".

Everything runs in one transaction and is deterministic for a seed. Large missions are
capped to an active cohort of buyers and providers, so the work stays bounded.

E-mail: the services queue their notifications for when the transaction commits. Demo
activity would send hundreds of messages to fictional addresses (and flood the console
of ``make run``), so by default they are sent to Django's dummy backend: the first and
last callbacks queued by this module switch the backend for exactly the callbacks
queued in between, whenever the enclosing transaction commits.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError
from jisr.core.models import ActivityLogEntry
from jisr.demo import texts
from jisr.directory.models import Organization, Person, ServiceLine
from jisr.directory.services import set_attendance
from jisr.marketplace.models import Listing
from jisr.marketplace.services import create_listing
from jisr.matchmaking.models import Mark
from jisr.matchmaking.queries import meeting_priorities
from jisr.matchmaking.services import save_commercial_profile, set_mark
from jisr.meetings.models import MeetingRequest
from jisr.meetings.queries import policy_for
from jisr.meetings.services import (
    accept_meeting_request,
    decline_meeting_request,
    request_meeting,
    set_request_priority,
    set_unavailability,
    update_meeting_policy,
)
from jisr.messaging.services import mark_thread_read, send_message
from jisr.missions.models import MeetingDay, Mission, Slot
from jisr.missions.sample.profiles import compose_sample
from jisr.missions.sample.specs import OrgSpec, SampleSpec
from jisr.outcomes.services import check_in, issue_badge, record_no_shows
from jisr.schedules.models import Publication, ScheduleRun
from jisr.schedules.services import publish_schedule, start_schedule_run

DUMMY_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# Activity is generated for at most this many buyers (and three providers per buyer);
# the rest of a very large mission stays quiet.
MAX_ACTIVE_BUYERS = 100
PROVIDERS_PER_BUYER = 3
OFFER_SHARE = 0.6
FIT_ACCEPTED = 0.9  # otherwise left pending
OTHER_REQUESTS = (4, 7)  # non-fit providers a buyer asks, inclusive
OTHER_OUTCOMES = (("accepted", 50), ("declined", 20), ("pending", 30))
PROVIDER_ASKS = 0.35  # share of providers that ask one buyer themselves
PROVIDER_OUTCOMES = (("accepted", 40), ("declined", 25), ("pending", 35))
THREAD_SHARE = 0.3  # accepted meetings whose two sides exchange a few messages
MAX_THREADS = 60
REGISTRATION = (8, 30)  # day one's check-ins start at the programme's registration
ABSENT_ON_DAY_ONE = 2  # on-site participants who never came on day one (no-shows)
AWAY_HALF_DAYS = 3  # participants, besides the demo provider, away for a half-day
ORGANIZER_PRIORITIES = 3  # accepted meetings the organizers prioritize
VIDEO_PATTERN = "https://meet.example/casablanca-rabat-{uid}"
PASTED_VIDEO_LINK = "https://video.example/j/4127-3390-jisr"

Outcome = str


class SampleActivityError(DomainError):
    pass


@dataclass(frozen=True)
class PlannedRequest:
    requester: Person
    recipient: Person
    message: str
    outcome: Outcome
    listing_of: str | None = None  # spec key of the organization whose listing is cited
    video_url: str = ""  # a pasted link, for an online meeting


@dataclass
class ActivityResult:
    mission: Mission
    counts: dict[str, int] = field(default_factory=dict)
    demo_pair: tuple[str, str] | None = None


@contextmanager
def quiet_mail_on_commit(enabled: bool = True) -> Iterator[None]:
    """Send the e-mails queued inside this block to the dummy backend when they go out.

    Must be used inside a transaction: the switch is itself an on-commit callback queued
    before the block's callbacks, and switched back by one queued after them.
    """
    if not enabled:
        yield
        return
    override = override_settings(EMAIL_BACKEND=DUMMY_EMAIL_BACKEND)
    transaction.on_commit(override.enable)
    try:
        yield
    finally:
        transaction.on_commit(override.disable)


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


def has_activity(mission: Mission) -> bool:
    return bool(MeetingRequest.objects.for_mission(mission).exists())


def create_sample_activity(
    mission: Mission, *, seed: int = 2027, send_mail: bool = False
) -> ActivityResult:
    """Write the demo activity of ``mission``; all or nothing. See the module docstring."""
    size = sample_size(mission)
    sample = compose_sample(buyers=size["buyers"], providers=size["providers"], seed=size["seed"])
    rng = random.Random(seed)
    with transaction.atomic(), quiet_mail_on_commit(not send_mail):
        world = _World.load(mission, sample)
        result = ActivityResult(mission)
        counts: Counter[str] = Counter()
        _write_commercial_profiles(world, counts)
        _write_remote_attendance(world, counts)
        listings = _write_listings(rng, world, counts)
        plan, linked = _plan_requests(rng, world)
        _write_requests(rng, mission, plan, listings, counts)
        _write_marks(rng, world, linked, counts)
        _write_priorities(rng, world, counts)
        _write_absences(rng, world, counts)
        _write_messages(rng, world, counts)
        _write_check_ins(rng, world, counts)
        result.counts = dict(counts)
        result.demo_pair = (world.demo_buyer.email, world.demo_provider.email)
    return result


def publish_demo_schedule(
    mission: Mission, *, send_mail: bool = False, parameters: dict[str, Any] | None = None
) -> tuple[ScheduleRun, Publication | None]:
    """Run the scheduler as the mission's organizer, publish the draft if it succeeds,
    and record the no-shows that day one's check-ins imply (as of that evening).

    With a database task backend the run is queued; it is then solved here, inline,
    so the command returns with the schedule published.
    """
    from jisr.schedules.tasks import run_schedule

    organizer = mission.organizers.order_by("pk").first()
    run = start_schedule_run(
        mission, by=organizer, parameters=parameters, priorities=meeting_priorities(mission)
    )
    if run.status == ScheduleRun.Status.QUEUED:
        run_schedule.call(run.pk)
    run.refresh_from_db()
    if run.status != ScheduleRun.Status.SUCCEEDED:
        return run, None
    with transaction.atomic(), quiet_mail_on_commit(not send_mail):
        publication = publish_schedule(mission, by=organizer, notify=send_mail)
        first_day = _first_day(mission)
        if first_day is not None:
            evening = _local(mission, first_day.date, 20)
            record_no_shows(mission, by=organizer, now=evening)
    return run, publication


def _first_day(mission: Mission) -> MeetingDay | None:
    day: MeetingDay | None = MeetingDay.objects.for_mission(mission).order_by("date", "pk").first()
    return day


def _local(mission: Mission, date: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=ZoneInfo(mission.timezone))


# --- Who is who -----------------------------------------------------------------------


@dataclass
class _World:
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
    def load(cls, mission: Mission, sample: SampleSpec) -> _World:
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
        buyers = sorted(sample.buyers, key=lambda s: s.key != demo_buyer_key)[:MAX_ACTIVE_BUYERS]
        wanted = dict.fromkeys(
            [demo_provider_key, *(p for b in buyers for p in fits[b.key])]
            + [s.key for s in sample.providers]
        )
        cap = PROVIDERS_PER_BUYER * MAX_ACTIVE_BUYERS
        provider_specs = {s.key: s for s in sample.providers}
        providers = [provider_specs[key] for key in list(wanted)[:cap]]
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

    def is_demo(self, key: str) -> bool:
        return any(p.user_id is not None for p in self.people[key])

    @property
    def remote(self) -> Person | None:
        return self.lead(self.remote_key) if self.remote_key else None

    @property
    def organizer(self) -> Any:
        return self.mission.organizers.order_by("pk").first()


# --- Writers ----------------------------------------------------------------------------


def _write_commercial_profiles(world: _World, counts: Counter[str]) -> None:
    for spec in [*world.buyers, *world.providers]:
        band = spec.rate_band
        save_commercial_profile(
            world.lead(spec.key),
            team_size=spec.team_size if spec.kind == "buyer" else None,
            band_low=Decimal(band[0]) if band else None,
            band_high=Decimal(band[1]) if band else None,
        )
        counts["commercial profiles"] += 1


def _write_remote_attendance(world: _World, counts: Counter[str]) -> None:
    """The remote buyer attends from their own time zone; the mission gives each online
    meeting a room of its own (a link pattern)."""
    remote, organizer = world.remote, world.organizer
    if remote is None or organizer is None:
        return
    policy = policy_for(world.mission)
    update_meeting_policy(
        world.mission,
        by=organizer,
        allowed_pairs=policy.allowed_pairs,
        accepting_requests=policy.accepting_requests,
        max_open_sent=policy.max_open_sent,
        max_accepted=policy.max_accepted,
        video_url_pattern=VIDEO_PATTERN,
    )
    zone = remote.organization.timezone
    set_attendance(remote, by=organizer, timezone_name=zone, attends_remotely=True)
    counts["remote participants"] += 1


def _write_listings(rng: random.Random, world: _World, counts: Counter[str]) -> dict[str, Listing]:
    """Listings by spec key of their organization."""
    listings: dict[str, Listing] = {}
    for spec in world.buyers:
        title, body, role = texts.need(rng, spec)
        listings[spec.key] = create_listing(
            world.mission,
            author=world.lead(spec.key),
            kind=str(Listing.Kind.REQUEST),
            title=title,
            body=body,
            language="en",
            partner_role=role,
            service_lines=_lines(world, spec),
        )
        counts["listings (requests)"] += 1
    for spec in world.providers:
        if not (world.is_demo(spec.key) or rng.random() < OFFER_SHARE):
            continue
        language = texts.provider_language(rng, spec)
        title, body = texts.offer(rng, spec, language)
        listings[spec.key] = create_listing(
            world.mission,
            author=world.lead(spec.key),
            kind=str(Listing.Kind.OFFER),
            title=title,
            body=body,
            language=language,
            service_lines=_lines(world, spec),
        )
        counts["listings (offers)"] += 1
    return listings


def _lines(world: _World, spec: OrgSpec) -> list[ServiceLine]:
    return [world.lines[code] for code in spec.service_lines[:5] if code in world.lines]


def _plan_requests(
    rng: random.Random, world: _World
) -> tuple[list[PlannedRequest], set[tuple[str, str]]]:
    """Who asks whom, and how the recipient will answer; one request per pair of orgs.
    Also the (buyer key, provider key) pairs linked by a request."""
    plan: list[PlannedRequest] = []
    linked: set[tuple[str, str]] = set()  # (buyer key, provider key)
    specs = {s.key: s for s in [*world.buyers, *world.providers]}
    provider_keys = [s.key for s in world.providers]
    active = set(provider_keys)
    demo_b = _key(world, world.demo_buyer)
    demo_p = _key(world, world.demo_provider)

    def buyer_asks(b: str, p: str, outcome: Outcome, video_url: str = "") -> None:
        linked.add((b, p))
        plan.append(
            PlannedRequest(
                requester=world.delegate(rng, b),
                recipient=world.delegate(rng, p),
                message=texts.buyer_message(rng, specs[b], specs[p]),
                outcome=outcome,
                listing_of=p
                if _shares_main_line(specs[p], specs[b]) and rng.random() < 0.5
                else None,
                video_url=video_url,
            )
        )

    def provider_asks(p: str, b: str, outcome: Outcome) -> None:
        linked.add((b, p))
        requester = world.delegate(rng, p)
        language = requester.preferred_language
        plan.append(
            PlannedRequest(
                requester=requester,
                recipient=world.delegate(rng, b),
                message=texts.provider_message(rng, specs[p], specs[b], language),
                outcome=outcome,
                listing_of=b
                if _shares_main_line(specs[b], specs[p]) and rng.random() < 0.6
                else None,
            )
        )

    # The demo pair meets: the demo buyer asked, the demo provider accepted.
    buyer_asks(demo_b, demo_p, "accepted")
    # The remote buyer meets the demo provider online, on a link of their own.
    if world.remote_key is not None:
        buyer_asks(world.remote_key, demo_p, "accepted", video_url=PASTED_VIDEO_LINK)
    buyer_keys = [s.key for s in world.buyers]
    # Then things for the demo logins to answer and to wait for.
    # (In a tiny mission the declined one is the first to go.)
    free = [b for b in buyer_keys if (b, demo_p) not in linked]
    if free:
        provider_asks(demo_p, rng.choice(free), "pending")
    for _n in range(2):
        free = [
            p for p in provider_keys if (demo_b, p) not in linked and p not in world.fits[demo_b]
        ]
        if free:
            provider_asks(rng.choice(free), demo_b, "pending")
    free = [b for b in buyer_keys if (b, demo_p) not in linked]
    if free:
        buyer_asks(rng.choice(free), demo_p, "pending")
    free = [b for b in buyer_keys if (b, demo_p) not in linked]
    if free:
        provider_asks(demo_p, rng.choice(free), "declined")
    for spec in world.buyers:
        b = spec.key
        for p in world.fits[b]:
            if p in active and (b, p) not in linked:
                buyer_asks(b, p, "accepted" if rng.random() < FIT_ACCEPTED else "pending")
        others = [p for p in provider_keys if (b, p) not in linked and p not in world.fits[b]]
        for p in rng.sample(others, min(rng.randint(*OTHER_REQUESTS), len(others))):
            buyer_asks(b, p, _draw(rng, OTHER_OUTCOMES))
    for p in provider_keys:
        if rng.random() < PROVIDER_ASKS:
            free = [b for b in buyer_keys if (b, p) not in linked]
            if free:
                provider_asks(p, rng.choice(free), _draw(rng, PROVIDER_OUTCOMES))
    return plan, linked


def _shares_main_line(author: OrgSpec, other: OrgSpec) -> bool:
    """Whether ``other`` offers or seeks the first service line of ``author``'s listing."""
    return bool(author.service_lines) and author.service_lines[0] in other.service_lines


def _key(world: _World, person: Person) -> str:
    return next(k for k, org in world.orgs.items() if org.pk == person.organization_id)


def _draw(rng: random.Random, outcomes: tuple[tuple[str, int], ...]) -> Outcome:
    return rng.choices([o for o, _w in outcomes], [w for _o, w in outcomes])[0]


def _write_requests(
    rng: random.Random,
    mission: Mission,
    plan: list[PlannedRequest],
    listings: dict[str, Listing],
    counts: Counter[str],
) -> None:
    """Send every planned request, then answer them; a request a rule refuses (a quota
    set by the organizers, say) is skipped and counted."""
    sent: list[tuple[MeetingRequest, PlannedRequest]] = []
    for item in plan:
        listing = listings.get(item.listing_of) if item.listing_of else None
        online = item.requester.attends_remotely or item.recipient.attends_remotely
        try:
            request = request_meeting(
                mission,
                requester=item.requester,
                recipient=item.recipient,
                message=item.message,
                listing=listing,
                online=online,
                video_url=item.video_url,
            )
        except DomainError:
            counts["requests refused by the rules"] += 1
            continue
        sent.append((request, item))
    for request, item in sent:
        try:
            if item.outcome == "accepted":
                accept_meeting_request(request, by=item.recipient)
            elif item.outcome == "declined":
                reason = texts.decline_reason(rng, item.recipient.preferred_language)
                decline_meeting_request(request, by=item.recipient, reason=reason)
        except DomainError:
            counts["answers refused by the rules"] += 1
            counts["requests (pending)"] += 1
            continue
        counts[f"requests ({item.outcome})"] += 1
        if request.online and item.outcome == "accepted":
            counts["online meetings"] += 1


def _write_marks(
    rng: random.Random, world: _World, linked: set[tuple[str, str]], counts: Counter[str]
) -> None:
    """Must meet a planted fit, would like to meet a few, not interested in some others
    (never in an organization the two already exchanged a request with)."""
    provider_keys = [s.key for s in world.providers]
    buyer_keys = [s.key for s in world.buyers]
    marks: dict[tuple[str, str], str] = {}
    for spec in world.buyers:
        b = spec.key
        fits = [p for p in world.fits[b] if p in set(provider_keys)]
        if fits and (world.is_demo(b) or rng.random() < 0.6):
            marks[(b, fits[0])] = str(Mark.Kind.MUST_MEET)
        for p in rng.sample(provider_keys, min(2, len(provider_keys))):
            marks.setdefault((b, p), str(Mark.Kind.WOULD_LIKE))
        if rng.random() < 0.4:
            p = rng.choice(provider_keys)
            if p not in world.fits[b] and (b, p) not in linked:
                marks.setdefault((b, p), str(Mark.Kind.NOT_INTERESTED))
    for p in provider_keys:
        if rng.random() < 0.3:
            marks.setdefault((p, rng.choice(buyer_keys)), str(Mark.Kind.WOULD_LIKE))
        b = rng.choice(buyer_keys)
        if rng.random() < 0.1 and (b, p) not in linked:
            marks.setdefault((p, b), str(Mark.Kind.NOT_INTERESTED))
    # The demo pair want to meet each other: their meeting is a mutual priority.
    demo_b, demo_p = _key(world, world.demo_buyer), _key(world, world.demo_provider)
    marks.setdefault((demo_b, demo_p), str(Mark.Kind.WOULD_LIKE))
    marks.setdefault((demo_p, demo_b), str(Mark.Kind.WOULD_LIKE))
    for (by, target), kind in marks.items():
        set_mark(world.lead(by), target=world.orgs[target], kind=kind)
        counts[f"marks ({kind})"] += 1


def _accepted(world: _World) -> list[MeetingRequest]:
    return list(
        MeetingRequest.objects.for_mission(world.mission)
        .filter(status=MeetingRequest.Status.ACCEPTED)
        .select_related("requester", "recipient", "mission")
        .order_by("pk")
    )


def _is_pair(request: MeetingRequest, a: Person | None, b: Person | None) -> bool:
    return (
        a is not None
        and b is not None
        and {request.requester_id, request.recipient_id}
        == {
            a.pk,
            b.pk,
        }
    )


def _write_priorities(rng: random.Random, world: _World, counts: Counter[str]) -> None:
    """The organizers prioritize the remote buyer's meeting with the demo provider and
    a few other accepted meetings, so the console shows what each priority bought."""
    organizer = world.organizer
    if organizer is None:
        return
    accepted = _accepted(world)
    chosen = [r for r in accepted if _is_pair(r, world.remote, world.demo_provider)]
    others = [r for r in accepted if r not in chosen]
    chosen += rng.sample(others, min(ORGANIZER_PRIORITIES - len(chosen), len(others)))
    for request in chosen:
        set_request_priority(request, by=organizer, prioritized=True)
        counts["organizer priorities"] += 1


def _write_absences(rng: random.Random, world: _World, counts: Counter[str]) -> None:
    """Who is away when: the demo provider on day two's morning (their availability
    page shows it), the remote buyer in each morning's first slot (before seven at
    home), and a few others for a half-day."""
    organizer = world.organizer
    grid = list(Slot.objects.for_mission(world.mission).select_related("day").order_by("start"))
    if organizer is None or not grid:
        return
    dates = sorted({slot.day.date for slot in grid})
    away: dict[int, tuple[Person, list[int], list[tuple[dt.date, str]]]] = {}
    away[world.demo_provider.pk] = (world.demo_provider, [], [(dates[-1], "morning")])
    remote = world.remote
    if remote is not None:
        firsts: dict[dt.date, int] = {}
        for slot in grid:
            if slot.block == Slot.Block.MORNING:
                firsts.setdefault(slot.day.date, slot.pk)
        away[remote.pk] = (remote, sorted(firsts.values()), [])
    skip = {world.demo_buyer.pk, *away}
    leads = [world.lead(spec.key) for spec in [*world.buyers, *world.providers]]
    candidates = [p for p in leads if p.pk not in skip]
    for person in rng.sample(candidates, min(AWAY_HALF_DAYS, len(candidates))):
        period = (rng.choice(dates), rng.choice(("morning", "afternoon")))
        away[person.pk] = (person, [], [period])
    for person, slot_ids, periods in away.values():
        try:
            slots = set_unavailability(person, by=organizer, slot_ids=slot_ids, periods=periods)
        except DomainError:
            counts["absences refused by the rules"] += 1
            continue
        counts["unavailable slots"] += len(slots)


def _write_messages(rng: random.Random, world: _World, counts: Counter[str]) -> None:
    """A conversation between the demo pair (the provider's last message left unread),
    one between the remote buyer and the demo provider (all read), and a few messages
    on about a third of the other accepted meetings."""
    accepted = _accepted(world)
    firsts = [
        *(r for r in accepted if _is_pair(r, world.demo_buyer, world.demo_provider)),
        *(r for r in accepted if _is_pair(r, world.remote, world.demo_provider)),
    ]
    threads = firsts + [r for r in accepted if r not in firsts and rng.random() < THREAD_SHARE]
    start = timezone.now() - dt.timedelta(days=2)
    for index, request in enumerate(threads[:MAX_THREADS]):
        turns = 3 if index == 0 else 2 if request in firsts else rng.randint(1, 2)
        sides = (request.recipient, request.requester)
        for turn in range(turns):
            sender = sides[turn % 2]
            moment = start + dt.timedelta(hours=index, minutes=20 * turn)
            body = texts.thread_message(sender.preferred_language, turn)
            send_message(request, by=sender, body=body, now=moment)
            counts["messages"] += 1
            if turn < turns - 1 or (index > 0 and request in firsts):
                mark_thread_read(request, by=sides[(turn + 1) % 2], now=moment)


def _write_check_ins(rng: random.Random, world: _World, counts: Counter[str]) -> None:
    """Badges for the active participants, and day one's check-ins at registration:
    everyone on site but a couple who never came (their meetings become no-shows once
    the schedule is published). The remote buyer does not check in."""
    organizer = world.organizer
    people = [world.lead(spec.key) for spec in [*world.buyers, *world.providers]]
    badges = {person.pk: issue_badge(person) for person in people}
    counts["badges"] += len(badges)
    first_day = _first_day(world.mission)
    if organizer is None or first_day is None:
        return
    demo = (world.demo_buyer.pk, world.demo_provider.pk)
    remote = world.remote.pk if world.remote else None
    on_site = [p for p in people if p.pk != remote]
    others = [p for p in on_site if p.pk not in demo]
    absent = {p.pk for p in rng.sample(others, min(ABSENT_ON_DAY_ONE, len(others)))}
    opening = _local(world.mission, first_day.date, *REGISTRATION)
    for index, person in enumerate(p for p in on_site if p.pk not in absent):
        moment = opening + dt.timedelta(seconds=20 * index)
        check_in(world.mission, code=badges[person.pk].code, by=organizer, now=moment)
        counts["check-ins"] += 1
