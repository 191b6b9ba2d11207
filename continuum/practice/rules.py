"""Who may write case notes (registered with the one policy, continuum/core/policy.py).

Any practitioner with access to the child writes notes: social workers and
team managers, MASH practitioners and IRO/CP chairs, each only on a child
whose record they may open (team, relationship, or break glass). Reading
notes is reading the child's record (``child.view``).
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles as r
from continuum.core.policy import has_any_role, may, roles_of, rule

NOTE_WRITERS = frozenset({r.SOCIAL_WORKER, r.TEAM_MANAGER, r.MASH_PRACTITIONER, r.IRO_CP_CHAIR})


@rule("child.note")
def _note(user: Any, obj: Any) -> bool:
    """Write or correct a case note: practitioners who may open the child."""
    if not has_any_role(user, NOTE_WRITERS):
        return False
    return obj is None or may(user, "child.view", obj)


@rule("signoff.submit")
def _signoff_submit(user: Any, obj: Any) -> bool:
    """Put an assessment, plan, closure or step-down up for authorisation: whoever may record on the child."""
    return may(user, "child.record", obj)


@rule("signoff.authorise")
def _signoff_authorise(user: Any, obj: Any) -> bool:
    """Authorise or return submitted work: team managers (and heads of service) who may see the child.

    That it is not their own work is the service's check (continuum/practice/signoff.py), so the
    refusal says why rather than hiding the page.
    """
    if r.TEAM_MANAGER not in roles_of(user):
        return False
    return obj is None or may(user, "child.view", obj)


@rule("signoff.tray")
def _signoff_tray(user: Any, obj: Any) -> bool:
    """See "Awaiting my authorisation": team managers and heads of service."""
    return r.TEAM_MANAGER in roles_of(user)


def _supervises(user: Any, worker: Any) -> bool:
    """A manager (or head of service) of the worker's team, who is not the worker."""
    from continuum.core.policy import teams_of

    if r.TEAM_MANAGER not in roles_of(user):
        return False
    return worker.team_id in teams_of(user) and worker.user_id != user.pk


@rule("supervision.record")
def _supervision_record(user: Any, obj: Any) -> bool:
    """Record a worker's supervision: a manager of their team; nobody records their own."""
    if obj is None:
        return r.TEAM_MANAGER in roles_of(user)
    return _supervises(user, obj)


@rule("supervision.view")
def _supervision_view(user: Any, obj: Any) -> bool:
    """Read a worker's supervision records: their team's managers, and the worker themselves."""
    if obj is None:
        return has_any_role(user, {r.TEAM_MANAGER, r.SOCIAL_WORKER})
    return _supervises(user, obj) or (obj.user_id is not None and obj.user_id == user.pk)


@rule("child.warning")
def _warning(user: Any, obj: Any) -> bool:
    """Raise or end a warning on a child: the practitioners who write notes on a child they may open."""
    return may(user, "child.note", obj)
