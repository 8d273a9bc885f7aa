import pytest

from tests.reports.world import build_report_world


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return build_report_world()
