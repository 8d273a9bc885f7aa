import pytest

from jisr.core.errors import NotFound, PermissionDenied
from jisr.directory.models import Certification, ServiceLine
from jisr.directory.queries import DirectoryFilters, access_organization, directory_for
from jisr.directory.services import rebuild_search_documents
from jisr.missions.models import Mission
from tests.factories import (
    DescriptionFactory,
    MissionFactory,
    OrganizationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _indexed(**kwargs):
    organization = OrganizationFactory(**kwargs)
    return organization


def test_directory_for_finds_french_description_without_accents():
    mission = MissionFactory()
    found = OrganizationFactory(mission=mission, name="Atlas Logiciels")
    DescriptionFactory(organization=found, language="fr", text="Développement Java et tests")
    other = OrganizationFactory(mission=mission, name="Cedar Calls")
    rebuild_search_documents([found, other])

    result = list(directory_for(mission, DirectoryFilters(query="developpement JAVA")))

    assert result == [found]


def test_directory_for_never_returns_another_missions_organizations():
    mission, other_mission = MissionFactory(), MissionFactory()
    mine = OrganizationFactory(mission=mission, name="Shared Name")
    theirs = OrganizationFactory(mission=other_mission, name="Shared Name")
    rebuild_search_documents([mine, theirs])

    result = list(directory_for(mission, DirectoryFilters(query="shared")))

    assert result == [mine]


def test_directory_for_combines_taxonomy_filters():
    mission = MissionFactory()
    testing = ServiceLine.objects.get(code="testing-qa")
    iso27001 = Certification.objects.get(code="iso-27001")
    both = OrganizationFactory(mission=mission, city="Rabat")
    both.service_lines.add(testing)
    both.certifications.add(iso27001)
    only_testing = OrganizationFactory(mission=mission, city="Rabat")
    only_testing.service_lines.add(testing)

    result = list(
        directory_for(
            mission,
            DirectoryFilters(service_line="testing-qa", certification="iso-27001", city="Rabat"),
        )
    )

    assert result == [both]


def test_directory_for_malformed_query_is_plain_text():
    mission = MissionFactory()
    organization = OrganizationFactory(mission=mission, name="Cloud (North) Partners")
    rebuild_search_documents([organization])

    result = list(directory_for(mission, DirectoryFilters(query='cloud) "north*')))

    assert result == [organization]


def test_access_organization_of_other_mission_is_not_found():
    mission, other_mission = MissionFactory(), MissionFactory()
    theirs = OrganizationFactory(mission=other_mission)

    with pytest.raises(NotFound):
        access_organization(UserFactory(), mission, theirs.pk)


def test_access_organization_participants_only_directory_refuses_outsider():
    mission = MissionFactory(directory_visibility=Mission.DirectoryVisibility.PARTICIPANTS)
    organization = OrganizationFactory(mission=mission)
    outsider = UserFactory()
    ParticipationFactory(person__organization=OrganizationFactory(), person__user=outsider)

    with pytest.raises(PermissionDenied):
        access_organization(outsider, mission, organization.pk)


def test_access_organization_participants_only_directory_admits_participant():
    mission = MissionFactory(directory_visibility=Mission.DirectoryVisibility.PARTICIPANTS)
    organization = OrganizationFactory(mission=mission)
    member = UserFactory()
    ParticipationFactory(person__organization=organization, person__user=member)

    assert access_organization(member, mission, organization.pk) == organization
