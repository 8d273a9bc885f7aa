"""URLs of on-site check-in and "my next meeting", under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import checkin

urlpatterns = [
    path("check-in/", checkin.check_in_page, name="check_in"),
    path("check-in/no-shows/", checkin.no_shows, name="check_in_no_shows"),
    path("next/", checkin.next_meeting, name="next_meeting"),
]
