"""An organizer invites someone; the invitee opens the e-mailed link, registers, and
appears on their organization's page. Once in English and once with an Arabic invitation."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from jisr.directory.models import Person
from jisr.missions.models import Mission
from tests.factories import MissionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Zellige-Tile-2027"


@pytest.fixture
def mission():
    mission = MissionFactory(
        slug="registration-mission",
        directory_visibility=Mission.DirectoryVisibility.PARTICIPANTS,
    )
    organizer = UserFactory(username="organizer@test.example", first_name="Omar")
    mission.organizers.add(organizer)
    return mission


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_invited_person_registers_and_appears_on_the_profile(
    live_server, browser, page, mission, language, direction
):
    page.goto(f"{live_server.url}/en/login/")
    page.fill("input[name=username]", "organizer@test.example")
    page.fill("input[name=password]", "correct horse battery")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/en/")

    page.goto(f"{live_server.url}/en/m/{mission.slug}/invitations/new/")
    page.get_by_label("Email").fill("salma@atlas.example")
    page.get_by_label("First name").fill("Salma")
    page.get_by_label("Last name").fill("Alaoui")
    page.get_by_label("Organization").fill("Atlas Soft")
    page.get_by_label("Role").select_option("provider")
    page.get_by_label("Language of the invitation").select_option(language)
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url(f"**/m/{mission.slug}/invitations/")
    assert page.get_by_text("salma@atlas.example").first.is_visible()

    link = re.search(r"https?://\S+/join/\S+/", mail.outbox[-1].body).group(0)
    invitee = browser.new_context(locale="en-US").new_page()
    invitee.goto(link)
    assert invitee.locator("html").get_attribute("dir") == direction
    assert invitee.get_by_text("Omar").first.is_visible()
    invitee.fill("input[name=password1]", PASSWORD)
    invitee.fill("input[name=password2]", PASSWORD)
    invitee.fill("input[name=country]", "MA")
    invitee.fill("input[name=city]", "Rabat")
    invitee.check("input[name=accept_notice]")
    invitee.check("input[name=share_contact]")
    invitee.locator("form.stacked-form button[type=submit]").click()
    invitee.wait_for_url(f"**/{language}/m/{mission.slug}/profile/")

    person = Person.objects.get(email="salma@atlas.example")
    invitee.goto(
        f"{live_server.url}/{language}/m/{mission.slug}/organizations/{person.organization_id}/"
    )
    assert invitee.get_by_text("Salma Alaoui", exact=False).first.is_visible()
    assert invitee.get_by_role("link", name="salma@atlas.example").is_visible()
    invitee.context.close()
