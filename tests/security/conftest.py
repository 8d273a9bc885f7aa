import logging

import pytest


@pytest.fixture
def quiet_request_log():
    """Each refused request logs a warning; thousands of them would drown the output."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)
