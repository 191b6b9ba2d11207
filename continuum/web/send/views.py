"""SEND pages: the caseworker's list of open EHC requests with their clocks, recording a request, one
request's timeline with its decisions, the final plan, the plan with its annual reviews and ceasing,
and the reviews coming due.

Every view asks the one policy (continuum/send/rules.py). A request or plan is part of the person's
record: opening it logs a view of that record, as any child-record page does, and so does showing
the person's social-care status. URLs carry record numbers only. Each page posts back to itself with
a hidden ``form`` naming which of its forms was sent; a refused write keeps everything typed and
names the field, and a write against a version someone else has moved on is refused and explained.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from continuum.core import clock
from continuum.core.access_log import log_view
from continuum.core.policy import may
from continuum.people.models import Child
from continuum.send import clocks, services
from continuum.send.models import AdviceRequest, AnnualReview, EHCPlan, EHCRequest, PhaseTransfer
from continuum.send.rules import visible_send_children
from continuum.web.access import requires
from continuum.web.children.access import access_for, glass_ids
from continuum.web.children.recording_forms import EditForm
from continuum.web.govuk.forms import error_list
from continuum.web.send import forms as f
from continuum.web.views import permission_denied

Errors = list[tuple[str, str]]


def _visible(request: HttpRequest, child_ids: list[int]) -> set[int]:
    return visible_send_children(request.user, child_ids, broken_glass=glass_ids(request))


@requires("send.home")
def open_requests(request: HttpRequest) -> HttpResponse:
    """Open EHC needs assessment requests, most urgent first, with each one's next clock and 20-week date.

    ``?mine=1`` keeps the requests the signed-in caseworker holds.
    """
    today = clock.today()
    mine = request.GET.get("mine") == "1"
    lines = services.open_requests(today, caseworker=request.user if mine else None)
    visible = _visible(request, [line.request.child_id for line in lines])
    lines = [line for line in lines if line.request.child_id in visible]
    return render(request, "send/requests.html", {"lines": lines, "today": today, "mine": mine})


@requires("send.home")
def reviews_due(request: HttpRequest) -> HttpResponse:
    """Current plans whose annual review is overdue or due in the next 8 weeks, the earliest first."""
    today = clock.today()
    lines = services.reviews_due(today)
    visible = _visible(request, [line.plan.child_id for line in lines])
    lines = [line for line in lines if line.plan.child_id in visible]
    return render(request, "send/reviews_due.html", {"lines": lines, "today": today})


@requires("send.home")
def transfers_due(request: HttpRequest) -> HttpResponse:
    """Phase transfers whose amended plan, naming the new setting, is overdue or due in the next
    12 weeks (15 February, or 31 March into post-16: SEND Regulations 2014 reg 18), the earliest first."""
    today = clock.today()
    lines = services.transfers_due(today)
    visible = _visible(request, [line.transfer.plan.child_id for line in lines])
    lines = [line for line in lines if line.transfer.plan.child_id in visible]
    return render(
        request,
        "send/transfers_due.html",
        {"lines": lines, "today": today, "overdue": sum(1 for line in lines if line.overdue)},
    )


@requires("send.record")
def new_request(request: HttpRequest) -> HttpResponse:
    """Record a request for an EHC needs assessment: every clock starts from the day it was received.

    The form carries a one-time token: sent again (back and resend, a double click) it opens the
    request the first sending recorded instead of recording another. A person with a request
    still open is refused at the child's box, with a link to that request.
    """
    if request.method != "POST":
        form = f.RequestForm(initial={"submission_token": f.new_submission_token()})
        return _new_request_page(request, form)
    token = request.POST.get("submission_token", "")
    already = services.request_for_submission(token)
    if already is not None:
        return _already_recorded(request, already)
    form = f.RequestForm(request.POST)
    if not form.is_valid():
        return _new_request_page(request, form)
    data = form.cleaned_data
    child = Child.objects.filter(la_child_id=data["la_child_id"].strip()).first()
    if child is None:
        form.add_error("la_child_id", "No child or young person has that record number")
        return _new_request_page(request, form)
    if not may(request.user, "send.record", access_for(request, child.pk)):
        form.add_error("la_child_id", "You may not record on this person's record")
        return _new_request_page(request, form)
    try:
        ehc = services.record_request(
            child,
            data["requested_by"],
            data["received_on"],
            caseworker=request.user,
            submission_token=token,
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return _new_request_page(
            request,
            form,
            open_request=services.open_request_for(child.pk),
            held_plan=services.current_plan(child.pk),
        )
    except IntegrityError:
        # The same form sent twice at once (a double click): the other sending recorded it first.
        already = services.request_for_submission(token)
        if already is None:
            raise
        return _already_recorded(request, already)
    messages.success(request, "The request is recorded; its clocks are running.")
    return redirect(reverse("send-request", args=[ehc.pk]))


def _new_request_page(
    request: HttpRequest,
    form: f.RequestForm,
    open_request: EHCRequest | None = None,
    held_plan: EHCPlan | None = None,
) -> HttpResponse:
    """The new-request form, its errors beside their boxes; a link to the person's open request, or
    a warning linking the plan they already hold, when that is why it was refused (and the user
    may open it)."""
    if open_request is not None and not may(
        request.user, "send.view", access_for(request, open_request.child_id)
    ):
        open_request = None
    if held_plan is not None and not may(request.user, "send.view", access_for(request, held_plan.child_id)):
        held_plan = None
    errors = error_list(form)
    context = {"form": form, "errors": errors, "open_request": open_request, "held_plan": held_plan}
    return render(request, "send/new.html", context, status=400 if errors else 200)


def _already_recorded(request: HttpRequest, ehc: EHCRequest) -> HttpResponse:
    """The form was sent again: open the request it recorded, and say nothing new was recorded."""
    messages.info(request, f"This request was already recorded as EHC-{ehc.pk}: nothing new was recorded.")
    return redirect(reverse("send-request", args=[ehc.pk]))


# --- Opening a request or a plan: policy, log, social-care status ------------------------------------


def _opened(request: HttpRequest, child_id: int) -> tuple[bool, bool] | None:
    """(may record, may see social-care status) for this person, the view logged; None if refused."""
    access = access_for(request, child_id)
    if not may(request.user, "send.view", access):
        return None
    log_view(user=request.user, action="send.view", record_type="child", record_id=child_id)  # type: ignore[arg-type]
    return may(request.user, "send.record", access), may(request.user, "send.social_care", access)


def _social_care(
    request: HttpRequest, child_id: int, allowed: bool
) -> list[services.SocialCareStatus] | None:
    """The person's social-care status, logged as a view of their record (None when not allowed)."""
    if not allowed:
        return None
    log_view(user=request.user, action="send.social_care", record_type="child", record_id=child_id)  # type: ignore[arg-type]
    return services.social_care_status(child_id, clock.today())


def _says(message: str, write: Callable[[dict[str, Any]], object]) -> Callable[[dict[str, Any]], str]:
    """A writer that runs ``write`` on the form's data and then says ``message``."""

    def run(data: dict[str, Any]) -> str:
        write(data)
        return message

    return run


def _post(
    request: HttpRequest,
    bound: dict[str, forms.Form],
    record: Any,
    writers: dict[str, Callable[[Any], str]],
) -> tuple[HttpResponse | None, Errors]:
    """Run the posted form's writer; (redirect, []) on success, (None, errors) otherwise.

    A service's refusal is put on the form's own anchor (its message names the field); a clash
    with someone else's save moves the form on to the current version and says what they changed.
    """
    which = request.POST.get("form", "")
    form = bound.get(which)
    if form is None or which not in writers:
        return None, [("main-content", "This form is not recognised: open the page again")]
    if not form.is_valid():
        return None, error_list(form)
    try:
        done = writers[which](form.cleaned_data)
    except ValidationError as exc:
        anchor = form.non_field_anchor  # type: ignore[attr-defined]
        if getattr(exc, "code", None) == "concurrent_change" and isinstance(form, EditForm):
            fresh = type(record).objects.get(pk=record.pk)
            changes = form.catch_up(fresh)
            return None, [(anchor, m) for m in [*exc.messages, *changes]]
        if hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields):
            # The service named the field: the message goes beside it as well as in the summary.
            form.add_error(None, exc)
            return None, error_list(form)
        return None, [(anchor, m) for m in exc.messages]
    messages.success(request, done)
    return redirect(request.path), []


def _forms(request: HttpRequest, record: Any, makers: dict[str, Callable[..., forms.Form]]) -> dict[str, Any]:
    """Each of the page's forms: the posted one bound to the post, the others opened on ``record``."""
    which = request.POST.get("form") if request.method == "POST" else None
    out: dict[str, Any] = {}
    for name, make in makers.items():
        if name == which:
            out[name] = make(request.POST)
        elif isinstance(make, type) and issubclass(make, EditForm):
            out[name] = make.opening(record)
        else:
            out[name] = make()
    return out


# --- One request: its timeline and its decisions -----------------------------------------------------


@requires("send.view")
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One request's timeline: each clock with its due date and status, the advice, the exceptions, and
    the form for the next decision (to assess, to issue, the draft plan, consultations)."""
    ehc = get_object_or_404(EHCRequest.objects.select_related("child"), pk=pk)
    opened = _opened(request, ehc.child_id)
    if opened is None:
        return permission_denied(request)
    can_record, sees_social_care = opened
    pending = AdviceRequest.objects.filter(ehc_request=ehc, received_on__isnull=True)
    bound = _forms(
        request,
        ehc,
        {
            "advice": f.AdviceForm,
            "exception": f.ExceptionForm,
            "assess": f.AssessForm,
            "issue": f.IssueForm,
            "draft": f.DraftForm,
            "withdraw": f.WithdrawForm,
            "consultation": f.ConsultationForm,
            "advice_received": lambda data=None: f.AdviceReceivedForm(data, pending=pending),
        },
    )
    errors: Errors = []
    if request.method == "POST":
        if not can_record:
            return permission_denied(request)
        writers: dict[str, Callable[[Any], str]] = {
            "advice": _says(
                "Advice request recorded.",
                lambda d: services.request_advice(ehc, d["kind"], d["requested_on"]),
            ),
            "exception": _says(
                "Exception recorded.",
                lambda d: services.record_exception(ehc, d["reason"], d["starts_on"], d["note"]),
            ),
            "assess": _says(
                "Decision whether to assess recorded.",
                lambda d: services.record_decision_to_assess(
                    ehc, d["assess_decision"], d["assess_decided_on"], expected_version=d["version"]
                ),
            ),
            "issue": _says(
                "Decision whether to issue a plan recorded.",
                lambda d: services.record_decision_to_issue(
                    ehc,
                    d["issue_decision"],
                    d["issue_decided_on"],
                    expected_version=d["version"],
                    despite_awaited_advice=d["despite_awaited_advice"],
                ),
            ),
            "draft": _says(
                "Draft plan recorded.",
                lambda d: services.record_draft(ehc, d["draft_issued_on"], expected_version=d["version"]),
            ),
            "withdraw": _says(
                "The request is withdrawn; its clocks have stopped.",
                lambda d: services.withdraw_request(ehc, d["withdrawn_on"], expected_version=d["version"]),
            ),
            "consultation": _says(
                "Consultation recorded.",
                lambda d: services.record_consultation(
                    ehc,
                    d["setting_name"],
                    d["setting_type"],
                    d["consulted_on"],
                    d["responded_on"],
                    d["accepts"],
                ),
            ),
            "advice_received": _says(
                "Advice received recorded.",
                lambda d: services.record_advice_received(d["advice"], d["advice_received_on"]),
            ),
        }
        response, errors = _post(request, bound, ehc, writers)
        if response is not None:
            return response
    today = clock.today()
    rules = services.rules()
    exceptions = list(ehc.exceptions.all())
    journey = services.request_clocks(ehc, today, rules)
    context = {
        "ehc": ehc,
        "today": today,
        "journey": journey,
        # The day the final plan is due by on the 20-week clock, said beside the decision to issue
        # so the decision's own date is not read as the plan's.
        "final_due": next((c.item.due for c in journey if c.item.rule_code == clocks.FINAL_PLAN), None),
        "advice": list(ehc.advice.all()),
        "pending_advice": list(pending),
        "consultations": list(ehc.consultations.all()),
        "exceptions": exceptions,
        "timeliness": clocks.timeliness(ehc, [e.reason for e in exceptions], rules),
        "stopped_on": clocks.stopped_on(ehc),
        "plan": EHCPlan.objects.filter(ehc_request=ehc).first(),
        "can_record": can_record,
        "social_care": _social_care(request, ehc.child_id, sees_social_care),
        "errors": errors,
        **{f"{name}_form": form for name, form in bound.items()},
    }
    return render(request, "send/request.html", context, status=400 if errors else 200)


@requires("send.record")
def final_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the final plan: its date, sections B, E and F, the named setting and the personal budget."""
    ehc = get_object_or_404(EHCRequest.objects.select_related("child"), pk=pk)
    access = access_for(request, ehc.child_id)
    if not may(request.user, "send.record", access):
        return permission_denied(request)
    log_view(user=request.user, action="send.view", record_type="child", record_id=ehc.child_id)  # type: ignore[arg-type]
    bound = _forms(request, ehc, {"final": _final_plan_form(ehc)})
    errors: Errors = []
    if request.method == "POST":
        made: list[EHCPlan] = []

        def issue(d: dict[str, Any]) -> str:
            values = bound["final"].plan_values()
            made.append(
                services.issue_final_plan(
                    ehc,
                    d["issued_on"],
                    expected_version=d["version"],
                    family_commented_early=d["family_commented_early"],
                    **values,
                )
            )
            return "The final plan is issued; its annual review clock is running."

        response, errors = _post(request, bound, ehc, {"final": issue})
        if response is not None:
            # The back link on the plan returns to the request the caseworker came from.
            return redirect(reverse("send-plan", args=[made[0].pk]) + "?from=request")
    context = {
        "ehc": ehc,
        "form": bound["final"],
        "errors": errors,
        "comment_ends": services.comment_period_ends(ehc.draft_issued_on) if ehc.draft_issued_on else None,
        # A plan the person still holds: issuing this one is refused until it has ceased.
        "held_plan": services.current_plan(ehc.child_id),
    }
    return render(request, "send/final.html", context, status=400 if errors else 200)


def _final_plan_form(ehc: EHCRequest) -> Callable[..., forms.Form]:
    """The final plan's form for :func:`_forms`, opened on ``ehc`` or bound to the post, knowing
    the request so it can ask for the comment-period confirmation with its other errors."""

    def make(data: Any = None) -> forms.Form:
        if data is None:
            return f.FinalPlanForm.opening(ehc, ehc=ehc)
        return f.FinalPlanForm(data, ehc=ehc)

    return make


# --- One plan: sections, setting, budget, annual reviews, ceasing ------------------------------------


@requires("send.view")
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan: its sections, named setting and personal budget; the annual reviews on their 12-month
    clock, each amendment on its 12-week clock; recording a review, an amended plan, or ceasing."""
    plan = get_object_or_404(EHCPlan.objects.select_related("child", "ehc_request"), pk=pk)
    opened = _opened(request, plan.child_id)
    if opened is None:
        return permission_denied(request)
    can_record, sees_social_care = opened
    awaiting = AnnualReview.objects.filter(
        plan=plan, outcome=AnnualReview.Outcome.AMEND, amended_on__isnull=True
    )
    transfers_awaiting = PhaseTransfer.objects.filter(plan=plan, amended_issued_on__isnull=True)
    bound = _forms(
        request,
        plan,
        {
            "review": f.ReviewForm,
            "amended": lambda data=None: f.AmendedPlanForm(data, awaiting=awaiting),
            "cease": f.CeaseForm,
            "transfer": f.TransferForm,
            "transfer_issued": lambda data=None: f.TransferIssuedForm(data, awaiting=transfers_awaiting),
        },
    )
    errors: Errors = []
    if request.method == "POST":
        if not can_record:
            return permission_denied(request)
        writers: dict[str, Callable[[Any], str]] = {
            "review": _says(
                "Annual review recorded.",
                lambda d: services.record_review(
                    plan, d["held_on"], d["outcome"], d["amended_on"], expected_version=d["version"]
                ),
            ),
            "amended": _says(
                "Amended plan recorded.",
                lambda d: services.record_amended_plan(d["review"], d["amended_plan_on"]),
            ),
            "cease": _says(
                "The plan has ceased.",
                lambda d: services.cease_plan(
                    plan, d["ceased_on"], d["cease_reason"], expected_version=d["version"]
                ),
            ),
            "transfer": _says(
                "Phase transfer recorded.",
                lambda d: services.record_transfer(plan, d["from_phase"], d["to_phase"], d["transfer_year"]),
            ),
            "transfer_issued": _says(
                "Amended plan for the transfer recorded: the plan now names the new setting.",
                lambda d: services.record_transfer_plan_issued(
                    d["transfer"],
                    d["issued_on"],
                    setting_name=d["setting_name"],
                    setting_type=d["setting_type"],
                    setting_urn=d["setting_urn"],
                    setting_ukprn=d["setting_ukprn"],
                ),
            ),
        }
        response, errors = _post(request, bound, plan, writers)
        if response is not None:
            return response
    today = clock.today()
    rules = services.rules()
    reviews = list(plan.reviews.all())
    context = {
        "plan": plan,
        # Where the back link returns to: a fixed word, never a record's detail.
        "came_from": _came_from(request, plan),
        "today": today,
        "review_clock": clocks.annual_reviews(plan, [r.held_on for r in reviews], rules, today),
        "reviews": [(r, clocks.amended_plan(r, rules, today, plan.ceased_on)) for r in reviews],
        "transfers": [(t, clocks.phase_transfer(t, rules, today)) for t in plan.transfers.all()],
        "transfers_awaiting": list(transfers_awaiting),
        "awaiting": list(awaiting),
        "can_record": can_record and plan.ceased_on is None,
        "social_care": _social_care(request, plan.child_id, sees_social_care),
        "errors": errors,
        **{f"{name}_form": form for name, form in bound.items()},
    }
    return render(request, "send/plan.html", context, status=400 if errors else 200)


def _came_from(request: HttpRequest, plan: EHCPlan) -> str:
    """The page the plan was opened from: the transfers due, its own request, or the reviews due."""
    came = request.GET.get("from")
    if came == "request" and plan.ehc_request_id is not None:
        return "request"
    return "transfers" if came == "transfers" else "reviews"


@requires("send.record")
def plan_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the plan's sections, named setting or personal budget (an amendment or a correction)."""
    plan = get_object_or_404(EHCPlan.objects.select_related("child"), pk=pk)
    if not may(request.user, "send.record", access_for(request, plan.child_id)):
        return permission_denied(request)
    log_view(user=request.user, action="send.view", record_type="child", record_id=plan.child_id)  # type: ignore[arg-type]
    form = f.PlanChangeForm(request.POST) if request.method == "POST" else f.PlanChangeForm.for_plan(plan)
    errors: Errors = []
    if request.method == "POST":

        def change(d: dict[str, Any]) -> str:
            services.change_plan(plan, expected_version=d["version"], **form.plan_values())
            return "The plan is changed."

        response, errors = _post(request, {"change": form}, plan, {"change": change})
        if response is not None:
            return redirect(reverse("send-plan", args=[plan.pk]))
    context = {"plan": plan, "form": form, "errors": errors}
    return render(request, "send/plan_change.html", context, status=400 if errors else 200)
