"""Figures as the page, the workbook and the PDF show them: labelled headline rows and
chart geometry, computed once so the three always agree.

Charts are tables (the text alternative is the chart itself) whose bars are drawn in a
0-100 wide SVG box; in right-to-left languages the bars grow from the right, the inline
start, like the text around them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jisr.meetings.models import MeetingRequest
from jisr.reports.queries import MissionFigures

NONE = "—"
REQUEST = MeetingRequest.Status
# Colours of the bars, readable on white and told apart by their labels, not colour alone.
TONES = {
    "a": "#2f5d8a",
    "b": "#4b7fb3",
    "c": "#1f7a4d",
    "d": "#b3261e",
    "e": "#7a7a7a",
    "buyer": "#2f5d8a",
    "provider": "#9a5b00",
}


@dataclass
class Figure:
    key: str
    label: str | Promise
    value: int | float | None
    kind: str  # "count", "rate" (0..1) or "average"

    @property
    def display(self) -> str:
        return display(self.value, self.kind)


def display(value: int | float | None, kind: str = "count") -> str:
    """A localized figure; "—" when it cannot be computed (nothing to divide by)."""
    if value is None:
        return NONE
    if kind == "rate":
        return f"{number_format(value * 100, decimal_pos=0)} %"
    if kind == "average":
        return str(number_format(value, decimal_pos=1))
    return str(number_format(value, force_grouping=True))


def headline(figures: MissionFigures) -> list[Figure]:
    """The headline figures, in the order of the dashboard."""
    rows = [
        Figure("invitations", _("Invitations"), figures.invitations, "count"),
        Figure("registrations", _("Registrations"), figures.registrations, "count"),
        Figure("participants", _("Participants"), figures.participants, "count"),
        Figure("requests", _("Meeting requests"), figures.requests, "count"),
        Figure("acceptance_rate", _("Acceptance rate"), figures.acceptance_rate, "rate"),
        Figure("meetings_scheduled", _("Meetings scheduled"), figures.meetings_scheduled, "count"),
        Figure("meetings_held", _("Meetings held"), figures.meetings_held, "count"),
        Figure("no_show_rate", _("No-show rate"), figures.no_show_rate, "rate"),
    ]
    for side in figures.sides:
        label = (
            _("Meetings per buyer delegate")
            if side.side == "buyer"
            else _("Meetings per provider representative")
        )
        rows.append(Figure(f"per_{side.side}", label, side.scheduled_per_participant, "average"))
    pipeline = figures.pipeline
    rows += [
        Figure("leads", _("Leads opened"), pipeline.leads, "count"),
        Figure("ndas", _("NDAs signed"), pipeline.ndas, "count"),
        Figure("pilots", _("Pilots started"), pipeline.pilots, "count"),
        Figure("contracts", _("Contracts signed"), pipeline.contracts, "count"),
        Figure("stories", _("Success stories published"), pipeline.stories, "count"),
    ]
    return rows


@dataclass
class Bar:
    label: str | Promise
    value: int | float | None
    kind: str
    x: float  # start of the bar in a 0-100 box
    width: float
    tone: str = ""

    @property
    def display(self) -> str:
        return display(self.value, self.kind)

    @property
    def color(self) -> str:
        return TONES.get(self.tone, TONES["a"])


@dataclass
class Chart:
    key: str
    title: str | Promise
    bars: list[Bar]
    funnel: bool = False

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def _chart(
    key: str,
    title: str | Promise,
    rows: list[tuple[str | Promise, int | float | None, str]],
    *,
    rtl: bool,
    funnel: bool = False,
    kind: str = "count",
) -> Chart:
    largest = max((value or 0 for _label, value, _tone in rows), default=0)
    bars = []
    for label, value, tone in rows:
        width = round(100 * (value or 0) / largest, 2) if largest else 0.0
        # A funnel is centred; other bars start at the inline start (the right in RTL).
        start = (100 - width) / 2 if funnel else (100 - width if rtl else 0.0)
        x = round(start, 2)
        bars.append(Bar(label, value, kind, x, width, tone))
    return Chart(key, title, bars, funnel)


def charts(figures: MissionFigures, *, rtl: bool) -> list[Chart]:
    """The dashboard's and the PDF's charts."""
    result = [
        _chart(
            "meetings",
            _("From request to meeting"),
            [
                (_("Meeting requests"), figures.requests, "a"),
                (
                    REQUEST.ACCEPTED.label,
                    figures.requests_accepted,
                    "a",
                ),
                (_("Meetings scheduled"), figures.meetings_scheduled, "b"),
                (_("Meetings held"), figures.meetings_held, "c"),
            ],
            rtl=rtl,
            funnel=True,
        ),
        _chart(
            "requests",
            _("Meeting requests by status"),
            [
                (
                    REQUEST.ACCEPTED.label,
                    figures.requests_accepted,
                    "c",
                ),
                (
                    REQUEST.DECLINED.label,
                    figures.requests_declined,
                    "d",
                ),
                (REQUEST.PENDING.label, figures.requests_pending, "a"),
                (
                    REQUEST.CANCELLED.label,
                    figures.requests_cancelled,
                    "e",
                ),
            ],
            rtl=rtl,
        ),
    ]
    per_side: list[tuple[str | Promise, int | float | None, str]] = []
    for side in figures.sides:
        tone = "buyer" if side.side == "buyer" else "provider"
        if side.side == "buyer":
            per_side += [
                (_("Buyer delegates: scheduled"), side.scheduled_per_participant, tone),
                (_("Buyer delegates: held"), side.held_per_participant, tone),
            ]
        else:
            per_side += [
                (_("Provider representatives: scheduled"), side.scheduled_per_participant, tone),
                (_("Provider representatives: held"), side.held_per_participant, tone),
            ]
    result.append(
        _chart(
            "per_participant",
            _("Meetings per participant"),
            per_side,
            rtl=rtl,
            kind="average",
        )
    )
    if figures.pipeline.available:
        result.append(
            _chart(
                "pipeline",
                _("Partnership pipeline"),
                [(stage.label, stage.count, "c") for stage in figures.pipeline.stages],
                rtl=rtl,
                funnel=True,
            )
        )
    return result
