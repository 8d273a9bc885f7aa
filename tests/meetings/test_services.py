import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from jisr.core.errors import DomainError, NotFound, PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.directory.models import Organization
from jisr.meetings.errors import DuplicateRequest, InvalidTransition, NotAllowedPair, QuotaExceeded
from jisr.meetings.models import MeetingPolicy, MeetingRequest
from jisr.meetings.services import (
    accept_meeting_request,
    cancel_meeting_request,
    decline_meeting_request,
    request_meeting,
    set_quota_override,
    update_meeting_policy,
)
from jisr.missions.models import Mission
from tests.factories import MissionFactory, PersonFactory, UserFactory
from tests.factories_meetings import ListingFactory, MeetingRequestFactory, participant

pytestmark = pytest.mark.django_db


def ask(mission, requester, recipient, message="Let us talk about a Java team.", **kwargs):
    return request_meeting(
        mission, requester=requester, recipient=recipient, message=message, **kwargs
    )


def set_policy(mission, **overrides):
    user = UserFactory()
    mission.organizers.add(user)
    values = {
        "allowed_pairs": ["buyer:provider"],
        "accepting_requests": True,
        "max_open_sent": None,
        "max_accepted": None,
        **overrides,
    }
    update_meeting_policy(mission, by=user, **values)
    return user


def test_request_meeting_creates_pending_request_and_mails_recipient(
    mission, buyer, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(mission, buyer, provider)

    assert request.status == MeetingRequest.Status.PENDING
    assert (request.requester, request.recipient) == (buyer, provider)
    assert [m.to for m in mail.outbox] == [[provider.email]]
    assert "Brenda Hall" in mail.outbox[0].subject
    assert "Let us talk about a Java team." in mail.outbox[0].body
    assert ActivityLogEntry.objects.filter(action="meetings.request.sent").count() == 1


def test_meeting_request_lifecycle_accept_then_cancel_notifies_other_side(
    mission, buyer, provider, django_capture_on_commit_callbacks
):
    request = ask(mission, buyer, provider)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = accept_meeting_request(request, by=provider)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = cancel_meeting_request(accepted, by=provider, reason="Our CTO cannot travel.")

    assert accepted.responded is not None
    assert cancelled.status == MeetingRequest.Status.CANCELLED
    assert cancelled.cancelled_by == provider
    assert [m.to for m in mail.outbox] == [[buyer.email], [buyer.email]]
    assert "Our CTO cannot travel." in mail.outbox[1].body
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.CANCELLED


def test_decline_meeting_request_stores_reason_and_mails_requester(
    mission, buyer, provider, django_capture_on_commit_callbacks
):
    request = ask(mission, buyer, provider)

    with django_capture_on_commit_callbacks(execute=True):
        decline_meeting_request(request, by=provider, reason="We only do SAP work.")

    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.DECLINED
    assert request.decline_reason == "We only do SAP work."
    assert mail.outbox[0].to == [buyer.email]
    assert "We only do SAP work." in mail.outbox[0].body


def test_decline_meeting_request_without_reason_changes_nothing(mission, buyer, provider):
    request = ask(mission, buyer, provider)

    with pytest.raises(DomainError) as error:
        decline_meeting_request(request, by=provider, reason="   ")

    assert error.value.field == "reason"
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.PENDING


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("declined", "accept"),
        ("cancelled", "accept"),
        ("accepted", "accept"),
        ("accepted", "decline"),
        ("declined", "decline"),
        ("declined", "cancel"),
        ("cancelled", "cancel"),
    ],
)
def test_meeting_request_illegal_transition_is_refused(mission, buyer, provider, status, action):
    request = MeetingRequestFactory(
        mission=mission, requester=buyer, recipient=provider, status=status
    )
    act = {
        "accept": lambda: accept_meeting_request(request, by=provider),
        "decline": lambda: decline_meeting_request(request, by=provider, reason="No."),
        "cancel": lambda: cancel_meeting_request(request, by=buyer),
    }[action]

    with pytest.raises(InvalidTransition):
        act()

    request.refresh_from_db()
    assert request.status == status


def test_accept_meeting_request_by_requester_is_refused(mission, buyer, provider):
    request = ask(mission, buyer, provider)

    with pytest.raises(PermissionDenied):
        accept_meeting_request(request, by=buyer)

    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_cancel_pending_request_by_recipient_is_refused(mission, buyer, provider):
    request = ask(mission, buyer, provider)

    with pytest.raises(PermissionDenied):
        cancel_meeting_request(request, by=provider)

    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_cancel_pending_request_by_requester_withdraws_it(mission, buyer, provider):
    request = ask(mission, buyer, provider)

    cancel_meeting_request(request, by=buyer)

    assert MeetingRequest.objects.get().status == MeetingRequest.Status.CANCELLED


def test_act_on_request_by_a_third_person_is_not_found(mission, buyer, provider):
    request = ask(mission, buyer, provider)
    stranger = participant(mission, Organization.Kind.PROVIDER)

    with pytest.raises(NotFound):
        accept_meeting_request(request, by=stranger)

    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_request_meeting_with_oneself_is_refused_and_writes_nothing(mission, buyer):
    with pytest.raises(NotAllowedPair, match="yourself"):
        ask(mission, buyer, buyer)

    assert MeetingRequest.objects.count() == 0
    assert ActivityLogEntry.objects.filter(action="meetings.request.sent").count() == 0


def test_request_meeting_with_a_colleague_is_refused(mission, buyer):
    colleague = participant(mission, organization=buyer.organization)

    with pytest.raises(NotAllowedPair, match="own organization"):
        ask(mission, buyer, colleague)

    assert MeetingRequest.objects.count() == 0


@pytest.mark.parametrize("reverse", [False, True])
def test_request_meeting_duplicate_open_pair_is_refused_either_direction(
    mission, buyer, provider, reverse, django_capture_on_commit_callbacks
):
    ask(mission, buyer, provider)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DuplicateRequest):
        if reverse:
            ask(mission, provider, buyer)
        else:
            ask(mission, buyer, provider)

    assert MeetingRequest.objects.count() == 1
    assert mail.outbox == []


def test_request_meeting_after_decline_is_allowed(mission, buyer, provider):
    first = ask(mission, buyer, provider)
    decline_meeting_request(first, by=provider, reason="Not now.")

    second = ask(mission, buyer, provider)

    assert second.pk != first.pk
    assert MeetingRequest.objects.filter(status="pending").count() == 1


def test_open_pair_constraint_stops_duplicates_the_service_did_not_see(mission, buyer, provider):
    MeetingRequestFactory(mission=mission, requester=buyer, recipient=provider)

    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequestFactory(mission=mission, requester=provider, recipient=buyer)


def test_request_meeting_between_providers_is_refused_by_default_policy(mission, provider):
    other = participant(mission, Organization.Kind.PROVIDER)

    with pytest.raises(NotAllowedPair, match="cannot request meetings"):
        ask(mission, provider, other)

    assert MeetingRequest.objects.count() == 0


def test_request_meeting_between_providers_allowed_once_organizers_allow_the_pair(
    mission, provider
):
    set_policy(mission, allowed_pairs=["buyer:provider", "provider:provider"])
    other = participant(mission, Organization.Kind.PROVIDER)

    request = ask(mission, provider, other)

    assert request.status == MeetingRequest.Status.PENDING


def test_request_meeting_beyond_open_quota_is_refused(mission, buyer, provider):
    set_policy(mission, max_open_sent=1)
    ask(mission, buyer, provider)
    second = participant(mission, Organization.Kind.PROVIDER)

    with pytest.raises(QuotaExceeded, match="limit of 1 open"):
        ask(mission, buyer, second)

    assert MeetingRequest.objects.count() == 1


def test_request_meeting_quota_override_raises_one_persons_limit(mission, buyer, provider):
    organizer = set_policy(mission, max_open_sent=1)
    set_quota_override(mission, by=organizer, person=buyer, max_open_sent=2, max_accepted=None)
    ask(mission, buyer, provider)

    ask(mission, buyer, participant(mission, Organization.Kind.PROVIDER))

    assert MeetingRequest.objects.filter(requester=buyer).count() == 2


def test_accept_meeting_request_beyond_accepted_quota_is_refused(mission, buyer, provider):
    set_policy(mission, max_accepted=1)
    other_buyer = participant(mission, Organization.Kind.BUYER)
    first = ask(mission, buyer, provider)
    second = ask(mission, other_buyer, provider)
    accept_meeting_request(first, by=provider)

    with pytest.raises(QuotaExceeded, match="limit of 1 accepted"):
        accept_meeting_request(second, by=provider)

    second.refresh_from_db()
    assert second.status == MeetingRequest.Status.PENDING


def test_request_meeting_to_someone_fully_booked_is_refused(mission, buyer, provider):
    set_policy(mission, max_accepted=1)
    accept_meeting_request(ask(mission, buyer, provider), by=provider)
    other_buyer = participant(mission, Organization.Kind.BUYER)

    with pytest.raises(QuotaExceeded, match="agenda is full"):
        ask(mission, other_buyer, provider)

    assert MeetingRequest.objects.count() == 1


@pytest.mark.parametrize("status", [Mission.Status.DRAFT, Mission.Status.CLOSED])
def test_request_meeting_outside_open_mission_is_refused(mission, buyer, provider, status):
    mission.status = status
    mission.save()

    with pytest.raises(NotAllowedPair, match="while the mission is open"):
        ask(mission, buyer, provider)

    assert MeetingRequest.objects.count() == 0


def test_request_meeting_while_organizers_paused_requests_is_refused(mission, buyer, provider):
    set_policy(mission, accepting_requests=False)

    with pytest.raises(NotAllowedPair, match="paused"):
        ask(mission, buyer, provider)

    assert MeetingRequest.objects.count() == 0


def test_request_meeting_to_person_of_another_mission_is_not_found(mission, buyer):
    elsewhere = participant(MissionFactory(), Organization.Kind.PROVIDER)

    with pytest.raises(NotFound):
        ask(mission, buyer, elsewhere)

    assert MeetingRequest.objects.count() == 0


def test_request_meeting_by_non_participant_is_refused(mission, provider):
    visitor = PersonFactory(
        mission=mission, organization__mission=mission, organization__kind="buyer"
    )

    with pytest.raises(PermissionDenied):
        ask(mission, visitor, provider)

    assert MeetingRequest.objects.count() == 0


def test_request_meeting_with_empty_message_is_refused(mission, buyer, provider):
    with pytest.raises(DomainError) as error:
        ask(mission, buyer, provider, message="  ")

    assert error.value.field == "message"
    assert MeetingRequest.objects.count() == 0


def test_request_meeting_links_recipients_listing(mission, buyer, provider):
    listing = ListingFactory(author=provider)

    request = ask(mission, buyer, provider, listing=listing)

    assert request.listing == listing


def test_request_meeting_with_a_third_partys_listing_is_refused(mission, buyer, provider):
    listing = ListingFactory(author=participant(mission, Organization.Kind.PROVIDER))

    with pytest.raises(DomainError, match="listing"):
        ask(mission, buyer, provider, listing=listing)

    assert MeetingRequest.objects.count() == 0


def test_notification_is_rendered_in_recipients_language(
    mission, buyer, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(mission, buyer, provider)  # provider reads French
    with django_capture_on_commit_callbacks(execute=True):
        accept_meeting_request(request, by=provider)  # buyer reads English

    to_provider, to_buyer = mail.outbox
    assert to_provider.extra_headers["Content-Language"] == "fr"
    assert "Semaine IT de Casablanca" in to_provider.body  # the mission's French name
    assert f"/fr/m/{mission.slug}/meetings/?tab=incoming" in to_provider.body
    assert to_buyer.extra_headers["Content-Language"] == "en"
    assert "Casablanca IT week" in to_buyer.body
    assert f"/en/m/{mission.slug}/meetings/?tab=accepted" in to_buyer.body


def test_failed_request_sends_no_mail(mission, buyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowedPair):
        ask(mission, buyer, buyer)

    assert mail.outbox == []


def test_update_meeting_policy_by_non_organizer_is_refused(mission):
    with pytest.raises(PermissionDenied):
        update_meeting_policy(
            mission,
            by=UserFactory(),
            allowed_pairs=["buyer:buyer"],
            accepting_requests=True,
            max_open_sent=None,
            max_accepted=None,
        )

    assert MeetingPolicy.objects.count() == 0


def test_update_meeting_policy_unknown_pair_is_refused(mission):
    with pytest.raises(DomainError) as error:
        set_policy(mission, allowed_pairs=["buyer:alien"])

    assert error.value.field == "allowed_pairs"
    assert MeetingPolicy.objects.count() == 0


def test_set_quota_override_for_person_of_another_mission_is_not_found(mission):
    organizer = set_policy(mission)
    elsewhere = participant(MissionFactory())

    with pytest.raises(NotFound):
        set_quota_override(mission, by=organizer, person=elsewhere, max_open_sent=3, max_accepted=3)


def test_notification_html_escapes_message_and_follows_recipients_direction(
    mission, buyer, django_capture_on_commit_callbacks
):
    arabic_reader = participant(mission, Organization.Kind.PROVIDER, language="ar")

    with django_capture_on_commit_callbacks(execute=True):
        ask(mission, buyer, arabic_reader, message="<script>alert(1)</script> Java team")

    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="ar" dir="rtl">' in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert f"/ar/m/{mission.slug}/meetings/?tab=incoming" in html
