"""Organizer invitation pages and registration through the link."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from jisr.directory.models import Organization, Person
from jisr.missions.models import Invitation
from tests.factories import (
    MissionFactory,
    ParticipationFactory,
    PersonFactory,
    UserFactory,
)
from tests.factories_invitations import InvitationFactory, organizer_of

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Zellige-Tile-2027"


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def mission():
    return MissionFactory()


@pytest.fixture
def organizer_client(client, mission):
    client.force_login(organizer_of(mission))
    return client


def invite_data(**overrides):
    data = {
        "email": "nadia@atlas.example",
        "first_name": "Nadia",
        "last_name": "Tazi",
        "organization_name": "Atlas Soft",
        "role": "provider",
        "language": "fr",
        "country": "MA",
        "city": "Rabat",
        "valid_days": "10",
    }
    return {**data, **overrides}


def register_data(**overrides):
    data = {
        "first_name": "Nadia",
        "last_name": "Tazi",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "country": "MA",
        "city": "Rabat",
        "accept_notice": "on",
    }
    return {**data, **overrides}


# --- list ----------------------------------------------------------------------


def test_invitation_list_shows_own_mission_invitations_with_status(organizer_client, mission):
    InvitationFactory(mission=mission, email="fresh@x.example")
    InvitationFactory(mission=mission, email="old@x.example", expires_at=timezone.now())
    InvitationFactory(email="foreign@x.example")  # another mission

    response = organizer_client.get(url("invitations", mission.slug))

    assert response.status_code == 200
    assert "fresh@x.example" in response.text and "old@x.example" in response.text
    assert "foreign@x.example" not in response.text
    assert 'status-expired">Expired' in response.text


def test_invitation_list_filters_by_status_and_search(organizer_client, mission):
    InvitationFactory(mission=mission, email="fresh@x.example")
    InvitationFactory(mission=mission, email="old@x.example", expires_at=timezone.now())

    expired = organizer_client.get(url("invitations", mission.slug), {"status": "expired"})
    searched = organizer_client.get(url("invitations", mission.slug), {"q": "fresh"})

    assert "old@x.example" in expired.text and "fresh@x.example" not in expired.text
    assert "fresh@x.example" in searched.text and "old@x.example" not in searched.text


def test_invitation_list_for_organizer_of_another_mission_is_403(client, mission):
    InvitationFactory(mission=mission, email="secret@x.example")
    client.force_login(organizer_of(MissionFactory()))

    response = client.get(url("invitations", mission.slug))

    assert response.status_code == 403
    assert "secret@x.example" not in response.text


def test_invitation_list_for_participant_is_403(client, mission):
    InvitationFactory(mission=mission, email="secret@x.example")
    member = UserFactory()
    ParticipationFactory(person__organization__mission=mission, person__user=member)
    client.force_login(member)

    response = client.get(url("invitations", mission.slug))

    assert response.status_code == 403
    assert "secret@x.example" not in response.text


def test_invitation_list_query_count_does_not_grow(
    organizer_client, mission, django_assert_max_num_queries
):
    InvitationFactory.create_batch(3, mission=mission)
    with django_assert_max_num_queries(20) as small:
        organizer_client.get(url("invitations", mission.slug))
    InvitationFactory.create_batch(20, mission=mission)
    with django_assert_max_num_queries(20) as large:
        response = organizer_client.get(url("invitations", mission.slug))

    assert response.text.count("Send a new link") == 23
    assert len(large.captured_queries) == len(small.captured_queries)


# --- invite one ----------------------------------------------------------------


def test_invite_form_sends_invitation(
    organizer_client, mission, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(url("invitation-new", mission.slug), invite_data())

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.mission, invitation.email, invitation.language) == (
        mission,
        "nadia@atlas.example",
        "fr",
    )
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=9, hours=23)
    assert mail.outbox[0].to == ["nadia@atlas.example"]


def test_invite_form_duplicate_email_shown_next_to_field(organizer_client, mission):
    PersonFactory(organization__mission=mission, email="nadia@atlas.example")

    response = organizer_client.post(url("invitation-new", mission.slug), invite_data())

    assert response.status_code == 200
    assert "This person already takes part in this mission." in response.text
    assert Invitation.objects.count() == 0


def test_invite_form_in_another_mission_is_403_and_creates_nothing(client, mission):
    client.force_login(organizer_of(MissionFactory()))

    response = client.post(url("invitation-new", mission.slug), invite_data())

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_invite_form_of_draft_mission_is_404_for_outsiders(client):
    draft = MissionFactory(status="draft")
    client.force_login(organizer_of(MissionFactory()))

    response = client.get(url("invitation-new", draft.slug))

    assert response.status_code == 404


# --- import --------------------------------------------------------------------


def upload(content: bytes, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_import_page_rejection_lists_rows_and_offers_csv(organizer_client, mission):
    content = (
        b"email,first_name,last_name,organization,role\n"
        b"ok@x.example,Ok,Row,Org,buyer\n"
        b"bad,Bad,Row,Org,pilot\n"
    )

    response = organizer_client.post(
        url("invitation-import", mission.slug), {"file": upload(content), "valid_days": "14"}
    )
    report = organizer_client.get(url("invitation-import-errors", mission.slug))

    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert "“bad” is not a valid email address." in response.text
    assert Invitation.objects.count() == 0
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows == [
        ["row", "column", "problem"],
        ["3", "email", "“bad” is not a valid email address."],
        ["3", "role", "Unknown role “pilot”; use buyer, provider, organizer, advisor or speaker."],
    ]


def test_import_page_xlsx_template_round_trips(organizer_client, mission):
    template = organizer_client.get(url("invitation-template", mission.slug, "xlsx"))
    sheet = load_workbook(io.BytesIO(template.content)).active
    header = [cell.value for cell in sheet[1]]

    response = organizer_client.post(
        url("invitation-import", mission.slug),
        {"file": upload(template.content, "template.xlsx"), "valid_days": "14"},
    )

    assert header == [
        "email",
        "first_name",
        "last_name",
        "organization",
        "role",
        "language",
        "country",
        "city",
    ]
    assert response.status_code == 302
    assert Invitation.objects.filter(mission=mission).count() == 2


def test_import_page_csv_template_has_the_columns(organizer_client, mission):
    response = organizer_client.get(url("invitation-template", mission.slug, "csv"))

    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert first_line == "email,first_name,last_name,organization,role,language,country,city"
    assert response["Content-Disposition"].endswith('invitations-template.csv"')


def test_import_page_for_organizer_of_another_mission_is_403(client, mission):
    client.force_login(organizer_of(MissionFactory()))
    content = b"email,first_name,last_name,organization,role\na@x.example,A,B,Org,buyer\n"

    response = client.post(
        url("invitation-import", mission.slug), {"file": upload(content), "valid_days": "14"}
    )

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


# --- resend and revoke -----------------------------------------------------------


def test_revoke_view_revokes_own_mission_invitation(organizer_client, mission):
    invitation = InvitationFactory(mission=mission)

    response = organizer_client.post(url("invitation-revoke", mission.slug, invitation.pk))

    invitation.refresh_from_db()
    assert response.status_code == 302
    assert invitation.status == Invitation.Status.REVOKED


def test_resend_view_for_invitation_of_another_mission_is_404(organizer_client, mission):
    foreign = InvitationFactory()

    response = organizer_client.post(url("invitation-resend", mission.slug, foreign.pk))

    foreign.refresh_from_db()
    assert response.status_code == 404
    assert foreign.send_count == 0 and mail.outbox == []


# --- registration ----------------------------------------------------------------


def test_accept_page_shows_who_invited_and_the_privacy_notice(client):
    invitation = InvitationFactory(token="tok", organization_name="Atlas Soft")

    response = client.get(url("invitation-accept", invitation.mission.slug, "tok"))

    assert response.status_code == 200
    assert "Omar Organizer" in response.text
    assert "Atlas Soft" in response.text
    assert "law 09-08" in response.text
    assert 'name="share_contact"' in response.text and "checked" not in response.text


def test_accept_page_registers_logs_in_and_redirects_to_profile(client):
    invitation = InvitationFactory(token="tok", language="fr")

    response = client.post(
        url("invitation-accept", invitation.mission.slug, "tok", language="fr"), register_data()
    )

    person = Person.objects.get(email=invitation.email)
    assert response["Location"] == url("my-profile", invitation.mission.slug, language="fr")
    assert int(client.session["_auth_user_id"]) == person.user_id
    assert not person.shares_contact


def test_accept_page_mismatched_passwords_keeps_everything_unchanged(client):
    invitation = InvitationFactory(token="tok")

    response = client.post(
        url("invitation-accept", invitation.mission.slug, "tok"),
        register_data(password2="something-else-2027"),
    )

    assert response.status_code == 200
    assert "The two passwords differ." in response.text
    assert not User.objects.filter(username=invitation.email).exists()
    assert Organization.objects.count() == 0


def test_accept_page_without_notice_shows_message_and_creates_nothing(client):
    invitation = InvitationFactory(token="tok")
    data = register_data()
    del data["accept_notice"]

    response = client.post(url("invitation-accept", invitation.mission.slug, "tok"), data)

    assert "Please accept the privacy notice to take part." in response.text
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("setup", "status", "heading"),
    [
        ({"expires_at": timezone.now() - dt.timedelta(days=1)}, 410, "This invitation has expired"),
        ({"status": "accepted"}, 410, "This invitation has already been used"),
        ({"status": "revoked"}, 410, "This invitation was withdrawn"),
    ],
)
def test_accept_page_unusable_link_explains_why(client, setup, status, heading):
    invitation = InvitationFactory(token="tok", **setup)

    get = client.get(url("invitation-accept", invitation.mission.slug, "tok"))
    post = client.post(url("invitation-accept", invitation.mission.slug, "tok"), register_data())

    assert (get.status_code, post.status_code) == (status, status)
    assert heading in get.text
    assert Person.objects.count() == 0


def test_accept_page_unknown_token_is_a_clear_404_in_the_link_language(client):
    mission = MissionFactory()

    response = client.get(url("invitation-accept", mission.slug, "no-such-token", language="ar"))

    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "رابط الدعوة هذا غير صالح" in response.text


def test_accept_page_token_of_mission_a_under_mission_b_is_404(client):
    invitation = InvitationFactory(token="tok-a")
    other = MissionFactory()

    response = client.post(url("invitation-accept", other.slug, "tok-a"), register_data())

    assert response.status_code == 404
    assert Person.objects.count() == 0
    assert not User.objects.filter(username=invitation.email).exists()


def test_accept_page_existing_account_must_log_in_then_joins(client):
    account = UserFactory(username="nadia@atlas.example")
    invitation = InvitationFactory(token="tok", email="nadia@atlas.example")
    link = url("invitation-accept", invitation.mission.slug, "tok")

    anonymous = client.get(link)
    client.force_login(account)
    joined = client.post(link, register_data(password1="", password2=""))

    assert "You already have an account" in anonymous.text
    assert f"next={link}" in anonymous.text
    assert joined.status_code == 302
    assert Person.objects.get(mission=invitation.mission).user == account
    assert User.objects.filter(username__iexact="nadia@atlas.example").count() == 1


def test_accept_page_signed_in_as_someone_else_is_refused(client):
    invitation = InvitationFactory(token="tok", email="nadia@atlas.example")
    client.force_login(UserFactory(username="other@x.example"))

    response = client.post(
        url("invitation-accept", invitation.mission.slug, "tok"), register_data()
    )

    assert response.status_code == 403
    assert "This invitation is for someone else" in response.text
    assert Person.objects.count() == 0


def test_accept_page_mail_link_works_end_to_end(
    organizer_client, mission, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(url("invitation-new", mission.slug), invite_data(language="ar"))
    link = re.search(r"https?://\S+/join/\S+/", mail.outbox[0].body).group(0)
    organizer_client.logout()

    page = organizer_client.get(link)
    done = organizer_client.post(link, register_data(share_contact="on"))

    assert '<html lang="ar" dir="rtl">' in page.text
    assert done.status_code == 302
    assert Person.objects.get(email="nadia@atlas.example").shares_contact


def test_accept_page_notice_shows_privacy_contact_and_filing_reference(client):
    invitation = InvitationFactory(
        token="tok",
        mission__privacy_contact="privacy@mission.example",
        mission__data_protection_reference="D-W-123/2027",
    )

    response = client.get(url("invitation-accept", invitation.mission.slug, "tok"))

    assert "privacy@mission.example" in response.text
    assert "D-W-123/2027" in response.text


def test_registered_invitee_of_a_draft_mission_can_open_it(client):
    invitation = InvitationFactory(token="tok", mission__status="draft")
    client.post(url("invitation-accept", invitation.mission.slug, "tok"), register_data())

    profile = client.get(url("my-profile", invitation.mission.slug))
    client.logout()
    anonymous = client.get(url("mission", invitation.mission.slug))

    assert profile.status_code == 200
    assert invitation.email in profile.text
    assert anonymous.status_code == 404


def test_import_page_oversized_file_is_refused(organizer_client, mission):
    content = b"email,first_name,last_name,organization,role\n" + b"x" * (5 * 1024 * 1024)

    response = organizer_client.post(
        url("invitation-import", mission.slug),
        {"file": upload(content), "valid_days": "14"},
    )

    assert response.status_code == 400
    assert "The file is larger than 5 MB." in response.text
    assert Invitation.objects.count() == 0


def test_invitation_list_htmx_request_returns_only_the_table(organizer_client, mission):
    InvitationFactory(mission=mission, email="fresh@x.example")

    response = organizer_client.get(
        url("invitations", mission.slug), {"q": "fresh"}, headers={"HX-Request": "true"}
    )

    assert "fresh@x.example" in response.text
    assert "<html" not in response.text
