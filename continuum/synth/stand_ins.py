"""Users who stand in for people in the synthetic borough's records but never sign in.

Why a user at all: a plan lead, a practitioner who submitted work or a supervisor must be a user for
the record to say who did it; and why one that cannot sign in: the record is synthetic data, not
something a demo sign-in did, and nobody can guess a password that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.models import User


def stand_in(username: str, first_name: str, last_name: str) -> User:
    """The user ``username`` (made once, with an unusable password), named as the person it stands for."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
