"""The only way to change an action: each write is one transaction with its line of history.

Why a service rather than saving the model: the history must say who changed
what and why for every change, and an action's status and status date must
move together; doing both here means no page or job can forget one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from continuum.actions.models import Action, ActionChange, ActionStatus, Outcome
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.journey.errors import JourneyRuleError

#: The reason a change needs, said when it is missing: by the service, and beside the empty box by
#: the update form (which asks before it calls), so the two never word it differently.
REASON_NEEDED = {
    "due": "Say why the due date moves",
    "dropped": "Say why the action is dropped",
}


class ActionRuleError(JourneyRuleError):
    """A refused change to an action: a ``JourneyRuleError`` so the child pages' one frame
    (``run_service``) shows it as a GOV.UK error; the message never names a child."""

    def __init__(self, message: str, rule: str = "action") -> None:
        super().__init__(message, child_ref="", step="actions", rule=rule)


def _who(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _source_link(source: models.Model) -> dict[str, object]:
    return {"source_type": ContentType.objects.get_for_model(source), "source_id": source.pk}


def _child_of(source: models.Model) -> Any:
    """The child whose record ``source`` belongs to: a ``child`` field, or the source itself if a child."""
    from continuum.people.models import Child

    if isinstance(source, Child):
        return source
    return getattr(source, "child", None)


@transaction.atomic
def add_outcome(*, source: models.Model, text: str, by: User) -> Outcome:
    """Record what a plan aims to achieve."""
    text = text.strip()
    if not text:
        raise ActionRuleError("Enter the outcome the plan aims for")
    return Outcome.objects.create(**_source_link(source), child=_child_of(source), text=text, created_by=by)


@transaction.atomic
def create_action(
    *,
    source: models.Model,
    label: str,
    what: str,
    owner: User,
    due: date,
    by: User,
    outcome: Outcome | None = None,
    reason: str = "",
) -> Action:
    """Set an action from ``source`` (its "from" label given in words) and start its history."""
    what = what.strip()
    if not what:
        raise ActionRuleError("Enter what is to be done")
    if outcome is not None and (outcome.source_type_id, outcome.source_id) != (
        ContentType.objects.get_for_model(source).pk,
        source.pk,
    ):
        raise ActionRuleError("That outcome belongs to another plan")
    action = Action.objects.create(
        **_source_link(source),
        source_label=label,
        child=_child_of(source),
        what=what,
        owner=owner,
        due_date=due,
        outcome=outcome,
        created_by=by,
    )
    ActionChange.objects.create(
        action=action, by=by, field="created", new=f"{_who(owner)}, due {day_words(due)}", reason=reason
    )
    _chronicle(
        action, f"Action set on the {label[:1].lower()}{label[1:]}", by, clock.today(), {"due": f"{due}"}
    )
    return action


def _chronicle(action: Action, what: str, by: User, on: date, after: dict[str, object]) -> None:
    """A line in the child's chronology for an action from a child's record (never the action's words:
    those stay on the action); nothing for an action from elsewhere."""
    if action.child_id is None:
        return
    from continuum.journey.services._base import begin

    begin(f"action_{after.get('status', 'set')}", what, child=action.child_id, by=by).record(
        what=what, record=action, occurred_on=on, after=after
    )


#: What an area does when an action set from one of its records changes status, by the source's model
#: ("improvement.planaction"). Registered in the area's AppConfig.ready() with ``on_status_change``;
#: called inside ``set_status``'s transaction once the change is saved, so the area's own record moves
#: with the action (a plan's RAG follows "done"), and an ActionRuleError it raises undoes both.
StatusHook = Callable[..., None]
_status_hooks: dict[str, list[StatusHook]] = {}


def on_status_change(model_label: str, hook: StatusHook) -> None:
    """Call ``hook(action, status=, by=, on=, reason=)`` whenever an action from a ``model_label``
    record ("app_label.model") is marked done, dropped or reopened (once, however often registered)."""
    hooks = _status_hooks.setdefault(model_label.lower(), [])
    if hook not in hooks:
        hooks.append(hook)


def _status_changed(action: Action, status: str, by: User, on: date | None, reason: str) -> None:
    if not _status_hooks:
        return
    source = ContentType.objects.get_for_id(action.source_type_id)
    for hook in _status_hooks.get(f"{source.app_label}.{source.model}", ()):
        hook(action, status=status, by=by, on=on, reason=reason)


def _locked(action: Action) -> Action:
    return Action.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def set_status(action: Action, *, status: str, by: User, on: date | None = None, reason: str = "") -> Action:
    """Mark an action done, dropped, or open again; ``on`` is the day it was done or dropped.

    Dropping an action needs a reason (it is a decision someone may be asked
    about); reopening clears the status date.
    """
    action = _locked(action)
    if status not in ActionStatus.values:
        raise ActionRuleError("Choose a status")
    if status == action.status:
        raise ActionRuleError(f"The action is already {ActionStatus(status).label.lower()}")
    if status == ActionStatus.DROPPED and not reason.strip():
        raise ActionRuleError(REASON_NEEDED["dropped"])
    day = None
    if status != ActionStatus.OPEN:
        day = on or clock.today()
        if day > clock.today():
            raise ActionRuleError("The date cannot be in the future")
    old = ActionStatus(action.status).label
    action.status, action.status_date = status, day
    action.save(update_fields=["status", "status_date"])
    new = ActionStatus(status).label + (f" on {day_words(day)}" if day else "")
    ActionChange.objects.create(action=action, by=by, field="status", old=old, new=new, reason=reason.strip())
    words = {"open": "Action reopened", "done": "Action done", "dropped": "Action dropped"}[status]
    _chronicle(action, f"{words}: {action.source_label}", by, day or clock.today(), {"status": status})
    _status_changed(action, status, by, day, reason.strip())
    return action


@transaction.atomic
def change_due(action: Action, *, due: date, by: User, reason: str) -> Action:
    """Move an action's due date: always with a reason, so a moved deadline is never silent."""
    action = _locked(action)
    if not reason.strip():
        raise ActionRuleError(REASON_NEEDED["due"])
    if due == action.due_date:
        raise ActionRuleError("That is already the due date")
    old = day_words(action.due_date)
    action.due_date = due
    action.save(update_fields=["due_date"])
    ActionChange.objects.create(
        action=action, by=by, field="due date", old=old, new=day_words(due), reason=reason.strip()
    )
    return action


@transaction.atomic
def reassign(action: Action, *, owner: User, by: User, reason: str = "") -> Action:
    """Give the action to someone else."""
    action = _locked(action)
    if owner.pk == action.owner_id:
        raise ActionRuleError("The action is already theirs")
    old = _who(action.owner)
    action.owner = owner
    action.save(update_fields=["owner"])
    ActionChange.objects.create(
        action=action, by=by, field="owner", old=old, new=_who(owner), reason=reason.strip()
    )
    return action


def _clip(text: str) -> str:
    """A value short enough for a line of history (200 characters); the whole text stays on the action."""
    return text if len(text) <= 200 else text[:199] + "\u2026"


@transaction.atomic
def reword(action: Action, *, what: str, by: User, label: str | None = None, reason: str = "") -> Action:
    """Say the action in new words (and, with ``label``, where it came from in new words), one line of
    history per change, so a reworded action still shows what it used to ask: an area whose record
    is reworded (an improvement plan's line) moves its action through here, never by ``update()``."""
    action = _locked(action)
    what = what.strip()
    if not what:
        raise ActionRuleError("Enter what is to be done")
    changes = {"what": (action.what, what)}
    if label is not None:
        changes["source_label"] = (action.source_label, label[:200])
    changed = {name: pair for name, pair in changes.items() if pair[0] != pair[1]}
    if not changed:
        raise ActionRuleError("The action already says that")
    words = {"what": "what", "source_label": "from"}
    for name, (old, new) in changed.items():
        setattr(action, name, new)
        ActionChange.objects.create(
            action=action, by=by, field=words[name], old=_clip(old), new=_clip(new), reason=reason.strip()
        )
    action.save(update_fields=list(changed))
    return action
