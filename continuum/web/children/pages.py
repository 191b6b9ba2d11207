"""The frame every child page shares: the guard, the banner, and the skeleton of a casework form.

Every view is guarded twice: ``@requires`` asks the policy whether the user
may use child records at all, and :func:`~continuum.web.children.access.open_child`
asks about this particular child (team, relationship, break glass,
restriction) and writes the access log. :func:`recording` does both for a
casework form; :func:`record_form` is its body (the form on a GET, checked on
a POST, then one service write), and :func:`run_service` is the one place a
service's answer becomes a page: a refusal (``JourneyRuleError``) is shown as
a GOV.UK error with everything typed kept, and a clash with someone else's
save (``ConcurrentChangeError``) says what they changed.

The stage modules (:mod:`.record`, :mod:`.referral`, :mod:`.child_protection`,
:mod:`.looked_after`, :mod:`.care_leavers`, :mod:`.outcomes`) hold the views,
each beside its ``*_forms`` module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from continuum.core import clock, codes
from continuum.core.policy import may
from continuum.journey import selectors
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError
from continuum.journey.models import CareLeaver
from continuum.people.models import Child
from continuum.practice.warnings import shown_on
from continuum.web.access import requires
from continuum.web.children.access import (
    AccessRefused,
    BreakGlassNeeded,
    access_for,
    glass_ids,
    log,
    open_child,
)
from continuum.web.govuk.forms import error_list
from continuum.web.views import permission_denied
from continuum.web.worktray.tags import ON_TRACK_TAGS, status_tag

CONCURRENT_MESSAGE = "This record was changed by someone else while you were editing it"
DUE_SHOWN = 5

View = Callable[..., HttpResponse]
#: What a casework form page shows besides the form: ``title``, ``template`` and any ``extra`` context.
Page = dict[str, Any]
#: A valid form's cleaned data, as a service write and its "saved" words read it.
Data = dict[str, Any]


def child_page(view: View) -> View:
    """Wrap a ``@requires``-guarded child page: log role refusals, and offer break glass.

    ``@requires`` refuses a role that may not use child records at all before
    the view runs; the refusal is logged here first so that every attempt on
    a child's record, refused or not, is in the access log, and answered with
    a 403 response rather than an exception, which would roll the log entry
    back with the request's transaction. "You could break the glass" becomes
    a redirect to the break-glass form.
    """
    action = view.continuum_action  # type: ignore[attr-defined]

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not may(user, action):
            log(user, "child.refused", record_id=kwargs.get("pk", ""))  # type: ignore[arg-type]
            return permission_denied(request)
        try:
            return view(request, *args, **kwargs)
        except BreakGlassNeeded as needed:
            return needed.response()
        except AccessRefused:
            return permission_denied(request)

    return wrapped


def posted(request: HttpRequest) -> Any:
    """The posted data, or None for a GET: an empty POST must still be checked (and refused)."""
    return request.POST if request.method == "POST" else None


@dataclass(frozen=True)
class DueLine:
    """One outstanding item in the banner: what is due, when, and its RAG tag."""

    name: str
    due: date
    status_text: str
    tag_class: str


def due_lines(child: Child) -> list[DueLine] | None:
    """The child's most urgent work-tray lines with their RAG, or None if the work tray is not there.

    The work tray's own answer for this child (``next_due_for_child``), so the
    record never shows as overdue what the trays and the home page do not
    count, such as a visit missed on a plan that has since ended.
    Imported lazily: the work-tray engine is its own module, and the record
    page must still open if it fails to load.
    """
    try:
        from continuum.journey.worktray import next_due_for_child
    except ImportError:  # pragma: no cover - only while the work tray is absent
        return None
    today = clock.today()
    lines = []
    for item in next_due_for_child(child, today)[:DUE_SHOWN]:
        text, tag = status_tag(item.status, item.due, today, ON_TRACK_TAGS)
        lines.append(DueLine(item.rule_name, item.due, text, tag))
    return lines


def banner(request: HttpRequest, child: Child) -> dict[str, Any]:
    """What every child page shows at the top: status, who holds the case, key dates, what is due."""
    cin = selectors.open_cin_episode(child)
    cp = selectors.open_cp_plan(child)
    cla = selectors.open_cla_episode(child)
    care_leaver = CareLeaver.objects.filter(child=child).first()
    statuses = []
    # Each tag in words, not "CLA", "CP" or "CIN"; beside it what the record says in the DfE's words.
    # The words beside it must stand alone too: the chronology PDF's "Status" prints them without the tag.
    if cla:
        statuses.append(("Looked after", codes.label("episodes.LS", cla.ls)))
    if cp:
        statuses.append(
            (
                "Child protection plan",
                f"Category of abuse: {codes.label('LatestCategoryOfAbuse', cp.latest_category_of_abuse)}",
            )
        )
    if cin and not cp and not cla:
        need = (
            f"main need: {codes.label('PrimaryNeedCode', cin.primary_need_code)}"
            if cin.primary_need_code
            else "main need not yet recorded"
        )
        statuses.append(("Child in need", f"Open referral, {need}"))
    if care_leaver and care_leaver.end_date is None:
        statuses.append(("Care leaver", care_leaver.get_eligibility_category_display()))
    allocation = selectors.current_allocation(child)
    key_dates = []
    if cin:
        key_dates.append(("Referral", cin.cin_referral_date))
    if cp:
        key_dates.append(("Child protection plan start", cp.cpp_start_date))
    if cla:
        key_dates.append(("Started to be looked after", cla.decom))
    if care_leaver and care_leaver.end_date is None:
        key_dates.append(("Leaving-care duties start", care_leaver.start_date))
    if allocation:
        key_dates.append(("Allocated since", allocation.start_date))
    return {
        "child": child,
        "statuses": statuses,
        "allocation": allocation,
        "key_dates": key_dates,
        "due": due_lines(child),
        "broken_glass": child.pk in glass_ids(request),
        "can_record": may(request.user, "child.record", access_for(request, child.pk)),  # type: ignore[arg-type]
        # Only team managers allocate: the links are not offered to anyone the page would refuse.
        "can_allocate": may(request.user, "child.allocate", access_for(request, child.pk)),  # type: ignore[arg-type]
        # The child's case audits (continuum/web/assurance): offered only to those the page would open for.
        "can_see_case_audits": may(request.user, "assurance.child_audits", access_for(request, child.pk)),  # type: ignore[arg-type]
        "age": child.age_on(clock.today()),
        # Shown on every page of the child until reviewed or ended (issue 18 point 1).
        "warnings": list(shown_on(child.pk, clock.today())),
    }


def form_page(
    request: HttpRequest,
    child: Child,
    form: Any,
    *,
    title: str,
    template: str,
    errors: list[tuple[str, str]] | None = None,
    changes: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A casework form under the child's banner, with its errors (the form's own, or those given)."""
    context = banner(request, child)
    context.update(
        {
            "form": form,
            "title": title,
            "errors": errors if errors is not None else error_list(form),
            "changes": changes or [],
        }
    )
    context.update(extra or {})
    return render(request, template, context)


def saved(request: HttpRequest, child: Child, text: str) -> HttpResponse:
    """Back to the record, saying what was saved."""
    messages.success(request, text)
    return redirect("child-record", pk=child.pk)


def already(request: HttpRequest, child: Child, text: str) -> HttpResponse:
    """Back to the record with a note, when what the form would do is already done."""
    messages.info(request, text)
    return redirect("child-record", pk=child.pk)


def no_referral(request: HttpRequest, child: Child) -> HttpResponse:
    """Back to the record: the form records work under a referral and there is none open."""
    return already(
        request, child, "The child has no open referral, so this cannot be recorded. Open a referral first."
    )


def open_for_recording(request: HttpRequest, pk: int, action: str) -> Child:
    """The child, opened through the policy for recording and logged under ``action``."""
    return open_child(request, pk, action, policy_action="child.record")


def recording(action: str, *, policy: str = "child.record") -> Callable[[Callable[..., HttpResponse]], View]:
    """The frame of every casework form: guarded by ``policy``, the child opened and logged as ``action``.

    The view written under it takes the opened child instead of its record
    number; a role that may not record is refused (and logged) before the
    view runs, by :func:`child_page`.
    """

    def decorate(body: Callable[..., HttpResponse]) -> View:
        @wraps(body)
        def opened(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            child = open_child(request, pk, action, policy_action=policy)
            return body(request, child, **kwargs)

        return child_page(requires(policy)(opened))

    return decorate


def edit_form(request: HttpRequest, form_class: type[Any], record: models.Model, **kwargs: Any) -> Any:
    """The posted form, or on a GET the empty form carrying the record's version and what it shows."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    return form_class.opening(record, **kwargs)


def reread(record: models.Model) -> Callable[[], models.Model]:
    """How to read the edited record again after a clash (for :func:`run_service`'s ``current``)."""
    return lambda: type(record)._default_manager.get(pk=record.pk)


def run_service(
    request: HttpRequest,
    child: Child,
    form: Any,
    page: Page,
    write: Callable[[], object],
    done: str,
    *,
    current: Callable[[], Any] | None = None,
) -> HttpResponse:
    """Run one service write for a valid form: the record page, or the form again with the reason.

    This is the one place a service's answer becomes a page. A refusal
    (``JourneyRuleError``) is shown as a GOV.UK error with everything typed
    kept; a clash with someone else's save (``ConcurrentChangeError``) says
    what they changed, ``current`` re-reading the edited record so the form
    can move on to its new version.
    """
    try:
        write()
    except ConcurrentChangeError:
        changes = form.catch_up(current()) if current is not None else []
        errors = [(form.non_field_anchor, CONCURRENT_MESSAGE)]
        return form_page(request, child, form, errors=errors, changes=changes, **page)
    except JourneyRuleError as error:
        return form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    return saved(request, child, done)


def record_form(
    request: HttpRequest,
    child: Child,
    form: Any,
    page: Page,
    write: Callable[[Data], object],
    done: str | Callable[[Data], str],
    *,
    current: Callable[[], Any] | None = None,
) -> HttpResponse:
    """The skeleton of a casework form: shown on a GET, checked on a POST, then one service write.

    ``write`` and ``done`` (the words said once saved, or how to word them)
    take the form's cleaned data; :func:`run_service` turns the write's
    answer into a page.
    """
    if request.method != "POST" or not form.is_valid():
        return form_page(request, child, form, **page)
    data = form.cleaned_data
    said = done(data) if callable(done) else done
    return run_service(request, child, form, page, lambda: write(data), said, current=current)
