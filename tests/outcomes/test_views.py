import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from jisr.outcomes.models import MeetingFeedback, Relationship, StageChange, StoryConsent
from jisr.outcomes.services import propose_stage
from tests.factories import UserFactory
from tests.factories_meetings import participant
from tests.factories_outcomes import (
    feedback,
    hold,
    lead_after_meeting,
    meeting_between,
    provider_in,
    published,
    story,
)


@pytest.fixture(autouse=True)
def english_urls():
    with translation.override("en"):
        yield


@pytest.fixture
def organizer(world):
    user = UserFactory(is_staff=True)
    world.mission.organizers.add(user)
    return user


@pytest.fixture
def started(world):
    """The meeting started a few minutes ago."""
    slot = world.meeting.slot
    slot.start = timezone.now() - dt.timedelta(minutes=5)
    slot.end = slot.start + dt.timedelta(minutes=30)
    slot.save()
    return world


def _url(name, world, *args):
    return reverse(f"web:{name}", args=[world.mission.slug, *args])


# --------------------------------------------------------------------------- feedback


def test_meeting_page_offers_feedback_once_the_side_confirmed_it_was_held(client, started):
    world = started
    client.force_login(world.buyer.user)
    page = _url("agenda_meeting", world, world.meeting.uuid)

    before = client.get(page).content.decode()
    client.post(page, {"outcome": "held"})
    after = client.get(page).content.decode()

    assert 'name="interest"' not in before
    assert "Once you confirm that the meeting took place" in before
    assert 'name="interest"' in after
    assert _url("meeting_feedback", world, world.meeting.uuid) in after


def test_meeting_feedback_saves_and_shows_the_answer_again(client, started):
    world = started
    hold(world.meeting, world.buyer)
    client.force_login(world.buyer.user)

    response = client.post(
        _url("meeting_feedback", world, world.meeting.uuid),
        {
            "interest": "3",
            "next_step": "nda",
            "next_step_text": "Send the NDA",
            "private_note": "Strong Java bench",
        },
    )
    page = client.get(_url("agenda_meeting", world, world.meeting.uuid)).content.decode()

    assert response["Location"] == _url("agenda_meeting", world, world.meeting.uuid)
    saved = MeetingFeedback.objects.get()
    assert (saved.person_id, saved.interest, saved.next_step) == (world.buyer.pk, 3, "nda")
    assert 'value="3" id="id_interest_2" required checked' in page
    assert "Strong Java bench</textarea>" in page


def test_meeting_feedback_with_bad_input_keeps_what_was_typed(client, started):
    world = started
    hold(world.meeting, world.buyer)
    client.force_login(world.buyer.user)

    response = client.post(
        _url("meeting_feedback", world, world.meeting.uuid),
        {"next_step": "nda", "private_note": "Keep this text"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose how interested you are." in html
    assert "Keep this text</textarea>" in html
    assert not MeetingFeedback.objects.exists()


def test_meeting_feedback_before_confirming_is_refused_with_a_message(client, started):
    world = started
    client.force_login(world.buyer.user)

    response = client.post(
        _url("meeting_feedback", world, world.meeting.uuid), {"interest": "2", "next_step": "call"}
    )

    assert response.status_code == 400
    assert "Confirm first that the meeting took place." in response.content.decode()
    assert not MeetingFeedback.objects.exists()


def test_meeting_feedback_by_someone_else_of_the_mission_is_404(client, started):
    world = started
    client.force_login(world.colleague.user)

    response = client.post(
        _url("meeting_feedback", world, world.meeting.uuid), {"interest": "2", "next_step": "call"}
    )

    assert response.status_code == 404
    assert not MeetingFeedback.objects.exists()


def test_mutual_interest_from_the_meeting_page_announces_the_lead(client, started):
    world = started
    hold(world.meeting)
    feedback(world.meeting, world.buyer)
    client.force_login(world.provider.user)

    response = client.post(
        _url("meeting_feedback", world, world.meeting.uuid),
        {"interest": "2", "next_step": "call"},
        follow=True,
    )

    assert "the partnership is now a lead" in response.content.decode()
    assert Relationship.objects.get().stage == "lead"


# --------------------------------------------------------------------------- partnerships


def test_partnerships_page_lists_only_the_own_organizations(client, world):
    mine = lead_after_meeting(world.meeting)
    other_buyer = participant(world.mission, "buyer", first_name="Other")
    theirs = lead_after_meeting(meeting_between(other_buyer, world.colleague, world.slots[1]))
    client.force_login(world.provider.user)

    html = client.get(_url("partnerships", world)).content.decode()

    assert f'id="partnership-{mine.pk}"' in html
    assert f'id="partnership-{theirs.pk}"' not in html
    assert "<bdi>Maple Cloud Inc</bdi>" in html


def test_partnerships_page_marks_proposals_waiting_for_my_confirmation(client, world):
    lead = lead_after_meeting(world.meeting)
    propose_stage(lead, by=world.buyer, stage="nda")
    client.force_login(world.provider.user)

    html = client.get(_url("partnerships", world)).content.decode()

    assert "Your confirmation: NDA signed" in html


def test_organizer_sees_every_partnership_and_stage_counts(client, world, organizer):
    lead = lead_after_meeting(world.meeting)
    client.force_login(organizer)

    html = client.get(_url("partnerships", world)).content.decode()

    assert f'id="partnership-{lead.pk}"' in html
    assert "<dt>Lead</dt><dd>1</dd>" in html


def test_partnerships_page_of_another_mission_is_404(client, world, other_world):
    client.force_login(other_world.provider.user)

    assert client.get(_url("partnerships", world)).status_code == 404


def test_partnerships_page_queries_do_not_grow_with_partnerships(client, world):
    lead_after_meeting(world.meeting)
    client.force_login(world.buyer.user)
    with CaptureQueriesContext(connection) as few:
        client.get(_url("partnerships", world))
    for i in range(4):
        provider = provider_in(world.mission, first_name=f"P{i}")
        relationship = lead_after_meeting(meeting_between(world.buyer, provider, world.slots[1]))
        propose_stage(relationship, by=provider, stage="nda")

    with CaptureQueriesContext(connection) as many:
        html = client.get(_url("partnerships", world)).content.decode()

    assert html.count('id="partnership-') == 5
    assert len(many.captured_queries) == len(few.captured_queries)


def test_add_a_partnership_by_hand(client, world):
    client.force_login(world.buyer.user)

    response = client.post(
        _url("partnerships", world), {"organization": world.colleague.organization_id}
    )

    relationship = Relationship.objects.get()
    assert response["Location"] == _url("partnership", world, relationship.pk)
    assert relationship.provider_id == world.colleague.organization_id
    assert StageChange.objects.get().status == "pending"


def test_add_a_partnership_with_another_missions_organization_is_refused(
    client, world, other_world
):
    client.force_login(world.buyer.user)

    response = client.post(
        _url("partnerships", world), {"organization": other_world.provider.organization_id}
    )

    assert response.status_code == 400
    assert "Choose an organization from the list." in response.content.decode()
    assert not Relationship.objects.exists()


def test_partnership_page_proposes_and_the_other_side_confirms(client, world):
    lead = lead_after_meeting(world.meeting)
    url = _url("partnership", world, lead.pk)

    client.force_login(world.buyer.user)
    first_page = client.get(url).content.decode()
    client.post(url, {"action": "propose", "stage": "nda", "note": "Signed on our side"})
    change = StageChange.objects.get(status="pending")
    waiting = client.get(url).content.decode()
    client.force_login(world.provider.user)
    response = client.post(url, {"action": "confirm", "change": change.pk})

    assert "The other organization is asked to confirm it." in waiting
    assert '<option value="nda" selected>' in first_page
    assert response["Location"] == url
    assert Relationship.objects.get().stage == "nda"


def test_partnership_page_shows_private_notes_to_the_own_organization_only(
    client, world, organizer
):
    hold(world.meeting)
    feedback(world.meeting, world.buyer, private_note="Too expensive for now")
    _fb, lead = feedback(world.meeting, world.provider, private_note="ملاحظة خاصة")
    colleague = participant(world.mission, organization=world.buyer.organization)
    url = _url("partnership", world, lead.pk)

    pages = {}
    for name, user in [
        ("colleague", colleague.user),
        ("provider", world.provider.user),
        ("organizer", organizer),
    ]:
        client.force_login(user)
        pages[name] = client.get(url).content.decode()

    assert "Too expensive for now" in pages["colleague"]
    assert "ملاحظة خاصة" not in pages["colleague"]
    assert "Too expensive for now" not in pages["provider"]
    assert "ملاحظة خاصة" in pages["provider"]
    assert "Too expensive for now" not in pages["organizer"]
    assert "ملاحظة خاصة" not in pages["organizer"]


def test_partnership_of_other_organizations_is_404_and_cannot_be_moved(client, world):
    lead = lead_after_meeting(world.meeting)
    url = _url("partnership", world, lead.pk)
    client.force_login(world.colleague.user)

    page = client.get(url)
    post = client.post(url, {"action": "propose", "stage": "contract"})

    assert (page.status_code, post.status_code) == (404, 404)
    assert not StageChange.objects.filter(stage="contract").exists()


def test_partnership_of_another_mission_is_404(client, world, other_world):
    lead = lead_after_meeting(world.meeting)
    client.force_login(other_world.buyer.user)

    response = client.get(reverse("web:partnership", args=[other_world.mission.slug, lead.pk]))

    assert response.status_code == 404


def test_organizer_cannot_propose_for_a_side(client, world, organizer):
    lead = lead_after_meeting(world.meeting)
    client.force_login(organizer)

    response = client.post(
        _url("partnership", world, lead.pk), {"action": "propose", "stage": "nda"}
    )

    assert response.status_code == 404
    assert not StageChange.objects.filter(stage="nda").exists()


def test_partnership_proposal_with_an_unknown_stage_shows_the_error(client, world):
    lead = lead_after_meeting(world.meeting)
    client.force_login(world.buyer.user)

    response = client.post(
        _url("partnership", world, lead.pk),
        {"action": "propose", "stage": "wedding", "note": "keep me"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice." in html
    assert 'value="keep me"' in html


# --------------------------------------------------------------------------- stories


def test_story_is_written_consented_approved_and_shown_on_the_mission_page(
    client, world, organizer
):
    lead = lead_after_meeting(world.meeting)
    client.force_login(world.buyer.user)
    client.post(
        _url("story_new", world, lead.pk),
        {
            "language": "en",
            "title": "Twelve engineers in Rabat",
            "text": "Six months later the team ships weekly.",
            "quote_author": world.buyer.pk,
        },
    )
    written = lead.stories.get()
    client.post(_url("story_action", world, written.pk), {"action": "consent"})
    mission_page = _url("mission", world)
    client.logout()
    assert "Twelve engineers in Rabat" not in client.get(mission_page).content.decode()

    client.force_login(world.provider.user)
    client.post(_url("story_action", world, written.pk), {"action": "consent"})
    client.force_login(organizer)
    client.post(_url("story_action", world, written.pk), {"action": "approve", "next": "review"})
    client.logout()

    html = client.get(mission_page).content.decode()
    assert "Twelve engineers in Rabat" in html
    assert "<bdi>Brenda Hall</bdi>, <bdi>Maple Cloud Inc</bdi>" in html


def test_why_morocco_shows_featured_published_stories_only(client, world, organizer):
    lead = lead_after_meeting(world.meeting)
    plain = story(lead, world.buyer, title="Plain story")
    star = story(lead, world.buyer, title="Featured story")
    published(plain, world.buyer, world.provider, organizer)
    published(star, world.buyer, world.provider, organizer)
    client.force_login(organizer)
    client.post(_url("story_action", world, star.pk), {"action": "feature"})
    client.logout()

    why = client.get(_url("why-morocco", world)).content.decode()
    mission = client.get(_url("mission", world)).content.decode()

    assert "Featured story" in why
    assert "Plain story" not in why
    assert mission.index("Featured story") < mission.index("Plain story")


def test_withdrawn_consent_removes_the_story_from_the_mission_page(client, world, organizer):
    lead = lead_after_meeting(world.meeting)
    written = story(lead, world.buyer, title="Soon withdrawn")
    published(written, world.buyer, world.provider, organizer)
    client.force_login(world.provider.user)

    client.post(_url("story_action", world, written.pk), {"action": "withdraw"})
    client.logout()

    assert "Soon withdrawn" not in client.get(_url("mission", world)).content.decode()
    assert StoryConsent.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_published_story_never_shows_private_notes(client, world, organizer):
    hold(world.meeting)
    feedback(world.meeting, world.buyer, private_note="Secret pricing remark")
    _fb, lead = feedback(world.meeting, world.provider)
    published(story(lead, world.buyer), world.buyer, world.provider, organizer)

    html = client.get(_url("mission", world)).content.decode()

    assert "From one meeting to a 12-person team" in html
    assert "Secret pricing remark" not in html


def test_story_form_with_bad_input_keeps_the_text(client, world):
    lead = lead_after_meeting(world.meeting)
    client.force_login(world.buyer.user)

    response = client.post(
        _url("story_new", world, lead.pk),
        {"language": "en", "title": "", "text": "A long text I do not want to lose"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "A long text I do not want to lose</textarea>" in html
    assert not lead.stories.exists()


def test_story_pages_of_other_organizations_are_404(client, world):
    lead = lead_after_meeting(world.meeting)
    written = story(lead, world.buyer)
    client.force_login(world.colleague.user)

    responses = [
        client.get(_url("story_new", world, lead.pk)),
        client.get(_url("story_edit", world, written.pk)),
        client.post(_url("story_action", world, written.pk), {"action": "consent"}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert not StoryConsent.objects.exists()


def test_participants_cannot_approve_stories(client, world):
    lead = lead_after_meeting(world.meeting)
    written = story(lead, world.buyer)
    client.force_login(world.buyer.user)

    client.post(_url("story_action", world, written.pk), {"action": "approve"}, follow=True)

    written.refresh_from_db()
    assert written.approved_at is None


def test_story_review_page_is_for_organizers_of_the_mission(client, world, other_world, organizer):
    lead = lead_after_meeting(world.meeting)
    story(lead, world.buyer, title="Waiting for review")
    other_organizer = UserFactory(is_staff=True)
    other_world.mission.organizers.add(other_organizer)

    client.force_login(organizer)
    own = client.get(_url("stories", world)).content.decode()
    client.force_login(world.buyer.user)
    participant_response = client.get(_url("stories", world))
    client.force_login(other_organizer)
    other_response = client.get(_url("stories", world))

    assert "Waiting for review" in own
    assert 'value="approve"' in own
    assert participant_response.status_code == 404
    assert other_response.status_code == 404


def test_story_review_queries_do_not_grow_with_stories(client, world, organizer):
    lead = lead_after_meeting(world.meeting)
    published(story(lead, world.buyer), world.buyer, world.provider, organizer)
    client.force_login(organizer)
    with CaptureQueriesContext(connection) as few:
        client.get(_url("stories", world))
    for i in range(4):
        published(
            story(lead, world.provider, title=f"Story {i}"), world.buyer, world.provider, organizer
        )

    with CaptureQueriesContext(connection) as many:
        html = client.get(_url("stories", world)).content.decode()

    assert html.count('class="story-card"') == 5
    assert len(many.captured_queries) == len(few.captured_queries)


def test_advisor_sees_an_empty_partnerships_page_and_cannot_add(client, world):
    lead_after_meeting(world.meeting)
    advisor = participant(world.mission, "partner")
    client.force_login(advisor.user)

    page = client.get(_url("partnerships", world))
    post = client.post(
        _url("partnerships", world), {"organization": world.provider.organization_id}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="partnership-' not in html
    assert 'name="organization"' not in html
    assert post.status_code == 404
    assert Relationship.objects.count() == 1


def test_partnerships_page_for_a_visitor_of_the_mission_is_404(client, world):
    client.force_login(UserFactory())

    assert client.get(_url("partnerships", world)).status_code == 404


def test_organizer_partnerships_page_queries_do_not_grow(client, world, organizer):
    lead_after_meeting(world.meeting)
    client.force_login(organizer)
    with CaptureQueriesContext(connection) as few:
        client.get(_url("partnerships", world))
    for i in range(3):
        buyer = participant(world.mission, "buyer", first_name=f"B{i}")
        lead_after_meeting(meeting_between(buyer, provider_in(world.mission), world.slots[1]))

    with CaptureQueriesContext(connection) as many:
        html = client.get(_url("partnerships", world)).content.decode()

    assert html.count('id="partnership-') == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_partnership_page_queries_do_not_grow_with_stories_and_history(client, world, organizer):
    lead = lead_after_meeting(world.meeting)
    published(story(lead, world.buyer), world.buyer, world.provider, organizer)
    client.force_login(world.buyer.user)
    url = _url("partnership", world, lead.pk)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i, stage in enumerate(["nda", "proposal", "pilot"]):
        propose_stage(lead, by=world.provider, stage=stage)
        published(
            story(lead, world.provider, title=f"S{i}"), world.buyer, world.provider, organizer
        )

    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()

    assert html.count('class="story-card"') == 4
    assert len(many.captured_queries) == len(few.captured_queries)
