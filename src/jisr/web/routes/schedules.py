"""URLs of the schedules pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import schedules

urlpatterns = [
    path("schedule/", schedules.console, name="schedule_console"),
    path("schedule/runs/", schedules.start_run, name="schedule_start_run"),
    path(
        "schedule/runs/<int:run_id>/progress/",
        schedules.run_progress,
        name="schedule_run_progress",
    ),
    path("schedule/runs/<int:run_id>/cancel/", schedules.cancel_run, name="schedule_cancel_run"),
    path(
        "schedule/meetings/<int:meeting_id>/lock/",
        schedules.lock_meeting,
        name="schedule_lock_meeting",
    ),
    path("schedule/publish/", schedules.publish, name="schedule_publish"),
    path("schedule/notices/", schedules.notices, name="schedule_notices"),
    path("schedule/notices/retry/", schedules.retry_notices, name="schedule_notices_retry"),
    path("schedule/discard/", schedules.discard_draft, name="schedule_discard"),
    path("schedule/grid/", schedules.grid, name="schedule_grid"),
    path("schedule/grid/days/", schedules.add_day, name="schedule_add_day"),
    path(
        "schedule/grid/days/<int:day_id>/slots/",
        schedules.generate_slots,
        name="schedule_generate_slots",
    ),
    path(
        "schedule/grid/days/<int:day_id>/delete/", schedules.delete_day, name="schedule_delete_day"
    ),
    path(
        "schedule/grid/slots/<int:slot_id>/delete/",
        schedules.delete_slot,
        name="schedule_delete_slot",
    ),
    path("schedule/grid/tables/", schedules.add_tables, name="schedule_add_tables"),
    path(
        "schedule/grid/tables/<int:table_id>/delete/",
        schedules.delete_table,
        name="schedule_delete_table",
    ),
]
