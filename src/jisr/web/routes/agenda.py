"""URLs of the agenda pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import agenda

urlpatterns = [
    path("agenda/", agenda.my_agenda, name="agenda"),
    path("agenda/agenda.ics", agenda.agenda_ics, name="agenda_ics"),
    path("agenda/agenda.pdf", agenda.agenda_pdf, name="agenda_pdf"),
    path("agenda/calendar/reset/", agenda.feed_reset, name="agenda_feed_reset"),
    path("agenda/calendar/revoke/", agenda.feed_revoke, name="agenda_feed_revoke"),
    path("agenda/calendar/<str:token>.ics", agenda.agenda_feed, name="agenda_feed"),
    path("agenda/meetings/<uuid:meeting_uuid>/", agenda.meeting_page, name="agenda_meeting"),
    path(
        "agenda/meetings/<uuid:meeting_uuid>/meeting.ics",
        agenda.meeting_ics,
        name="agenda_meeting_ics",
    ),
    path("agenda/people/", agenda.agenda_people, name="agenda_people"),
    path("agenda/people/<int:person_id>/", agenda.person_agenda, name="person_agenda"),
    path(
        "agenda/people/<int:person_id>/badge/",
        agenda.replace_badge,
        name="person_badge_replace",
    ),
    path(
        "agenda/people/<int:person_id>/agenda.ics",
        agenda.agenda_ics,
        name="person_agenda_ics",
    ),
    path(
        "agenda/people/<int:person_id>/agenda.pdf",
        agenda.agenda_pdf,
        name="person_agenda_pdf",
    ),
]
