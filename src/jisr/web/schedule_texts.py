"""Engine reason codes and run error codes as sentences organizers can read.

The engine and the worker speak in codes; this is the one place that turns them into
translatable text, so every page and every language says the same thing.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

UNSCHEDULED_REASONS: dict[str, Promise] = {
    "no_allowed_slot": _(
        "No slot is allowed for this meeting (session rules, unavailability or no table "
        "at that time)."
    ),
    "no_common_free_slot": _("The two participants have no free slot in common."),
    "no_table": _("Every table is taken in the slots both participants have free."),
    "participant_limit": _("One participant has reached their maximum number of meetings."),
    "travel_buffer": _("No slot leaves enough time to travel between venues."),
    "fixed_conflict": _("The meeting is locked to a slot that is no longer possible."),
    "capacity": _("Not enough slots and tables for every meeting; lower-priority ones wait."),
    "precedence": _(
        "Its participants are free at the same time only where it would break the "
        "required order of meetings."
    ),
    "fairness": _("Placing it would give someone more breaks than the fairness rule allows."),
    "table_capacity": _(
        "It fits only in slots whose tables all hold meetings of equal or higher priority."
    ),
    "objective": _("Placing it would have cost more breaks or fairness than it gained."),
    "time_limit": _("The solver ran out of time before placing it."),
    "not_in_run": _("Accepted after the last run; run the scheduler again."),
    "infeasible": _("No schedule satisfies every rule, so no meeting was placed."),
    "unknown": _("The engine gave no reason."),
}

# The engine's infeasibility codes (``Conflict.code``).
CONFLICTS: dict[str, Promise] = {
    "fixed_slot_unusable": _("A locked meeting is in a slot it can no longer use."),
    "fixed_double_booked": _("Someone has two meetings locked to the same slot."),
    "fixed_over_capacity": _("More meetings are locked to a slot than it has tables."),
    "over_max_meetings": _("Someone has more required meetings than their maximum."),
    "over_capacity": _("There are more required meetings than slots and tables."),
    "precedence_impossible": _("Two meetings cannot be held in the required order."),
    "precedence_cycle": _("The required order of meetings goes round in a circle."),
    "participant_overbooked": _("Someone has more meetings than slots they can attend."),
    "window_overbooked": _(
        "One session must hold more meetings than its tables allow: its participants "
        "have too few free slots outside it."
    ),
    "rules_together": _("These rules together leave no schedule that holds every meeting."),
    "locked_meetings_clash": _("No schedule keeps every locked meeting in its slot."),
}

RUN_ERRORS: dict[str, Promise] = {
    "cancelled": _("Cancelled. The previous draft was kept."),
    "cancelled_before_start": _("Cancelled before it started. The previous draft was kept."),
    "interrupted": _(
        "The run was interrupted (the background worker stopped). The previous draft was "
        "kept; start a new run."
    ),
    "engine_rejected": _("The engine rejected the input. The previous draft was kept."),
    "infeasible": _(
        "No schedule satisfies every rule; see the conflicting rules. The previous draft was kept."
    ),
    "no_solution": _(
        "The solver found no schedule within the time limit. Give it more time. The "
        "previous draft was kept."
    ),
    "crashed": _("The run failed unexpectedly. The previous draft was kept."),
}

RULES: dict[str, Promise] = {
    "slot_range": _("a meeting is in a slot that no longer exists"),
    "one_meeting_per_participant_slot": _("someone has two meetings at once"),
    "table_capacity": _("a slot has more meetings than tables"),
    "sessions": _("a meeting is outside its session"),
    "forbidden": _("a meeting is at a time someone is unavailable"),
    "fixed": _("a locked meeting is not in its slot"),
    "precedences": _("meetings are in the wrong order"),
    "travel_buffer": _("someone cannot travel between venues in time"),
    "max_meetings": _("someone has more meetings than allowed"),
    "all_meetings": _("a required meeting is missing"),
    "fairness": _("breaks are shared too unevenly"),
    "tables": _("a table holds two meetings at once"),
}


def unscheduled_reason(code: str) -> str:
    return str(UNSCHEDULED_REASONS.get(code, UNSCHEDULED_REASONS["unknown"]))


def run_error(code: str) -> str:
    return str(RUN_ERRORS.get(code, RUN_ERRORS["crashed"])) if code else ""


def rule_text(code: str) -> str:
    return str(RULES.get(code, code))


def conflict_text(code: str) -> str:
    return str(CONFLICTS.get(code, CONFLICTS["rules_together"]))


PRIORITY_LABELS: dict[str, Promise] = {
    "organizer": _("Organizer priority"),
    "must_meet": _("Must meet"),
    "mutual": _("Mutual interest"),
}


def priority_label(reason: str) -> str:
    return str(PRIORITY_LABELS.get(reason, reason))
