from __future__ import annotations

import pytest


@pytest.fixture
def organizer(db):  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    return UserFactory(is_staff=True)
