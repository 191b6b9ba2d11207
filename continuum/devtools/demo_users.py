"""One demo sign-in per role, so a visitor can see the service as each user does."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction

from continuum.core.roles import ALL_ROLES, SYSTEM_ADMINISTRATOR, TEAM_MANAGER, Role

# The demo holds synthetic data only; one shared, printed password keeps it easy
# to try every role. Real installations create users through the admin.
DEMO_PASSWORD = "continuum-demo"  # noqa: S105 - printed demo sign-in, synthetic data only


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    role: str
    password: str


#: Sign-ins beyond one per role: (user name after "demo-", role, what the visitor sees it as).
#: The MASH team's manager oversees the front door's decisions, which a manager of another team may
#: not (policy ``contact.oversee``); without this sign-in the demo showed that work to the head of
#: service only. ``continuum.synth.demo.link_demo_users`` makes it the MASH team's manager.
EXTRA_SIGN_INS: tuple[tuple[str, Role, str], ...] = (("mash-manager", TEAM_MANAGER, "MASH manager"),)


@transaction.atomic
def ensure_demo_users() -> list[DemoSignIn]:
    """Create (or repair) the demo users; safe to run on every start."""
    sign_ins = []
    everyone = [(role.slug, role, role.name) for role in ALL_ROLES] + list(EXTRA_SIGN_INS)
    for slug, role, shown_as in everyone:
        group, _ = Group.objects.get_or_create(name=role.name)
        user, created = User.objects.get_or_create(
            username=f"demo-{slug}",
            defaults={"first_name": "Demo", "last_name": shown_as},
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.is_staff = role == SYSTEM_ADMINISTRATOR
        user.is_superuser = False  # the policy, not the superuser flag, decides (docs/security.md)
        user.save()
        user.groups.set([group])
        sign_ins.append(DemoSignIn(user.username, shown_as, DEMO_PASSWORD))
    return sign_ins
