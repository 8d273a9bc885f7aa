"""Writes of the outcomes app, one module per subject. Each service owns its
transaction, records an activity-log entry and sends its e-mails on commit."""

from jisr.outcomes.services.attendance import (
    confirm_attendance,
    reset_calendar_feed,
    revoke_calendar_feed,
)
from jisr.outcomes.services.checkin import (
    check_in,
    issue_badge,
    issue_badges,
    record_no_shows,
    replace_badge,
)
from jisr.outcomes.services.feedback import record_feedback
from jisr.outcomes.services.followups import due_kind, send_followups
from jisr.outcomes.services.pipeline import (
    answer_stage,
    propose_stage,
    rate_partnership,
    start_relationship,
)
from jisr.outcomes.services.stories import (
    approve_story,
    feature_story,
    give_consent,
    save_story,
    withdraw_consent,
)

__all__ = [
    "answer_stage",
    "approve_story",
    "check_in",
    "confirm_attendance",
    "due_kind",
    "feature_story",
    "give_consent",
    "issue_badge",
    "issue_badges",
    "propose_stage",
    "rate_partnership",
    "record_feedback",
    "record_no_shows",
    "replace_badge",
    "reset_calendar_feed",
    "revoke_calendar_feed",
    "save_story",
    "send_followups",
    "start_relationship",
    "withdraw_consent",
]
