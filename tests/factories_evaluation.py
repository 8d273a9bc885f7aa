"""Builders for evaluation tests: scorecards, members' matrices and ratings."""

from __future__ import annotations

import factory

from jisr.evaluation.criteria import CRITERION_KEYS
from jisr.evaluation.models import PairwiseJudgment, ProviderRating, Scorecard


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scorecard

    organization = None  # always given: a buyer organization
    mission = factory.SelfAttribute("organization.mission")
    criteria = factory.LazyFunction(lambda: list(CRITERION_KEYS))


class JudgmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairwiseJudgment

    scorecard = None
    person = None
    criteria = factory.LazyAttribute(lambda o: list(o.scorecard.criteria))
    matrix = factory.LazyAttribute(
        lambda o: [[1.0] * len(o.scorecard.criteria) for _ in o.scorecard.criteria]
    )


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderRating

    scorecard = None
    provider = None
    criterion = "references"
    value = 5.0
