"""What came of the meetings: attendance, feedback, the partnership pipeline, follow-up
reminders and success stories. One module per subject; every model is exported here.

Readers outside the app (``jisr.reports``) should prefer ``jisr.outcomes.queries``
(``pipeline_counts``, ``meetings_held``, ``no_show_rate``, ``success_stories``) to
querying these tables directly: the rules about what counts as confirmed or published
live there.
"""

from jisr.outcomes.models.attendance import Attendance, CalendarFeed
from jisr.outcomes.models.checkin import Badge, CheckIn
from jisr.outcomes.models.feedback import MeetingFeedback
from jisr.outcomes.models.followups import FollowUpReminder, PartnershipRating
from jisr.outcomes.models.pipeline import Relationship, Stage, StageChange
from jisr.outcomes.models.stories import StoryConsent, SuccessStory

__all__ = [
    "Attendance",
    "Badge",
    "CalendarFeed",
    "CheckIn",
    "FollowUpReminder",
    "MeetingFeedback",
    "PartnershipRating",
    "Relationship",
    "Stage",
    "StageChange",
    "StoryConsent",
    "SuccessStory",
]
