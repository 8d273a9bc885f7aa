"""API credentials and the stored answers that make retried POSTs safe.

Strings here are deliberately not marked for translation: these models are seen by
operators in the admin and by API clients, and the catalogs belong to the web layer.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A personal bearer token. Only the sha256 of the token is stored; the token itself
    is shown once, when it is created, so a leaked database grants no access."""

    class Scope(models.TextChoices):
        READ = "read", "read"  # GET, HEAD and OPTIONS only
        WRITE = "write", "read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("name", max_length=100)
    scope = models.CharField("scope", max_length=8, choices=Scope.choices, default=Scope.READ)
    # Null: the token does not expire (only tokens made before expiry existed, or on
    # request by an operator with ``jisr api-token create --days 0``).
    expires = models.DateTimeField("expires", null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, to tell tokens apart in listings.
    prefix = models.CharField(max_length=16, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField("last used", null=True, blank=True)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API token"
        verbose_name_plural = "API tokens"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: datetime.datetime) -> bool:
        return self.expires is not None and self.expires <= now

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class IdempotencyKey(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key`` header.

    A retry with the same key and the same request gets this answer again instead of
    creating a second object. ``status_code`` is null while the first request runs.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # sha256 of the method, path and canonical body of the first request.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "idempotency key"
        verbose_name_plural = "idempotency keys"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.user_id})"
