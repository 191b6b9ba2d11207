"""My actions, one action's page (its history and how to update it), and the home page's card.

Every view asks the policy: ``actions.mine`` for the list, ``actions.view``
and ``actions.update`` for one action. An action is first its owner's and its
setter's: "My actions" lists every action given to the user, and its page
opens for them even when they may not open the child it is about (a case
audit's action for a manager in another team). The child is then named, and
the view logged as a view of the child, only where ``child.view`` allows;
otherwise the page links to the record, which asks for break glass as any
child page does. Anyone else reaches an action about a child through
:func:`~continuum.web.children.access.open_child` (refused, offered break
glass, and logged like any child page).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from continuum.actions import selectors
from continuum.actions import services as a
from continuum.actions.clock import Clock, clock_of
from continuum.actions.models import Action
from continuum.core import clock
from continuum.core.access_log import log_view, log_views
from continuum.core.policy import ChildAccess, may
from continuum.journey.errors import JourneyRuleError
from continuum.web.access import requires
from continuum.web.actions.forms import ActionUpdateForm
from continuum.web.children.access import access_for, glass_ids, open_child
from continuum.web.children.pages import child_page, posted
from continuum.web.govuk.forms import error_list
from continuum.web.views import permission_denied


@requires("actions.mine")
def my_actions(request: HttpRequest) -> HttpResponse:
    """The signed-in user's open actions with their clocks, most pressing first."""
    lines = selectors.my_open_actions(request.user, clock.today())  # type: ignore[arg-type]
    named = selectors.named_children(request.user, lines, glass_ids(request))  # type: ignore[arg-type]
    if named:
        log_views(user=request.user, action="actions.list", record_type="child", record_ids=sorted(named))  # type: ignore[arg-type]
    return render(
        request,
        "actions/mine.html",
        {
            "lines": lines,
            "named": named,
            "overdue": sum(line.clock.state is Clock.OVERDUE for line in lines),
        },
    )


def _next(request: HttpRequest) -> str:
    """Where to go once saved: a page of ours named in ``next``, never another site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=False):
        return wanted
    return ""


def _write(form: ActionUpdateForm, action: Action, request: HttpRequest) -> str:
    """Apply the update through the service; the words said once saved."""
    data, by = form.cleaned_data, request.user
    reason = data.get("reason", "")
    change = data["change"]
    if change == "due":
        a.change_due(action, due=data["due"], by=by, reason=reason)  # type: ignore[arg-type]
        return "Due date changed."
    a.set_status(action, status=change, by=by, on=data.get("on"), reason=reason)  # type: ignore[arg-type]
    return {"done": "Action marked done.", "dropped": "Action dropped.", "open": "Action reopened."}[change]


@child_page
@requires("actions.view")
def action_page(request: HttpRequest, action_pk: int) -> HttpResponse:
    """One action: what, who, by when, where from, its clock and history; its owner or the child's
    recorders update it here."""
    action = get_object_or_404(Action.objects.select_related("owner", "child", "outcome"), pk=action_pk)
    access = access_for(request, action.child_id) if action.child_id is not None else None
    named = _open(request, action, access)
    if named is None:
        return permission_denied(request)
    can_update = may(request.user, "actions.update", (action, access))
    form = ActionUpdateForm(posted(request) if can_update else None, status=action.status)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if not can_update:
            return permission_denied(request)
        if form.is_valid():
            try:
                said = _write(form, action, request)
            except JourneyRuleError as error:
                errors = [(form.non_field_anchor, error.message)]
            else:
                messages.success(request, said)
                return redirect(_next(request) or reverse("action", args=[action.pk]))
    return render(
        request,
        "actions/action.html",
        {
            "action": action,
            "clock": clock_of(action, clock.today()),
            "history": action.history.select_related("by"),
            "form": form if can_update else None,
            "errors": errors or error_list(form),
            "next": _next(request),
            "source_href": source_href(action),
            "named": named,
        },
    )


def _open(request: HttpRequest, action: Action, access: ChildAccess | None) -> bool | None:
    """May the user see the action, and is its child named to them? None when refused.

    Its owner and setter (and readers of its source, such as QA) see the action whatever the
    child; the child is named, and the view logged as a view of the child, only when the user may
    open the child. Anyone else goes through ``open_child``: refused, or offered break glass.
    """
    user = request.user
    if not may(user, "actions.view", (action, access)):
        if action.child_id is not None:
            open_child(request, action.child_id, "action.view")  # raises: refused or break glass
        return None
    if action.child_id is None:
        return False
    if may(user, "child.view", access):
        open_child(request, action.child_id, "action.view")  # logged as a view of the child
        return True
    log_view(user=user, action="action.view", record_type="action", record_id=action.pk)  # type: ignore[arg-type]
    return False


def source_href(action: Action) -> str:
    """The page of the record the action came from, where one is known (a plan page, a source with a
    page of its own such as a case audit or an improvement plan's action, else the child)."""
    from continuum.web.children.plans import plan_href

    own = getattr(action.source, "get_absolute_url", None)
    return (
        plan_href(action)
        or (str(own()) if own is not None else "")
        or (reverse("child-record", args=[action.child_id]) if action.child_id else "")
    )


def actions_card(request: HttpRequest, day: date) -> Any:
    """The home page's "Your actions" card: overdue, due today and due soon; None when none is open.

    Numbers only (no child named), from the same list as "My actions". That page lists every
    open action, overdue first then due soon, and has no filter, so the links say so rather than
    promising "overdue actions" only.
    """
    from continuum.web.home_today import Card, Line

    if not may(request.user, "actions.mine"):
        return None
    lines = selectors.my_open_actions(request.user, day)  # type: ignore[arg-type]
    if not lines:
        return None
    href = reverse("my-actions")
    overdue = [line for line in lines if line.clock.state is Clock.OVERDUE]
    # Counted as the page tags them: an action due today is "Due today", not also "Due soon".
    due_today = [line for line in lines if line.clock.due_today]
    soon = [line for line in lines if line.clock.state is Clock.DUE_SOON and not line.clock.due_today]
    longest = max((line.clock.days for line in overdue), default=0)
    return Card(
        "my-actions",
        "Your actions",
        href,
        "Open My actions",
        (
            Line(
                "Overdue",
                len(overdue),
                detail=f"The longest is {longest} day{'' if longest == 1 else 's'} overdue."
                if overdue
                else "",
                href=href,
                link_text="See your actions, overdue first",
                urgent=bool(overdue),
            ),
            Line("Due today", len(due_today), href=href, link_text="See your actions, most urgent first"),
            Line("Due soon", len(soon), href=href, link_text="See your actions, most urgent first"),
            Line("Open in all", len(lines), href=href, link_text="See all your actions"),
        ),
    )
