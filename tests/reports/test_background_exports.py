"""Report files built by a worker: asked for with a POST, followed on a polling page,
downloaded when ready; stored through Django's storage API."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jisr.reports import services
from jisr.reports.models import ReportExport
from jisr.reports.queries import Filters


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


def _post(client, mission, **data):
    return client.post(reverse("web:reports_export_new", args=[mission.slug]), data)


def test_asking_for_the_workbook_builds_it_in_the_background_then_offers_it(client, world, media):
    client.force_login(world.organizer)

    response = _post(client, world.mission, kind="xlsx", country="MA")

    export = ReportExport.objects.get()
    status_url = reverse("web:reports_export", args=[world.mission.slug, export.pk])
    assert response.status_code == 302 and response["Location"] == status_url
    # The test settings run tasks at once; a real worker would do it meanwhile.
    assert (export.status, export.progress, export.filters["country"]) == ("done", 100, "MA")
    assert (media / export.file.name).is_file()
    page = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in page  # done: the page stops polling
    assert "/download" in page
    download = client.get(
        reverse("web:reports_export_download", args=[world.mission.slug, export.pk])
    )
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames == ["Summary", "Participants", "Meetings", "Pipeline"]
    assert 'attachment; filename="' in download["Content-Disposition"]


def test_pdf_export_stores_a_pdf_file(client, world):
    client.force_login(world.organizer)

    _post(client, world.mission, kind="pdf")

    export = ReportExport.objects.get()
    assert export.status == "done" and export.kind == "pdf"
    with export.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    assert export.size > 1000


def test_a_queued_export_page_polls_for_progress(client, world):
    client.force_login(world.organizer)
    export = ReportExport.objects.create(
        mission=world.mission, requested_by=world.organizer, kind="pdf", progress=40
    )

    page = client.get(reverse("web:reports_export", args=[world.mission.slug, export.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert 'hx-trigger="every 1s"' in text
    assert 'value="40"' in text
    not_ready = client.get(
        reverse("web:reports_export_download", args=[world.mission.slug, export.pk])
    )
    assert not_ready.status_code == 302


def test_export_of_another_mission_answers_404(client, world):
    client.force_login(world.other_organizer)
    export = services.request_export(
        world.mission, by=world.organizer, kind="xlsx", filters=Filters(), language="en"
    )

    for name in ("reports_export", "reports_export_download"):
        url = reverse(f"web:{name}", args=[world.other.slug, export.pk])
        assert client.get(url).status_code == 404
        own_slug_url = reverse(f"web:{name}", args=[world.mission.slug, export.pk])
        assert client.get(own_slug_url).status_code == 404
    assert _post(client, world.mission, kind="pdf").status_code == 404


def test_building_again_leaves_a_finished_export_alone(world):
    export = services.request_export(
        world.mission, by=world.organizer, kind="xlsx", filters=Filters(), language="en"
    )
    export.refresh_from_db()
    name = export.file.name

    assert services.build_export(export.pk) == "done"
    export.refresh_from_db()
    assert export.file.name == name


def test_old_exports_are_deleted_with_their_files(world, media):
    export = services.request_export(
        world.mission, by=world.organizer, kind="xlsx", filters=Filters(), language="en"
    )
    export.refresh_from_db()
    path = media / export.file.name

    later = timezone.now() + services.KEEP_EXPORTS + timezone.timedelta(hours=1)
    assert services.delete_old_exports(now=later) == 1
    assert not path.exists()
    assert not ReportExport.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_old_direct_link_queues_one_build_and_leads_to_its_progress_page(client, world, media):
    from django_tasks_db.models import DBTaskResult

    client.force_login(world.organizer)
    link = reverse("web:reports_xlsx", args=[world.mission.slug]) + "?country=MA"

    first = client.get(link)
    again = client.get(link)  # followed again while the worker has not started

    export = ReportExport.objects.get()
    status_url = reverse("web:reports_export", args=[world.mission.slug, export.pk])
    assert first["Location"] == again["Location"] == status_url
    assert (export.status, export.kind, export.filters["country"]) == ("queued", "xlsx", "MA")
    assert not export.file and not media.exists()  # nothing was built in the request
    [queued] = DBTaskResult.objects.filter(task_path__endswith="build_report_export")
    assert queued.args_kwargs["args"] == [export.pk]

    assert services.build_export(export.pk) == "done"  # what the worker runs
    pdf_link = client.get(reverse("web:reports_pdf", args=[world.mission.slug]))
    latest = ReportExport.objects.order_by("-pk").first()
    assert latest.kind == "pdf" and latest.pk != export.pk
    assert pdf_link["Location"] == reverse(
        "web:reports_export", args=[world.mission.slug, latest.pk]
    )


def test_old_direct_link_of_another_mission_queues_nothing(client, world):
    client.force_login(world.other_organizer)

    response = client.get(reverse("web:reports_pdf", args=[world.mission.slug]))

    assert response.status_code == 404
    assert not ReportExport.objects.exists()
