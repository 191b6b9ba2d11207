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
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from continuum.actions import services as tracker
from continuum.actions.models import Action, ActionChange, ActionStatus
from continuum.core import clock, versions
from continuum.core.dates import day_words
from continuum.core.refusals import Refused
from continuum.improvement.models import (
    CommitteeReport,
    Objective,
    Plan,
    PlanAction,
    PlanEdit,
    PlanLead,
    PlanMeasure,
    Priority,
    RagChange,
    RagKey,
    RagLevel,
)


class PlanRuleError(Refused):
    """A refused change to a plan: the sentence, and the field it is about (``"delivery_text"``)."""


class PlanConflict(PlanRuleError, versions.ChangedSinceOpened):
    """The record was changed by someone else after the page was opened (its version moved on)."""


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


@transaction.atomic
def add_priority(plan: Plan, *, title: str, **texts: str) -> Priority:
    _lock(plan)  # two people adding a priority at once get numbers one after the other
    number = (plan.priorities.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Priority.objects.create(plan=plan, number=number, title=title.strip(), **texts)


@transaction.atomic
def add_objective(priority: Priority, text: str) -> Objective:
    _lock(priority.plan)
    order = (priority.objectives.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return Objective.objects.create(priority=priority, order=order, text=text.strip())


def _lock(plan: Plan) -> None:
    """Hold the plan's row to the end of the transaction: numbering its lines is then one at a time."""
    Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk").get()


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
        raise PlanRuleError("Enter the action", field="text")
    leads = resolve_leads(plan, lead_text)
    level = _level(plan, rag)
    delivery = delivery_of(plan, delivery_text)
    _lock(plan)
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
    line.leads.set(leads)
    RagChange.objects.create(plan_action=line, level=level, on=rated_on, by=by, reason=reason.strip())
    owner = leads[0].user
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
        raise PlanRuleError(f"The date cannot be before the last rating ({day_words(last.on)})")
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
            new=f"{level.code} from {day_words(day)}",
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


# --- Checks each form box asks (so its error sits beside that box) ----------------------------


def check_ref(plan: Plan, ref: str, *, other_than: int | None = None) -> str:
    """An action's ID in the plan's own scheme: present, short enough, and not another action's."""
    ref = ref.strip()
    if not ref:
        raise PlanRuleError("Enter the action's ID", field="ref")
    if len(ref) > 20:
        raise PlanRuleError("The action's ID must be 20 characters or fewer", field="ref")
    clash = plan.plan_actions.filter(ref=ref).exclude(pk=other_than).first()
    if clash is not None:
        raise PlanRuleError(f'The ID "{ref}" is already used by another action of this plan', field="ref")
    return ref


def resolve_leads(plan: Plan, lead_text: str) -> list[PlanLead]:
    """The plan's leads a lead cell names ("BJ/TMcE"), the first of whom holds the tracker action."""
    names = split_leads(lead_text)
    if not names:
        raise PlanRuleError("Enter the lead's initials", field="lead_text")
    known = {lead.initials: lead for lead in plan.leads.select_related("user")}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise PlanRuleError(
            f'The lead "{", ".join(unknown)}" is not a lead of this plan '
            f"(its leads are {', '.join(sorted(known)) or 'none yet'})",
            field="lead_text",
        )
    return [known[name] for name in names]


def delivery_of(plan: Plan, text: str) -> date:
    """The delivery date's month ending, or an error beside the delivery box."""
    try:
        return parse_delivery(text, plan.ends)
    except PlanRuleError as exc:
        message = str(exc)
        raise PlanRuleError(message[:1].upper() + message[1:], field="delivery_text") from exc


# --- Writing and rewriting the plan in the web: versioned, with an append-only history --------


def _log(
    plan: Plan, record: Any, label: str, by: User, field: str, old: str = "", new: str = "", reason: str = ""
) -> None:
    PlanEdit.objects.create(
        plan=plan,
        record_type=_RECORD_TYPES[type(record)],
        record_id=record.pk,
        record_label=label[:80],
        field=field,
        old=old,
        new=new,
        reason=reason.strip(),
        by=by,
    )


_RECORD_TYPES: dict[type, str] = {Priority: "priority", Objective: "objective", PlanAction: "action"}


def _current(record: Any, version: int) -> Any:
    """The record, locked, if it still stands at the version the page showed; else a conflict."""
    return versions.locked_at(
        record,
        version,
        refusal=lambda: PlanConflict(
            f"This {_RECORD_TYPES[type(record)]} was changed by someone else after you opened it. "
            "Their changes are shown below; check yours and save again."
        ),
    )


def _apply(
    current: Any, plan: Plan, label: str, by: User, changes: dict[str, tuple[str, Any]], reason: str = ""
) -> list[str]:
    """Set each field that differs (``changes``: field -> (its name in words, new value)), one line of
    history each, and raise the version once; the names of the fields changed (none: nothing saved)."""
    changed = []
    for name, (words, new) in changes.items():
        old = getattr(current, name)
        if old == new:
            continue
        _log(plan, current, label, by, words, str(old), str(new), reason)
        setattr(current, name, new)
        changed.append(name)
    if changed:
        versions.save_moved_on(current, changed)
    return changed


def _priority_fields(
    title: str, fix: str, change: str, want_to_see: str, lead: str
) -> dict[str, tuple[str, str]]:
    if not title.strip():
        raise PlanRuleError("Enter the priority's title", field="title")
    return {
        "title": ("Title", title.strip()),
        "fix": ("What do we need to fix?", fix.strip()),
        "change": ("What do we need to change?", change.strip()),
        "want_to_see": ("What do we want to see?", want_to_see.strip()),
        "lead": ("Lead", lead.strip()),
    }


@transaction.atomic
def new_priority(
    plan: Plan,
    *,
    by: User,
    title: str,
    fix: str = "",
    change: str = "",
    want_to_see: str = "",
    lead: str = "",
) -> Priority:
    """A priority added in the web, numbered after the last, its adding kept in the plan's history."""
    fields = _priority_fields(title, fix, change, want_to_see, lead)
    priority = add_priority(plan, **{name: value for name, (_words, value) in fields.items()})
    _log(plan, priority, f"Priority {priority.number}", by, "Added", new=priority.title)
    return priority


@transaction.atomic
def edit_priority(
    priority: Priority,
    *,
    version: int,
    by: User,
    title: str,
    fix: str = "",
    change: str = "",
    want_to_see: str = "",
    lead: str = "",
) -> list[str]:
    fields = _priority_fields(title, fix, change, want_to_see, lead)
    current = _current(priority, version)
    return _apply(current, current.plan, f"Priority {current.number}", by, fields)


def _objective_label(objective: Objective) -> str:
    return f"Objective {objective.priority.number}.{objective.order}"


@transaction.atomic
def new_objective(priority: Priority, *, by: User, text: str) -> Objective:
    if not text.strip():
        raise PlanRuleError("Enter the objective", field="text")
    objective = add_objective(priority, text)
    _log(priority.plan, objective, _objective_label(objective), by, "Added", new=objective.text)
    return objective


@transaction.atomic
def edit_objective(objective: Objective, *, version: int, by: User, text: str) -> list[str]:
    if not text.strip():
        raise PlanRuleError("Enter the objective", field="text")
    current = _current(objective, version)
    current.priority = objective.priority
    return _apply(
        current, objective.priority.plan, _objective_label(current), by, {"text": ("Objective", text.strip())}
    )


@transaction.atomic
def new_plan_action(
    objective: Objective,
    *,
    by: User,
    ref: str,
    text: str,
    lead_text: str,
    delivery_text: str,
    rag: str,
    reason: str = "",
    rated_on: date | None = None,
) -> PlanAction:
    """An action added in the web: its ID checked against the plan's, its first RAG (with its why, if
    the key asks), its tracker action, and its adding kept in the plan's history."""
    plan = objective.priority.plan
    _lock(plan)  # the ID is checked and taken in one step, so two new actions cannot share it
    ref = check_ref(plan, ref)
    level = _level(plan, rag)
    if level.reason_required and not reason.strip():
        raise PlanRuleError(
            f"Say why the action is {level.code} ({level.label.lower()}) and what is being done",
            field="reason",
        )
    line = add_plan_action(
        objective,
        ref=ref,
        text=text,
        lead_text=lead_text,
        delivery_text=delivery_text,
        rag=rag,
        by=by,
        rated_on=rated_on or clock.today(),
        reason=reason,
    )
    _log(plan, line, line.ref, by, "Added", new=line.text)
    return line


@transaction.atomic
def edit_plan_action(
    line: PlanAction,
    *,
    version: int,
    by: User,
    ref: str,
    text: str,
    lead_text: str,
    delivery_text: str,
    reason: str = "",
) -> list[str]:
    """Rewrite an action's line (not its RAG: that is a rating, with its own history).

    A new first lead is given the tracker action; a new delivery month moves the tracker
    action's due date, and like any moved deadline it needs a reason. New words (or a new ID)
    reword the tracker action through its own service, so its history says what it used to ask.
    """
    plan = line.plan
    _lock(plan)  # as in new_plan_action: an ID is checked and taken in one step
    ref = check_ref(plan, ref, other_than=line.pk)
    if not text.strip():
        raise PlanRuleError("Enter the action", field="text")
    leads = resolve_leads(plan, lead_text)
    delivery = delivery_of(plan, delivery_text)
    current = _current(line, version)
    if delivery != current.delivery and not reason.strip():
        raise PlanRuleError("Say why the delivery date moves", field="reason")
    changed = _apply(
        current,
        plan,
        current.ref,
        by,
        {
            "ref": ("ID", ref),
            "text": ("Action", text.strip()),
            "lead_text": ("Lead", "/".join(lead.initials for lead in leads)),
            "delivery_text": ("Delivery", delivery_text.strip()),
            "delivery": ("Delivery month ending", delivery),
        },
        reason,
    )
    if "lead_text" in changed:
        current.leads.set(leads)
    action = current.action
    if action is not None:
        label = f"{plan.title[:150]}, {current.ref}"
        if (action.what, action.source_label) != (current.text, label):
            tracker.reword(action, what=current.text, label=label, by=by, reason=reason)
        if "delivery" in changed and action.due_date != delivery:
            tracker.change_due(action, due=delivery, by=by, reason=reason)
        if "lead_text" in changed and action.owner_id != leads[0].user_id:
            tracker.reassign(
                action, owner=leads[0].user, by=by, reason=reason or f"Lead now {current.lead_text}"
            )
    return changed


# --- The one action tracker's hook: "My actions" moves the plan's RAG -----------------------


def follow_tracker(action: Action, *, status: str, by: User, on: date | None, reason: str) -> None:
    """An improvement-plan action marked done (or reopened) in "My actions" is rated as the plan's key says.

    Done: the key's completed level (the seed's C), from the day it was done. Reopened while rated
    complete: the key's best level that is neither done nor off track (the seed's G), since someone
    is working on it again. Each is a rating like any other (who, when, why) in the append-only RAG
    history. Dropped leaves the RAG alone: whether a dropped line is off track is the plan owner's call.
    Called by the tracker inside its own transaction (registered in this app's ``ready``), so a
    refusal undoes the tracker's change too and is shown on the tracker's page.
    """
    line = PlanAction.objects.select_related("rag", "plan__rag_key").filter(action=action).first()
    if line is None:
        return
    levels = list(line.plan.rag_key.levels.all())
    if status == ActionStatus.DONE and not line.rag.done:
        level = next((lv for lv in levels if lv.done), None)
        why = reason.strip() or 'Marked done in "My actions"'
    elif status == ActionStatus.OPEN and line.rag.done:
        level = next((lv for lv in levels if not lv.done and not lv.off_track), None)
        why = reason.strip() or 'Reopened in "My actions"'
    else:
        return
    if level is None:
        return
    try:
        record_rag(line, code=level.code, by=by, reason=why, on=on)
    except PlanRuleError as refused:
        raise tracker.ActionRuleError(f"The plan's RAG for {line.ref} cannot follow: {refused}") from refused
