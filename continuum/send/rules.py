"""Who may see and record SEND work (registered with the one policy, continuum/core/policy.py).

Why these rules:

* **SEND caseworkers** (``SEND_CASEWORKER``) run EHC needs assessments and plans for the whole
  council: the SEND service is not split into social-care teams, so they see and record every
  person's SEND record, except a restricted record they are not named on (the restriction holds
  for SEND as for any other part of the person's record). They do not open the social-care case
  record itself.
* **Social workers and managers** see and record the SEND work of the people whose record they may
  open (``child.view`` / ``child.record``), so break glass, restrictions and logging are the same as
  for any part of the child's record.
* **The social-care status** (in need, on a plan, looked after, care leaver) of a person with an
  EHC request or plan is shown to their SEND caseworker, who needs it to plan with social care
  (the strategy's 18-22% of children in care with a plan), and to whoever may open the record. A
  SEND caseworker sees it only for the people whose request they hold; each view is logged as a
  view of the child's record.
* Performance analysts see the SEND figures but no person's record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from continuum.core import roles as r
from continuum.core.policy import (
    ChildAccess,
    among_children,
    has_any_role,
    is_restricted,
    may,
    restricted_among,
    rule,
    visible_children,
)

_CASEWORK = frozenset({r.SOCIAL_WORKER, r.TEAM_MANAGER, r.HEAD_OF_SERVICE})
_SEND = frozenset({r.SEND_CASEWORKER})
_SEND_PAGES = _CASEWORK | _SEND


def _child(obj: Any) -> ChildAccess | None:
    if obj is None:
        return None
    if isinstance(obj, ChildAccess):
        return obj
    return ChildAccess(obj.child_id)


def _send_sees(user: Any, access: ChildAccess) -> bool:
    """A SEND caseworker sees any person's SEND record but a restricted one they are not named on."""
    if not has_any_role(user, _SEND):
        return False
    if not is_restricted(access.child_id):
        return True
    from continuum.core.models import RestrictedRecord

    return RestrictedRecord.objects.filter(child_id=access.child_id, named_users=user).exists()


def visible_send_children(
    user: Any, child_ids: Iterable[int], *, broken_glass: Iterable[int] = ()
) -> set[int]:
    """The people among ``child_ids`` whose SEND record ``user`` may see: ``send.view`` for a list.

    A fixed number of queries however long the list (the open requests, the reviews due), rule for
    rule the same answer as :func:`may` with ``send.view`` (tests/send/test_rules.py checks both).
    """
    wanted = {int(pk) for pk in child_ids}
    seen: set[int] = set()
    if has_any_role(user, _SEND):
        restricted = restricted_among(wanted)
        from continuum.core.models import RestrictedRecord

        named = set(
            among_children(RestrictedRecord.objects.filter(named_users=user), restricted).values_list(
                "child_id", flat=True
            )
        )
        seen |= (wanted - restricted) | named
    if has_any_role(user, _CASEWORK):
        seen |= visible_children(user, wanted - seen, broken_glass=broken_glass)
    return seen


@rule("send.home")
def _home(user: Any, obj: Any) -> bool:
    """The SEND pages and the list of open requests: SEND caseworkers, case holders and their managers."""
    return has_any_role(user, _SEND_PAGES)


@rule("send.view")
def _view(user: Any, obj: Any) -> bool:
    """See one EHC request or plan: a SEND caseworker, or whoever may open the person's record."""
    child = _child(obj)
    if child is None:
        return has_any_role(user, _SEND_PAGES)
    return _send_sees(user, child) or (has_any_role(user, _CASEWORK) and may(user, "child.view", child))


@rule("send.record")
def _record(user: Any, obj: Any) -> bool:
    """Record a request, a decision, advice, a plan or a review: a SEND caseworker, or whoever may
    record on the person's record."""
    child = _child(obj)
    if child is None:
        return has_any_role(user, _SEND_PAGES)
    return _send_sees(user, child) or (has_any_role(user, _CASEWORK) and may(user, "child.record", child))


@rule("send.social_care")
def _social_care(user: Any, obj: Any) -> bool:
    """See whether a person is in need, on a plan, looked after or a care leaver: whoever may open
    their record, or the SEND caseworker who holds one of their EHC requests."""
    child = _child(obj)
    if child is None:
        return False
    if may(user, "child.view", child):
        return True
    if not _send_sees(user, child):
        return False
    from continuum.send.models import EHCRequest

    return EHCRequest.objects.filter(child_id=child.child_id, caseworker=user).exists()


@rule("send.figures")
def _figures(user: Any, obj: Any) -> bool:
    """The SEND figures (no person's record): managers, performance analysts and SEND caseworkers."""
    return has_any_role(user, {r.TEAM_MANAGER, r.HEAD_OF_SERVICE, r.PERFORMANCE_ANALYST, r.SEND_CASEWORKER})
