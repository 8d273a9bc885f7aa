"""``jisr backup`` and ``jisr restore``: a mission comes back exactly, row for row."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from jisr.api.tokens import create_token
from jisr.meetings.models import MeetingPolicy
from jisr.missions.backup import delete_mission_rows, mission_objects
from jisr.missions.models import Mission
from jisr.schedules import services
from tests.factories_schedules import accept, small_mission
from tests.reliability.conftest import FIGURES

pytestmark = pytest.mark.django_db


def every_row(mission: Mission) -> dict[tuple[str, object], dict]:
    """Each row of the mission with every column and many-to-many link."""
    rows = {}
    for row in mission_objects(mission):
        values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
        links = model_to_dict(row, fields=[f.name for f in row._meta.many_to_many])
        rows[(row._meta.label_lower, row.pk)] = {
            **values,
            **{k: sorted(o.pk for o in v) for k, v in links.items()},
        }
    return rows


@pytest.fixture
def world(organizer):
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3, slug="casa-2027")
    for buyer in world.buyers:
        for provider in world.providers:
            accept(buyer, provider)
    MeetingPolicy.objects.create(mission=world.mission, max_accepted=8)
    world.mission.organizers.add(organizer)
    services.start_schedule_run(world.mission, by=organizer, parameters={"time_limit": 5})
    services.publish_schedule(world.mission, by=organizer)
    world.other = small_mission(n_slots=2, n_tables=1, n_buyers=1, n_providers=1)
    accept(world.other.buyers[0], world.other.providers[0])
    return world


def test_backup_wipe_restore_gives_every_row_back(world, tmp_path):
    path = str(tmp_path / "casa.json.gz")
    before = every_row(world.mission)
    other_before = every_row(world.other.mission)
    out = StringIO()

    call_command("backup", "casa-2027", "-o", path, stdout=out)
    wiped = delete_mission_rows(world.mission)
    assert wiped == len(before)
    assert not Mission.objects.filter(slug="casa-2027").exists()
    call_command("restore", path, stdout=out)

    after = every_row(Mission.objects.get(slug="casa-2027"))
    models = {label for label, _pk in before}
    FIGURES.append(
        f"backup round trip: {len(before)} rows of {len(models)} models, "
        f"{sum(before[k] != after.get(k) for k in before)} differ, "
        f"{len(after.keys() - before.keys())} extra"
    )
    assert after == before
    assert {
        "schedules.scheduledmeeting",
        "schedules.publication",
        "meetings.meetingrequest",
        "directory.person",
        "missions.slot",
        "core.activitylogentry",
    } <= models
    assert every_row(world.other.mission) == other_before
    assert f"{len(before)} rows restored" in out.getvalue()


def test_restore_refuses_an_existing_mission_unless_replace(world, tmp_path):
    path = str(tmp_path / "casa.json")
    call_command("backup", "casa-2027", "-o", path, stdout=StringIO())
    before = every_row(world.mission)
    world.mission.meeting_requests.first().delete()  # a mistake to undo

    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", path, stdout=StringIO())
    call_command("restore", path, "--replace", stdout=StringIO())

    assert every_row(Mission.objects.get(slug="casa-2027")) == before


def test_restore_of_a_damaged_file_changes_nothing(world, tmp_path):
    path = tmp_path / "casa.json"
    call_command("backup", "casa-2027", "-o", str(path), stdout=StringIO())
    document = json.loads(path.read_text())
    document["objects"][-1]["fields"]["mission"] = 999_999  # points at nothing
    path.write_text(json.dumps(document))
    before = every_row(world.mission)

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path), "--replace", stdout=StringIO())

    assert every_row(Mission.objects.get(slug="casa-2027")) == before


def test_restore_rejects_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}')

    with pytest.raises(CommandError, match="not a Jisr mission backup"):
        call_command("restore", str(path))


def test_backup_holds_no_api_token_and_nobody_of_another_mission(world, tmp_path):
    path = tmp_path / "casa.json"
    member = world.mission.organizers.first()
    create_token(member, name="organizer's script")
    outsider = world.other.buyers[0]

    call_command("backup", "casa-2027", "-o", str(path), stdout=StringIO())

    text = path.read_text()
    assert "api.apitoken" not in text
    assert member.username in text  # the organizer's account travels with the mission
    assert outsider.email not in text


def test_sample_mission_with_activity_round_trips_exactly(tmp_path):
    """The sample mission touches every area: profiles, listings, programme,
    invitations, requests, scorecards, feedback."""
    call_command(
        "sample_mission", "--buyers", "3", "--providers", "5", "--slug", "demo", stdout=StringIO()
    )
    call_command("sample_activity", "--slug", "demo", stdout=StringIO())
    mission = Mission.objects.get(slug="demo")
    before = every_row(mission)
    path = str(tmp_path / "demo.json.gz")

    call_command("backup", "demo", "-o", path, stdout=StringIO())
    delete_mission_rows(mission)
    call_command("restore", path, stdout=StringIO())

    after = every_row(Mission.objects.get(slug="demo"))
    models = {label for label, _pk in before}
    FIGURES.append(
        f"backup round trip of the sample mission: {len(before)} rows of "
        f"{len(models)} models, {sum(before[k] != after.get(k) for k in before)} differ"
    )
    assert after == before
    assert {
        "marketplace.listing",
        "directory.organizationdescription",
        "meetings.meetingrequest",
    } <= models
