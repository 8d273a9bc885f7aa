"""Marks on profile pages: set by HTMX or form, private to the organization that set them."""

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.core.models import ActivityLogEntry
from jisr.matchmaking.models import Mark
from tests.factories import MissionFactory
from tests.factories_matchmaking import MarkFactory, buyer, member, organization

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def pair():
    mission = MissionFactory()
    acme = buyer(mission, name="Acme Insurance")
    atlas = organization(mission, name="Atlas Java Works")
    _person, user = member(acme)
    return mission, acme, atlas, user


def test_mark_set_by_htmx_returns_pressed_button_and_logs(client, pair):
    mission, acme, atlas, user = pair
    client.force_login(user)

    response = client.post(
        url("mark", mission.slug, atlas.pk), {"kind": "must_meet"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'value="must_meet" class="mark mark-must_meet" aria-pressed="true"' in response.text
    mark = Mark.objects.get()
    assert (mark.by_organization, mark.target, mark.kind) == (acme, atlas, "must_meet")
    assert ActivityLogEntry.objects.filter(action="matchmaking.mark_set").count() == 1


def test_mark_change_and_clear_without_javascript_redirects_to_profile(client, pair):
    mission, _acme, atlas, user = pair
    client.force_login(user)
    client.post(url("mark", mission.slug, atlas.pk), {"kind": "would_like"})

    changed = client.post(url("mark", mission.slug, atlas.pk), {"kind": "not_interested"})
    kind_after_change = Mark.objects.get().kind
    cleared = client.post(url("mark", mission.slug, atlas.pk), {"kind": "clear"})

    assert kind_after_change == "not_interested"
    assert changed.headers["Location"] == url("organization", mission.slug, atlas.pk)
    assert cleared.status_code == 302
    assert Mark.objects.count() == 0


def test_mark_invalid_kind_is_refused_and_nothing_saved(client, pair):
    mission, _acme, atlas, user = pair
    client.force_login(user)

    response = client.post(url("mark", mission.slug, atlas.pk, language="fr"), {"kind": "maybe"})

    assert response.status_code == 400
    assert Mark.objects.count() == 0
    assert 'role="alert"' in response.text


def test_marks_of_one_organization_are_invisible_to_another(client, pair):
    mission, acme, atlas, _user = pair
    MarkFactory(by_organization=acme, target=atlas, kind=Mark.Kind.MUST_MEET)
    rival = buyer(mission, name="Rival Bank")
    _p, rival_user = member(rival)
    client.force_login(rival_user)

    response = client.get(url("mark", mission.slug, atlas.pk), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'aria-pressed="true"' not in response.text
    assert "Clear mark" not in response.text


def test_marked_organization_does_not_see_who_marked_it(client, pair):
    mission, acme, atlas, _user = pair
    MarkFactory(by_organization=acme, target=atlas, kind=Mark.Kind.MUST_MEET)
    _p, atlas_user = member(atlas)
    client.force_login(atlas_user)

    fragment = client.get(url("mark", mission.slug, acme.pk), HTTP_HX_REQUEST="true")
    page = client.get(url("recommended", mission.slug))

    assert 'aria-pressed="true"' not in fragment.text
    assert "Acme Insurance" in page.text
    assert "marked you" not in page.text
    assert "Both sides want to meet" not in page.text


def test_mark_on_organization_of_another_mission_is_404(client, pair):
    _mission, _acme, _atlas, user = pair
    other = MissionFactory()
    foreign = organization(other, name="Foreign Provider")
    client.force_login(user)

    wrong_mission = client.post(url("mark", _mission.slug, foreign.pk), {"kind": "must_meet"})

    assert wrong_mission.status_code == 404
    assert Mark.objects.count() == 0


def test_mark_on_same_side_is_forbidden_and_htmx_shows_no_buttons(client, pair):
    mission, _acme, _atlas, user = pair
    other_buyer = buyer(mission, name="Other Buyer")
    client.force_login(user)

    fragment = client.get(url("mark", mission.slug, other_buyer.pk), HTTP_HX_REQUEST="true")
    post = client.post(url("mark", mission.slug, other_buyer.pk), {"kind": "must_meet"})

    assert fragment.status_code == 200
    assert fragment.text == ""
    assert post.status_code == 403
    assert Mark.objects.count() == 0


def test_profile_page_loads_mark_buttons_for_signed_in_participant(client, pair):
    mission, _acme, atlas, user = pair
    client.force_login(user)

    response = client.get(url("organization", mission.slug, atlas.pk))

    assert f'hx-get="{url("mark", mission.slug, atlas.pk)}"' in response.text


def test_profile_page_has_no_mark_slot_for_visitors(client, pair):
    mission, _acme, atlas, _user = pair

    response = client.get(url("organization", mission.slug, atlas.pk))

    assert response.status_code == 200
    assert "marks-slot" not in response.text


def test_matching_profile_saves_buyer_team_and_budget_and_feeds_the_engine(client, pair):
    from jisr.matchmaking.models import CommercialProfile
    from jisr.matchmaking.profiles import matchable_organizations, profile_of

    mission, acme, _atlas, user = pair
    client.force_login(user)

    response = client.post(
        url("matching-profile", mission.slug),
        {"team_size": "12", "band_low": "250", "band_high": "400"},
    )

    assert response.status_code == 302
    saved = CommercialProfile.objects.get(organization=acme)
    assert (saved.team_size, float(saved.band_low), float(saved.band_high)) == (12, 250.0, 400.0)
    profile = profile_of(matchable_organizations(mission).get(pk=acme.pk))
    assert profile.team_size == 12
    assert (profile.band.low, profile.band.high) == (250.0, 400.0)


def test_matching_profile_inverted_band_is_refused_and_nothing_saved(client, pair):
    from jisr.matchmaking.models import CommercialProfile

    mission, _acme, _atlas, user = pair
    client.force_login(user)

    response = client.post(
        url("matching-profile", mission.slug, language="fr"),
        {"team_size": "12", "band_low": "400", "band_high": "250"},
    )

    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert CommercialProfile.objects.count() == 0


def test_matching_profile_of_provider_has_no_team_size(client, pair):
    mission, _acme, atlas, _user = pair
    client.force_login(member(atlas)[1])

    response = client.get(url("matching-profile", mission.slug))

    assert response.status_code == 200
    assert 'name="team_size"' not in response.text
    assert 'name="band_low"' in response.text
