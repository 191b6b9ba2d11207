"""Making and checking API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import User
from django.utils import timezone

from continuum.api.models import ApiToken

TOKEN_PREFIX = "ctm_"  # noqa: S105  (a marker, not a secret: lets scanners spot leaked tokens)


def hash_token(secret: str) -> str:
    """The SHA-256 digest (hex) under which a token's secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row, and the secret (to show once, never stored)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)  # 32 random bytes
    token = ApiToken.objects.create(user=user, name=name, token_hash=hash_token(secret))
    return token, secret


def authenticate(secret: str) -> ApiToken | None:
    """The live token for this secret (not revoked, not expired, user active), marking it used, else None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=hash_token(secret), revoked=False, expires__gt=timezone.now(), user__is_active=True
        )
        .first()
    )
    if token is not None:
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token
