"""What each audited action is called on the audit page, in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jisr.core.i18n import isolate

ACTION_LABELS: dict[str, Promise] = {
    "schedules.run_started": _("Started a schedule run"),
    "schedules.run_cancelled": _("Cancelled a schedule run"),
    "schedules.draft_replaced": _("A schedule run replaced the draft"),
    "schedules.draft_reset": _("Discarded the draft changes"),
    "schedules.published": _("Published the schedule"),
    "schedules.notices_retried": _("Sent the unsent schedule e-mails again"),
    "schedules.run_restarted": _("A schedule run was restarted after its worker stopped"),
    "schedules.meeting_locked": _("Locked a meeting in place"),
    "schedules.meeting_unlocked": _("Unlocked a meeting"),
    "schedules.day_added": _("Added a meeting day"),
    "schedules.day_deleted": _("Deleted a meeting day"),
    "schedules.slots_generated": _("Generated time slots"),
    "schedules.slot_deleted": _("Deleted a time slot"),
    "schedules.tables_added": _("Added tables"),
    "schedules.table_deleted": _("Deleted a table"),
    "exchange.imported": _("Imported a mission file"),
    "invitations.imported": _("Imported invitations from a spreadsheet"),
    "invitation.created": _("Invited a participant"),
    "invitation.resent": _("Resent an invitation"),
    "invitation.revoked": _("Revoked an invitation"),
    "invitation.accepted": _("An invitation was accepted"),
    "participation.added": _("Gave a role"),
    "participation.changed": _("Changed a role"),
    "participation.removed": _("Took a role away"),
    "mission.organizer_added": _("Added an organizer"),
    "mission.organizer_removed": _("Removed an organizer"),
    "meetings.policy.updated": _("Changed the meeting rules"),
    "meetings.quota.set": _("Set a personal quota"),
    "meetings.quota.removed": _("Removed a personal quota"),
    "outcomes.story_approved": _("Approved or withdrew approval of a success story"),
    "outcomes.story_featured": _("Featured a success story"),
    "outcomes.checked_in": _("Checked a participant in"),
    "outcomes.no_shows_from_check_in": _("Recorded no-shows from check-in"),
    "outcomes.badge_replaced": _("Replaced a lost badge"),
    "outcomes.badges_issued": _("Issued check-in badges"),
    "messaging.message.hidden": _("Hid a reported message"),
    "messaging.report.dismissed": _("Kept a reported message"),
    "messaging.settings.changed": _("Changed the messaging settings"),
    "meetings.request.prioritized": _("Made a meeting request a priority"),
    "meetings.request.ordinary": _("Removed a meeting request's priority"),
    "reports.export_requested": _("Requested a report file"),
    "evaluation.destination_added": _("Added a country to the comparison"),
    "evaluation.destination_removed": _("Removed a country from the comparison"),
    "evaluation.destination_values_saved": _("Edited a country's figures"),
    "evaluation.destination_weights_saved": _("Changed the comparison weights"),
}


def action_label(action: str) -> str:
    """The label of ``action``; an action without one shows its code."""
    label = ACTION_LABELS.get(action)
    # A code is Latin text: isolated, so it keeps its order in a right-to-left page.
    return str(label) if label is not None else isolate(action, ltr=True)
