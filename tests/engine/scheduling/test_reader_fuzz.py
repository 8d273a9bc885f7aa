"""Malformed input: the readers raise InstanceError naming a field, never anything else."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.engine.scheduling.errors import InstanceError
from jisr.engine.scheduling.formats.dzn import instance_from_dzn
from jisr.engine.scheduling.formats.instance_json import instance_to_json, load_instance_json

from .builders import make_instance
from .test_dzn import SMALL

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_dzn_or_error(text: str) -> None:
    try:
        instance = instance_from_dzn(text)
    except InstanceError as error:
        assert error.field
        assert str(error)
    else:
        assert len(instance.meetings) == sum(1 for m in instance.meetings if m.first != m.second)


@FUZZ
@given(st.integers(min_value=0, max_value=len(SMALL) - 1), st.integers(1, 12), st.text(max_size=4))
def test_dzn_reader_with_a_span_replaced_raises_only_instance_errors(
    position: int, length: int, replacement: str
) -> None:
    _read_dzn_or_error(SMALL[:position] + replacement + SMALL[position + length :])


@FUZZ
@given(st.integers(min_value=0, max_value=len(SMALL)))
def test_dzn_reader_with_truncated_text_raises_only_instance_errors(cut: int) -> None:
    _read_dzn_or_error(SMALL[:cut])


def test_dzn_reader_names_the_field_of_a_negative_table_count() -> None:
    with pytest.raises(InstanceError) as caught:
        instance_from_dzn(SMALL.replace("nTables = 1;", "nTables = -1;"))
    assert caught.value.field == "nTables"
    assert caught.value.line == 3


def _json_values() -> st.SearchStrategy[object]:
    return st.recursive(
        st.none() | st.booleans() | st.integers(-3, 30) | st.text(max_size=3),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=6,
    )


VALID = instance_to_json(make_instance([(0, 1), (1, 2), (0, 2)], n_slots=3, n_tables=1))


@FUZZ
@given(st.sampled_from(sorted(VALID)), _json_values())
def test_json_reader_with_a_field_replaced_raises_only_instance_errors(
    key: str, value: object
) -> None:
    data = dict(VALID)
    data[key] = value
    try:
        load_instance_json(json.dumps(data))
    except InstanceError as error:
        assert error.field


NESTED_KEYS = ["id", "participants", "session", "fixed_slot", "priority", "after"]
NESTED_KEYS += ["unavailable", "max_meetings", "day", "block", "label", "venue", "slots"]


@FUZZ
@given(
    st.sampled_from(["participants", "slots", "meetings", "tables"]),
    st.sampled_from(NESTED_KEYS),
    _json_values(),
)
def test_json_reader_with_a_nested_field_replaced_raises_only_instance_errors(
    section: str, key: str, value: object
) -> None:
    data = json.loads(json.dumps(VALID))
    first = data[section][0]
    first[key] = value
    try:
        load_instance_json(json.dumps(data))
    except InstanceError as error:
        assert error.field
