"""Who may read and run partnership business (registered with the one policy, continuum/core/policy.py).

Partnership papers name no child, and nothing here links to a child's record.
Staff who answer to the board (board members, heads of service, analysts, QA)
read every body's public papers; a partner member, who signs in from another
organisation, reads only the bodies they sit on. Exempt items (Schedule 12A)
need a seat on that body. The body's business manager (its ``secretary``)
builds agendas, publishes packs and records minutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from continuum.core import roles
from continuum.core.policy import has_any_role, rule

STAFF_READERS = frozenset(
    {roles.BOARD_MEMBER, roles.HEAD_OF_SERVICE, roles.PERFORMANCE_ANALYST, roles.QA_OFFICER}
)


def body_of(obj: Any) -> Any:
    """The body of a body, meeting, item or paper (or None)."""
    for _ in range(4):
        if obj is None or obj.__class__.__name__ == "Body":
            return obj
        obj = getattr(obj, "body", None) or getattr(obj, "meeting", None) or getattr(obj, "item", None)
    return None


def sits_on(user: Any, body: Any) -> bool:
    """A current seat on the body (or any body when ``body`` is None)."""
    seats = user.partnership_seats.filter(left_on__isnull=True)
    return seats.exists() if body is None else seats.filter(body=body).exists()


def readable_bodies(user: Any, bodies: Iterable[Any]) -> list[Any]:
    """The bodies of ``bodies`` that ``partnership.view`` lets the user read, asked once for the whole
    list (a staff reader reads them all; anyone else those they sit on or manage), so a list of bodies
    costs one query, not one a body."""
    bodies = list(bodies)
    if not user.is_authenticated:
        return []
    if has_any_role(user, STAFF_READERS):
        return bodies
    seated = set(user.partnership_seats.filter(left_on__isnull=True).values_list("body_id", flat=True))
    return [body for body in bodies if body.pk in seated or body.secretary_id == user.pk]


def _manages(user: Any, body: Any) -> bool:
    from continuum.partnership.models import Body

    if body is None:
        return Body.objects.filter(secretary_id=user.pk).exists()
    return body.secretary_id == user.pk


@rule("partnership.view")
def _view(user: Any, obj: Any) -> bool:
    """Read a body's public business: staff readers any body, a member or its business manager theirs."""
    if not user.is_authenticated:
        return False
    body = body_of(obj)
    if has_any_role(user, STAFF_READERS):
        return True
    return sits_on(user, body) or _manages(user, body)


@rule("partnership.exempt")
def _exempt(user: Any, obj: Any) -> bool:
    """Read exempt items and the members' pack: a seat on the body, or its business manager."""
    if not user.is_authenticated or obj is None:
        return False
    body = body_of(obj)
    return sits_on(user, body) or _manages(user, body)


@rule("partnership.manage")
def _manage(user: Any, obj: Any) -> bool:
    """Build agendas, attach papers, publish packs, record minutes: the body's business manager."""
    if not user.is_authenticated:
        return False
    return _manages(user, body_of(obj))


@rule("partnership.chapter.write")
def _write_chapter(user: Any, obj: Any) -> bool:
    """Draft and submit an annual report chapter: the officer it was given to, or the business manager.

    Without a chapter it asks whether the user may reach the chapter pages at all: a reader of
    partnership business, or an officer given a chapter who sits on no body."""
    if not user.is_authenticated:
        return False
    if obj is None:
        from continuum.partnership.models import Chapter

        return _view(user, None) or Chapter.objects.filter(owner_id=user.pk).exists()
    return obj.owner_id == user.pk or _manages(user, body_of(obj))
