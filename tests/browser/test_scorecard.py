"""A buyer delegate weighs criteria in pairs, sees the consistency feedback and the ranking."""

import pytest

from jisr.evaluation.models import PairwiseJudgment
from tests.factories import MissionFactory
from tests.factories_evaluation import ScorecardFactory
from tests.factories_matchmaking import buyer, member, organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


@pytest.fixture
def delegate():
    mission = MissionFactory(slug="scorecard-mission")
    acme = buyer(mission, name="Acme Insurance", service_lines=["adm"], languages=["en"])
    organization(
        mission,
        name="Atlas Java Works",
        service_lines=["adm"],
        languages=["en"],
        headcount="250-999",
    )
    organization(mission, name="Basic Dev", languages=["fr"], headcount="1-9")
    ScorecardFactory(organization=acme, criteria=["technical_fit", "language_fit", "capacity"])
    _person, user = member(acme)
    return mission, user


def log_in(page, live_server, user, language, next_path):
    page.goto(f"{live_server.url}/{language}/login/?next={next_path}")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def fill_inconsistent_judgments(page):
    page.locator("select[name=pair_0_1]").select_option("9")
    page.locator("select[name=pair_1_2]").select_option("9")
    page.locator("select[name=pair_0_2]").select_option("1/9")


def test_buyer_fills_ahp_form_sees_consistency_warning_and_ranking(live_server, page, delegate):
    mission, user = delegate
    log_in(page, live_server, user, "en", f"/en/m/{mission.slug}/scorecard/")
    assert page.get_by_role("heading", name="Partner scorecard").is_visible()

    page.get_by_role("link", name="Compare criteria in pairs (AHP)").click()
    page.get_by_label("Technical fit compared with Language fit").select_option("9")
    page.get_by_label("Language fit compared with Capacity").select_option("9")
    page.get_by_label("Technical fit compared with Capacity").select_option("1/9")

    # Each change re-checks; wait for the answer to the last one, not an earlier one.
    worst = "The most inconsistent judgment is “Technical fit” compared with “Language fit”"
    warning = page.locator("#consistency .warning", has_text=worst)
    warning.wait_for()
    assert "CR is above 0.10" in warning.inner_text()
    page.get_by_role("button", name="Save my comparisons").click()

    page.wait_for_url(f"**/en/m/{mission.slug}/scorecard/")
    ranked = page.locator(".ranking .ranked h3").all_inner_texts()
    assert ranked == ["Atlas Java Works", "Basic Dev"]
    assert "Your comparisons are inconsistent" in page.locator(".messages").inner_text()
    assert PairwiseJudgment.objects.count() == 1


def test_buyer_checks_consistency_in_arabic_right_to_left(live_server, page, delegate):
    mission, user = delegate
    log_in(page, live_server, user, "ar", f"/ar/m/{mission.slug}/scorecard/pairwise/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    fill_inconsistent_judgments(page)
    # The last answer's CR (6.130, written the Arabic way), not an earlier answer's.
    page.locator("#consistency .cr", has_text="6,130").wait_for()
    feedback_box = page.locator("#consistency").bounding_box()
    form_box = page.locator(".pairwise-form").bounding_box()

    assert page.locator("#consistency .warning").is_visible()
    assert feedback_box["x"] < form_box["x"]  # the side panel sits on the left in RTL
    assert PairwiseJudgment.objects.count() == 0
