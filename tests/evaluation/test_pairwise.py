"""The AHP pairwise form: live consistency feedback, saving, and refusing invalid input."""

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.evaluation.models import PairwiseJudgment, Scorecard
from tests.factories import MissionFactory
from tests.factories_evaluation import JudgmentFactory, ScorecardFactory
from tests.factories_matchmaking import buyer, member, organization

pytestmark = pytest.mark.django_db

CRITERIA = ["technical_fit", "language_fit", "capacity"]  # rows in this order
INCONSISTENT = {"pair_0_1": "9", "pair_1_2": "9", "pair_0_2": "1/9"}
CONSISTENT = {"pair_0_1": "2", "pair_1_2": "2", "pair_0_2": "4"}


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def setup():
    mission = MissionFactory()
    acme = buyer(mission, name="Acme Insurance", service_lines=["adm"], languages=["en"])
    organization(mission, name="Atlas Java Works", service_lines=["adm"], headcount="50-249")
    organization(mission, name="Basic Dev", languages=["en"], headcount="1-9")
    card = ScorecardFactory(organization=acme, criteria=CRITERIA)
    person, user = member(acme)
    return mission, card, person, user


def test_pairwise_check_warns_on_inconsistent_matrix_and_names_worst_pair(client, setup):
    mission, _card, _person, user = setup
    client.force_login(user)

    response = client.post(
        url("scorecard-pairwise-check", mission.slug), INCONSISTENT, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "Inconsistent: CR is above 0.10" in response.text
    assert "The most inconsistent judgment is" in response.text
    cr = float(response.text.split("Consistency ratio (CR): ")[1].split("<")[0])
    assert cr > 0.10
    assert PairwiseJudgment.objects.count() == 0  # checking saves nothing


def test_pairwise_check_consistent_matrix_shows_weights(client, setup):
    mission, _card, _person, user = setup
    client.force_login(user)

    response = client.post(url("scorecard-pairwise-check", mission.slug), CONSISTENT)

    assert "Consistent enough: CR is 0.10 or less." in response.text
    assert "Consistency ratio (CR): 0.000" in response.text
    assert '<span class="weight-value">57.1%' in response.text  # 4/7, 2/7, 1/7


def test_pairwise_save_stores_reciprocal_matrix_and_switches_to_ahp(client, setup):
    mission, card, person, user = setup
    client.force_login(user)

    response = client.post(url("scorecard-pairwise", mission.slug), CONSISTENT)

    assert response.status_code == 302
    judgment = PairwiseJudgment.objects.get()
    assert judgment.person == person
    assert judgment.criteria == CRITERIA
    assert judgment.matrix == [[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]]
    card.refresh_from_db()
    assert card.weighting == Scorecard.Weighting.AHP


def test_pairwise_save_of_inconsistent_matrix_keeps_it_and_warns(client, setup):
    mission, _card, _person, user = setup
    client.force_login(user)

    response = client.post(url("scorecard-pairwise", mission.slug), INCONSISTENT, follow=True)

    assert PairwiseJudgment.objects.count() == 1
    assert "Your comparisons are inconsistent" in response.text
    assert "Revisit" in response.text


@pytest.mark.parametrize("bad", ["0", "abc", "nan", "-3", "10"])
def test_pairwise_save_refuses_values_off_the_scale_and_saves_nothing(client, setup, bad):
    mission, card, _person, user = setup
    client.force_login(user)

    response = client.post(
        url("scorecard-pairwise", mission.slug, language="fr"), {**CONSISTENT, "pair_0_1": bad}
    )

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.text
    assert PairwiseJudgment.objects.count() == 0
    card.refresh_from_db()
    assert card.weighting == Scorecard.Weighting.DIRECT


def test_pairwise_form_starts_from_the_members_own_matrix(client, setup):
    mission, card, person, user = setup
    JudgmentFactory(
        scorecard=card, person=person, matrix=[[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    )
    client.force_login(user)

    response = client.get(url("scorecard-pairwise", mission.slug))

    assert '<option value="3" selected>' in response.text
    assert '<option value="5" selected>' in response.text
    assert "Consistency ratio (CR)" in response.text


def test_pairwise_form_does_not_show_a_colleagues_matrix_as_ones_own(client, setup):
    mission, card, _person, user = setup
    colleague, _ = member(card.organization)
    JudgmentFactory(
        scorecard=card, person=colleague, matrix=[[1, 9, 9], [1 / 9, 1, 1], [1 / 9, 1, 1]]
    )
    client.force_login(user)

    response = client.get(url("scorecard-pairwise", mission.slug))

    assert '<option value="9" selected>' not in response.text
    assert '<option value="1" selected>' in response.text


def test_pairwise_form_in_arabic_is_right_to_left(client, setup):
    mission, _card, _person, user = setup
    client.force_login(user)

    response = client.get(url("scorecard-pairwise", mission.slug, language="ar"))

    assert '<html lang="ar" dir="rtl">' in response.text
    assert response.text.count('<select name="pair_') == 3


def test_pairwise_check_is_404_for_a_provider(client, setup):
    mission, _card, _person, _user = setup
    provider = organization(mission, name="Curious Provider")
    client.force_login(member(provider)[1])

    response = client.post(url("scorecard-pairwise-check", mission.slug), CONSISTENT)

    assert response.status_code == 404
    assert "Consistency ratio" not in response.text


def test_pairwise_form_says_when_own_matrix_is_for_other_criteria(client, setup):
    mission, card, person, user = setup
    JudgmentFactory(
        scorecard=card,
        person=person,
        criteria=["capacity", "references"],
        matrix=[[1, 3], [1 / 3, 1]],
    )
    client.force_login(user)

    response = client.get(url("scorecard-pairwise", mission.slug))

    assert "Your earlier comparisons were for other criteria" in response.text
    assert '<option value="3" selected>' not in response.text
