"""Who may see and change complaints (registered with the one policy, continuum/core/policy.py).

A complaint is confidential to the complaints staff and the person named to write a stage's
response: it may carry a parent's account of a social worker. The child's social worker must know
that a complaint exists (it colours the work) but not what it says, so "complaints.exists" is
answered by whether the user may open the child's record, and shows only a count and the officer.
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles as r
from continuum.core.policy import has_any_role, may, roles_of, rule

_STAFF = (r.COMPLAINTS_OFFICER,)


def is_complaints_staff(user: Any) -> bool:
    return has_any_role(user, _STAFF)


def _authors(complaint: Any) -> set[int]:
    return {s.author_id for s in complaint.stages.all() if s.author_id}


@rule("complaints.home")
def _home(user: Any, obj: Any) -> bool:
    """The complaints area: complaints staff, and anyone named to write a stage's response."""
    if is_complaints_staff(user):
        return True
    from continuum.complaints.models import Stage

    return bool(user.is_authenticated and Stage.objects.filter(author_id=user.pk).exists())


@rule("complaints.record")
def _record(user: Any, obj: Any) -> bool:
    """Record complaints, extensions, escalations and gate decisions: complaints staff only."""
    return is_complaints_staff(user)


@rule("complaints.list")
def _list(user: Any, obj: Any) -> bool:
    """Find any complaint, open or closed, by reference or complainant: complaints staff only,
    because the list names complainants."""
    return is_complaints_staff(user)


@rule("complaints.figures")
def _figures(user: Any, obj: Any) -> bool:
    """The annual statistics tables (counts only, no names): complaints staff, who report them."""
    return is_complaints_staff(user)


@rule("complaints.view")
def _view(user: Any, complaint: Any) -> bool:
    """Read a complaint's content: complaints staff, or a named author of one of its stages."""
    if is_complaints_staff(user):
        return True
    return complaint is not None and user.pk in _authors(complaint)


@rule("complaints.respond")
def _respond(user: Any, stage: Any) -> bool:
    """Record a stage's response and outcome: complaints staff, or that stage's named author."""
    if is_complaints_staff(user):
        return True
    return stage is not None and stage.author_id == user.pk


@rule("complaints.exists")
def _exists(user: Any, child: Any) -> bool:
    """See that a child has complaints (never their content): whoever may open the child's record."""
    return is_complaints_staff(user) or may(user, "child.view", child)


@rule("complaints.child")
def _child_page(user: Any, obj: Any) -> bool:
    """The "complaints about this child" page: anyone with a role; the child itself is asked next."""
    return bool(roles_of(user))


@rule("complaints.feedback")
def _feedback(user: Any, obj: Any) -> bool:
    """Compliments and members' enquiries: recorded and read by complaints staff."""
    return is_complaints_staff(user)
