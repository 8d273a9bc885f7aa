import pytest
from django.urls import reverse
from django.utils import translation

from jisr.directory.models import ServiceLine
from jisr.directory.services import rebuild_search_documents
from jisr.missions.models import Mission
from tests.factories import (
    DescriptionFactory,
    MissionFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


def test_home_lists_open_missions_but_not_drafts(client):
    MissionFactory(name={"en": "Open mission"})
    MissionFactory(name={"en": "Secret draft"}, status=Mission.Status.DRAFT)

    response = client.get(url("home"))

    assert response.status_code == 200
    assert "Open mission" in response.text
    assert "Secret draft" not in response.text


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")])
def test_mission_page_html_lang_and_dir_follow_language(client, language, direction):
    mission = MissionFactory(name={"en": "Casablanca week", "fr": "Semaine de Casablanca"})

    response = client.get(url("mission", mission.slug, language=language))

    assert f'<html lang="{language}" dir="{direction}">' in response.text


def test_mission_page_shows_french_name_in_french(client):
    mission = MissionFactory(name={"en": "Casablanca week", "fr": "Semaine de Casablanca"})

    response = client.get(url("mission", mission.slug, language="fr"))

    assert "Semaine de Casablanca" in response.text


def test_mission_page_unknown_slug_is_404(client):
    response = client.get(url("mission", "no-such-mission"))

    assert response.status_code == 404
    assert "There is no such mission." in response.text


def test_mission_page_draft_is_404_for_anonymous(client):
    mission = MissionFactory(status=Mission.Status.DRAFT)

    response = client.get(url("mission", mission.slug))

    assert response.status_code == 404


def test_programme_page_shows_items_in_venue_time_zone(client):
    item = ProgrammeItemFactory()  # 09:00 UTC; Casablanca is UTC+1 in April 2027

    response = client.get(url("programme", item.mission.slug))

    assert response.status_code == 200
    assert "Opening talk" in response.text
    assert "10:00" in response.text


def test_programme_page_arabic_title(client):
    item = ProgrammeItemFactory()

    response = client.get(url("programme", item.mission.slug, language="ar"))

    assert "المحاضرة الافتتاحية" in response.text


def test_directory_lists_and_searches_organizations(client):
    mission = MissionFactory()
    java = OrganizationFactory(mission=mission, name="Atlas Java Works")
    DescriptionFactory(organization=java, text="Java application maintenance")
    other = OrganizationFactory(mission=mission, name="Cedar Contact Centre")
    rebuild_search_documents([java, other])

    response = client.get(url("directory", mission.slug), {"q": "java"})

    assert response.status_code == 200
    assert "Atlas Java Works" in response.text
    assert "Cedar Contact Centre" not in response.text


def test_directory_invalid_filter_is_reported_and_ignored(client):
    mission = MissionFactory()
    OrganizationFactory(mission=mission, name="Atlas Java Works")

    response = client.get(url("directory", mission.slug), {"service_line": "no-such-line"})

    assert response.status_code == 200
    assert "Some filters were not understood" in response.text
    assert "Atlas Java Works" in response.text


def test_directory_invalid_filter_message_in_french(client):
    mission = MissionFactory()

    response = client.get(url("directory", mission.slug, language="fr"), {"kind": "spaceship"})

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text


def test_directory_htmx_request_returns_results_fragment(client):
    mission = MissionFactory()
    OrganizationFactory(mission=mission, name="Atlas Java Works")

    response = client.get(url("directory", mission.slug), headers={"HX-Request": "true"})

    assert "Atlas Java Works" in response.text
    assert "<html" not in response.text


def test_directory_paginates_and_bad_page_falls_back(client):
    mission = MissionFactory()
    for index in range(25):
        OrganizationFactory(mission=mission, name=f"Org {index:02d}")

    second = client.get(url("directory", mission.slug), {"page": "2"})
    garbage = client.get(url("directory", mission.slug), {"page": "x'; DROP"})

    assert "Org 24" in second.text and "Org 00" not in second.text
    assert "Org 00" in garbage.text


def test_directory_query_count_does_not_grow_with_list(client, django_assert_max_num_queries):
    mission = MissionFactory()
    line = ServiceLine.objects.get(code="adm")

    def add(count):
        for _ in range(count):
            organization = OrganizationFactory(mission=mission)
            organization.service_lines.add(line)
            DescriptionFactory(organization=organization)

    add(3)
    with django_assert_max_num_queries(12) as small:
        client.get(url("directory", mission.slug))
    add(15)
    with django_assert_max_num_queries(12) as large:
        client.get(url("directory", mission.slug))

    assert len(large.captured_queries) == len(small.captured_queries)


def test_directory_participants_only_hidden_from_anonymous(client):
    mission = MissionFactory(directory_visibility=Mission.DirectoryVisibility.PARTICIPANTS)
    OrganizationFactory(mission=mission, name="Hidden Corp")

    response = client.get(url("directory", mission.slug))

    assert response.status_code == 403
    assert "Hidden Corp" not in response.text


def test_directory_participants_only_hidden_from_participant_of_other_mission(client):
    mission = MissionFactory(directory_visibility=Mission.DirectoryVisibility.PARTICIPANTS)
    OrganizationFactory(mission=mission, name="Hidden Corp")
    outsider = UserFactory()
    ParticipationFactory(person__user=outsider)  # participant of another mission
    client.force_login(outsider)

    response = client.get(url("directory", mission.slug))

    assert response.status_code == 403
    assert "Hidden Corp" not in response.text


def test_directory_participants_only_visible_to_own_participant(client):
    mission = MissionFactory(directory_visibility=Mission.DirectoryVisibility.PARTICIPANTS)
    organization = OrganizationFactory(mission=mission, name="Visible Corp")
    member = UserFactory()
    ParticipationFactory(person__organization=organization, person__user=member)
    client.force_login(member)

    response = client.get(url("directory", mission.slug))

    assert response.status_code == 200
    assert "Visible Corp" in response.text


def test_organization_page_shows_profile_without_emails(client):
    organization = OrganizationFactory(name="Atlas Java Works")
    DescriptionFactory(organization=organization, language="fr", text="Maintenance applicative")
    PersonFactory(organization=organization, first_name="Salma", email="salma@atlas.example")

    response = client.get(url("organization", organization.mission.slug, organization.pk))

    assert response.status_code == 200
    assert "Maintenance applicative" in response.text
    assert "Salma" in response.text
    assert "salma@atlas.example" not in response.text


def test_organization_page_of_other_mission_is_404(client):
    mission = MissionFactory()
    foreign = OrganizationFactory(name="Foreign Corp")  # its own mission

    response = client.get(url("organization", mission.slug, foreign.pk))

    assert response.status_code == 404
    assert "Foreign Corp" not in response.text


def test_organization_page_unknown_id_is_404(client):
    mission = MissionFactory()

    response = client.get(url("organization", mission.slug, 999999))

    assert response.status_code == 404


def test_login_with_email_and_logout(client):
    UserFactory(username="ana@test.example")

    login = client.post(
        url("login"), {"username": "ana@test.example", "password": "correct horse battery"}
    )
    logout = client.post(url("logout"))

    assert login.status_code == 302
    assert logout.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_wrong_password_message_in_arabic(client):
    UserFactory(username="ana@test.example")

    response = client.post(
        url("login", language="ar"), {"username": "ana@test.example", "password": "wrong"}
    )

    assert response.status_code == 200
    assert 'dir="rtl"' in response.text
    assert "الرجاء إدخال" in response.text


def test_language_switch_redirects_to_translated_url(client):
    mission = MissionFactory()

    response = client.post(
        "/i18n/setlang/", {"language": "ar", "next": url("mission", mission.slug)}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/ar/m/{mission.slug}/"
