"""One demo sign-in per role, so a visitor can see the service as each user does."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction

from continuum.core.roles import ALL_ROLES, SYSTEM_ADMINISTRATOR

# The demo holds synthetic data only; one shared, printed password keeps it easy
# to try every role. Real installations create users through the admin.
DEMO_PASSWORD = "continuum-demo"  # noqa: S105 - printed demo sign-in, synthetic data only


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    role: str
    password: str


@transaction.atomic
def ensure_demo_users() -> list[DemoSignIn]:
    """Create (or repair) the demo users; safe to run on every start."""
    sign_ins = []
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        user, created = User.objects.get_or_create(
            username=f"demo-{role.slug}",
            defaults={"first_name": "Demo", "last_name": role.name},
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.is_staff = role == SYSTEM_ADMINISTRATOR
        user.is_superuser = False  # the policy, not the superuser flag, decides (docs/security.md)
        user.save()
        user.groups.set([group])
        sign_ins.append(DemoSignIn(user.username, role.name, DEMO_PASSWORD))
    return sign_ins
