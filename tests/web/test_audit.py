"""The audit log page: organizers read what the organizers of their mission did."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from jisr.core.models import ActivityLogEntry
from jisr.core.services import log_activity
from jisr.missions.models import Participation
from tests.factories import MissionFactory, PersonFactory, UserFactory
from tests.factories_invitations import organizer_of
from tests.factories_meetings import participant

pytestmark = pytest.mark.django_db


def url(mission, language="en", **query):
    with translation.override(language):
        path = reverse("web:audit_log", args=[mission.slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def missions():
    mission = MissionFactory(slug="audited")
    other = MissionFactory(slug="elsewhere")
    organizer = organizer_of(mission, first_name="Omar", last_name="Organizer")
    other_organizer = organizer_of(other)
    log_activity(mission, action="schedules.published", actor=organizer, mission=mission)
    log_activity(
        mission,
        action="invitations.imported",
        actor=organizer,
        mission=mission,
        data={"file": "delegates.csv", "count": 12},
    )
    log_activity(other, action="schedules.published", actor=other_organizer, mission=other)
    log_activity(
        other,
        action="invitations.imported",
        actor=other_organizer,
        mission=other,
        data={"file": "secret-elsewhere.csv", "count": 3},
    )
    return mission, other, organizer, other_organizer


def test_audit_log_lists_this_missions_organizer_actions_only(missions):
    mission, _other, organizer, _other_organizer = missions

    response = signed_in(organizer).get(url(mission))

    assert response.status_code == 200
    assert "Published the schedule" in response.text
    assert "delegates.csv" in response.text
    assert "secret-elsewhere.csv" not in response.text
    assert [row["entry"].mission_id for row in response.context["rows"]] == [mission.pk] * 2


def test_audit_log_leaves_out_what_participants_did(missions):
    mission, _other, organizer, _ = missions
    person = participant(mission)
    log_activity(person, action="meetings.request.sent", actor=person.user, mission=mission)

    response = signed_in(organizer).get(url(mission))

    assert "meetings.request.sent" not in response.text
    assert len(response.context["rows"]) == 2


def test_audit_log_is_refused_to_another_missions_organizer(missions):
    mission, other, _organizer, other_organizer = missions

    response = signed_in(other_organizer).get(url(mission))

    assert response.status_code == 403
    assert "delegates.csv" not in response.text
    # Their own mission's log shows their own entries only.
    own = signed_in(other_organizer).get(url(other))
    assert "secret-elsewhere.csv" in own.text
    assert "delegates.csv" not in own.text


def test_audit_log_is_refused_to_participants_and_asks_visitors_to_log_in(missions):
    mission, *_ = missions
    person = participant(mission)

    refused = signed_in(person.user).get(url(mission))
    anonymous = Client().get(url(mission))

    assert refused.status_code == 403
    assert "delegates.csv" not in refused.text
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]


def test_audit_log_filters_by_category_actor_and_dates(missions):
    mission, _other, organizer, _ = missions
    colleague = organizer_of(mission, first_name="Zineb", last_name="Colleague")
    log_activity(mission, action="meetings.policy.updated", actor=colleague, mission=mission)
    old = log_activity(mission, action="schedules.day_added", actor=organizer, mission=mission)
    ActivityLogEntry.objects.filter(pk=old.pk).update(
        created=timezone.now() - dt.timedelta(days=30)
    )
    client = signed_in(organizer)
    today = timezone.now().date()

    def actions(**query):
        return [row["entry"].action for row in client.get(url(mission, **query)).context["rows"]]

    assert actions(category="imports") == ["invitations.imported"]
    assert actions(actor=colleague.pk) == ["meetings.policy.updated"]
    assert actions(category="schedule", since=today.isoformat()) == ["schedules.published"]
    assert actions(until=(today - dt.timedelta(days=1)).isoformat()) == ["schedules.day_added"]


def test_audit_log_rejects_an_end_before_the_start(missions):
    mission, _other, organizer, _ = missions

    response = signed_in(organizer).get(url(mission, since="2027-04-12", until="2027-04-01"))

    assert response.status_code == 200
    assert "The end date is before the start date." in response.text


def test_audit_log_pages_with_a_constant_number_of_queries(missions, django_assert_max_num_queries):
    mission, _other, organizer, _ = missions
    for _n in range(60):
        log_activity(mission, action="schedules.slot_deleted", actor=organizer, mission=mission)
    client = signed_in(organizer)

    with django_assert_max_num_queries(14):
        first = client.get(url(mission))
    second = client.get(url(mission, page=2))

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 12
    assert "Page 1 of 2" in first.text


def test_audit_log_speaks_french(missions):
    mission, _other, organizer, _ = missions

    response = signed_in(organizer).get(url(mission, language="fr"))

    assert "Journal d’audit" in response.text
    assert "A publié le planning" in response.text


def test_role_changes_in_the_admin_reach_the_audit_log(missions):
    mission, _other, organizer, _ = missions
    organizer.is_staff = True
    organizer.save(update_fields=["is_staff"])
    person = PersonFactory(organization__mission=mission, mission=mission)
    client = signed_in(organizer)

    client.post(
        reverse("admin:missions_participation_add"),
        {"mission": mission.pk, "person": person.pk, "role": Participation.Role.SPEAKER},
    )
    participation = Participation.objects.get(person=person)
    client.post(
        reverse("admin:missions_participation_change", args=[participation.pk]),
        {"mission": mission.pk, "person": person.pk, "role": Participation.Role.ADVISOR},
    )

    entries = ActivityLogEntry.objects.filter(mission=mission, action__startswith="participation.")
    assert [(e.action, e.data["role"], e.actor_id) for e in entries.order_by("id")] == [
        ("participation.added", "speaker", organizer.pk),
        ("participation.changed", "advisor", organizer.pk),
    ]
    page = client.get(url(mission, category="people"))
    assert "Gave a role" in page.text
    assert "Changed a role" in page.text


def test_organizers_added_in_the_admin_are_recorded(missions):
    from jisr.missions.roles import record_organizers_changed

    mission, _other, organizer, _ = missions
    newcomer = UserFactory(username="newcomer@test.example")

    record_organizers_changed(mission, by=organizer, added=[newcomer], removed=[])

    entry = ActivityLogEntry.objects.get(action="mission.organizer_added")
    assert (entry.mission_id, entry.data, entry.actor_id) == (
        mission.pk,
        {"user": "newcomer@test.example"},
        organizer.pk,
    )
