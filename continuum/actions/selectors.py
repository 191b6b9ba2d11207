"""Reads of actions: a person's open actions with their clocks, and a record's actions.

A person's own actions are all theirs to see (``actions.view`` lets an owner
open every action given to them), so "My actions" lists every one, whichever
child it is about: an action given to someone who may not open the child
(a case audit's action for a manager in another team) must still reach them.
Which of those children the list may *name* is asked of the policy in bulk
(:func:`named_children`, ``visible_children``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models

from continuum.actions.clock import ActionClock, Clock, clock_of
from continuum.actions.models import Action, ActionStatus, Outcome
from continuum.core.policy import visible_children


@dataclass(frozen=True)
class Line:
    """An action with where it stands today."""

    action: Action
    clock: ActionClock


def named_children(user: User, lines: Iterable[Line], broken_glass: Iterable[int] = ()) -> set[int]:
    """The children of ``lines`` the user may open, and so see named beside their actions."""
    child_ids = {line.action.child_id for line in lines if line.action.child_id is not None}
    return visible_children(user, child_ids, broken_glass=broken_glass) if child_ids else set()


def _order(lines: list[Line]) -> list[Line]:
    rank = {Clock.OVERDUE: 0, Clock.DUE_SOON: 1, Clock.ON_TRACK: 2}
    return sorted(
        lines, key=lambda line: (rank.get(line.clock.state, 3), line.action.due_date, line.action.pk)
    )


def my_open_actions(user: User, today: date) -> list[Line]:
    """Every open action given to the user, most pressing first (an owner sees each of theirs)."""
    actions = Action.objects.filter(owner=user, status=ActionStatus.OPEN).select_related("child")
    return _order([Line(a, clock_of(a, today)) for a in actions])


def of_records(model: type[models.Model], ids: Iterable[int]) -> dict[int, list[Action]]:
    """Every action set from each of many records of one kind, by the record's id, in the order they
    were set: one query for a page that lists many records with their actions (a meeting's agenda
    items), where asking :func:`of_record` once a record would cost a query each."""
    by_source: dict[int, list[Action]] = defaultdict(list)
    actions = Action.objects.filter(
        source_type=ContentType.objects.get_for_model(model), source_id__in=list(ids)
    ).select_related("owner", "outcome")
    for action in actions.order_by("pk"):
        by_source[action.source_id].append(action)
    return dict(by_source)


def of_record(source: models.Model, today: date) -> list[Line]:
    """Every action set from ``source`` (open first), for a page that has already opened its child."""
    actions = of_records(type(source), [source.pk]).get(source.pk, [])
    return _order([Line(a, clock_of(a, today)) for a in actions])


def outcomes_of(source: models.Model) -> list[Outcome]:
    return list(
        Outcome.objects.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
    )
