"""The background worker really runs tasks from the database queue."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus

from jisr.directory.models import Organization
from jisr.directory.tasks import reindex_mission_directory
from tests.factories import DescriptionFactory, MissionFactory, OrganizationFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_reindex_task_runs_in_the_database_worker():
    mission = MissionFactory()
    organization = OrganizationFactory(mission=mission, name="Atlas Works")
    DescriptionFactory(organization=organization, text="Cybersécurité managée")
    Organization.objects.filter(pk=organization.pk).update(search_document="")

    with override_settings(TASKS=DATABASE_TASKS):
        result = reindex_mission_directory.enqueue(mission.pk)
        assert result.status == TaskResultStatus.READY
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
        result.refresh()

    organization.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert "cybersecurite managee" in organization.search_document
