"""Who may read and change an organisation's plans (registered with the one policy, continuum/core/policy.py).

A plan names no child: it is committee business, read by those who answer
for the service's improvement (performance analysts, QA officers, team
managers and heads of service, who act as team managers, and board members)
and by the people it names (its owner and its leads). Only its owner edits it;
a lead may record the RAG of an action they lead, since they know where it
stands, and the owner sees every such change in the history with its reason.
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles
from continuum.core.policy import has_any_role, rule

READERS = frozenset({roles.PERFORMANCE_ANALYST, roles.QA_OFFICER, roles.TEAM_MANAGER, roles.BOARD_MEMBER})


def _plan_of(obj: Any) -> Any:
    """The plan of a plan, a plan action, or None."""
    if obj is None:
        return None
    return obj if hasattr(obj, "rag_key_id") else getattr(obj, "plan", None)


def _named(user: Any, plan: Any) -> bool:
    from continuum.improvement.models import Plan, PlanLead

    if plan is None:
        return (
            Plan.objects.filter(owner_id=user.pk).exists()
            or PlanLead.objects.filter(user_id=user.pk).exists()
        )
    return plan.owner_id == user.pk or plan.leads.filter(user_id=user.pk).exists()


@rule("improvement.view")
def _view(user: Any, obj: Any) -> bool:
    """Read plans (or this plan): the readers' roles, and the plan's owner and leads."""
    if not user.is_authenticated:
        return False
    return has_any_role(user, READERS) or _named(user, _plan_of(obj))


@rule("improvement.edit")
def _edit(user: Any, obj: Any) -> bool:
    """Change a plan (its RAGs, measures, committee reports): its owner."""
    if not user.is_authenticated:
        return False
    plan = _plan_of(obj)
    if plan is None:
        from continuum.improvement.models import Plan

        return Plan.objects.filter(owner_id=user.pk).exists()
    return plan.owner_id == user.pk


@rule("improvement.rag")
def _rag(user: Any, obj: Any) -> bool:
    """Record a plan action's RAG: the plan's owner, or the action's lead (who owns its tracker action)."""
    if not user.is_authenticated:
        return False
    if obj is None:
        return _view(user, None)
    if obj.plan.owner_id == user.pk:
        return True
    return obj.action is not None and obj.action.owner_id == user.pk


@rule("improvement.import")
def _import(user: Any, obj: Any) -> bool:
    """Import a new plan from its spreadsheet (and own it): analysts, team managers and heads of service."""
    return has_any_role(user, {roles.PERFORMANCE_ANALYST, roles.TEAM_MANAGER})
