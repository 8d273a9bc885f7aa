from __future__ import annotations

import pytest


@pytest.fixture
def organizer(db):  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    return UserFactory(is_staff=True)


@pytest.fixture(autouse=True)
def _english_after_each_test():  # type: ignore[no-untyped-def]
    """A request to /ar/… leaves Arabic active in this thread (LocaleMiddleware does not
    reset it); later tests must not inherit it."""
    yield
    from django.utils import translation

    translation.activate("en")
