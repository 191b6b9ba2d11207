"""An administrator's changes to users are in the access log, and nobody changes their own roles.

Why: views of children's records are traced from the access log (/audit/). An account created and
given a casework role in the admin must be traceable there to the administrator who made it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.web.audit.words import action_words

pytestmark = pytest.mark.django_db

PASSWORD = "Synthetic-pass-9471"


def _logged(admin: User) -> list[tuple[str, str, str]]:
    return list(
        AccessLogEntry.objects.filter(user=admin, action__startswith="admin.")
        .order_by("pk")
        .values_list("action", "record_id", "reason")
    )


def test_creating_a_user_and_giving_a_role_are_logged_under_the_administrator(client, make_user) -> None:
    admin = make_user("sysadmin", roles.SYSTEM_ADMINISTRATOR, staff=True)
    client.force_login(admin)
    added = client.post(
        "/admin/auth/user/add/",
        {"username": "new-sw", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    new = User.objects.get(username="new-sw")
    social_work = Group.objects.get(name=roles.SOCIAL_WORKER.name)
    changed = client.post(
        f"/admin/auth/user/{new.pk}/change/",
        {
            "username": "new-sw",
            "first_name": "Siobhán",
            "last_name": "O'Brien-Ní Dhuibhir",
            "email": "",
            "is_active": "on",
            "groups": [social_work.pk],
        },
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    assert _logged(admin) == [
        ("admin.user.add", str(new.pk), ""),
        ("admin.user.change", str(new.pk), "First name, Last name"),
        ("admin.role.grant", str(new.pk), roles.SOCIAL_WORKER.name),
    ]
    # The log holds no one's name: the fields' labels and role names only.
    assert not AccessLogEntry.objects.filter(reason__contains="Siobhán").exists()
    taken = client.post(
        f"/admin/auth/user/{new.pk}/change/",
        {
            "username": "new-sw",
            "first_name": "Siobhán",
            "last_name": "O'Brien-Ní Dhuibhir",
            "is_active": "on",
        },
    )
    assert taken.status_code == 302
    assert _logged(admin)[-1] == ("admin.role.remove", str(new.pk), roles.SOCIAL_WORKER.name)
    password = client.post(
        f"/admin/auth/user/{new.pk}/password/",
        {"password1": PASSWORD + "x", "password2": PASSWORD + "x", "usable_password": "true"},
    )
    assert password.status_code == 302
    assert _logged(admin)[-1][0] == "admin.user.password"
    assert action_words("admin.role.grant") == "Gave a user a role"


def test_an_administrator_cannot_change_their_own_roles(client, make_user) -> None:
    admin = make_user("sysadmin", roles.SYSTEM_ADMINISTRATOR, staff=True)
    client.force_login(admin)
    own_groups = list(admin.groups.values_list("pk", flat=True))
    social_work = Group.objects.get(name=roles.SOCIAL_WORKER.name)
    refused = client.post(
        f"/admin/auth/user/{admin.pk}/change/",
        {
            "username": "sysadmin",
            "is_active": "on",
            "is_staff": "on",
            "groups": [*own_groups, social_work.pk],
        },
    )
    assert refused.status_code == 200
    assert "You cannot change your own roles" in refused.content.decode()
    assert not admin.groups.filter(pk=social_work.pk).exists()
    assert not AccessLogEntry.objects.filter(action="admin.role.grant").exists()
    # Their own name may still change.
    kept = client.post(
        f"/admin/auth/user/{admin.pk}/change/",
        {
            "username": "sysadmin",
            "first_name": "Ada",
            "is_active": "on",
            "is_staff": "on",
            "groups": own_groups,
        },
    )
    assert kept.status_code == 302
