"""Plan pages: a CIN, CP or pathway plan's outcomes and actions, on the one action tracker.

A plan's actions are :class:`~continuum.actions.models.Action` rows whose
source is the plan (a ``CINPlan``, a ``CPPlan``, or for a pathway plan the
``CareLeaver`` record that carries it), so they appear in their owners'
"My actions" and home page like any other action, and the core group, CP
review and pathway review forms show them with their status to update
(:func:`plan_actions_context`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from continuum.actions import selectors
from continuum.actions import services as a
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import CareLeaver, CINPlan, CPPlan
from continuum.people.models import Child
from continuum.web.access import requires
from continuum.web.actions.forms import ActionForm, OutcomeForm
from continuum.web.children.access import open_child
from continuum.web.children.pages import Data, Page, banner, child_page, form_page, posted, recording


@dataclass(frozen=True)
class Kind:
    """One kind of plan: its model, and how to name one in words."""

    model: type[models.Model]
    title: Callable[[Any], str]


KINDS: dict[str, Kind] = {
    "cin": Kind(
        CINPlan, lambda p: f"Child in need plan started {day_words(p.cin_plan_start_date, long=True)}"
    ),
    "cp": Kind(CPPlan, lambda p: f"Child protection plan started {day_words(p.cpp_start_date, long=True)}"),
    "pathway": Kind(CareLeaver, lambda p: "Pathway plan"),
}
_KIND_OF_MODEL = {kind.model: name for name, kind in KINDS.items()}


def plan_href(action: Any) -> str:
    """The plan page an action came from, or "" when its source is not a plan."""
    model = action.source_type.model_class()
    name = _KIND_OF_MODEL.get(model)
    if name is None or action.child_id is None:
        return ""
    return reverse("child-plan", args=[action.child_id, name, action.source_id])


def plan_of(child: Child, kind: str, plan_pk: int) -> tuple[str, Any]:
    """The child's plan of that kind (404 for another child's, or a kind we do not know), and its title."""
    found = KINDS.get(kind)
    if found is None:
        raise Http404("No such kind of plan")
    plan = get_object_or_404(found.model, pk=plan_pk, child=child)
    return found.title(plan), plan


def plan_actions_context(plan: models.Model, back: str) -> dict[str, Any]:
    """What a review or meeting form shows of the plan: its actions with their clocks, and links to
    update each one and come back to ``back``."""
    name = _KIND_OF_MODEL[type(plan)]
    return {
        "plan_lines": selectors.of_record(plan, clock.today()),
        "plan_href": reverse("child-plan", args=[plan.child_id, name, plan.pk]),  # type: ignore[attr-defined]
        "back": back,
    }


@child_page
@requires("child.view")
def plan_page(request: HttpRequest, pk: int, kind: str, plan_pk: int) -> HttpResponse:
    """The plan's outcomes, each with its actions, and the actions towards no outcome in particular."""
    child = open_child(request, pk, "child.plan.view")
    title, plan = plan_of(child, kind, plan_pk)
    lines = selectors.of_record(plan, clock.today())
    outcomes = selectors.outcomes_of(plan)
    context = banner(request, child)
    context.update(
        {
            "title": title,
            "kind": kind,
            "plan": plan,
            "outcomes": [(o, [line for line in lines if line.action.outcome_id == o.pk]) for o in outcomes],
            "loose": [line for line in lines if line.action.outcome_id is None],
            "here": request.path,
        }
    )
    return render(request, "children/plan.html", context)


def _plan_form(
    request: HttpRequest,
    child: Child,
    kind: str,
    plan_pk: int,
    make: Callable[..., Any],
    page: Page,
    write: Callable[[Any, Data], object],
    done: str,
) -> HttpResponse:
    """A form adding to a plan: shown, checked, written by the service, then back to the plan page."""
    title, plan = plan_of(child, kind, plan_pk)
    form = make(plan)
    page = {**page, "extra": {"plan_title": title, "kind": kind, "plan": plan}}
    if request.method != "POST" or not form.is_valid():
        return form_page(request, child, form, **page)
    try:
        write(plan, form.cleaned_data)
    except JourneyRuleError as error:
        return form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    messages.success(request, done)
    return redirect("child-plan", pk=child.pk, kind=kind, plan_pk=plan.pk)


@recording("child.plan.outcome.new")
def outcome_new(request: HttpRequest, child: Child, kind: str, plan_pk: int) -> HttpResponse:
    def write(plan: Any, data: Data) -> object:
        return a.add_outcome(source=plan, text=data["text"], by=request.user)  # type: ignore[arg-type]

    page: Page = {"title": "Add an outcome to the plan", "template": "children/plan_outcome_form.html"}
    return _plan_form(
        request,
        child,
        kind,
        plan_pk,
        lambda plan: OutcomeForm(posted(request)),
        page,
        write,
        "Outcome added.",
    )


@recording("child.plan.action.new")
def action_new(request: HttpRequest, child: Child, kind: str, plan_pk: int) -> HttpResponse:
    def make(plan: Any) -> ActionForm:
        return ActionForm(posted(request), outcomes=selectors.outcomes_of(plan), child=child)

    def write(plan: Any, data: Data) -> object:
        return a.create_action(
            source=plan,
            label=KINDS[kind].title(plan),
            what=data["what"],
            owner=data["owner"],
            due=data["due"],
            outcome=data["outcome"],
            by=request.user,  # type: ignore[arg-type]
        )

    page: Page = {"title": "Add an action to the plan", "template": "children/plan_action_form.html"}
    return _plan_form(request, child, kind, plan_pk, make, page, write, "Action added.")
