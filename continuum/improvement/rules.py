"""Who may read and change an organisation's plans (registered with the one policy, continuum/core/policy.py).

A plan names no child: it is committee business, read by those who answer
for the service's improvement (performance analysts, QA officers, team
managers and heads of service, who act as team managers, and board members)
and by the people it names (its owner and its leads). Only its owner edits it;
a lead may record the RAG of an action they lead, since they know where it
stands, and the owner sees every such change in the history with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from continuum.core import roles
from continuum.core.policy import has_any_role, roles_of, rule

READERS = frozenset({roles.PERFORMANCE_ANALYST, roles.QA_OFFICER, roles.TEAM_MANAGER, roles.BOARD_MEMBER})


def _plan_of(obj: Any) -> Any:
    """The plan of a plan, a plan action, or None."""
    if obj is None:
        return None
    return obj if hasattr(obj, "rag_key_id") else getattr(obj, "plan", None)


def _named(user: Any, plan: Any) -> bool:
    return plan.owner_id == user.pk or plan.leads.filter(user_id=user.pk).exists()


def readable_plans(user: Any, plans: Iterable[Any]) -> list[Any]:
    """The plans of ``plans`` that ``improvement.view`` lets the user read, asked once for the whole
    list (a reader reads them all; anyone else those they own or lead), so the list of plans costs
    one query, not one a plan."""
    plans = list(plans)
    if not user.is_authenticated:
        return []
    if has_any_role(user, READERS):
        return plans
    from continuum.improvement.models import PlanLead

    led = set(PlanLead.objects.filter(user_id=user.pk).values_list("plan_id", flat=True))
    return [plan for plan in plans if plan.owner_id == user.pk or plan.pk in led]


@rule("improvement.view")
def _view(user: Any, obj: Any) -> bool:
    """Read this plan: the readers' roles, and the plan's owner and leads. Without a plan (the home
    page's area, asked in every page's navigation): the readers' roles only, so no page pays a query."""
    if not user.is_authenticated:
        return False
    if has_any_role(user, READERS):
        return True
    plan = _plan_of(obj)
    return plan is not None and _named(user, plan)


@rule("improvement.open")
def _open(user: Any, obj: Any) -> bool:
    """Reach the plan pages at all: anyone with a role; each page then asks ``improvement.view`` of its
    plan, so a lead without a reader's role follows "My actions" to the plan line they lead."""
    return bool(user.is_authenticated and roles_of(user))


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
        return bool(roles_of(user))
    if obj.plan.owner_id == user.pk:
        return True
    return obj.action is not None and obj.action.owner_id == user.pk


@rule("improvement.import")
def _import(user: Any, obj: Any) -> bool:
    """Import a new plan from its spreadsheet (and own it): analysts, team managers and heads of service."""
    return has_any_role(user, {roles.PERFORMANCE_ANALYST, roles.TEAM_MANAGER})
