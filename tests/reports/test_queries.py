"""The figures of a hand-built mission, exactly, with and without filters."""

from __future__ import annotations

import pytest

from jisr.reports.queries import Filters, figures_for, mission_figures
from tests.factories import MissionFactory
from tests.reports.world import build_report_world


def _sides(figures):
    return {s.side: (s.participants, s.meetings_scheduled, s.meetings_held) for s in figures.sides}


def test_figures_of_the_hand_built_mission_are_exact(world):
    figures = mission_figures(world.mission)

    assert (figures.invitations, figures.registrations) == (5, 3)
    assert figures.registration_rate == pytest.approx(0.6)
    assert figures.participants == 5
    assert figures.requests == 6
    assert (
        figures.requests_pending,
        figures.requests_accepted,
        figures.requests_declined,
        figures.requests_cancelled,
    ) == (1, 3, 1, 1)
    assert figures.acceptance_rate == pytest.approx(0.75)
    assert (figures.meetings_scheduled, figures.meetings_cancelled) == (3, 1)
    assert (figures.meetings_reported, figures.meetings_no_show, figures.meetings_held) == (2, 1, 1)
    assert figures.no_show_rate == pytest.approx(0.5)
    assert _sides(figures) == {"buyer": (2, 3, 1), "provider": (3, 3, 1)}
    buyers, providers = figures.sides
    assert buyers.scheduled_per_participant == pytest.approx(1.5)
    assert buyers.held_per_participant == pytest.approx(0.5)
    assert providers.scheduled_per_participant == pytest.approx(1.0)
    assert providers.held_per_participant == pytest.approx(1 / 3)


def _funnel(figures):
    return [stage.count for stage in figures.pipeline.stages]


def test_pipeline_funnel_counts_stages_reached_and_confirmed_by_both_sides(world):
    pipeline = mission_figures(world.mission).pipeline

    assert pipeline.available
    assert [stage.key for stage in pipeline.stages] == [
        "lead",
        "nda",
        "proposal",
        "pilot",
        "contract",
    ]
    # Acme-Atlas reached a contract (skipping "proposal" still passes it); Acme-Orion
    # signed an NDA before it was lost; Northwind-Atlas is a lead.
    assert _funnel(mission_figures(world.mission)) == [3, 2, 1, 1, 1]
    assert (pipeline.leads, pipeline.ndas, pipeline.pilots, pipeline.contracts) == (3, 2, 1, 1)
    assert (pipeline.relationships, pipeline.unconfirmed, pipeline.lost) == (4, 1, 1)
    assert pipeline.stories == 1  # the unapproved story is not published


def test_pipeline_follows_the_filters(world):
    moroccan = mission_figures(world.mission, Filters(country="MA")).pipeline
    cyber = mission_figures(world.mission, Filters(service_line="cybersecurity")).pipeline
    canadian = mission_figures(world.mission, Filters(country="CA")).pipeline

    assert [s.count for s in moroccan.stages] == [3, 2, 1, 1, 1]
    assert (moroccan.unconfirmed, moroccan.stories) == (0, 1)
    assert [s.count for s in cyber.stages] == [0, 0, 0, 0, 0]
    assert (cyber.relationships, cyber.unconfirmed, cyber.stories) == (1, 1, 0)
    assert [s.count for s in canadian.stages] == [1, 0, 0, 0, 0]
    assert canadian.stories == 0


def test_country_filter_keeps_what_involves_organizations_of_that_country(world):
    figures = mission_figures(world.mission, Filters(country="MA"))

    assert (figures.invitations, figures.registrations) == (2, 1)  # revoked one left out
    assert figures.participants == 2
    # Bea->Pia, Bea->Quentin, Carl->Pia accepted; Quentin->Carl pending.
    assert (figures.requests, figures.requests_accepted, figures.requests_declined) == (4, 3, 0)
    assert figures.acceptance_rate == pytest.approx(1.0)
    assert (figures.meetings_scheduled, figures.meetings_cancelled) == (3, 0)
    assert (figures.meetings_held, figures.meetings_no_show) == (1, 1)
    # Only Moroccan people count in the per-side figures: no buyer is Moroccan.
    assert _sides(figures) == {"buyer": (0, 0, 0), "provider": (2, 3, 1)}
    assert figures.sides[0].scheduled_per_participant is None


def test_service_line_filter_selects_providers_offering_it(world):
    figures = mission_figures(world.mission, Filters(service_line="testing-qa"))

    # Pia's invitation names her organization; Rita registered through hers.
    assert (figures.invitations, figures.registrations) == (2, 2)
    assert figures.participants == 2  # Pia and Rita
    # Bea->Pia, Carl->Pia accepted; Carl->Rita declined; Rita->Bea cancelled.
    assert (figures.requests, figures.requests_accepted, figures.requests_declined) == (4, 2, 1)
    assert figures.acceptance_rate == pytest.approx(2 / 3)
    assert (figures.meetings_scheduled, figures.meetings_cancelled) == (2, 1)
    assert (figures.meetings_reported, figures.meetings_held, figures.meetings_no_show) == (1, 1, 0)
    assert figures.no_show_rate == pytest.approx(0.0)
    assert _sides(figures) == {"buyer": (0, 0, 0), "provider": (2, 2, 1)}


def test_side_filter_counts_the_people_of_that_side_only(world):
    figures = mission_figures(world.mission, Filters(side="buyer"))

    assert (figures.invitations, figures.registrations) == (2, 1)
    assert figures.participants == 2
    assert figures.requests == 6  # every request has a buyer on one side
    assert figures.meetings_scheduled == 3
    assert _sides(figures) == {"buyer": (2, 3, 1), "provider": (0, 0, 0)}


def test_filters_combine_on_the_same_organization(world):
    figures = mission_figures(world.mission, Filters(country="TN", service_line="data-ai"))

    assert figures.participants == 0
    assert figures.requests == figures.meetings_scheduled == figures.invitations == 0
    assert figures.acceptance_rate is None and figures.no_show_rate is None


def test_zero_data_mission_has_zeros_and_no_rates(db):
    figures = mission_figures(MissionFactory())

    assert figures.invitations == figures.requests == figures.meetings_scheduled == 0
    assert figures.registration_rate is None
    assert figures.acceptance_rate is None
    assert figures.no_show_rate is None
    assert all(side.scheduled_per_participant is None for side in figures.sides)
    assert not figures.pipeline.available
    assert figures.pipeline.contracts == figures.pipeline.stories == 0


def test_figures_for_several_missions_keep_each_missions_own_data(world):
    mine, other = figures_for([world.mission, world.other])

    assert mine.mission == world.mission and other.mission == world.other
    assert (other.invitations, other.participants, other.requests) == (1, 2, 2)
    assert (other.meetings_scheduled, other.meetings_no_show, other.meetings_held) == (1, 1, 0)
    assert other.acceptance_rate == pytest.approx(0.5)
    assert mine.requests == 6  # unchanged by the other mission
    assert [s.count for s in other.pipeline.stages] == [1, 1, 0, 0, 0]
    assert other.pipeline.stories == 1
    assert mine.pipeline.stories == 1


def test_figures_take_a_constant_number_of_queries(db, django_assert_num_queries):
    small = build_report_world("small")
    with django_assert_num_queries(7):
        figures_for([small.mission])
    bigger = build_report_world("bigger")
    build_report_world("biggest")
    with django_assert_num_queries(7):
        figures_for([bigger.mission, small.mission], Filters(country="MA", service_line="adm"))
