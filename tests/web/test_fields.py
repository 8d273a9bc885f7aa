"""Ids no database can hold are "not a valid choice", never a server error."""

import pytest
from django.core.exceptions import ValidationError

from jisr.directory.models import ServiceLine
from jisr.missions.models import Venue
from jisr.web.fields import ModelChoiceField, ModelMultipleChoiceField

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


def test_model_choice_field_refuses_an_id_beyond_64_bits():
    field = ModelChoiceField(queryset=Venue.objects.all())

    with pytest.raises(ValidationError) as refused:
        field.clean(HUGE)

    assert refused.value.code == "invalid_choice"


def test_model_multiple_choice_field_refuses_an_id_beyond_64_bits():
    field = ModelMultipleChoiceField(queryset=ServiceLine.objects.all())
    known = ServiceLine.objects.first()

    with pytest.raises(ValidationError) as refused:
        field.clean([str(known.pk), HUGE])

    assert refused.value.code == "invalid_pk_value"
    assert list(field.clean([str(known.pk)])) == [known]


def test_nul_character_in_a_query_string_is_a_bad_request(client):
    from django.urls import reverse

    from tests.factories import MissionFactory

    mission = MissionFactory()

    response = client.get(reverse("web:directory", args=[mission.slug]), {"q": "java\x00"})

    assert response.status_code == 400


def test_nul_character_in_a_form_is_a_bad_request_and_writes_nothing(client):
    from django.urls import reverse

    from jisr.marketplace.models import Listing
    from tests.factories import MissionFactory
    from tests.factories_meetings import participant

    mission = MissionFactory()
    client.force_login(participant(mission).user)

    response = client.post(
        reverse("web:listing_create", args=[mission.slug]),
        {"kind": "offer", "title": "QA\x00", "body": "Testers.", "language": "en"},
    )

    assert response.status_code == 400
    assert Listing.objects.count() == 0
