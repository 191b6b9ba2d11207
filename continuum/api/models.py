"""API tokens: one per partner system, stored as a SHA-256 digest only.

The secret is shown once, when the token is made (``./run api-token create``),
and never stored: a copy of the database gives no working token. A token is
revoked, not deleted, so the record of who held it stays.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


def default_expiry() -> datetime:
    """Twelve months from now by default (``CONTINUUM_API_TOKEN_DAYS``): a leaked secret dies in time."""
    return timezone.now() + timedelta(days=settings.CONTINUUM_API_TOKEN_DAYS)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. the partner's system.")
    token_hash = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the secret, in hex."
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.BooleanField(default=False, help_text="A revoked token is refused (401).")
    expires = models.DateTimeField(
        default=default_expiry, help_text="After this the token is refused (401); make a new one before."
    )

    class Meta:
        verbose_name = "API token"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"API token {self.pk} ({self.name})"

    def expires_soon(self) -> bool:
        """Inside the warning period before expiry (``CONTINUUM_API_TOKEN_WARN_DAYS``)."""
        return self.expires - timezone.now() <= timedelta(days=settings.CONTINUUM_API_TOKEN_WARN_DAYS)
