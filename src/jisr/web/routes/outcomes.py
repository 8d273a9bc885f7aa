"""URLs of the outcomes pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import outcomes

urlpatterns = [
    path(
        "agenda/meetings/<uuid:meeting_uuid>/feedback/",
        outcomes.meeting_feedback,
        name="meeting_feedback",
    ),
    path("partnerships/", outcomes.partnerships, name="partnerships"),
    path("partnerships/<int:relationship_id>/", outcomes.partnership, name="partnership"),
    path(
        "partnerships/<int:relationship_id>/stories/new/",
        outcomes.story_new,
        name="story_new",
    ),
    path("stories/", outcomes.stories_review, name="stories"),
    path("stories/<int:story_id>/", outcomes.story_action, name="story_action"),
    path("stories/<int:story_id>/edit/", outcomes.story_edit, name="story_edit"),
]
