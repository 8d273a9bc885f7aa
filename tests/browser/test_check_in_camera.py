"""The check-in page scanning a badge through the camera in a browser without
BarcodeDetector (iPhone Safari, Chromium on Linux), so through the vendored jsQR: one
badge in front of the lens checks its owner in once, however long it stays there."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from jisr.outcomes.models import CheckIn
from jisr.outcomes.services import issue_badge
from jisr.web.agenda.badge import badge_qr
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.fake_camera import image_from_data_uri, write_y4m
from tests.factories import UserFactory
from tests.outcomes.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
SLUG = "camera-day"
# Runs before the page's scripts. Without BarcodeDetector the page must use jsQR; the
# wrapper counts the frames in which jsQR found a code, to show scanning goes on.
NO_BARCODE_DETECTOR = """
delete window.BarcodeDetector;
window.__codesSeen = 0;
Object.defineProperty(window, "jsQR", {
  configurable: true,
  get() { return window.__jsQR; },
  set(decode) {
    window.__jsQR = function () {
      const code = decode.apply(this, arguments);
      if (code) { window.__codesSeen += 1; }
      return code;
    };
  },
});
"""


@pytest.fixture
def camera_browser(browser):  # type: ignore[no-untyped-def]
    """A second chromium from the session's Playwright, whose camera films ``video``."""
    launched = []

    def launch(video):  # type: ignore[no-untyped-def]
        args = [
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ]
        launched.append(browser.browser_type.launch(executable_path=CHROMIUM, args=args))
        return launched[-1]

    yield launch
    for each in launched:
        each.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_scanning_a_badge_with_jsqr_checks_in_once(live_server, camera_browser, tmp_path, language):
    world = build_world(slug=SLUG)
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    badge = issue_badge(world.provider)
    qr = image_from_data_uri(badge_qr(badge, slug=SLUG, language=language))
    video = write_y4m(tmp_path / "badge.y4m", qr)

    context = camera_browser(video).new_context(locale=language, permissions=["camera"])
    context.add_init_script(NO_BARCODE_DETECTOR)
    page = context.new_page()
    page.set_default_timeout(15_000)
    target = f"/{language}/m/{SLUG}/check-in/"
    posts = []
    page.on(
        "request",
        lambda r: r.method == "POST" and urlsplit(r.url).path == target and posts.append(r),
    )
    page.goto(f"{live_server.url}/{language}/login/?next={target}")
    page.locator("#id_username").fill(organizer.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"**{target}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.evaluate("'BarcodeDetector' in window") is False

    page.locator("[data-start-camera]").click()
    # The page shows the answer before the test reads the database: on SQLite the live
    # server shares the test's in-memory database, and a read while the server writes
    # fails its write with "database table is locked".
    page.locator(".check-in-success").wait_for()
    checked_in = CheckIn.objects.filter(person=world.provider)
    assert checked_in.count() == 1
    assert world.provider.full_name in page.locator(".check-in-success").inner_text()
    assert page.locator("[data-no-camera]").is_hidden()

    # The badge stays in front of the camera: jsQR keeps reading it, nothing is sent.
    seen = page.evaluate("window.__codesSeen")
    page.wait_for_timeout(2_000)
    assert page.evaluate("window.__codesSeen") > seen
    assert checked_in.count() == 1
    assert len(posts) == 1
    assert page.locator(".check-in-warning").count() == 0
    page.screenshot(path=tmp_path / f"camera-{language}.png", full_page=True)
    context.close()
