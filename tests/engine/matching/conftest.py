from __future__ import annotations

import pytest

from jisr.engine.matching.text import Usem3Encoder, default_encoder


@pytest.fixture(scope="session")
def encoder() -> Usem3Encoder:
    # One model load (about a second) for the whole session.
    return default_encoder()
