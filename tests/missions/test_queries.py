import pytest
from django.contrib.auth.models import AnonymousUser

from jisr.core.errors import NotFound
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, programme_for, visible_missions
from tests.factories import MissionFactory, ProgrammeItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_access_mission_draft_is_not_found_for_public():
    mission = MissionFactory(status=Mission.Status.DRAFT)

    with pytest.raises(NotFound):
        access_mission(AnonymousUser(), mission.slug)


def test_access_mission_draft_is_visible_to_its_organizer():
    organizer = UserFactory()
    mission = MissionFactory(status=Mission.Status.DRAFT)
    mission.organizers.add(organizer)

    assert access_mission(organizer, mission.slug) == mission


def test_access_mission_draft_hidden_from_organizer_of_another_mission():
    organizer = UserFactory()
    MissionFactory().organizers.add(organizer)
    draft = MissionFactory(status=Mission.Status.DRAFT)

    with pytest.raises(NotFound):
        access_mission(organizer, draft.slug)


def test_visible_missions_lists_open_and_own_drafts_only():
    organizer = UserFactory()
    open_mission = MissionFactory()
    own_draft = MissionFactory(status=Mission.Status.DRAFT)
    own_draft.organizers.add(organizer)
    MissionFactory(status=Mission.Status.DRAFT)

    assert set(visible_missions(organizer)) == {open_mission, own_draft}
    assert list(visible_missions(AnonymousUser())) == [open_mission]


def test_programme_for_orders_items_of_one_mission():
    first = ProgrammeItemFactory()
    mission = first.mission
    later = ProgrammeItemFactory(venue=first.venue, start=first.start.replace(hour=14))
    ProgrammeItemFactory()  # another mission

    assert list(programme_for(mission)) == [first, later]


def test_person_for_returns_only_the_users_person_in_that_mission():
    from jisr.missions.queries import person_for
    from tests.factories import PersonFactory

    user = UserFactory()
    mine = PersonFactory(user=user)
    PersonFactory(user=user)  # same login, another mission

    assert person_for(user, mine.mission) == mine
    assert person_for(AnonymousUser(), mine.mission) is None
