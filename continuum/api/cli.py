"""``./run api-token create --user NAME --name TEXT``: make a partner API token and show its secret once."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from continuum.commands import command, with_database


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["create"], help="what to do (create a token)")
    p.add_argument("--user", required=True, help="user name of the partner agency user the token acts as")
    p.add_argument("--name", required=True, help="what the token is for, e.g. the partner's system")


def create(username: str, name: str, out: TextIO, err: TextIO) -> int:
    """Make the token; print the secret (shown this once only). Refuses users the API would refuse."""
    from django.contrib.auth.models import User

    from continuum.api.tokens import create_token
    from continuum.core.policy import has_any_role
    from continuum.core.roles import PARTNER_ROLES

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        print(f"No active user called {username!r}.", file=err)
        return 1
    if not has_any_role(user, PARTNER_ROLES):
        print(f"{username!r} holds no partner agency role (police, health, education).", file=err)
        return 1
    if not name.strip():
        print("Give the token a name (--name).", file=err)
        return 1
    token, secret = create_token(user=user, name=name.strip())
    print(f"API token {token.pk} ({token.name}) for {username}. Its secret is shown this once:", file=out)
    print(secret, file=out)
    print("Send it as 'Authorization: Bearer <secret>'. Revoke it in the admin (API tokens).", file=out)
    print(f"It expires on {token.expires:%Y-%m-%d}; make a new one before then.", file=out)
    return 0


@command("api-token", "make a partner API token (shown once; revoke in the admin)", _args)
def _api_token(ns: argparse.Namespace) -> int:
    with with_database():
        return create(ns.user, ns.name, sys.stdout, sys.stderr)
