"""An organizer runs the scheduler on a small mission, reads the figures and publishes."""

import pytest
from django.core import mail

from jisr.schedules.models import Publication, ScheduledMeeting
from tests.factories import UserFactory
from tests.factories_schedules import accept, small_mission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    world = small_mission(slug="console-mission", n_slots=4, n_tables=2, n_buyers=2, n_providers=2)
    world.organizer = UserFactory(username="organizer@test.example")
    world.mission.organizers.add(world.organizer)
    for buyer in world.buyers:
        for provider in world.providers:
            accept(buyer, provider)
    return world


def log_in(page, live_server, next_path):
    page.goto(f"{live_server.url}/en/login/?next={next_path}")
    page.get_by_label("Email").fill("organizer@test.example")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()


def test_organizer_runs_the_scheduler_sees_figures_and_publishes(live_server, page, world):
    console = f"/en/m/{world.mission.slug}/schedule/"
    log_in(page, live_server, console)
    page.wait_for_url(f"**{console}")

    page.get_by_label("Time limit (seconds)").fill("3")
    page.get_by_role("button", name="Run the scheduler").click()

    page.wait_for_url(f"**{console}#run")
    assert page.locator("#figure-placed").inner_text() == "4 of 4"
    assert page.locator("#figure-breaks").inner_text() == "0"
    assert page.locator("#loads tbody tr").count() == 4
    assert page.locator("table.schedule-grid td.meeting").count() == 4

    page.get_by_role("button", name="Publish the schedule").click()

    page.wait_for_selector("text=Version 1 is published")
    assert Publication.objects.get(mission=world.mission).version == 1
    assert ScheduledMeeting.objects.filter(mission=world.mission, state="published").count() == 4
    assert len(mail.outbox) == 4
    assert page.get_by_role("heading", name="Changes to approve").is_visible()


def test_organizer_console_in_arabic_is_right_to_left(live_server, page, world):
    log_in(page, live_server, f"/ar/m/{world.mission.slug}/schedule/")

    page.wait_for_url(f"**/ar/m/{world.mission.slug}/schedule/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#run-heading").is_visible()
