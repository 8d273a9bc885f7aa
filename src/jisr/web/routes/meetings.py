"""URLs of the meetings pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import availability, meetings

urlpatterns = [
    path("meetings/", meetings.my_meetings, name="meetings"),
    path("meetings/availability/", availability.availability, name="availability"),
    path("meetings/attendance/", availability.attendance, name="attendance"),
    path("meetings/request/<int:person_id>/", meetings.request_form, name="meeting_request"),
    path("meetings/<int:request_id>/accept/", meetings.accept, name="meeting_accept"),
    path("meetings/<int:request_id>/decline/", meetings.decline, name="meeting_decline"),
    path("meetings/<int:request_id>/cancel/", meetings.cancel, name="meeting_cancel"),
    path("meetings/overview/", meetings.overview, name="meetings_overview"),
    path(
        "meetings/overview/<int:request_id>/priority/",
        meetings.priority,
        name="meeting_priority",
    ),
    path("meetings/rules/", meetings.policy, name="meetings_policy"),
    path(
        "meetings/rules/quotas/<int:person_id>/remove/",
        meetings.remove_override,
        name="meetings_remove_override",
    ),
]
