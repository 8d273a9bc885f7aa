"""Recommended for you: explanations, exclusions, marks, caching and precomputation."""

import io

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jisr.directory.models import Organization
from jisr.engine.matching import Reason, default_encoder, embed_profiles
from jisr.engine.matching import reasons as rc
from jisr.matchmaking.cache import DatabaseEmbeddingCache
from jisr.matchmaking.models import EmbeddingCacheEntry, Mark, RecommendationRun
from jisr.matchmaking.profiles import matchable_organizations, split_profiles
from jisr.matchmaking.queries import ORDER_MARKS, recommendations_for
from jisr.matchmaking.tasks import precompute_mission_recommendations
from jisr.meetings.models import MeetingRequest
from jisr.web import explanations
from tests.factories import MissionFactory
from tests.factories_matchmaking import MarkFactory, buyer, meeting_request, member, organization
from tests.text import without_isolates

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def market():
    """One buyer needing Java maintenance in English; a strong and a weak provider."""
    mission = MissionFactory()
    acme = buyer(
        mission,
        name="Acme Insurance",
        service_lines=["adm"],
        languages=["en"],
        certifications=["iso-27001"],
        technologies=["Java"],
        description="We need a team to maintain our Java insurance applications.",
    )
    strong = organization(
        mission,
        name="Atlas Java Works",
        service_lines=["adm", "testing-qa"],
        languages=["en", "fr"],
        certifications=["iso-27001"],
        technologies=["Java", "Spring"],
        headcount="50-249",
        description="Maintenance applicative Java pour assureurs.",
        description_language="fr",
    )
    weak = organization(
        mission,
        name="Cedar Contact Centre",
        service_lines=["bpo-contact"],
        languages=["es"],
        description="Call centre services in Spanish.",
    )
    person, user = member(acme)
    return mission, acme, strong, weak, person, user


def names_of(items):
    return [item.organization.name for item in items]


def test_recommendations_for_buyer_rank_the_fitting_provider_first(market):
    mission, _acme, _strong, _weak, person, _user = market

    items = recommendations_for(person, mission, 10)

    assert names_of(items) == ["Atlas Java Works", "Cedar Contact Centre"]
    codes = {reason.code for reason in items[0].reasons}
    assert {rc.SHARED_SERVICE_LINES, rc.CERTIFICATIONS_COVERED, rc.SIMILAR_TEXTS} <= codes


def test_recommendations_for_provider_list_buyers_only(market):
    mission, _acme, strong, _weak, _person, _user = market
    organization(mission, name="Another provider", service_lines=["adm"])
    provider_person, _ = member(strong)

    items = recommendations_for(provider_person, mission, 10)

    assert names_of(items) == ["Acme Insurance"]


def test_recommended_page_shows_explanations_with_params(client, market):
    mission, _acme, _strong, _weak, _person, user = market
    client.force_login(user)

    response = client.get(url("recommended", mission.slug))

    assert response.status_code == 200
    text = without_isolates(response.text)
    assert "Atlas Java Works" in text
    assert (
        "Offers 1 of the 1 service line you need: Application development and maintenance" in text
    )
    assert "Holds the required certifications: ISO/IEC 27001" in text
    assert "Offers none of the service lines you need" in text  # the weak one's caveat


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Développement et maintenance applicative", "1", "anglais"]),
        ("ar", ["تطوير التطبيقات وصيانتها", "1", "الإنجليزية"]),
    ],
)
def test_reason_sentences_carry_params_in_reader_language(language, expected):
    lines = Reason(rc.SHARED_SERVICE_LINES, {"items": ("adm",), "shared": 1, "needed": 1})
    langs = Reason(rc.COMMON_LANGUAGES, {"items": ("en",)})

    with translation.override(language):
        names = explanations.Names.load()
        sentences = [explanations.reason_sentence(r, names) for r in (lines, langs)]

    assert expected[0] in sentences[0]
    assert expected[1] in sentences[0]
    assert expected[2] in sentences[1]


def test_every_engine_reason_code_has_its_own_sentence():
    codes = [value for name, value in vars(rc).items() if name.isupper() and isinstance(value, str)]
    names = explanations.Names()

    sentences = {code: explanations.reason_sentence(Reason(code, {}), names) for code in codes}

    assert len(codes) >= 19
    assert all(sentence != "Other reason" for sentence in sentences.values())
    assert len(set(sentences.values())) == len(codes)


def test_recommended_page_in_arabic_is_right_to_left_with_arabic_taxonomy(client, market):
    mission, _acme, _strong, _weak, _person, user = market
    client.force_login(user)

    response = client.get(url("recommended", mission.slug, language="ar"))

    assert '<html lang="ar" dir="rtl">' in response.text
    assert "تطوير التطبيقات وصيانتها" in response.text


def test_recommendations_exclude_declined_pairs(market):
    mission, _acme, strong, _weak, person, _user = market
    provider_person, _ = member(strong)
    meeting_request(person, provider_person, MeetingRequest.Status.DECLINED)

    items = recommendations_for(person, mission, 10)

    assert names_of(items) == ["Cedar Contact Centre"]


def test_recommendations_exclude_pairs_with_an_accepted_meeting(market):
    mission, _acme, strong, _weak, person, _user = market
    provider_person, _ = member(strong)
    meeting_request(provider_person, person, MeetingRequest.Status.ACCEPTED)

    assert names_of(recommendations_for(person, mission, 10)) == ["Cedar Contact Centre"]
    assert "Atlas Java Works" not in names_of(recommendations_for(provider_person, mission, 10))


def test_recommendations_keep_pairs_with_pending_or_cancelled_requests(market):
    mission, _acme, strong, _weak, person, _user = market
    provider_person, _ = member(strong)
    meeting_request(person, provider_person, MeetingRequest.Status.CANCELLED)

    assert "Atlas Java Works" in names_of(recommendations_for(person, mission, 10))


def test_recommendations_exclude_not_interested_and_never_the_own_organization(market):
    mission, acme, strong, _weak, person, _user = market
    MarkFactory(by_organization=acme, target=strong, kind=Mark.Kind.NOT_INTERESTED)

    items = recommendations_for(person, mission, 10)

    assert names_of(items) == ["Cedar Contact Centre"]
    assert acme.name not in names_of(items)


def test_recommendations_stay_ordered_by_fit_when_the_weaker_one_is_marked(market):
    mission, acme, strong, weak, person, _user = market
    before = recommendations_for(person, mission, 10)
    MarkFactory(by_organization=acme, target=weak, kind=Mark.Kind.MUST_MEET)
    MarkFactory(by_organization=weak, target=acme, kind=Mark.Kind.MUST_MEET)  # mutual

    after = recommendations_for(person, mission, 10)

    assert names_of(before) == names_of(after) == [strong.name, weak.name]
    assert after[0].compatibility > after[1].compatibility
    assert [item.mark for item in after] == [None, "must_meet"]
    assert [item.rank_score for item in after] == [item.compatibility for item in after]
    assert any(reason.code == rc.YOU_MARKED for reason in after[1].reasons)


def test_recommendations_with_marks_first_put_must_meet_then_would_like(market):
    mission, acme, strong, weak, person, _user = market
    middle = organization(mission, name="Dune Data Labs", service_lines=["adm"], languages=["en"])
    MarkFactory(by_organization=acme, target=weak, kind=Mark.Kind.WOULD_LIKE)
    MarkFactory(by_organization=acme, target=middle, kind=Mark.Kind.MUST_MEET)
    by_fit = recommendations_for(person, mission, 10)

    marks_first = recommendations_for(person, mission, 10, order=ORDER_MARKS)

    assert names_of(by_fit)[0] == strong.name
    assert names_of(marks_first) == [middle.name, weak.name, strong.name]


def test_recommendations_filtered_by_a_mark_keep_only_that_mark(market):
    mission, acme, strong, weak, person, _user = market
    MarkFactory(by_organization=acme, target=weak, kind=Mark.Kind.WOULD_LIKE)

    would_like = recommendations_for(person, mission, 10, mark=Mark.Kind.WOULD_LIKE)
    must_meet = recommendations_for(person, mission, 10, mark=Mark.Kind.MUST_MEET)
    marked = recommendations_for(person, mission, 10, mark="marked")

    assert names_of(would_like) == names_of(marked) == [weak.name]
    assert must_meet == []
    assert strong.name not in names_of(marked)


def test_recommended_page_shows_mark_badges_and_says_how_it_is_ordered(client, market):
    mission, acme, strong, weak, _person, user = market
    MarkFactory(by_organization=acme, target=weak, kind=Mark.Kind.MUST_MEET)
    client.force_login(user)

    by_fit = client.get(url("recommended", mission.slug)).text
    marks_first = client.get(url("recommended", mission.slug) + "?order=marks").text
    only_marked = client.get(url("recommended", mission.slug) + "?mark=must_meet").text

    assert by_fit.index(strong.name) < by_fit.index(weak.name)
    assert "Ordered by fit, best first." in by_fit
    assert '<span class="badge mark-badge mark-must_meet">Must meet</span>' in by_fit
    assert marks_first.index(weak.name) < marks_first.index(strong.name)
    assert "Your must-meet marks come first" in marks_first
    assert weak.name in only_marked
    assert strong.name not in only_marked


def test_recommended_page_ignores_an_unknown_order(client, market):
    mission, _acme, strong, weak, _person, user = market
    client.force_login(user)

    text = client.get(url("recommended", mission.slug) + "?order=bogus&mark=x").text

    assert text.index(strong.name) < text.index(weak.name)
    assert "Ordered by fit, best first." in text


def test_counterpart_marks_never_show_in_explanations(market):
    mission, acme, strong, _weak, _person, _user = market
    MarkFactory(by_organization=acme, target=strong, kind=Mark.Kind.MUST_MEET)
    provider_person, _ = member(strong)

    items = recommendations_for(provider_person, mission, 10)

    codes = {reason.code for item in items for reason in item.reasons}
    assert names_of(items) == ["Acme Insurance"]
    assert not codes & {rc.THEY_MARKED, rc.MUTUAL_INTEREST}


def test_recommended_page_query_count_does_not_grow_with_the_mission(client, market):
    mission, _acme, _strong, _weak, _person, user = market
    client.force_login(user)
    client.get(url("recommended", mission.slug))  # warm the embedding cache
    with CaptureQueriesContext(connection) as few:
        client.get(url("recommended", mission.slug))
    for i in range(6):
        organization(
            mission,
            name=f"Extra {i}",
            service_lines=["adm"],
            languages=["en"],
            description=f"Extra provider number {i}",
        )
    client.get(url("recommended", mission.slug))  # embed the new texts once

    with CaptureQueriesContext(connection) as many:
        response = client.get(url("recommended", mission.slug))

    assert response.text.count('class="recommendation card"') == 8
    assert len(many) == len(few)


def test_recommended_page_for_organizer_without_organization_is_forbidden(
    client, market, organizer
):
    mission = market[0]
    mission.organizers.add(organizer)
    client.force_login(organizer)

    response = client.get(url("recommended", mission.slug))

    assert response.status_code == 403
    assert "Recommendations are for the buyers and providers" in response.text


def test_recommended_page_of_another_mission_shows_nothing_of_this_one(client, market):
    _mission, _acme, _strong, _weak, _person, _user = market
    other = MissionFactory()
    outsider_org = buyer(other, name="Outsider Bank", service_lines=["adm"])
    _p, outsider = member(outsider_org)
    client.force_login(outsider)

    response = client.get(url("recommended", other.slug))

    assert response.status_code == 200
    assert "Atlas Java Works" not in response.text
    assert "No suggestion yet" in response.text


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self):
        self.inner = default_encoder()
        self.encoded = []

    @property
    def version(self):
        return self.inner.version

    def encode(self, texts):
        self.encoded.extend(texts)
        return self.inner.encode(texts)


def test_embedding_cache_second_computation_encodes_nothing(market):
    mission = market[0]
    buyers, providers = split_profiles(matchable_organizations(mission))
    encoder = CountingEncoder()
    cache = DatabaseEmbeddingCache(encoder.version)

    first = embed_profiles([*buyers, *providers], encoder, cache)
    encoded_first = len(encoder.encoded)
    second = embed_profiles([*buyers, *providers], encoder, cache)

    assert encoded_first == 3
    assert len(encoder.encoded) == 3
    assert EmbeddingCacheEntry.objects.count() == 3
    assert np.allclose(first.matrix, second.matrix)


def test_embedding_cache_recomputes_only_a_changed_text(market):
    mission, _acme, strong, _weak, person, _user = market
    recommendations_for(person, mission, 10)
    keys_before = set(EmbeddingCacheEntry.objects.values_list("key", flat=True))
    strong.descriptions.update(text="Tests automatisés et maintenance Java.")
    encoder = CountingEncoder()
    buyers, providers = split_profiles(matchable_organizations(mission))

    embed_profiles([*buyers, *providers], encoder, DatabaseEmbeddingCache(encoder.version))

    assert encoder.encoded == ["Tests automatisés et maintenance Java."]
    keys_after = set(EmbeddingCacheEntry.objects.values_list("key", flat=True))
    assert keys_before < keys_after
    assert len(keys_after - keys_before) == 1


def test_precomputed_run_is_used_when_present(market):
    mission, _acme, _strong, _weak, person, _user = market

    rows = precompute_mission_recommendations.enqueue(mission.pk).return_value
    organization(
        mission,
        name="Newcomer Java",
        service_lines=["adm"],
        languages=["en"],
        certifications=["iso-27001"],
        technologies=["Java"],
    )
    stored = recommendations_for(person, mission, 10)

    run = RecommendationRun.objects.get(mission=mission)
    assert run.status == RecommendationRun.Status.DONE
    assert rows == 4  # two suggestions for the buyer, one for each provider
    assert names_of(stored) == ["Atlas Java Works", "Cedar Contact Centre"]
    assert stored[0].reasons[0].code in {
        rc.SHARED_SERVICE_LINES,
        rc.CERTIFICATIONS_COVERED,
        rc.SIMILAR_TEXTS,
        rc.SHARED_TECHNOLOGIES,
        rc.COMMON_LANGUAGES,
        rc.WORKING_HOURS_OVERLAP,
    }


def test_mark_change_refreshes_a_precomputed_mission(
    client, market, django_capture_on_commit_callbacks
):
    mission, _acme, strong, _weak, person, user = market
    precompute_mission_recommendations.enqueue(mission.pk)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("mark", mission.slug, strong.pk), {"kind": "not_interested"})

    assert names_of(recommendations_for(person, mission, 10)) == ["Cedar Contact Centre"]
    assert RecommendationRun.objects.filter(mission=mission).count() == 1


def test_matchable_profiles_carry_taxonomy_codes_and_headcount(market):
    mission = market[0]

    buyers, providers = split_profiles(matchable_organizations(mission))

    atlas = next(p for p in providers if p.service_lines == frozenset({"adm", "testing-qa"}))
    assert atlas.headcount == 50
    assert atlas.languages == frozenset({"en", "fr"})
    assert atlas.texts == (("fr", "Maintenance applicative Java pour assureurs."),)
    assert buyers[0].side == "buyer"
    assert buyers[0].timezone == "America/New_York"
    assert Organization.objects.count() == 3


def test_precompute_command_stores_a_run_for_the_mission(market):
    from django.core.management import call_command

    mission, _acme, _strong, _weak, person, _user = market

    call_command("precompute_recommendations", mission.slug, "--k", "1", stdout=io.StringIO())

    run = RecommendationRun.objects.get(mission=mission)
    assert run.k == 1
    assert names_of(recommendations_for(person, mission, 10)) == ["Atlas Java Works"]


def test_recommended_page_for_provider_addresses_the_provider(client, market):
    mission, _acme, strong, _weak, _person, _user = market
    client.force_login(member(strong)[1])

    text = without_isolates(client.get(url("recommended", mission.slug)).text)

    assert "Acme Insurance" in text
    assert "You offer 1 of the 1 service line they need: Application development" in text
    assert "You hold the certifications they require: ISO/IEC 27001" in text
    assert "service line you need" not in text


def test_embed_mission_texts_fills_the_cache_for_every_profile(market):
    from django.core.management import call_command

    mission = market[0]

    call_command(
        "precompute_recommendations", mission.slug, "--embeddings-only", stdout=io.StringIO()
    )

    assert EmbeddingCacheEntry.objects.count() == 3
    assert RecommendationRun.objects.count() == 0
