"""Production hashes passwords slowly and strongly; only the tests trade that for speed."""

from __future__ import annotations

from django.conf import global_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.utils.module_loading import import_string

from continuum import settings as production

STRONG = {"argon2", "bcrypt_sha256", "pbkdf2_sha256", "scrypt"}


def test_production_settings_hash_with_a_strong_slow_hasher() -> None:
    """Read the settings module itself, not the live settings the test session overrides."""
    hashers = getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert "MD5" not in " ".join(hashers)
    first = import_string(hashers[0])
    assert first.algorithm in STRONG
    if issubclass(first, PBKDF2PasswordHasher):
        assert first.iterations >= 1_000_000  # Django 5.2's default; never fewer


def test_the_test_session_uses_the_fast_hasher() -> None:
    """tests/conftest.py's fast_password_hasher is in force (else the suite is minutes slower)."""
    assert get_hasher().algorithm == "md5"
