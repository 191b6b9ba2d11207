"""The only way to change a plan: each write is one transaction, every RAG move a line of history.

Why a service: a plan action is two records (the plan's line and the one
action tracker's Action) and its RAG is a history, not a field; doing every
write here keeps them in step (a completed action is done in "My actions",
reopened if its RAG goes back) and makes the why of an amber or red rating
impossible to forget.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from continuum.actions import services as tracker
from continuum.actions.models import ActionChange, ActionStatus
from continuum.core import clock
from continuum.improvement.models import (
    CommitteeReport,
    Objective,
    Plan,
    PlanAction,
    PlanLead,
    PlanMeasure,
    Priority,
    RagChange,
    RagKey,
    RagLevel,
)


class PlanRuleError(ValueError):
    """A refused change to a plan; the message is a sentence for the person who asked."""


# --- Delivery dates ------------------------------------------------------------------------

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH_YEAR = re.compile(r"\b([A-Za-z]+)\.?\s+(\d{4})\b")
#: Delivery words with no month: the action runs for the life of the plan.
RECURRING = frozenset({"quarterly", "monthly", "ongoing", "annually"})


def parse_delivery(text: str, plan_ends: date) -> date:
    """The last day of the month a plan's "date of delivery" names ("End October 2017", "Sept 2018").

    The seed's column is "activity completed month ending", so a month means
    its last day. A recurring word ("Quarterly") has no month: the action runs
    to the plan's end. Anything else is refused with the text quoted back.
    """
    cleaned = text.strip()
    if cleaned.lower() in RECURRING:
        return plan_ends
    for word, year in _MONTH_YEAR.findall(cleaned):
        month = _MONTHS.get(word.lower())
        if month is not None:
            y = int(year)
            return date(y, month, calendar.monthrange(y, month)[1])
    raise PlanRuleError(f'the delivery date "{cleaned}" is not a month and year (or "Quarterly")')


def split_leads(text: str) -> list[str]:
    """The initials in a lead cell: "BJ/TMcE" and "TMcE/ JN" name two; "All HoS" is one."""
    return [part.strip() for part in text.split("/") if part.strip()]


# --- Plans ---------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *, title: str, owner_body: str, owner: User, starts: date, ends: date, key: RagKey, area: str = ""
) -> Plan:
    if not title.strip():
        raise PlanRuleError("Enter the plan's title")
    if ends < starts:
        raise PlanRuleError("The plan must end on or after the day it starts")
    return Plan.objects.create(
        title=title.strip(),
        owner_body=owner_body,
        area=area,
        owner=owner,
        starts=starts,
        ends=ends,
        rag_key=key,
    )


def add_lead(plan: Plan, initials: str, user: User) -> PlanLead:
    return PlanLead.objects.create(plan=plan, initials=initials.strip(), user=user)


def add_priority(plan: Plan, *, title: str, **texts: str) -> Priority:
    number = plan.priorities.count() + 1
    return Priority.objects.create(plan=plan, number=number, title=title.strip(), **texts)


def add_objective(priority: Priority, text: str) -> Objective:
    return Objective.objects.create(
        priority=priority, order=priority.objectives.count() + 1, text=text.strip()
    )


def _level(plan: Plan, code: str) -> RagLevel:
    level = plan.rag_key.levels.filter(code=code.strip()).first()
    if level is None:
        codes = ", ".join(plan.rag_key.levels.values_list("code", flat=True))
        raise PlanRuleError(f'the RAG "{code.strip()}" is not in the plan\'s key ({codes})')
    return level


@transaction.atomic
def add_plan_action(
    objective: Objective,
    *,
    ref: str,
    text: str,
    lead_text: str,
    delivery_text: str,
    rag: str,
    by: User,
    rated_on: date,
    reason: str = "",
) -> PlanAction:
    """A line of the plan, its first RAG rating (on ``rated_on``) and its action in the one tracker.

    The tracker action belongs to the first lead named (a person); a completed
    line's action is done on the day of the rating.
    """
    plan = objective.priority.plan
    if not text.strip():
        raise PlanRuleError("Enter the action")
    leads = [plan.leads.filter(initials=i).first() for i in split_leads(lead_text)]
    if not leads or None in leads:
        raise PlanRuleError(f'the lead "{lead_text.strip()}" is not a known lead of the plan')
    level = _level(plan, rag)
    delivery = parse_delivery(delivery_text, plan.ends)
    order = (plan.plan_actions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    line = PlanAction.objects.create(
        objective=objective,
        plan=plan,
        ref=ref.strip(),
        order=order,
        text=text.strip(),
        lead_text=lead_text.strip(),
        delivery_text=delivery_text.strip(),
        delivery=delivery,
        rag=level,
    )
    line.leads.set(leads)  # type: ignore[arg-type]
    RagChange.objects.create(plan_action=line, level=level, on=rated_on, by=by, reason=reason.strip())
    owner = leads[0].user  # type: ignore[union-attr]
    line.action = tracker.create_action(
        source=line, label=f"{plan.title[:150]}, {line.ref}", what=line.text, owner=owner, due=delivery, by=by
    )
    line.save(update_fields=["action"])
    if level.done:
        tracker.set_status(line.action, status=ActionStatus.DONE, by=by, on=min(rated_on, clock.today()))
    return line


@transaction.atomic
def record_rag(
    line: PlanAction, *, code: str, by: User, reason: str = "", on: date | None = None
) -> RagChange:
    """Rate a plan action anew: the level from the plan's key, the day it took effect, who and why.

    A level whose key says so (the seed's A and R) needs its why: the plan to
    recover, or that there is none. A rating cannot predate the one before it
    (the history is a sequence) nor be in the future. Completing the action
    marks its tracker action done; moving off "completed" reopens it.
    """
    PlanAction.objects.select_for_update().filter(pk=line.pk).values_list("pk").get()  # one rating at a time
    line = PlanAction.objects.select_related("rag", "plan__rag_key", "action").get(pk=line.pk)
    level = _level(line.plan, code)
    if level.pk == line.rag_id:
        raise PlanRuleError(f"The action is already rated {level.code} ({level.label.lower()})")
    if level.reason_required and not reason.strip():
        raise PlanRuleError(
            f"Say why the action is {level.code} ({level.label.lower()}) and what is being done"
        )
    day = on or clock.today()
    if day > clock.today():
        raise PlanRuleError("The date cannot be in the future")
    last = line.rag_history.order_by("-on", "-pk").first()
    if last is not None and day < last.on:
        raise PlanRuleError(f"The date cannot be before the last rating ({last.on:%d/%m/%Y})")
    old = line.rag
    change = RagChange.objects.create(plan_action=line, level=level, on=day, by=by, reason=reason.strip())
    line.rag = level
    line.save(update_fields=["rag"])
    action = line.action
    if action is not None:
        ActionChange.objects.create(
            action=action,
            by=by,
            field="RAG",
            old=old.code,
            new=f"{level.code} from {day:%d/%m/%Y}",
            reason=reason,
        )
        if level.done and action.status == ActionStatus.OPEN:
            tracker.set_status(action, status=ActionStatus.DONE, by=by, on=day)
        elif not level.done and action.status == ActionStatus.DONE:
            tracker.set_status(action, status=ActionStatus.OPEN, by=by, reason=f"Rated {level.code} again")
    return change


def link_measure(line: PlanAction, indicator: str) -> PlanMeasure:
    """Link an indicator of the library to a plan action; an unknown code is refused by name."""
    from continuum.metrics import definitions

    code = indicator.strip()
    try:
        definitions.get(code)
    except Exception as exc:
        raise PlanRuleError(f'"{code}" is not an indicator in the library') from exc
    if line.measures.filter(indicator=code).exists():
        raise PlanRuleError(f"{code} is already linked to {line.ref}")
    return PlanMeasure.objects.create(plan_action=line, indicator=code)


def record_report(plan: Plan, *, as_of: date, since: date | None, by: User | None) -> CommitteeReport:
    """Note that a committee report was issued, so the next one says what changed since."""
    return CommitteeReport.objects.create(plan=plan, as_of=as_of, since=since, by=by)
