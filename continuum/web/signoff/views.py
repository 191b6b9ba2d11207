"""A record's sign-off page, and "Awaiting my authorisation" (issue 18 point 2).

The sign-off page is part of the child's record: opening it is ``child.view``
and is logged; the worker submits from it (``signoff.submit``) and a manager
answers on it (``signoff.authorise``). Writes go through
:mod:`continuum.practice.signoff`, so a refusal (your own work, already
answered) comes back as a GOV.UK error with what was typed kept. What the
worker types is kept as a draft on every POST (:mod:`continuum.practice.drafts`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from continuum.core import clock, codes
from continuum.core.access_log import log_view, log_views
from continuum.core.policy import may, teams_of, visible_children, visible_contact_children, works_in_mash
from continuum.core.timescales import Status
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import AssessmentOutcome, Contact
from continuum.people.models import Allocation, Child
from continuum.practice import drafts, signoff
from continuum.practice.models import SignOffKind, SignOffStep
from continuum.web.access import requires
from continuum.web.children.access import access_for, glass_ids, open_child
from continuum.web.children.pages import banner, child_page, posted
from continuum.web.signoff.forms import AnswerForm, SubmitAssessmentForm, SubmitClosureForm, SubmitForm

SUBMIT_FORMS: dict[str, type[SubmitForm]] = {
    SignOffKind.ASSESSMENT: SubmitAssessmentForm,
    SignOffKind.CIN_PLAN: SubmitForm,
    SignOffKind.CP_PLAN: SubmitForm,
    SignOffKind.CLOSURE: SubmitClosureForm,
    SignOffKind.STEP_DOWN: SubmitClosureForm,
}
STATUS_TAGS = {
    Status.OVERDUE: ("Overdue", "govuk-tag--red"),
    Status.DUE_SOON: ("Due soon", "govuk-tag--orange"),
    Status.DUE: ("On track", "govuk-tag--green"),
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
        return f"Assessment started {record.assessment_actual_start_date:%d/%m/%Y}"
    if kind == SignOffKind.CIN_PLAN:
        return f"Child in need plan from {record.cin_plan_start_date:%d/%m/%Y}"
    if kind == SignOffKind.CP_PLAN:
        return f"Child protection plan from {record.cpp_start_date:%d/%m/%Y}"
    label = "Case closure" if kind == SignOffKind.CLOSURE else "Step-down to early help"
    return f"{label}: referral of {record.cin_referral_date:%d/%m/%Y}"


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
        parts.append(f"To close on {day:%d/%m/%Y}: {reason}.")
    return " ".join(parts)


def _submit_form(request: HttpRequest, kind: str, draft_key: str, proposed: dict[str, Any] | None) -> Any:
    form_class = SUBMIT_FORMS[kind]
    if request.method == "POST" and request.POST.get("answer") is None:
        return form_class(request.POST)
    draft = drafts.find(request.user, draft_key)  # type: ignore[arg-type]
    if draft is not None:
        return drafts.restored(form_class, draft)
    initial: dict[str, Any] = {}
    if proposed:  # returned work opens with what was put up last time
        initial = dict(proposed)
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
    last_proposal = next((s.proposed for s in reversed(steps) if s.step == SignOffStep.SUBMITTED), None)
    submit_form = _submit_form(request, kind, draft_key, last_proposal) if can_submit else None
    answer_form = AnswerForm(posted(request) if request.POST.get("answer") else None) if can_answer else None
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        outcome = _post(request, child, kind, record_pk, sign_off, submit_form, answer_form, draft_key)
        if isinstance(outcome, HttpResponse):
            return outcome
        errors = outcome
    due, status = (None, None)
    if awaiting and last is not None:
        due, status = signoff.authorisation_clock(signoff.clock_rule(), last.at, clock.today())
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
            "status": STATUS_TAGS.get(status) if status else None,
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


def awaiting_for(request: HttpRequest, *, include_mash: bool = True) -> list[signoff.Awaiting]:
    """Everything awaiting this manager's authorisation, oldest first: sign-offs and MASH decisions
    awaiting oversight (the contact's own oversight fields), each with the authorisation clock."""
    today = clock.today()
    rule = signoff.clock_rule()
    pairs = signoff.awaiting_sign_offs()
    wanted = Contact.objects.none() if not include_mash else Contact.objects.all()
    contacts = list(
        wanted.filter(decision_at__isnull=False, manager_oversight_at__isnull=True, child__isnull=False)
        .exclude(decided_by__user=request.user)
        .order_by("decision_at", "pk")
        .values("pk", "child_id", "decision_at", "decided_by__first_name", "decided_by__last_name")[:500]
    )
    mine = _my_children(request, {s.child_id for s, _ in pairs} | {c["child_id"] for c in contacts})
    if works_in_mash(request.user):  # type: ignore[arg-type]
        # The front door's managers oversee every MASH decision, allocated or not (policy ``contact.child``).
        mine |= visible_contact_children(
            request.user, {c["child_id"] for c in contacts}, broken_glass=glass_ids(request)
        )
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
    if may(request.user, "contact.oversee"):
        for contact in contacts:
            if contact["child_id"] not in mine:
                continue
            due, status = signoff.authorisation_clock(rule, contact["decision_at"], today)
            decider = (
                f"{contact['decided_by__first_name'] or ''} {contact['decided_by__last_name'] or ''}".strip()
            )
            lines.append(
                signoff.Awaiting(
                    what=f"MASH decision on contact {contact['pk']}",
                    child_id=contact["child_id"],
                    submitted_on=timezone.localtime(contact["decision_at"]).date(),
                    submitted_by=decider or "MASH",
                    due=due,
                    status=status,
                    href=reverse("mash-contact-oversee", args=[contact["pk"]]),
                )
            )
    lines.sort(key=lambda line: (line.due or today, line.submitted_on, line.child_id))
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
    rows = [(line, STATUS_TAGS.get(line.status) if line.status else None) for line in lines]
    overdue = sum(1 for line in lines if line.status is Status.OVERDUE)
    return render(request, "signoff/tray.html", {"rows": rows, "overdue": overdue, "today": clock.today()})
