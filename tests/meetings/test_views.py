import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jisr.directory.models import Organization
from jisr.meetings.models import MeetingPolicy, MeetingRequest, QuotaOverride
from jisr.meetings.services import request_meeting
from tests.factories import MissionFactory, UserFactory
from tests.factories_meetings import ListingFactory, MeetingRequestFactory, participant

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


def ask(mission, requester, recipient, message="Shall we meet?"):
    return request_meeting(mission, requester=requester, recipient=recipient, message=message)


@pytest.fixture
def organizer(mission):
    user = UserFactory()
    mission.organizers.add(user)
    return user


# Profile page: the "Request a meeting" actions.


def test_profile_page_offers_meeting_request_per_person(client, mission, buyer, provider):
    client.force_login(buyer.user)

    response = client.get(url("organization", mission.slug, provider.organization_id))

    assert url("meeting_request", mission.slug, provider.pk) in response.text
    assert "Request a meeting with Karim Alaoui" in response.text


def test_profile_page_of_own_organization_offers_no_request(client, mission, buyer):
    client.force_login(buyer.user)

    response = client.get(url("organization", mission.slug, buyer.organization_id))

    assert response.status_code == 200
    assert "Request a meeting" not in response.text


def test_profile_page_for_visitor_offers_no_request(client, mission, provider):
    response = client.get(url("organization", mission.slug, provider.organization_id))

    assert response.status_code == 200
    assert url("meeting_request", mission.slug, provider.pk) not in response.text


def test_profile_page_hides_request_when_pair_not_allowed(client, mission, provider):
    other = participant(mission, Organization.Kind.PROVIDER)
    client.force_login(other.user)

    response = client.get(url("organization", mission.slug, provider.organization_id))

    assert url("meeting_request", mission.slug, provider.pk) not in response.text


def test_profile_page_shows_existing_request_instead_of_button(client, mission, buyer, provider):
    ask(mission, buyer, provider)
    client.force_login(buyer.user)

    response = client.get(url("organization", mission.slug, provider.organization_id))

    assert url("meeting_request", mission.slug, provider.pk) not in response.text
    assert "See in My meetings" in response.text


# Request form.


def test_request_form_post_creates_request_and_redirects(client, mission, buyer, provider):
    client.force_login(buyer.user)

    response = client.post(
        url("meeting_request", mission.slug, provider.pk), {"message": "We need a Java team."}
    )

    assert response.status_code == 302
    assert response.url == url("meetings", mission.slug) + "?tab=outgoing"
    request = MeetingRequest.objects.get()
    assert (request.requester, request.recipient, request.message) == (
        buyer,
        provider,
        "We need a Java team.",
    )


def test_request_form_with_listing_links_it(client, mission, buyer, provider):
    listing = ListingFactory(author=provider, title="Java team of 20")
    client.force_login(buyer.user)

    page = client.get(url("meeting_request", mission.slug, provider.pk) + f"?listing={listing.pk}")
    client.post(
        url("meeting_request", mission.slug, provider.pk),
        {"message": "About your team.", "listing": listing.pk},
    )

    assert "Java team of 20" in page.text
    assert MeetingRequest.objects.get().listing == listing


def test_request_form_empty_message_keeps_nothing_and_explains(client, mission, buyer, provider):
    client.force_login(buyer.user)

    response = client.post(url("meeting_request", mission.slug, provider.pk), {"message": ""})

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert MeetingRequest.objects.count() == 0


def test_request_form_duplicate_explains_before_writing(client, mission, buyer, provider):
    ask(mission, provider, buyer)
    client.force_login(buyer.user)

    page = client.get(url("meeting_request", mission.slug, provider.pk))
    response = client.post(url("meeting_request", mission.slug, provider.pk), {"message": "Hi"})

    assert "already an open meeting request" in page.text
    assert 'name="message"' not in page.text
    assert response.status_code == 400
    assert MeetingRequest.objects.count() == 1


def test_request_form_to_oneself_explains_and_offers_no_form(client, mission, buyer):
    client.force_login(buyer.user)

    response = client.get(url("meeting_request", mission.slug, buyer.pk, language="fr"))

    assert '<html lang="fr"' in response.text
    assert response.context["refusal"]
    assert 'name="message"' not in response.text
    assert MeetingRequest.objects.count() == 0


def test_request_form_for_person_of_another_mission_is_404(client, mission, buyer):
    elsewhere = participant(MissionFactory(), Organization.Kind.PROVIDER)
    client.force_login(buyer.user)

    response = client.post(url("meeting_request", mission.slug, elsewhere.pk), {"message": "Hi"})

    assert response.status_code == 404
    assert "There is no such person in this mission." in response.text
    assert MeetingRequest.objects.count() == 0


def test_request_form_for_anonymous_redirects_to_login(client, mission, provider):
    response = client.get(url("meeting_request", mission.slug, provider.pk))

    assert response.status_code == 302
    assert response.url.startswith(url("login"))


# My meetings and answers.


def test_my_meetings_lists_incoming_request_with_actions(client, mission, buyer, provider):
    request = ask(mission, buyer, provider, message="Nearshore QA?")
    client.force_login(provider.user)

    response = client.get(url("meetings", mission.slug))

    assert "Nearshore QA?" in response.text
    assert url("meeting_accept", mission.slug, request.pk) in response.text
    assert url("meeting_decline", mission.slug, request.pk) in response.text


def test_my_meetings_tabs_separate_sent_and_received(client, mission, buyer, provider):
    ask(mission, buyer, provider, message="From the buyer")
    client.force_login(buyer.user)

    incoming = client.get(url("meetings", mission.slug) + "?tab=incoming")
    outgoing = client.get(url("meetings", mission.slug) + "?tab=outgoing")

    assert "From the buyer" not in incoming.text
    assert "From the buyer" in outgoing.text


def test_my_meetings_never_shows_other_missions_requests(client, mission, buyer, provider):
    other_mission = MissionFactory()
    other_buyer = participant(other_mission, Organization.Kind.BUYER, user=buyer.user)
    other_provider = participant(other_mission, Organization.Kind.PROVIDER)
    ask(other_mission, other_provider, other_buyer, message="Other mission secret")
    client.force_login(buyer.user)

    response = client.get(url("meetings", mission.slug))

    assert response.status_code == 200
    assert "Other mission secret" not in response.text


def test_my_meetings_query_count_does_not_grow_with_list(client, mission, buyer):
    client.force_login(buyer.user)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("meetings", mission.slug) + "?tab=outgoing")
        assert response.status_code == 200
        return len(queries)

    provider = participant(mission, Organization.Kind.PROVIDER)
    ask(mission, buyer, provider)
    few = count_queries()
    for _ in range(6):
        ask(mission, buyer, participant(mission, Organization.Kind.PROVIDER))
    many = count_queries()

    assert many == few


def test_accept_by_post_accepts_and_mails_requester(
    client, mission, buyer, provider, django_capture_on_commit_callbacks
):
    request = ask(mission, buyer, provider)
    client.force_login(provider.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting_accept", mission.slug, request.pk), {"tab": "incoming"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED
    assert [m.to for m in mail.outbox] == [[buyer.email]]


def test_accept_with_htmx_returns_updated_card(client, mission, buyer, provider):
    request = ask(mission, buyer, provider)
    client.force_login(provider.user)

    response = client.post(url("meeting_accept", mission.slug, request.pk), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert f'id="request-{request.pk}"' in response.text
    assert "Meeting accepted." in response.text
    assert "<html" not in response.text


def test_accept_by_get_is_not_allowed(client, mission, buyer, provider):
    request = ask(mission, buyer, provider)
    client.force_login(provider.user)

    response = client.get(url("meeting_accept", mission.slug, request.pk))

    assert response.status_code == 405
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_decline_without_reason_keeps_request_and_explains(client, mission, buyer, provider):
    request = ask(mission, buyer, provider)
    client.force_login(provider.user)

    response = client.post(
        url("meeting_decline", mission.slug, request.pk), {"reason": ""}, HTTP_HX_REQUEST="true"
    )

    assert "Tell the requester briefly why you decline." in response.text
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_decline_with_reason_declines(client, mission, buyer, provider):
    request = ask(mission, buyer, provider)
    client.force_login(provider.user)

    client.post(url("meeting_decline", mission.slug, request.pk), {"reason": "No budget."})

    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("declined", "No budget.")


def test_cancel_accepted_meeting_by_requester(client, mission, buyer, provider):
    request = MeetingRequestFactory(
        mission=mission, requester=buyer, recipient=provider, status="accepted"
    )
    client.force_login(buyer.user)

    client.post(url("meeting_cancel", mission.slug, request.pk), {"reason": "Flight cancelled."})

    request.refresh_from_db()
    assert (request.status, request.cancel_reason) == ("cancelled", "Flight cancelled.")


def test_act_on_request_between_other_people_is_404(client, mission, buyer, provider):
    request = ask(mission, buyer, provider)
    stranger = participant(mission, Organization.Kind.BUYER)
    client.force_login(stranger.user)

    response = client.post(url("meeting_cancel", mission.slug, request.pk))

    assert response.status_code == 404
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_act_on_request_through_another_missions_url_is_404(client, mission, buyer, provider):
    request = ask(mission, buyer, provider)
    other_mission = MissionFactory()
    participant(other_mission, user=provider.user)
    client.force_login(provider.user)

    response = client.post(url("meeting_accept", other_mission.slug, request.pk))

    assert response.status_code == 404
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


# Organizer pages.


def test_overview_counts_requests_by_status(client, mission, buyer, provider, organizer):
    ask(mission, buyer, provider)
    MeetingRequestFactory(
        mission=mission,
        requester=participant(mission, Organization.Kind.BUYER),
        recipient=provider,
        status="declined",
    )
    client.force_login(organizer)

    response = client.get(url("meetings_overview", mission.slug))

    assert response.context["total"] == 2
    counts = {key: count for key, _label, count in response.context["counts"]}
    assert counts == {"pending": 1, "accepted": 0, "declined": 1, "cancelled": 0}
    assert "Brenda Hall" in response.text


def test_overview_of_another_mission_is_forbidden_to_this_missions_organizer(
    client, mission, organizer
):
    other = MissionFactory()
    MeetingRequestFactory(
        mission=other,
        requester=participant(other, Organization.Kind.BUYER, first_name="Hidden"),
        recipient=participant(other),
    )
    client.force_login(organizer)

    response = client.get(url("meetings_overview", other.slug))

    assert response.status_code == 403
    assert "Hidden" not in response.text


def test_overview_is_forbidden_to_participants(client, mission, buyer):
    client.force_login(buyer.user)

    response = client.get(url("meetings_overview", mission.slug))

    assert response.status_code == 403
    assert "Only the organizers" in response.text


def test_overview_query_count_does_not_grow_with_list(client, mission, organizer):
    client.force_login(organizer)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("meetings_overview", mission.slug))
        assert response.status_code == 200
        return len(queries)

    ask(mission, participant(mission, "buyer"), participant(mission))
    few = count_queries()
    for _ in range(6):
        ask(mission, participant(mission, "buyer"), participant(mission))
    many = count_queries()

    assert many == few


def test_policy_page_saves_pairs_and_quotas(client, mission, organizer):
    client.force_login(organizer)

    response = client.post(
        url("meetings_policy", mission.slug),
        {
            "form": "policy",
            "allowed_pairs": ["buyer:provider", "provider:provider"],
            "accepting_requests": "on",
            "max_open_sent": "8",
            "max_accepted": "",
        },
    )

    assert response.status_code == 302
    policy = MeetingPolicy.objects.get(mission=mission)
    assert policy.allowed_pairs == ["buyer:provider", "provider:provider"]
    assert (policy.max_open_sent, policy.max_accepted) == (8, None)


def test_policy_page_bad_number_keeps_input_and_saves_nothing(client, mission, organizer):
    client.force_login(organizer)

    response = client.post(
        url("meetings_policy", mission.slug),
        {"form": "policy", "allowed_pairs": ["buyer:provider"], "max_open_sent": "-3"},
    )

    assert response.status_code == 400
    assert 'value="-3"' in response.text
    assert MeetingPolicy.objects.count() == 0


def test_policy_page_sets_and_removes_quota_override(client, mission, organizer, buyer):
    client.force_login(organizer)

    client.post(
        url("meetings_policy", mission.slug),
        {"form": "quota", "person": buyer.pk, "max_open_sent": "30", "max_accepted": ""},
    )
    saved = QuotaOverride.objects.get()
    client.post(url("meetings_remove_override", mission.slug, buyer.pk))

    assert (saved.person, saved.max_open_sent, saved.max_accepted) == (buyer, 30, None)
    assert QuotaOverride.objects.count() == 0


def test_policy_page_refuses_person_of_another_mission(client, mission, organizer):
    elsewhere = participant(MissionFactory())
    client.force_login(organizer)

    response = client.post(
        url("meetings_policy", mission.slug),
        {"form": "quota", "person": elsewhere.pk, "max_open_sent": "30"},
    )

    assert response.status_code == 400
    assert QuotaOverride.objects.count() == 0


def test_policy_page_forbidden_to_participants(client, mission, buyer):
    client.force_login(buyer.user)

    response = client.post(url("meetings_policy", mission.slug), {"form": "policy"})

    assert response.status_code == 403
    assert MeetingPolicy.objects.count() == 0


def test_my_meetings_shows_quota_usage(client, mission, buyer, provider, organizer):
    from jisr.meetings.services import update_meeting_policy

    update_meeting_policy(
        mission,
        by=organizer,
        allowed_pairs=["buyer:provider"],
        accepting_requests=True,
        max_open_sent=5,
        max_accepted=None,
    )
    ask(mission, buyer, provider)
    client.force_login(buyer.user)

    response = client.get(url("meetings", mission.slug))

    assert "Open requests sent: 1 of 5" in response.text
    assert "Accepted meetings:" not in response.text


def test_answer_on_cancelled_request_explains_its_state(client, mission, buyer, provider):
    request = MeetingRequestFactory(
        mission=mission, requester=buyer, recipient=provider, status="cancelled"
    )
    client.force_login(provider.user)

    response = client.post(
        url("meeting_decline", mission.slug, request.pk),
        {"action": "decline", "reason": "Our team is fully booked."},
    )

    assert response.status_code == 400
    assert "it can no longer be changed that way" in response.text
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.CANCELLED


def test_refused_answer_with_htmx_reopens_form_with_reason(client, mission, buyer, provider):
    request = ask(mission, buyer, provider)
    client.force_login(provider.user)

    response = client.post(
        url("meeting_decline", mission.slug, request.pk),
        {"action": "decline", "reason": "x" * 1001},
        HTTP_HX_REQUEST="true",
    )

    assert "Keep the reason under 1000 characters." in response.text
    assert "x" * 1001 in response.text
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_request_form_refused_on_post_keeps_the_message(client, mission, buyer, provider):
    ask(mission, provider, buyer)
    client.force_login(buyer.user)

    response = client.post(
        url("meeting_request", mission.slug, provider.pk), {"message": "My careful message"}
    )

    assert response.status_code == 400
    assert "already an open meeting request" in response.text
    assert "My careful message" in response.text
    assert MeetingRequest.objects.count() == 1


def test_refused_answer_without_javascript_keeps_the_reason_typed(client, mission, buyer, provider):
    request = ask(mission, buyer, provider)
    client.force_login(provider.user)
    reason = "Fully booked. " * 80  # longer than the 1000 characters allowed

    response = client.post(
        url("meeting_decline", mission.slug, request.pk), {"action": "decline", "reason": reason}
    )

    assert response.status_code == 400
    assert "Your answer was not saved" in response.text
    assert reason in response.text
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_overview_search_matches_person_or_organization(
    client, mission, buyer, provider, organizer
):
    ask(mission, buyer, provider)
    other = participant(mission, Organization.Kind.BUYER, first_name="Zed", last_name="Quinn")
    ask(mission, other, participant(mission))
    client.force_login(organizer)

    response = client.get(url("meetings_overview", mission.slug) + "?q=quinn")

    assert [m.requester for m in response.context["page"].object_list] == [other]
