"""Keep the demo activity's e-mails from going out.

The services queue their notifications for when the transaction commits. Demo activity
would send hundreds of messages to fictional addresses (and flood the console of
``make run``), so by default they are sent to Django's dummy backend: the first and last
callbacks queued by ``quiet_mail_on_commit`` switch the backend for exactly the callbacks
queued in between, whenever the enclosing transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test.utils import override_settings

DUMMY_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


@contextmanager
def quiet_mail_on_commit(enabled: bool = True) -> Iterator[None]:
    """Send the e-mails queued inside this block to the dummy backend when they go out.

    Must be used inside a transaction: the switch is itself an on-commit callback queued
    before the block's callbacks, and switched back by one queued after them.
    """
    if not enabled:
        yield
        return
    override = override_settings(EMAIL_BACKEND=DUMMY_EMAIL_BACKEND)
    transaction.on_commit(override.enable)
    try:
        yield
    finally:
        transaction.on_commit(override.disable)
