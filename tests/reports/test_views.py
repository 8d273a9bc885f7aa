"""The dashboard and comparison pages: figures on the page, filters, HTMX, permissions."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import MissionFactory, UserFactory
from tests.factories_invitations import organizer_of
from tests.reports.world import build_report_world


def _url(name, mission, language="en", query=""):
    with translation.override("en"):
        url = reverse(f"web:{name}", args=[mission.slug]).replace("/en/", f"/{language}/", 1)
    return f"{url}?{query}" if query else url


def _figure(html, key):
    """The displayed value of a headline figure on the page."""
    match = re.search(
        rf'class="figure-{key}"><dt>.*?</dt><dd><data value="[^"]*" dir="ltr">(.*?)</data>', html
    )
    assert match, key
    return match.group(1)


def test_dashboard_shows_the_headline_figures_and_charts(client, world):
    client.force_login(world.organizer)

    html = client.get(_url("reports", world.mission)).content.decode()

    assert _figure(html, "invitations") == "5"
    assert _figure(html, "registrations") == "3"
    assert _figure(html, "requests") == "6"
    assert _figure(html, "acceptance_rate") == "75 %"
    assert _figure(html, "meetings_scheduled") == "3"
    assert _figure(html, "meetings_held") == "1"
    assert _figure(html, "no_show_rate") == "50 %"
    assert _figure(html, "per_buyer") == "1.5"
    assert _figure(html, "per_provider") == "1.0"
    # Charts are tables: caption, one row per bar with its value, the bar drawn in SVG.
    assert "<caption>From request to meeting</caption>" in html
    assert _figure(html, "leads") == "3"
    assert _figure(html, "ndas") == "2"
    assert _figure(html, "contracts") == "1"
    assert _figure(html, "stories") == "1"
    assert html.count('<td class="chart-bar" aria-hidden="true"><svg') == 4 + 4 + 4 + 5
    assert "<caption>Partnership pipeline</caption>" in html
    assert "Twelve testers in Rabat" in html
    assert "Not approved yet" not in html
    assert "How we count" in html
    assert "Rabat offshoring days" not in html  # the organizer does not run the other one


def test_dashboard_filter_changes_every_figure(client, world):
    client.force_login(world.organizer)

    html = client.get(_url("reports", world.mission, query="country=MA")).content.decode()

    assert _figure(html, "invitations") == "2"
    assert _figure(html, "participants") == "2"
    assert _figure(html, "requests") == "4"
    assert _figure(html, "acceptance_rate") == "100 %"
    assert _figure(html, "per_buyer") == "—"
    assert _figure(html, "per_provider") == "1.5"
    # The exports (built in the background) carry the same filter.
    exports = html.split(reverse("web:reports_export_new", args=[world.mission.slug]), 1)[1]
    assert '<input type="hidden" name="country" value="MA">' in exports.split("</form>", 1)[0]


def test_dashboard_answers_htmx_with_the_figures_only(client, world):
    client.force_login(world.organizer)

    response = client.get(
        _url("reports", world.mission, query="side=provider&service_line=testing-qa"),
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert html.startswith('<div id="report-figures"')
    assert "<html" not in html
    assert _figure(html, "participants") == "2"
    assert _figure(html, "requests") == "4"


def test_dashboard_ignores_unknown_filter_values(client, world):
    client.force_login(world.organizer)

    html = client.get(_url("reports", world.mission, query="country=ZZ&side=x")).content.decode()

    assert _figure(html, "requests") == "6"


def test_dashboard_of_an_empty_mission_shows_zeros_and_dashes(client, db):
    mission = MissionFactory()
    organizer = organizer_of(mission)
    client.force_login(organizer)

    html = client.get(_url("reports", mission)).content.decode()

    assert _figure(html, "requests") == "0"
    assert _figure(html, "acceptance_rate") == "—"
    assert _figure(html, "no_show_rate") == "—"
    assert _figure(html, "per_buyer") == "—"
    assert _figure(html, "contracts") == "0"
    assert "No pipeline data yet" in html
    assert "No published success story yet." in html


def test_dashboard_in_arabic_is_right_to_left_with_bars_from_the_right(client, world):
    client.force_login(world.organizer)

    html = client.get(_url("reports", world.mission, language="ar")).content.decode()

    assert 'dir="rtl"' in html
    # The largest bar of "requests by status" fills the box; others end at x=100 (right).
    chart = html.split('id="chart-requests"', 1)[1].split("</table>", 1)[0]
    bars = re.findall(
        r'<rect x="([\d.]+)" y="0" width="([\d.]+)" height="10" fill="#(?!eef)', chart
    )
    assert bars and all(float(x) + float(w) == 100 for x, w in bars)


def test_participants_and_outsiders_cannot_open_the_reports(client, world):
    for user in (world.bea.user, world.other_organizer, UserFactory()):
        client.force_login(user)
        for name in ("reports", "reports_compare", "reports_xlsx", "reports_pdf"):
            response = client.get(_url(name, world.mission))
            assert response.status_code == 404, (user, name)
            assert b"Casablanca IT week" not in response.content


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(_url("reports", world.mission))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_comparison_shows_only_missions_the_user_organizes(client, world):
    third = MissionFactory(
        slug="agadir-days",
        name={"en": "Agadir days"},
        start_date=dt.date(2027, 10, 4),
        end_date=dt.date(2027, 10, 6),
    )
    third.organizers.add(world.organizer)
    MissionFactory(slug="secret", name={"en": "Someone else's mission"})
    client.force_login(world.organizer)

    html = client.get(_url("reports_compare", world.mission)).content.decode()

    assert "Casablanca IT week" in html and "Agadir days" in html
    assert "Rabat offshoring days" not in html
    assert "Someone else" not in html
    row = re.search(r"<th scope=\"row\">Meeting requests</th>(.*?)</tr>", html).group(1)
    # Newest first: Agadir, then Casablanca.
    assert re.findall(r'<td><bdi dir="ltr">(.*?)</bdi></td>', row) == ["0", "6"]


def test_comparison_for_a_superuser_lists_only_missions_they_organize(client, world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    world.mission.organizers.add(admin)
    client.force_login(admin)

    html = client.get(_url("reports_compare", world.mission)).content.decode()

    assert "Casablanca IT week" in html
    assert "Rabat offshoring days" not in html
    # A superuser may still open another mission's dashboard, as everywhere in Jisr.
    assert client.get(_url("reports", world.other)).status_code == 200


def test_comparison_applies_the_filters_to_every_mission(client, world):
    world.other.organizers.add(world.organizer)
    client.force_login(world.organizer)

    html = client.get(_url("reports_compare", world.mission, query="country=CA")).content.decode()

    row = re.search(r"<th scope=\"row\">Participants</th>(.*?)</tr>", html).group(1)
    assert re.findall(r'<td><bdi dir="ltr">(.*?)</bdi></td>', row) == ["1", "0"]


def test_dashboard_and_comparison_queries_do_not_grow_with_the_data(client, db):
    small = build_report_world("small")
    client.force_login(small.organizer)

    with CaptureQueriesContext(connection) as dashboard_small:
        client.get(_url("reports", small.mission))
    with CaptureQueriesContext(connection) as compare_small:
        client.get(_url("reports_compare", small.mission))
    for slug in ("more-1", "more-2"):
        extra = build_report_world(slug)
        extra.mission.organizers.add(small.organizer)

    with CaptureQueriesContext(connection) as dashboard_big:
        client.get(_url("reports", small.mission))
    with CaptureQueriesContext(connection) as compare_big:
        client.get(_url("reports_compare", small.mission))

    assert len(dashboard_big) == len(dashboard_small)
    assert len(compare_big) == len(compare_small)
