import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jisr.meetings.models import MeetingRequest
from jisr.outcomes.models import Attendance
from jisr.outcomes.services import (
    confirm_attendance,
    reset_calendar_feed,
    revoke_calendar_feed,
)
from jisr.schedules.models import ScheduledMeeting
from tests.factories import UserFactory
from tests.factories_meetings import participant
from tests.outcomes.world import build_world, cancel


def _url(name, world, *args):
    return reverse(f"web:{name}", args=[world.mission.slug, *args])


def _start_meeting_now(world, minutes_ago=5):
    """Move the meeting's slot so that it started a few minutes ago."""
    slot = world.meeting.slot
    slot.start = timezone.now() - dt.timedelta(minutes=minutes_ago)
    slot.end = slot.start + dt.timedelta(minutes=30)
    slot.save()


# --------------------------------------------------------------------------- page


def test_agenda_page_shows_meeting_with_counterpart_table_venue_and_programme(client, world):
    client.force_login(world.buyer.user)

    response = client.get(_url("agenda", world))

    html = response.content.decode()
    assert response.templates[0].name == "jisr/agenda/page.html"
    assert "Meeting with <bdi>كريم العلوي</bdi>" in html
    assert "<bdi>أطلس للبرمجيات</bdi>" in html
    assert '<dd class="table-label"><bdi>T1</bdi></dd>' in html
    assert "<bdi>Hyatt Regency</bdi>, <bdi>Casablanca</bdi>" in html
    assert '<time datetime="2027-04-12T10:00:00+01:00">10:00</time>' in html
    assert "<bdi>Opening keynote</bdi>" in html
    assert '<h2 id="up-next-title">Next meeting</h2>' in html
    assert "table <bdi>T1</bdi>" in html
    assert "Travel from <bdi>Hyatt Regency</bdi> (<bdi>Casablanca</bdi>) to" in html
    assert "120 minutes to get there." in html
    assert "not published yet" not in html
    assert _url("agenda_people", world) not in html  # participants have no index
    # Before the start, no confirmation buttons, only the promise of them.
    assert 'name="outcome"' not in html
    assert "From the meeting's start time, you can confirm here" in html


def test_agenda_page_warns_about_a_meeting_during_a_talk(client, world):
    keynote = world.mission.programme.get(venue=world.casablanca)
    keynote.end = keynote.start + dt.timedelta(hours=2)
    keynote.save()
    client.force_login(world.buyer.user)

    html = client.get(_url("agenda", world)).content.decode()

    assert "At the same time as <bdi>Opening keynote</bdi>." in html


def test_agenda_page_queries_do_not_grow_with_meetings(client, world):
    client.force_login(world.buyer.user)
    with CaptureQueriesContext(connection) as few:
        client.get(_url("agenda", world))
    for i, slot in enumerate(world.slots[1:] * 3):
        other = participant(world.mission, first_name=f"Extra{i}")
        request = MeetingRequest.objects.create(
            mission=world.mission,
            requester=world.buyer,
            recipient=other,
            message="Hello",
            status=MeetingRequest.Status.ACCEPTED,
        )
        ScheduledMeeting.objects.create(
            mission=world.mission,
            request=request,
            slot=slot,
            table=None,  # a table holds one meeting per slot (the database refuses two)
            state=ScheduledMeeting.State.PUBLISHED,
        )

    with CaptureQueriesContext(connection) as many:
        response = client.get(_url("agenda", world))

    assert response.content.decode().count('class="agenda-item agenda-meeting') == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_agenda_page_before_publication_says_the_schedule_is_not_published(client, db):
    world = build_world(slug="draft-week", publish=False)
    client.force_login(world.provider.user)

    response = client.get(_url("agenda", world))

    html = response.content.decode()
    assert "The meeting schedule is not published yet" in html
    assert "Meeting with" not in html
    assert "<bdi>Opening keynote</bdi>" in html


def test_agenda_page_offers_confirmation_once_the_meeting_started(client, world):
    _start_meeting_now(world)
    client.force_login(world.provider.user)

    html = client.get(_url("agenda", world)).content.decode()

    assert "Did this meeting take place?" in html
    assert 'name="outcome" value="held"' in html
    assert 'name="outcome" value="no_show"' in html
    assert _url("agenda_meeting", world, world.meeting.uuid) in html


def test_agenda_page_shows_a_cancelled_meeting_as_cancelled(client, world):
    cancel(world.meeting)
    client.force_login(world.buyer.user)

    html = client.get(_url("agenda", world)).content.decode()

    assert 'class="agenda-item agenda-meeting cancelled"' in html
    assert "This meeting was cancelled." in html


def test_agenda_page_for_a_user_without_a_person_in_the_mission_is_404(client, world, other_world):
    client.force_login(other_world.buyer.user)

    response = client.get(_url("agenda", world))

    assert response.status_code == 404
    assert "كريم" not in response.content.decode()


def test_agenda_requires_login(client, world):
    response = client.get(_url("agenda", world))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/login/?next=")


# --------------------------------------------------------------------------- organizers


def test_organizer_sees_a_participants_agenda_and_files(client, world):
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    client.force_login(organizer)

    html = client.get(_url("person_agenda", world, world.provider.pk)).content.decode()
    pdf = client.get(_url("person_agenda_pdf", world, world.provider.pk))
    ics = client.get(_url("person_agenda_ics", world, world.provider.pk))

    assert "Agenda of <bdi>كريم العلوي</bdi>" in html
    assert f'href="{_url("agenda_people", world)}"' in html
    assert "Meeting with <bdi>Brenda Hall</bdi>" in html
    assert 'name="outcome"' not in html  # organizers do not answer for participants
    assert "Private calendar address" not in html
    assert pdf.content.startswith(b"%PDF-")
    assert f"UID:{world.meeting.uuid}@jisr.invalid" in ics.content.decode()
    # The file an organizer downloads is in the participant's language (Arabic).
    assert "/ar/m/casa-week/agenda/" in ics.content.decode().replace("\r\n ", "")


def test_agenda_index_shows_a_reported_no_show(client, world):
    _start_meeting_now(world)
    confirm_attendance(world.meeting, by=world.provider, held=False)
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    client.force_login(organizer)

    html = client.get(_url("agenda_people", world)).content.decode()

    buyer_row = html.split(f'id="person-{world.buyer.pk}"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="count-cell attention">1</td>' in buyer_row


def test_organizer_without_a_person_is_sent_to_the_agenda_index(client, world):
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    client.force_login(organizer)

    response = client.get(_url("agenda", world))

    assert response.status_code == 302
    assert response["Location"] == _url("agenda_people", world)


def test_agenda_index_lists_buyers_and_providers_in_constant_queries(client, world):
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    client.force_login(organizer)
    with CaptureQueriesContext(connection) as few:
        client.get(_url("agenda_people", world))
    for i in range(5):
        participant(world.mission, first_name=f"Extra{i}")

    with CaptureQueriesContext(connection) as many:
        response = client.get(_url("agenda_people", world))

    html = response.content.decode()
    assert "<bdi>Brenda Hall</bdi>" in html and "<bdi>Extra4 " in html
    buyer_row = html.split(f'id="person-{world.buyer.pk}"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="count-cell">1</td>' in buyer_row  # one published meeting
    assert _url("person_agenda_pdf", world, world.provider.pk) + "?language=ar" in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_organizer_of_another_mission_gets_404_everywhere(client, world, other_world):
    organizer = UserFactory()
    other_world.mission.organizers.add(organizer)
    client.force_login(organizer)

    responses = [
        client.get(_url("agenda_people", world)),
        client.get(_url("person_agenda", world, world.provider.pk)),
        client.get(_url("person_agenda_ics", world, world.provider.pk)),
        client.get(_url("person_agenda_pdf", world, world.provider.pk)),
        # A person of the organizer's own mission, asked through the other mission's URL.
        client.get(_url("person_agenda", world, other_world.provider.pk)),
    ]

    assert [r.status_code for r in responses] == [404] * 5


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("name", ["person_agenda", "person_agenda_ics", "person_agenda_pdf"])
def test_participant_cannot_get_another_participants_agenda(client, world, name):
    client.force_login(world.colleague.user)

    response = client.get(_url(name, world, world.buyer.pk))

    assert response.status_code == 404
    assert b"Brenda" not in response.content or response["Content-Type"].startswith("text/html")
    assert b"BEGIN:VCALENDAR" not in response.content
    assert not response.content.startswith(b"%PDF")


def test_participant_files_are_their_own(client, world):
    client.force_login(world.colleague.user)

    ics = client.get(_url("agenda_ics", world)).content.decode()
    pdf = client.get(_url("agenda_pdf", world))

    assert "Nadia Bennani" in ics
    assert str(world.meeting.uuid) not in ics
    assert pdf.content.startswith(b"%PDF-")


# --------------------------------------------------------------------------- feed


def test_feed_works_without_login_and_names_the_owner(client, world):
    token = reset_calendar_feed(world.buyer, by=world.buyer).token

    response = client.get(_url("agenda_feed", world, token))

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Brenda Hall" in body
    assert f"UID:{world.meeting.uuid}@jisr.invalid" in body


def test_feed_token_of_one_mission_does_not_read_another(client, world, other_world):
    token = reset_calendar_feed(world.buyer, by=world.buyer).token

    response = client.get(reverse("web:agenda_feed", args=[other_world.mission.slug, token]))

    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_feed_revoked_or_reset_token_is_404(client, world):
    old = reset_calendar_feed(world.buyer, by=world.buyer).token
    new = reset_calendar_feed(world.buyer, by=world.buyer).token

    assert client.get(_url("agenda_feed", world, old)).status_code == 404
    assert client.get(_url("agenda_feed", world, new)).status_code == 200
    revoke_calendar_feed(world.buyer, by=world.buyer)
    assert client.get(_url("agenda_feed", world, new)).status_code == 404


def test_feed_buttons_create_show_reset_and_revoke_the_address(client, world):
    client.force_login(world.buyer.user)

    client.post(_url("agenda_feed_reset", world))
    first = world.buyer.calendar_feed.token
    page = client.get(_url("agenda", world)).content.decode()
    client.post(_url("agenda_feed_reset", world))
    world.buyer.refresh_from_db()
    second = world.buyer.calendar_feed.token
    response = client.post(_url("agenda_feed_revoke", world))

    assert f"http://testserver/en/m/casa-week/agenda/calendar/{first}.ics" in page
    assert f'href="webcal://testserver/en/m/casa-week/agenda/calendar/{first}.ics"' in page
    google = "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Ftestserver%2Fen%2F"
    assert google in page
    assert second != first
    assert response.status_code == 302
    assert client.get(_url("agenda_feed", world, second)).status_code == 404


def test_feed_reset_is_post_only(client, world):
    client.force_login(world.buyer.user)

    response = client.get(_url("agenda_feed_reset", world))

    assert response.status_code == 405
    assert not hasattr(world.buyer, "calendar_feed")


# --------------------------------------------------------------------------- attendance


def test_meeting_page_records_both_sides_and_a_no_show(client, world):
    _start_meeting_now(world)
    url = _url("agenda_meeting", world, world.meeting.uuid)

    client.force_login(world.buyer.user)
    first = client.post(url, {"outcome": "held", "next": "agenda"})
    client.force_login(world.provider.user)
    second = client.post(url, {"outcome": "no_show"})
    page = client.get(url).content.decode()

    assert first["Location"] == _url("agenda", world) + f"#meeting-{world.meeting.uuid}"
    assert second["Location"] == url
    answers = dict(Attendance.objects.values_list("person_id", "outcome"))
    assert answers == {world.buyer.pk: "held", world.provider.pk: "no_show"}
    assert "Your answer: Did not take place. You can change it." in page
    assert "<bdi>Brenda Hall</bdi>: Took place" in page


def test_meeting_page_refuses_confirmation_before_the_start(client, world):
    client.force_login(world.buyer.user)

    response = client.post(_url("agenda_meeting", world, world.meeting.uuid), {"outcome": "held"})

    assert response.status_code == 400
    assert "You can confirm this meeting from its start time" in response.content.decode()
    assert not Attendance.objects.exists()


def test_meeting_page_is_404_for_someone_else_of_the_mission(client, world):
    _start_meeting_now(world)
    client.force_login(world.colleague.user)

    get = client.get(_url("agenda_meeting", world, world.meeting.uuid))
    post = client.post(_url("agenda_meeting", world, world.meeting.uuid), {"outcome": "no_show"})

    assert (get.status_code, post.status_code) == (404, 404)
    assert not Attendance.objects.exists()


def test_meeting_page_of_another_missions_meeting_is_404(client, world, other_world):
    client.force_login(world.buyer.user)

    response = client.get(_url("agenda_meeting", world, other_world.meeting.uuid))

    assert response.status_code == 404


def test_meeting_page_rejects_an_unknown_answer(client, world):
    _start_meeting_now(world)
    client.force_login(world.buyer.user)

    response = client.post(_url("agenda_meeting", world, world.meeting.uuid), {"outcome": "maybe"})

    assert response.status_code == 400
    assert "Choose whether the meeting took place." in response.content.decode()
    assert not Attendance.objects.exists()
