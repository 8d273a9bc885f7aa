import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from jisr.missions.models import Mission
from jisr.outcomes.models import FollowUpReminder, PartnershipRating
from jisr.outcomes.services import due_kind, send_followups, start_relationship
from jisr.outcomes.services.followups import add_months
from jisr.outcomes.tasks import send_due_followups
from tests.factories_meetings import participant
from tests.factories_outcomes import lead_after_meeting

END = dt.date(2027, 4, 14)  # the world's mission ends on this day
ONE_MONTH = dt.date(2027, 5, 14)
SIX_MONTHS = dt.date(2027, 10, 14)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return send_followups(today=today)

    return run


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 4, 14), 1, dt.date(2027, 5, 14)),
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2027, 11, 30), 2, dt.date(2028, 1, 30)),
        (dt.date(2027, 3, 15), -6, dt.date(2026, 9, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (END, None),
        (dt.date(2027, 5, 13), None),
        (ONE_MONTH, "1m"),
        (ONE_MONTH + dt.timedelta(days=60), "1m"),
        (ONE_MONTH + dt.timedelta(days=61), None),
        (SIX_MONTHS - dt.timedelta(days=1), None),
        (SIX_MONTHS, "6m"),
        (SIX_MONTHS + dt.timedelta(days=60), "6m"),
        (SIX_MONTHS + dt.timedelta(days=61), None),
    ],
)
def test_due_kind_is_one_then_six_months_after_the_end_date(today, kind):
    assert due_kind(END, today) == kind


def test_no_followup_before_one_month(world, send):
    assert send(dt.date(2027, 5, 13)) == 0

    assert mail.outbox == []
    assert not FollowUpReminder.objects.exists()


def test_one_month_followup_goes_to_both_sides_in_their_language(world, send):
    lead_after_meeting(world.meeting)

    assert send(ONE_MONTH) == 2

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {world.buyer.email, world.provider.email}
    english, arabic = by_address[world.buyer.email], by_address[world.provider.email]
    assert english.extra_headers["Content-Language"] == "en"
    assert arabic.extra_headers["Content-Language"] == "ar"
    assert (
        english.subject == "One month after Casablanca IT week: where do your partnerships stand?"
    )
    assert f"/en/m/{world.mission.slug}/partnerships/?from=1m" in english.body
    assert f"/ar/m/{world.mission.slug}/partnerships/?from=1m" in arabic.body
    assert "- \u2068أطلس للبرمجيات\u2069: Lead" in english.body  # the Arabic name is isolated
    assert english.subject != arabic.subject
    rows = set(FollowUpReminder.objects.values_list("person_id", "kind", "language"))
    assert rows == {(world.buyer.pk, "1m", "en"), (world.provider.pk, "1m", "ar")}


def test_followups_are_sent_once_however_often_the_command_runs(world, send):
    send(ONE_MONTH)
    mail.outbox.clear()

    assert send(ONE_MONTH) == 0
    assert send(ONE_MONTH + dt.timedelta(days=3)) == 0

    assert mail.outbox == []
    assert FollowUpReminder.objects.count() == 2


def test_six_month_followup_asks_for_a_rating_once(world, send):
    send(ONE_MONTH)
    mail.outbox.clear()

    assert send(SIX_MONTHS) == 2
    assert send(SIX_MONTHS + dt.timedelta(days=1)) == 0

    english = next(m for m in mail.outbox if m.to == [world.buyer.email])
    assert english.subject == "Six months after Casablanca IT week: how did it turn out?"
    assert "rate, from 1 to 5" in english.body
    assert "?from=6m" in english.body
    assert FollowUpReminder.objects.filter(kind="6m").count() == 2


def test_followups_skip_people_without_meetings_or_partnerships_and_draft_missions(
    world, other_world, send
):
    Mission.objects.filter(pk=other_world.mission.pk).update(status=Mission.Status.DRAFT)

    send(ONE_MONTH)

    assert {m.to[0] for m in mail.outbox} == {world.buyer.email, world.provider.email}
    assert world.colleague.email not in {m.to[0] for m in mail.outbox}


def test_send_followups_command_takes_a_date(world, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_followups", "--today", ONE_MONTH.isoformat())

    assert capsys.readouterr().out.strip() == "Sent 2 follow-up e-mail(s)."
    assert len(mail.outbox) == 2


def test_send_followups_command_rejects_a_malformed_date(world):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_followups", "--today", "14/05/2027")

    assert not FollowUpReminder.objects.exists()


def test_send_due_followups_task_sends_what_is_due(world):
    result = send_due_followups.enqueue(SIX_MONTHS.isoformat())

    assert result.return_value == 2
    assert set(FollowUpReminder.objects.values_list("kind", flat=True)) == {"6m"}


def test_six_month_rating_answer_is_stored_from_the_partnership_page(world, client):
    relationship = lead_after_meeting(world.meeting)
    client.force_login(world.provider.user)

    client.post(
        f"/en/m/{world.mission.slug}/partnerships/{relationship.pk}/",
        {"action": "rate", "rating": "4", "comment": "Pilot under way"},
    )

    rating = PartnershipRating.objects.get()
    assert (rating.organization_id, rating.rating, rating.comment) == (
        world.provider.organization_id,
        4,
        "Pilot under way",
    )


def test_followups_reach_people_of_a_partnership_added_by_hand(world, send):
    buyer = participant(world.mission, "buyer", language="fr")
    start_relationship(world.colleague.organization, by=buyer)

    send(ONE_MONTH)

    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    assert languages == {
        world.buyer.email: "en",
        world.provider.email: "ar",
        buyer.email: "fr",
        world.colleague.email: "en",
    }
