"""Buyer scorecards: ranking, weights, must-haves, ratings and privacy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jisr.core.errors import NotFound
from jisr.engine.evaluation import NotReciprocalError
from jisr.evaluation.models import PairwiseJudgment, ProviderRating, Scorecard
from jisr.evaluation.services import save_judgment
from tests.factories import MissionFactory
from tests.factories_evaluation import JudgmentFactory, RatingFactory, ScorecardFactory
from tests.factories_matchmaking import buyer, member, organization
from tests.text import without_isolates

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def mission():
    return MissionFactory()


@pytest.fixture
def acme(mission):
    return buyer(mission, name="Acme Insurance", service_lines=["adm"], languages=["en"])


@pytest.fixture
def delegate(acme):
    person, user = member(acme)
    return person, user


@pytest.fixture
def providers(mission):
    secure = organization(
        mission,
        name="Atlas Secure",
        service_lines=["adm"],
        languages=["en", "fr"],
        certifications=["iso-27001", "iso-9001", "cmmi-3"],
        headcount="250-999",
    )
    plain = organization(
        mission, name="Basic Dev", service_lines=["mobile"], languages=["fr"], headcount="1-9"
    )
    return secure, plain


def ranked_names(text):
    import re

    return re.findall(r'<h3><a href="[^"]+"><bdi>([^<]+)</bdi></a></h3>', text)


def test_scorecard_ranks_providers_from_profiles_with_contribution_bars(
    client, mission, delegate, providers
):
    _person, user = delegate
    client.force_login(user)

    response = client.get(url("scorecard", mission.slug))

    assert response.status_code == 200
    assert ranked_names(response.text) == ["Atlas Secure", "Basic Dev"]
    assert "Ranking by Weighted sum" in response.text
    assert response.text.count('class="contribution"') == 2 * 9
    assert "(neutral, not rated)" in response.text
    assert Scorecard.objects.count() == 0  # looking saves nothing


def test_scorecard_lists_constant_criteria_as_not_separating(client, mission, delegate, providers):
    client.force_login(delegate[1])

    response = client.get(url("scorecard", mission.slug))

    assert "These criteria cannot separate anyone" in response.text
    assert (
        "Cost competitiveness, Time-zone overlap, References, Financial stability" in response.text
    )


def test_scorecard_direct_weights_change_the_order(client, mission, delegate, providers, acme):
    secure, plain = providers
    card = ScorecardFactory(organization=acme, criteria=["cost_competitiveness", "capacity"])
    RatingFactory(scorecard=card, provider=plain, criterion="cost_competitiveness", value=5)
    RatingFactory(scorecard=card, provider=secure, criterion="cost_competitiveness", value=1)
    client.force_login(delegate[1])

    response = client.post(
        url("scorecard-weights", mission.slug), {"cost_competitiveness": "9", "capacity": "1"}
    )
    page = client.get(url("scorecard", mission.slug))

    assert response.status_code == 302
    card.refresh_from_db()
    assert card.direct_weights == {"cost_competitiveness": 9.0, "capacity": 1.0}
    assert ranked_names(page.text) == ["Basic Dev", "Atlas Secure"]
    assert "90%" in page.text  # the locale's percentage (CLDR)


def test_scorecard_all_zero_weights_are_refused_and_nothing_saved(
    client, mission, delegate, providers, acme
):
    card = ScorecardFactory(
        organization=acme, criteria=["capacity", "language_fit"], direct_weights={"capacity": 2}
    )
    client.force_login(delegate[1])

    response = client.post(
        url("scorecard-weights", mission.slug), {"capacity": "0", "language_fit": "0"}
    )

    assert response.status_code == 400
    assert "At least one weight must be above zero." in response.text
    card.refresh_from_db()
    assert card.direct_weights == {"capacity": 2}


def test_scorecard_nan_weight_is_refused_in_the_readers_language(
    client, mission, delegate, providers, acme
):
    ScorecardFactory(organization=acme, criteria=["capacity", "language_fit"])
    client.force_login(delegate[1])

    response = client.post(
        url("scorecard-weights", mission.slug, language="fr"),
        {"capacity": "nan", "language_fit": "1"},
    )

    assert response.status_code == 400
    assert "Saisissez un nombre" in response.text
    assert Scorecard.objects.get().direct_weights == {}


def test_scorecard_must_have_excludes_provider_with_reason(client, mission, delegate, providers):
    client.force_login(delegate[1])

    client.post(
        url("scorecard-settings", mission.slug),
        {
            "method": "topsis",
            "criteria": ["technical_fit", "capacity", "information_security"],
            "required_certifications": ["iso-27001"],
        },
    )
    response = client.get(url("scorecard", mission.slug))

    assert ranked_names(response.text) == ["Atlas Secure"]
    assert "Set aside by a must-have" in response.text
    assert "Basic Dev</bdi></a>: Lacks the required certifications: ISO/IEC 27001" in (
        without_isolates(response.text)
    )
    assert "Ranking by TOPSIS" in response.text


def test_scorecard_every_provider_excluded_explains_instead_of_failing(
    client, mission, delegate, providers, acme
):
    ScorecardFactory(organization=acme, required_certifications=["soc-2"])
    client.force_login(delegate[1])

    response = client.get(url("scorecard", mission.slug))

    assert response.status_code == 200
    assert "No provider is left to rank: 2 failed a must-have." in response.text


def test_scorecard_settings_with_one_criterion_are_refused(client, mission, delegate, providers):
    client.force_login(delegate[1])

    response = client.post(
        url("scorecard-settings", mission.slug), {"method": "topsis", "criteria": ["capacity"]}
    )

    assert response.status_code == 400
    assert "Choose at least two criteria." in response.text
    assert Scorecard.objects.count() == 0


def test_scorecard_methods_disagree_badge(client, mission, delegate, acme):
    values = [
        ("P1", {"technical_fit": 5, "language_fit": 0, "capacity": 1, "time_zone_overlap": 4}),
        ("P2", {"technical_fit": 3, "language_fit": 5, "capacity": 50, "time_zone_overlap": 4}),
        (
            "P3",
            {"technical_fit": 2.5, "language_fit": 2.5, "capacity": 250, "time_zone_overlap": 4},
        ),
        ("P4", {"technical_fit": 0, "language_fit": 5, "capacity": 1000, "time_zone_overlap": 0}),
    ]
    card = ScorecardFactory(organization=acme)
    for name, overrides in values:
        provider = organization(mission, name=name)
        for key, value in overrides.items():
            RatingFactory(scorecard=card, provider=provider, criterion=key, value=value)
    client.force_login(delegate[1])

    response = client.get(url("scorecard", mission.slug))

    assert "Methods disagree" in response.text
    assert "TOPSIS: <bdi>P4</bdi>, <bdi>P2</bdi>, <bdi>P3</bdi>" in response.text


def test_scorecard_methods_agree_when_one_provider_dominates(client, mission, delegate, providers):
    client.force_login(delegate[1])

    response = client.get(url("scorecard", mission.slug))

    assert "Methods disagree" not in response.text
    assert "agree on the top 2" in response.text


def test_provider_rating_saves_and_clears_values(client, mission, delegate, providers, acme):
    secure, _plain = providers
    client.force_login(delegate[1])

    client.post(
        url("scorecard-provider", mission.slug, secure.pk),
        {"references": "5", "financial_stability": "4", "capacity": ""},
    )
    saved = dict(ProviderRating.objects.values_list("criterion", "value"))
    client.post(url("scorecard-provider", mission.slug, secure.pk), {"references": "5"})

    assert saved == {"references": 5.0, "financial_stability": 4.0}
    assert dict(ProviderRating.objects.values_list("criterion", "value")) == {"references": 5.0}


def test_provider_rating_out_of_range_is_refused_and_nothing_saved(
    client, mission, delegate, providers
):
    secure, _plain = providers
    client.force_login(delegate[1])

    response = client.post(
        url("scorecard-provider", mission.slug, secure.pk),
        {"references": "7", "financial_stability": "4"},
    )

    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 5" in response.text
    assert ProviderRating.objects.count() == 0


def test_provider_rating_of_provider_in_another_mission_is_404(client, mission, delegate):
    foreign = organization(MissionFactory(), name="Foreign Provider")
    client.force_login(delegate[1])

    response = client.get(url("scorecard-provider", mission.slug, foreign.pk))

    assert response.status_code == 404
    assert "Foreign Provider" not in response.text


def test_scorecard_is_invisible_to_another_company_of_the_same_mission(
    client, mission, delegate, providers, acme
):
    secure, _plain = providers
    card = ScorecardFactory(organization=acme, direct_weights={"capacity": 7}, method="topsis")
    RatingFactory(scorecard=card, provider=secure, criterion="references", value=5)
    rival = buyer(mission, name="Rival Bank")
    _p, rival_user = member(rival)
    client.force_login(rival_user)

    response = client.get(url("scorecard", mission.slug))
    rating = client.get(url("scorecard-provider", mission.slug, secure.pk))

    assert "matter to <bdi>Rival Bank</bdi>" in response.text
    assert "Ranking by Weighted sum" in response.text  # its own default, not Acme's TOPSIS
    assert 'value="5.0"' not in rating.text and 'value="5"' not in rating.text


@pytest.mark.parametrize("who", ["provider", "organizer", "outsider", "anonymous"])
def test_scorecard_is_404_for_anyone_but_the_buyer(
    client, mission, providers, acme, who, organizer
):
    ScorecardFactory(organization=acme)
    if who == "provider":
        client.force_login(member(providers[0])[1])
    elif who == "organizer":
        mission.organizers.add(organizer)
        client.force_login(organizer)
    elif who == "outsider":
        client.force_login(member(buyer(MissionFactory(), name="Elsewhere"))[1])

    response = client.get(url("scorecard", mission.slug))

    if who == "anonymous":
        assert response.status_code == 302
        assert "/login/" in response.headers["Location"]
    else:
        assert response.status_code == 404
        assert "Acme Insurance" not in response.text


def test_scorecard_query_count_does_not_grow_with_providers(client, mission, delegate, providers):
    client.force_login(delegate[1])
    with CaptureQueriesContext(connection) as few:
        client.get(url("scorecard", mission.slug))
    for i in range(5):
        organization(mission, name=f"Extra {i}", service_lines=["adm"], certifications=["soc-2"])

    with CaptureQueriesContext(connection) as many:
        response = client.get(url("scorecard", mission.slug))

    assert len(ranked_names(response.text)) == 7
    assert len(many) == len(few)


def test_save_judgment_refuses_a_non_reciprocal_matrix_and_saves_nothing(delegate, acme):
    person, _user = delegate
    ScorecardFactory(organization=acme, criteria=["capacity", "language_fit", "technical_fit"])
    matrix = [[1, 3, 5], [3, 1, 2], [0.2, 0.5, 1]]

    with pytest.raises(NotReciprocalError):
        save_judgment(person, matrix=matrix)

    assert PairwiseJudgment.objects.count() == 0
    assert Scorecard.objects.get().weighting == "direct"


def test_save_judgment_for_a_provider_is_not_found(providers):
    provider_person, _ = member(providers[0])

    with pytest.raises(NotFound):
        save_judgment(provider_person, matrix=[[1, 1], [1, 1]])

    assert Scorecard.objects.count() == 0


def test_group_judgments_are_combined_with_spread(client, mission, delegate, providers, acme):
    card = ScorecardFactory(
        organization=acme, criteria=["capacity", "technical_fit"], weighting="ahp"
    )
    JudgmentFactory(scorecard=card, person=delegate[0], matrix=[[1, 3], [1 / 3, 1]])
    JudgmentFactory(scorecard=card, person=member(acme)[0], matrix=[[1, 1 / 3], [3, 1]])
    client.force_login(delegate[1])

    response = client.get(url("scorecard", mission.slug))

    assert "2 delegates have compared the criteria" in response.text
    assert "delegates: 25.0–75.0%" in response.text
    # the geometric mean of 3 and 1/3 is 1: equal weights
    assert response.text.count('<span class="weight-value">50%') == 2
