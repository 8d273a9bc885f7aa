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
