"""An organizer opens the mission report, narrows it to Moroccan organizations (HTMX
swaps the figures and the address keeps the filter), and downloads the workbook."""

import io

import pytest
from openpyxl import load_workbook

from tests.reports.world import build_report_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _log_in(page, live_server, user, path):
    page.goto(f"{live_server.url}/en/login/?next={path}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"**{path}")


def _figure(page, key):
    return page.locator(f".figure-{key} dd").inner_text()


def test_organizer_filters_the_dashboard_and_downloads_the_workbook(live_server, page, tmp_path):
    world = build_report_world("browser-report")
    _log_in(page, live_server, world.organizer, "/en/m/browser-report/reports/")
    assert _figure(page, "requests") == "6"
    assert _figure(page, "acceptance_rate") == "75 %"
    assert page.get_by_role("table", name="From request to meeting").is_visible()

    page.get_by_label("Country").select_option("MA")

    page.wait_for_url("**/reports/?country=MA**")
    page.wait_for_function("document.querySelector('.figure-requests dd').innerText === '4'")
    assert _figure(page, "participants") == "2"
    assert _figure(page, "acceptance_rate") == "100 %"
    assert _figure(page, "per_buyer") == "—"
    page.screenshot(path=tmp_path / "reports-en.png", full_page=True)

    # The workbook is built in the background (at once under the test settings), then
    # offered on its progress page.
    page.get_by_role("button", name="Download the workbook (XLSX)").click()
    page.wait_for_url("**/reports/exports/*/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the file").click()
    download = download_info.value
    assert download.suggested_filename.startswith("browser-report-report-")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    book = load_workbook(io.BytesIO(path.read_bytes()))
    people = sorted(row[0] for row in book["Participants"].iter_rows(min_row=2, values_only=True))
    assert people == ["Pia Test", "Quentin Test"]  # the filter went with the download
