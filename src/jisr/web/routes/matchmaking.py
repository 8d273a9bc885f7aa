"""URLs of the matchmaking pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import matchmaking

urlpatterns = [
    path("recommended/", matchmaking.recommended, name="recommended"),
    path("marks/<int:organization_id>/", matchmaking.mark, name="mark"),
    path("matching-profile/", matchmaking.matching_profile, name="matching-profile"),
]
