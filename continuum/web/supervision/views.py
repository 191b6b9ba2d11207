"""A worker's supervision records and recording a session (issue 18 point 4).

Reading them is ``supervision.view`` (the worker's team managers, and the
worker); recording is ``supervision.record`` (a manager of their team, never
the worker). Children discussed are named on the page, so each view is
logged for every child shown, like a work tray. The form keeps a draft of
what was typed on every POST (:mod:`continuum.practice.drafts`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from continuum.core import clock
from continuum.core.access_log import log_view, log_views
from continuum.core.policy import may, visible_children
from continuum.journey.errors import JourneyRuleError
from continuum.people.models import Allocation, Child, Worker
from continuum.practice import drafts, supervision
from continuum.practice.models import Supervision, SupervisionChild
from continuum.web.access import requires
from continuum.web.children.access import glass_ids
from continuum.web.govuk.forms import error_list
from continuum.web.supervision.forms import CHILD_ROWS, SupervisionForm
from continuum.web.worktray.tags import ON_TRACK_TAGS, tag_or_none


def _worker(request: HttpRequest, worker_pk: int, action: str) -> Worker:
    worker = get_object_or_404(Worker.objects.select_related("team"), pk=worker_pk)
    if not may(request.user, action, worker):
        raise PermissionDenied
    return worker


def _caseload(worker: Worker) -> list[tuple[int, str]]:
    """The children the worker holds now, as choices: record number and name (shown to their manager only)."""
    held = Allocation.objects.filter(worker=worker, end_date__isnull=True).values("child_id")
    children = Child.objects.filter(pk__in=held).order_by("last_name", "first_name", "pk")
    return [(child.pk, f"{child.display_name} (record {child.pk})") for child in children]


@requires("supervision.view")
def worker_supervision(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """A worker's supervision sessions, newest first, with when the next is due."""
    worker = _worker(request, worker_pk, "supervision.view")
    today = clock.today()
    sessions = list(
        Supervision.objects.filter(worker=worker).select_related("supervisor").order_by("-held_on", "-pk")
    )
    rows = list(
        SupervisionChild.objects.filter(supervision__in=sessions).select_related("child").order_by("pk")
    )
    shown = visible_children(request.user, {row.child_id for row in rows}, broken_glass=glass_ids(request))
    by_session: dict[int, list[SupervisionChild]] = {}
    for row in rows:
        by_session.setdefault(row.supervision_id, []).append(row)
    log_view(user=request.user, action="supervision.view", record_type="worker", record_id=worker.pk)  # type: ignore[arg-type]
    log_views(user=request.user, action="supervision.view", record_type="child", record_ids=sorted(shown))  # type: ignore[arg-type]
    due = supervision.clocks([worker], today)[worker.pk]
    context: dict[str, Any] = {
        "worker": worker,
        "sessions": [(session, by_session.get(session.pk, [])) for session in sessions],
        "shown": shown,
        "clock": due,
        "status": tag_or_none(due.status, due.due, today, ON_TRACK_TAGS),
        "can_record": may(request.user, "supervision.record", worker),
        "rule": supervision.rule_code(worker),
    }
    return render(request, "supervision/worker.html", context)


def _discussed(form: SupervisionForm, worker: Worker) -> list[supervision.ChildDiscussed]:
    data = form.cleaned_data
    owner = worker.user
    items = []
    for n in range(1, CHILD_ROWS + 1):
        if not data.get(f"child_{n}"):
            continue
        child = Child.objects.get(pk=int(data[f"child_{n}"]))
        what = (data.get(f"action_{n}") or "").strip()
        acts = [(what, owner, data[f"action_due_{n}"])] if what and owner is not None else []
        items.append(
            supervision.ChildDiscussed(
                child=child,
                discussion=data.get(f"discussion_{n}") or "",
                decisions=data.get(f"decisions_{n}") or "",
                actions=acts,
            )
        )
    return items


@requires("supervision.record")
def supervision_new(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """Record a session: the date, the reflective discussion, and the children discussed."""
    worker = _worker(request, worker_pk, "supervision.record")
    children = _caseload(worker)
    key = drafts.key("supervision", "worker", worker.pk)
    errors: list[tuple[str, str]] = []
    draft = drafts.find(request.user, key)  # type: ignore[arg-type]
    if request.method == "POST":
        drafts.keep(request.user, key, request.POST)  # type: ignore[arg-type]
        form = SupervisionForm(request.POST, children=children)
        if drafts.SAVE_BUTTON in request.POST:
            messages.success(request, f"Draft saved at {clock.now():%H:%M}. Only you can see it.")
            return redirect("supervision-new", worker_pk=worker.pk)
        if form.is_valid():
            try:
                supervision.record_supervision(
                    worker=worker,
                    supervisor=request.user,  # type: ignore[arg-type]
                    held_on=form.cleaned_data["held_on"],
                    reflection=form.cleaned_data["reflection"],
                    children=_discussed(form, worker),
                )
            except JourneyRuleError as error:
                errors = [(form.non_field_anchor, error.message)]
            else:
                drafts.discard(request.user, key)  # type: ignore[arg-type]
                messages.success(request, "Supervision recorded. Decisions are on each child's record.")
                return redirect("supervision-worker", worker_pk=worker.pk)
        else:
            errors = error_list(form)
        draft = None
    else:
        form = (
            drafts.restored(SupervisionForm, draft, children=children)
            if draft
            else SupervisionForm(children=children, initial={"held_on": clock.today()})
        )
    # The caseload names children: a view of each, logged like a tray.
    log_views(
        user=request.user,
        action="supervision.record",
        record_type="child",
        record_ids=[pk for pk, _ in children],
    )  # type: ignore[arg-type]
    context = {
        "worker": worker,
        "form": form,
        "errors": errors,
        "draft": draft,
        "has_children": bool(children),
    }
    return render(request, "supervision/form.html", context)
