"""A record's sign-off page, and "Awaiting my authorisation" (issue 18 point 2).

The sign-off page is part of the child's record: opening it is ``child.view``
and is logged; the worker submits from it (``signoff.submit``) and a manager
answers on it (``signoff.authorise``). Writes go through
:mod:`continuum.practice.signoff`, so a refusal (your own work, already
answered) comes back as a GOV.UK error with what was typed kept. What the
worker types is kept as a draft on every POST (:mod:`continuum.practice.drafts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Min, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from continuum.core import clock, codes
from continuum.core.access_log import log_view, log_views
from continuum.core.policy import may, teams_of, visible_children
from continuum.core.timescales import Status
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import AssessmentOutcome, Contact
from continuum.people.models import Allocation, Child
from continuum.practice import drafts, signoff
from continuum.practice.models import SignOff, SignOffEvent, SignOffKind, SignOffStep
from continuum.web.access import requires
from continuum.web.children.access import access_for, glass_ids, open_child
from continuum.web.children.pages import banner, child_page, posted
from continuum.web.signoff.forms import AnswerForm, SubmitAssessmentForm, SubmitClosureForm, SubmitForm
from continuum.web.worktray.tags import ON_TRACK_TAGS, tag_or_none

SUBMIT_FORMS: dict[str, type[SubmitForm]] = {
    SignOffKind.ASSESSMENT: SubmitAssessmentForm,
    SignOffKind.CIN_PLAN: SubmitForm,
    SignOffKind.CP_PLAN: SubmitForm,
    SignOffKind.CLOSURE: SubmitClosureForm,
    SignOffKind.STEP_DOWN: SubmitClosureForm,
}
STEP_TAGS = {
    SignOffStep.SUBMITTED: "govuk-tag--blue",
    SignOffStep.RETURNED: "govuk-tag--orange",
    SignOffStep.AUTHORISED: "govuk-tag--green",
}


def _who(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def _describe(kind: str, record: Any) -> str:
    """The record in words, for the page heading and the tray."""
    if kind == SignOffKind.ASSESSMENT:
        return f"Assessment started {date_format(record.assessment_actual_start_date)}"
    if kind == SignOffKind.CIN_PLAN:
        return f"Child in need plan from {date_format(record.cin_plan_start_date)}"
    if kind == SignOffKind.CP_PLAN:
        return f"Child protection plan from {date_format(record.cpp_start_date)}"
    label = "Case closure" if kind == SignOffKind.CLOSURE else "Step-down to early help"
    return f"{label}: referral of {date_format(record.cin_referral_date)}"


def proposal_words(proposed: dict[str, Any]) -> str:
    """What the worker put up, in words (never a bare code): outcome, factors, child seen, closure."""
    if not proposed:
        return ""
    parts = []
    if "outcome" in proposed:
        outcome = dict(AssessmentOutcome.choices).get(proposed["outcome"], "")
        factors = dict(codes.choices("AssessmentFactors"))
        named = "; ".join(str(factors.get(code, "")) for code in proposed.get("assessment_factors", []))
        seen = "yes" if proposed.get("child_seen") else "no"
        parts.append(f"Outcome: {outcome}. Child seen: {seen}. Factors: {named}.")
        if proposed.get("childs_voice"):
            parts.append(f"The child's words: {proposed['childs_voice']}")
    if "reason_for_closure" in proposed:
        reason = dict(codes.choices("ReasonForClosure")).get(proposed["reason_for_closure"], "")
        day = date.fromisoformat(proposed["cin_closure_date"])
        parts.append(f"To close on {date_format(day)}: {reason}.")
    return " ".join(parts)


def _submit_form(request: HttpRequest, kind: str, draft_key: str, submitted: SignOffEvent | None) -> Any:
    """The worker's form: what they posted, else their draft, else (returned work) what they put up last.

    Why the summary too: the analysis is the submission's text (``comments``), not part of what is
    proposed, and a worker answering a manager's comments edits their analysis rather than retyping it.
    """
    form_class = SUBMIT_FORMS[kind]
    if request.method == "POST" and request.POST.get("answer") is None:
        return form_class(request.POST)
    draft = drafts.find(request.user, draft_key)  # type: ignore[arg-type]
    if draft is not None:
        return drafts.restored(form_class, draft)
    initial: dict[str, Any] = {}
    if submitted is not None:
        initial = {**submitted.proposed, "summary": submitted.comments}
        if "child_seen" in initial:
            initial["child_seen"] = "yes" if initial["child_seen"] else "no"
    return form_class(initial=initial)


@child_page
@requires("child.view")
def sign_off_page(request: HttpRequest, pk: int, kind: str, record_pk: int) -> HttpResponse:
    """One record's sign-off: where it stands, its trail, and the worker's or the manager's form."""
    if kind not in SUBMIT_FORMS:
        raise Http404
    child = open_child(request, pk, "child.signoff.view")
    record = signoff.record_of(kind, record_pk, child)
    if record is None:
        raise Http404
    access = access_for(request, child.pk)
    sign_off = signoff.for_record(kind, record_pk)
    steps = list(sign_off.steps.select_related("by").order_by("at", "pk")) if sign_off else []
    last = steps[-1] if steps else None
    awaiting = last is not None and last.step == SignOffStep.SUBMITTED
    done = last is not None and last.step == SignOffStep.AUTHORISED
    can_submit = not awaiting and not done and may(request.user, "signoff.submit", access)  # type: ignore[arg-type]
    can_answer = awaiting and may(request.user, "signoff.authorise", access)  # type: ignore[arg-type]
    draft_key = drafts.key(f"sign-off-{kind}", "record", record_pk)
    last_submitted = next((s for s in reversed(steps) if s.step == SignOffStep.SUBMITTED), None)
    submit_form = _submit_form(request, kind, draft_key, last_submitted) if can_submit else None
    answer_form = AnswerForm(posted(request) if request.POST.get("answer") else None) if can_answer else None
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        outcome = _post(request, child, kind, record_pk, sign_off, submit_form, answer_form, draft_key)
        if isinstance(outcome, HttpResponse):
            return outcome
        errors = outcome
    due, status = (None, None)
    today = clock.today()
    if awaiting and last is not None:
        due, status = signoff.authorisation_clock(signoff.clock_rule(), last.at, today)
    context = banner(request, child)
    context.update(
        {
            "title": _describe(kind, record),
            "kind": SignOffKind(kind),
            "steps": [(step, proposal_words(step.proposed)) for step in steps],
            "step_tags": STEP_TAGS,
            "awaiting": awaiting,
            "done": done,
            "authorise_by": due,
            "status": tag_or_none(status, due, today, ON_TRACK_TAGS),
            "submit_form": submit_form,
            "answer_form": answer_form,
            "errors": errors,
            "own_work": awaiting and last is not None and last.by_id == request.user.pk,
            "draft": drafts.find(request.user, draft_key) if can_submit else None,  # type: ignore[arg-type]
        }
    )
    return render(request, "signoff/sign_off.html", context)


def _post(
    request: HttpRequest,
    child: Child,
    kind: str,
    record_pk: int,
    sign_off: Any,
    submit_form: Any,
    answer_form: Any,
    draft_key: str,
) -> HttpResponse | list[tuple[str, str]]:
    """Submit, save a draft, authorise or return; the page again with its errors, or a redirect."""
    from continuum.web.govuk.forms import error_list

    user = request.user
    here = reverse("child-sign-off", args=[child.pk, kind, record_pk])
    if answer_form is not None and request.POST.get("answer"):
        if not answer_form.is_valid():
            return error_list(answer_form)
        try:
            if answer_form.cleaned_data["answer"] == "authorise":
                signoff.authorise(sign_off, by=user, comments=answer_form.cleaned_data["comments"])  # type: ignore[arg-type]
                messages.success(request, "Authorised. The authorisation date is today.")
            else:
                signoff.return_for_changes(sign_off, by=user, comments=answer_form.cleaned_data["comments"])  # type: ignore[arg-type]
                messages.success(request, "Returned to the worker with your comments.")
        except JourneyRuleError as error:
            return [(answer_form.non_field_anchor, error.message)]
        return redirect("signoff-tray")
    if submit_form is None:
        return [("main-content", "There is nothing to submit or answer here now.")]
    drafts.keep(user, draft_key, request.POST)  # type: ignore[arg-type]
    if drafts.SAVE_BUTTON in request.POST:
        messages.success(request, f"Draft saved at {clock.now():%H:%M}. Only you can see it.")
        return redirect(here)
    if not submit_form.is_valid():
        return error_list(submit_form)
    try:
        signoff.submit(
            child=child,
            kind=kind,
            record_id=record_pk,
            by=user,  # type: ignore[arg-type]
            summary=submit_form.cleaned_data.get("summary", ""),
            proposed=submit_form.proposed(),
        )
    except JourneyRuleError as error:
        return [(submit_form.non_field_anchor, error.message)]
    drafts.discard(user, draft_key)  # type: ignore[arg-type]
    messages.success(request, "Sent to your manager for authorisation.")
    return redirect(here)


# --- Awaiting my authorisation -------------------------------------------------------------------------


def _my_children(request: HttpRequest, child_ids: set[int]) -> set[int]:
    """Of ``child_ids``, those held by the manager's teams (their service's, for a head of service)
    that they may open."""
    teams = teams_of(request.user)  # type: ignore[arg-type]
    held = set(
        Allocation.objects.filter(
            child_id__in=child_ids, team_id__in=teams, end_date__isnull=True
        ).values_list("child_id", flat=True)
    )
    return visible_children(request.user, held, broken_glass=glass_ids(request))


def awaiting_for(request: HttpRequest) -> list[signoff.Awaiting]:
    """Sign-offs awaiting this manager's authorisation, most pressing first, each with its clock.

    MASH decisions awaiting oversight are not rows here: they are signed off in the MASH oversight
    queue, and the tray gives their number and a link (:func:`oversight_waiting`), the same number as
    the home page's oversight card.
    """
    today = clock.today()
    rule = signoff.clock_rule()
    pairs = signoff.awaiting_sign_offs()
    mine = _my_children(request, {s.child_id for s, _ in pairs})
    lines: list[signoff.Awaiting] = []
    for sign_off, submitted in pairs:
        if sign_off.child_id not in mine:
            continue
        record = signoff.record_of(sign_off.kind, sign_off.record_id, sign_off.child)
        due, status = signoff.authorisation_clock(rule, submitted.at, today)
        lines.append(
            signoff.Awaiting(
                what=_describe(sign_off.kind, record) if record else SignOffKind(sign_off.kind).label,
                child_id=sign_off.child_id,
                submitted_on=timezone.localtime(submitted.at).date(),
                submitted_by=_who(submitted.by),
                due=due,
                status=status,
                href=reverse("child-sign-off", args=[sign_off.child_id, sign_off.kind, sign_off.record_id]),
            )
        )
    lines.sort(key=lambda line: (line.due or today, line.submitted_on, line.child_id))
    return lines


@dataclass(frozen=True)
class Oversight:
    """MASH decisions awaiting a manager's oversight: how many, and when the oldest was made."""

    total: int
    oldest: datetime | None


def oversight_waiting(user: Any) -> Oversight | None:
    """MASH decisions made and not yet overseen, for a manager who oversees them (None for anyone else).

    One count for the home page's oversight card and "Awaiting my authorisation", so the two agree.
    Numbers only: the decisions themselves are listed, and signed off, in the MASH oversight queue.
    """
    if not (may(user, "mash.queue") and may(user, "contact.oversee")):
        return None
    figures = Contact.objects.filter(decision_at__isnull=False, manager_oversight_at__isnull=True).aggregate(
        total=Count("pk"), oldest=Min("decision_at")
    )
    return Oversight(figures["total"], figures["oldest"])


def oversight_queue_url() -> str:
    """The MASH oversight queue, oldest decision first: where each one is signed off."""
    return f"{reverse('mash-queue')}?{urlencode({'stage': 'oversight', 'sort': 'oldest'})}"


# --- Returned to the worker ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Returned:
    """One piece of work a manager sent back to the worker who submitted it, with their reason."""

    what: str
    child_id: int
    child_name: str
    returned_on: date
    returned_by: str
    reason: str
    href: str


def returned_to(request: HttpRequest) -> list[Returned]:
    """Work the signed-in user submitted that a manager returned with comments, not yet submitted again.

    Why: the manager's reason used to be seen only by opening the sign-off page, so returned work sat
    unnoticed. "My work" and the home page list it from here, oldest return first; children the user
    may no longer open are left out. A handful of queries, plus one per returned record for its words.
    """
    latest = SignOffEvent.objects.filter(sign_off=OuterRef("pk")).order_by("-at", "-pk")
    submitter = latest.filter(step=SignOffStep.SUBMITTED).values("by")[:1]
    sign_offs = list(
        SignOff.objects.annotate(
            last_step=Subquery(latest.values("step")[:1]),
            last_id=Subquery(latest.values("pk")[:1]),
            submitter=Subquery(submitter),
        )
        .filter(last_step=SignOffStep.RETURNED, submitter=request.user.pk)
        .select_related("child")
    )
    visible = visible_children(request.user, {s.child_id for s in sign_offs}, broken_glass=glass_ids(request))
    steps = SignOffEvent.objects.select_related("by").in_bulk([s.last_id for s in sign_offs])  # type: ignore[attr-defined]
    lines = []
    for sign_off in sign_offs:
        if sign_off.child_id not in visible:
            continue
        step = steps[sign_off.last_id]  # type: ignore[attr-defined]
        record = signoff.record_of(sign_off.kind, sign_off.record_id, sign_off.child)
        lines.append(
            Returned(
                what=_describe(sign_off.kind, record) if record else SignOffKind(sign_off.kind).label,
                child_id=sign_off.child_id,
                child_name=sign_off.child.display_name,
                returned_on=timezone.localtime(step.at).date(),
                returned_by=_who(step.by),
                reason=step.comments,
                href=reverse("child-sign-off", args=[sign_off.child_id, sign_off.kind, sign_off.record_id]),
            )
        )
    lines.sort(key=lambda line: (line.returned_on, line.child_id))
    return lines


@requires("signoff.tray")
def tray(request: HttpRequest) -> HttpResponse:
    """Awaiting my authorisation: the oldest first, overdue in red, each linked to where it is answered."""
    lines = awaiting_for(request)
    log_view(user=request.user, action="signoff.tray", record_type="tray", record_id="authorisation")  # type: ignore[arg-type]
    log_views(
        user=request.user,
        action="signoff.tray",
        record_type="child",
        record_ids=[line.child_id for line in lines],
    )  # type: ignore[arg-type]
    today = clock.today()
    # An authorisation clock stands as the child's record says it: "On track", "Due today"...
    rows = [(line, tag_or_none(line.status, line.due, today, ON_TRACK_TAGS)) for line in lines]
    overdue = sum(1 for line in lines if line.status is Status.OVERDUE)
    context = {
        "rows": rows,
        "overdue": overdue,
        "today": today,
        "oversight": oversight_waiting(request.user),
        "oversight_href": oversight_queue_url(),
    }
    return render(request, "signoff/tray.html", context)
