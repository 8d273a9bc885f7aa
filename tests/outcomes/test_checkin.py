import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jisr.core.errors import PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.outcomes.models import Attendance, Badge, CheckIn
from jisr.outcomes.models.checkin import ALPHABET, CODE_LENGTH
from jisr.outcomes.services import (
    check_in,
    issue_badge,
    issue_badges,
    record_no_shows,
    replace_badge,
)
from jisr.outcomes.services.checkin import AlreadyCheckedIn, UnknownBadge, normalize_code
from tests.factories import UserFactory
from tests.outcomes.world import CASABLANCA, local

MORNING = local(8, 45)


@pytest.fixture(autouse=True)
def english_urls():
    with translation.override("en"):
        yield


@pytest.fixture
def organizer(world):
    user = UserFactory()
    world.mission.organizers.add(user)
    return user


def _url(name, world, *args):
    return reverse(f"web:{name}", args=[world.mission.slug, *args])


def test_issue_badge_gives_a_random_code_once(world):
    badge = issue_badge(world.buyer)
    again = issue_badge(world.buyer)
    other = issue_badge(world.provider)

    assert badge.pk == again.pk
    assert len(badge.code) == CODE_LENGTH
    assert set(badge.code) <= set(ALPHABET)
    assert badge.code != other.code
    assert badge.display_code == f"{badge.code[:4]}-{badge.code[4:8]}-{badge.code[8:]}"


def test_normalize_code_reads_typed_codes_and_scanned_addresses():
    assert normalize_code(" k7qm-4xr2 p9wt ") == "K7QM4XR2P9WT"
    assert normalize_code("https://jisr.example/en/m/x/check-in/?code=K7QM4XR2P9WT") == (
        "K7QM4XR2P9WT"
    )
    assert normalize_code("OIL0") == "0110"


def test_check_in_records_the_day_and_logs_it(world, organizer):
    badge = issue_badge(world.buyer)

    entry = check_in(world.mission, code=badge.display_code.lower(), by=organizer, now=MORNING)

    assert (entry.person, entry.day, entry.checked_in_by) == (
        world.buyer,
        MORNING.date(),
        organizer,
    )
    log = ActivityLogEntry.objects.get(action="outcomes.checked_in")
    assert log.data == {"person": world.buyer.pk, "day": "2027-04-12"}


def test_check_in_repeated_scan_says_when_and_changes_nothing(world, organizer):
    badge = issue_badge(world.buyer)
    check_in(world.mission, code=badge.code, by=organizer, now=MORNING)

    with pytest.raises(AlreadyCheckedIn) as error:
        check_in(world.mission, code=badge.code, by=organizer, now=MORNING + dt.timedelta(hours=1))

    assert str(error.value.message) == (
        "Brenda Hall is already checked in, at 08:45. Nothing was changed."
    )
    assert CheckIn.objects.get().checked_in_at == MORNING


def test_check_in_on_the_next_day_is_a_new_check_in(world, organizer):
    badge = issue_badge(world.buyer)
    check_in(world.mission, code=badge.code, by=organizer, now=MORNING)

    check_in(world.mission, code=badge.code, by=organizer, now=MORNING + dt.timedelta(days=1))

    assert CheckIn.objects.count() == 2


def test_check_in_unknown_code_is_refused(world, organizer):
    with pytest.raises(UnknownBadge, match="ZZZZ-ZZZZ-ZZZZ"):
        check_in(world.mission, code="ZZZZ-ZZZZ-ZZZZ", by=organizer, now=MORNING)

    assert CheckIn.objects.count() == 0


def test_check_in_with_another_missions_badge_is_unknown(world, other_world, organizer):
    badge = issue_badge(other_world.buyer)

    with pytest.raises(UnknownBadge):
        check_in(world.mission, code=badge.code, by=organizer, now=MORNING)

    assert CheckIn.objects.count() == 0


def test_check_in_by_a_participant_is_refused(world):
    badge = issue_badge(world.provider)

    with pytest.raises(PermissionDenied):
        check_in(world.mission, code=badge.code, by=world.buyer.user, now=MORNING)

    assert CheckIn.objects.count() == 0


def test_record_no_shows_answers_for_the_side_that_came(world, organizer):
    check_in(world.mission, code=issue_badge(world.buyer).code, by=organizer, now=MORNING)
    after = world.meeting.slot.end + dt.timedelta(minutes=1)

    written = record_no_shows(world.mission, by=organizer, now=after)
    again = record_no_shows(world.mission, by=organizer, now=after)

    answer = Attendance.objects.get()
    assert (written, again) == (1, 0)
    assert (answer.person, answer.outcome, answer.recorded_by) == (
        world.buyer,
        Attendance.Outcome.NO_SHOW,
        organizer,
    )


def test_record_no_shows_leaves_meetings_both_sides_came_to(world, organizer):
    for person in (world.buyer, world.provider):
        check_in(world.mission, code=issue_badge(person).code, by=organizer, now=MORNING)

    written = record_no_shows(
        world.mission, by=organizer, now=world.meeting.slot.end + dt.timedelta(minutes=1)
    )

    assert written == 0
    assert not Attendance.objects.exists()


def test_record_no_shows_leaves_online_meetings_to_the_participants(world, organizer):
    # A remote participant never checks in: their online meeting is no one's no-show.
    world.meeting.request.online = True
    world.meeting.request.save(update_fields=["online"])
    check_in(world.mission, code=issue_badge(world.buyer).code, by=organizer, now=MORNING)

    written = record_no_shows(
        world.mission, by=organizer, now=world.meeting.slot.end + dt.timedelta(minutes=1)
    )

    assert written == 0
    assert not Attendance.objects.exists()


# --------------------------------------------------------------------------- pages


def test_check_in_page_with_the_manual_code_checks_in(client, world, organizer):
    badge = issue_badge(world.provider)
    client.force_login(organizer)

    response = client.post(_url("check_in", world), {"code": badge.display_code})

    html = response.content.decode()
    assert response.status_code == 200
    assert "is checked in." in html
    assert "1 person checked in today" in html
    assert CheckIn.objects.get().person == world.provider


def test_check_in_page_repeated_scan_answers_409_with_the_time(client, world, organizer):
    badge = issue_badge(world.provider)
    client.force_login(organizer)
    client.post(_url("check_in", world), {"code": badge.code})

    response = client.post(_url("check_in", world), {"code": badge.code})

    first = timezone.localtime(CheckIn.objects.get().checked_in_at, world.meeting.slot.start.tzinfo)
    assert response.status_code == 409
    assert f"already checked in, at {first:%H:%M}" in response.content.decode()
    assert CheckIn.objects.count() == 1


def test_check_in_page_htmx_unknown_code_answers_the_fragment(client, world, organizer):
    client.force_login(organizer)

    response = client.post(_url("check_in", world), {"code": "nope"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="check-in-result"')
    assert "No badge of this mission has the code “nope”." in html
    assert CheckIn.objects.count() == 0


def test_check_in_page_loads_the_script_from_a_static_file_only(client, world, organizer):
    client.force_login(organizer)

    html = client.get(_url("check_in", world) + "?code=ABCD").content.decode()

    assert 'src="/static/jisr/checkin.js"' in html
    assert "<script>" not in html
    assert 'value="ABCD"' in html


def test_check_in_page_for_participants_and_other_organizers_answers_404(
    client, world, other_world
):
    badge = issue_badge(world.provider)
    other_world.mission.organizers.add(other_world.buyer.user)

    client.force_login(world.buyer.user)
    as_participant = client.post(_url("check_in", world), {"code": badge.code})
    client.force_login(other_world.buyer.user)
    as_other = client.post(_url("check_in", world), {"code": badge.code})

    assert (as_participant.status_code, as_other.status_code) == (404, 404)
    assert CheckIn.objects.count() == 0


def test_no_shows_button_records_them(client, world, organizer):
    slot = world.meeting.slot
    slot.start = timezone.now() - dt.timedelta(hours=2)
    slot.end = slot.start + dt.timedelta(minutes=30)
    slot.save()
    check_in(world.mission, code=issue_badge(world.buyer).code, by=organizer, now=slot.start)
    client.force_login(organizer)

    response = client.post(_url("check_in_no_shows", world), follow=True)

    assert "1 no-show recorded from check-in." in response.content.decode()
    assert Attendance.objects.get().outcome == "no_show"


def test_next_meeting_shows_time_table_venue_and_the_other_side(client, world):
    slot = world.meeting.slot
    slot.start = timezone.now() + dt.timedelta(minutes=20)
    slot.end = slot.start + dt.timedelta(minutes=30)
    slot.save()
    issue_badges(world.mission)  # what publishing the schedule does
    client.force_login(world.provider.user)

    response = client.get(_url("next_meeting", world))

    html = response.content.decode()
    local_start = timezone.localtime(slot.start, CASABLANCA)
    assert response.status_code == 200
    assert "Brenda Hall" in html and "Maple Cloud Inc" in html
    assert "<bdi>T1</bdi>" in html and "Hyatt Regency" in html
    assert f">{local_start:%H:%M}</time>" in html
    badge = Badge.objects.get(person=world.provider)
    assert badge.display_code in html
    assert 'src="data:image/png;base64,' in html


def test_next_meeting_once_all_are_over_says_so(client, world):
    client.force_login(world.buyer.user)
    slot = world.meeting.slot
    slot.start = timezone.now() - dt.timedelta(hours=2)
    slot.end = slot.start + dt.timedelta(minutes=30)
    slot.save()
    response = client.get(_url("next_meeting", world))

    assert "You have no more meetings in this mission." in response.content.decode()


def test_next_meeting_of_another_mission_is_refused(client, world, other_world):
    client.force_login(other_world.buyer.user)

    response = client.get(_url("next_meeting", world))

    assert response.status_code in (403, 404)
    assert b"Maple Cloud" not in response.content


# --------------------------------------------------------------------------- lost badges


def test_replace_badge_refuses_the_old_code_and_accepts_the_new(world, organizer):
    old = issue_badge(world.provider).code

    badge = replace_badge(world.provider, by=organizer)

    assert badge.code != old and Badge.objects.get(person=world.provider).code == badge.code
    with pytest.raises(UnknownBadge):
        check_in(world.mission, code=old, by=organizer, now=MORNING)
    entry = check_in(world.mission, code=badge.display_code, by=organizer, now=MORNING)
    assert entry.person == world.provider
    assert ActivityLogEntry.objects.filter(action="outcomes.badge_replaced").count() == 1


def test_replace_badge_by_a_participant_is_refused_and_keeps_the_code(world):
    old = issue_badge(world.provider).code

    with pytest.raises(PermissionDenied):
        replace_badge(world.provider, by=world.provider.user)

    assert Badge.objects.get(person=world.provider).code == old


def test_replace_badge_button_gives_a_new_code_on_the_persons_agenda(client, world, organizer):
    old = issue_badge(world.provider).code
    client.force_login(organizer)

    response = client.post(_url("person_badge_replace", world, world.provider.pk), follow=True)

    new = Badge.objects.get(person=world.provider)
    assert new.code != old
    assert new.display_code in response.content.decode()
    assert response.redirect_chain[-1][0] == _url("person_agenda", world, world.provider.pk)


def test_replace_badge_button_of_another_mission_answers_404(client, world, other_world):
    outsider = UserFactory()
    other_world.mission.organizers.add(outsider)
    old = issue_badge(world.provider).code
    client.force_login(outsider)

    response = client.post(_url("person_badge_replace", world, world.provider.pk))

    assert response.status_code == 404
    assert Badge.objects.get(person=world.provider).code == old


# --------------------------------------------------------------------------- issuing


def test_issue_badges_gives_everyone_without_one_a_distinct_code_once(world):
    kept = issue_badge(world.buyer).code

    issued = issue_badges(world.mission)
    again = issue_badges(world.mission)

    badges = Badge.objects.for_mission(world.mission)
    assert badges.count() == world.mission.people.count() == 3  # buyer, provider, colleague
    assert (issued, again) == (2, 0)
    assert badges.get(person=world.buyer).code == kept
    assert len(set(badges.values_list("code", flat=True))) == badges.count()


def test_next_meeting_before_any_badge_writes_nothing_and_says_when(client, world):
    client.force_login(world.provider.user)

    response = client.get(_url("next_meeting", world))

    assert 'id="no-badge"' in response.content.decode()
    assert "comes with the published schedule" in response.content.decode()
    assert not Badge.objects.exists()
