from __future__ import annotations

from pathlib import Path

import pytest

from jisr.engine.scheduling.errors import InstanceError
from jisr.engine.scheduling.formats.dzn import instance_from_dzn, read_dzn

SMALL = """nBusiness = 3;
nMeetings = 2;
nTables = 1;
nTotalSlots = 3;
nMorningSlots = 2;

requested = [|1, 2,1,
|3, 2,3,
|];

meetingsxBusiness = [{1,2},
{1,2,3},
{1,3}];

nMeetingsBusiness = [1,2,1];

forbidden = [{0},
{0,3},
{2}];

fixed = [0,2];

precedences = [{},
{1}];
"""


def test_dzn_reader_small_file_maps_every_field() -> None:
    instance = instance_from_dzn(SMALL, name="small")

    assert [(m.first, m.second, m.session) for m in instance.meetings] == [
        (0, 1, "morning"),
        (2, 1, "any"),
    ]
    assert [p.unavailable for p in instance.participants] == [
        frozenset(),
        frozenset({2}),
        frozenset({1}),
    ]
    assert [s.session for s in instance.slots] == ["morning", "morning", "afternoon"]
    assert instance.meetings[1].fixed_slot == 1
    assert instance.meetings[1].after == (0,)
    assert instance.capacity() == [1, 1, 1]
    assert instance.blocks() == [[0, 1, 2]]
    assert instance.require_all


def test_dzn_reader_all_shared_files_parse(shared_dir: Path) -> None:
    files = sorted((shared_dir / "instances").glob("*.dzn"))

    sizes = {f.name: len(read_dzn(f).meetings) for f in files}

    assert len(files) == 91
    assert sizes["forum-13.original.dzn"] == 154
    assert sizes["tic-12.original.dzn"] == 125


def test_dzn_reader_missing_semicolon_names_field_and_line() -> None:
    broken = SMALL.replace("nTables = 1;", "nTables = 1")

    with pytest.raises(InstanceError) as caught:
        instance_from_dzn(broken)

    assert caught.value.line == 3
    assert "line 3" in str(caught.value)
    assert "nTables" in str(caught.value)


def test_dzn_reader_meeting_with_oneself_names_row() -> None:
    broken = SMALL.replace("|3, 2,3,", "|2, 2,3,")

    with pytest.raises(InstanceError) as caught:
        instance_from_dzn(broken)

    assert caught.value.field == "requested"
    assert caught.value.line == 8
    assert "oneself" in str(caught.value)


def test_dzn_reader_unknown_participant_is_rejected() -> None:
    broken = SMALL.replace("|3, 2,3,", "|9, 2,3,")

    with pytest.raises(InstanceError, match="unknown participant"):
        instance_from_dzn(broken)


def test_dzn_reader_inconsistent_redundant_count_is_rejected() -> None:
    broken = SMALL.replace("nMeetingsBusiness = [1,2,1];", "nMeetingsBusiness = [1,1,1];")

    with pytest.raises(InstanceError) as caught:
        instance_from_dzn(broken)

    assert caught.value.field == "nMeetingsBusiness"
    assert caught.value.line == 15


def test_dzn_reader_missing_field_is_named() -> None:
    broken = SMALL.replace("fixed = [0,2];", "")

    with pytest.raises(InstanceError, match="'fixed'"):
        instance_from_dzn(broken)


def test_dzn_reader_fixed_slot_out_of_range_is_rejected() -> None:
    broken = SMALL.replace("fixed = [0,2];", "fixed = [0,7];")

    with pytest.raises(InstanceError, match="'fixed'"):
        instance_from_dzn(broken)
