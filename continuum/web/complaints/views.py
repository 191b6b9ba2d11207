"""Complaints pages: the officer's tray, a complaint from receipt to its last stage, compliments,
members' enquiries, and what a child's social worker may know (that a complaint exists).

Every view asks the one policy (continuum/complaints/rules.py). A complaint's content is for
complaints staff and the named response authors only; opening a complaint that concerns children
logs a view of each child's record, because the complaint is part of what is known about them.
A refused write comes back as the form's error, never a traceback.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from continuum.actions.models import Action
from continuum.complaints import clocks, report, selectors, services
from continuum.complaints.models import Complaint, Compliment, MembersEnquiry, Stage, StageStatus
from continuum.complaints.services import ComplaintRuleError
from continuum.core import clock
from continuum.core.access_log import log_view, log_views
from continuum.core.dates import day_words
from continuum.core.policy import may, visible_children
from continuum.metrics.periods import PeriodKind, financial_year_period, period_of
from continuum.people.models import Child, Team
from continuum.web.access import requires
from continuum.web.children.access import glass_ids
from continuum.web.complaints import forms as f
from continuum.web.govuk.forms import error_list, refuse_field
from continuum.web.views import permission_denied


def _user(pk: str | None) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _team(pk: str | None) -> Team | None:
    return Team.objects.filter(pk=pk).first() if pk else None


def _refused(form: forms.Form, error: ComplaintRuleError) -> list[tuple[str, str]]:
    """A service's refusal as the form's errors: beside the field it names, else at the form's anchor."""
    if error.field in form.fields:
        # Every box of a date is marked: the rule is about the whole date, not its day or month.
        refuse_field(form, error.field, str(error))
        return error_list(form)
    return [(form.non_field_anchor, str(error))]  # type: ignore[attr-defined]


@requires("complaints.home")
def tray(request: HttpRequest) -> HttpResponse:
    """Every open stage with its clock and the complaints still to acknowledge (complaints staff),
    or the stages this author must answer."""
    today = clock.today()
    staff = may(request.user, "complaints.record")
    rows = selectors.open_stages(today, author_id=None if staff else request.user.pk)
    to_acknowledge = selectors.unacknowledged(today) if staff else []
    context = {"rows": rows, "staff": staff, "today": today, "to_acknowledge": to_acknowledge}
    return render(request, "complaints/tray.html", context)


@requires("complaints.list")
def find(request: HttpRequest) -> HttpResponse:
    """Every complaint, open or closed, found by reference or complainant's name: the way back to an
    answered or declined complaint, which the tray (open stages only) no longer lists."""
    form = f.FindForm(request.GET or None)
    text, show = "", "open"
    if form.is_valid():
        text, show = form.cleaned_data["q"], form.cleaned_data["show"] or "open"
    page = Paginator(selectors.find_complaints(text, show), 50).get_page(request.GET.get("page"))
    rows = [{"complaint": c, "standing": selectors.standing(c)} for c in page]
    context = {
        "form": form,
        "q": text,
        "show": show,
        "tabs": [("open", "Open"), ("closed", "Closed"), ("all", "All")],
        "page": page,
        "rows": rows,
        "query": _query(text, show),
        "staff": True,
    }
    return render(request, "complaints/list.html", context)


def _query(text: str, show: str) -> str:
    """The search's part of a page link, so "Next" keeps the search and the tab."""
    return urlencode({"q": text, "show": show}) if text else urlencode({"show": show})


@requires("complaints.figures")
def figures(request: HttpRequest) -> HttpResponse:
    """The annual report's statistics tables for a financial year (seed 001 Appendix B), worked out
    from the records as ``./run report complaints-annual`` does; ``?format=xlsx`` downloads them."""
    this_year = period_of(clock.today(), PeriodKind.FINANCIAL_YEAR).start.year
    years = [financial_year_period(y).label for y in range(this_year, this_year - 5, -1)]
    label = request.GET.get("year") or years[0]
    if label not in years:
        label = years[0]
    made = report.tables(report.parse_year(label))
    if request.GET.get("format") == "xlsx":
        buffer = BytesIO()
        report.workbook(made).save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="complaints-annual-{label}.xlsx"'
        return response
    context = {"tables": made, "year": label, "years": years, "staff": True}
    return render(request, "complaints/figures.html", context)


@requires("complaints.record")
def record(request: HttpRequest) -> HttpResponse:
    """Record a complaint received: it opens at stage 1 with its clock running from receipt."""
    form = f.ComplaintForm(request.POST or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            children: list[Child] = []
            ref = data["la_child_id"]
            if ref:
                child = _child_by_id(ref)
                if child is None:
                    form.add_error(
                        "la_child_id",
                        f"No child has the record number (LAchildID) {ref}: check it, or leave it blank",
                    )
                    errors = error_list(form)
                else:
                    children = [child]
            if not errors:
                try:
                    complaint = services.record_complaint(
                        procedure=data["procedure"],
                        received=data["received"],
                        complainant_name=data["complainant_name"],
                        complainant_type=data["complainant_type"],
                        category=data["category"],
                        service_area=data["service_area"],
                        summary=data["summary"],
                        by=request.user,  # type: ignore[arg-type]
                        author=_user(data["author"]),
                        team=_team(data["team"]),
                        head_of_service=data["head_of_service"],
                        advocate=data["advocate"],
                        children=children,
                    )
                except ComplaintRuleError as error:
                    errors = _refused(form, error)
                else:
                    messages.success(request, f"Complaint {complaint.reference} is recorded at stage 1.")
                    return redirect(reverse("complaints-complaint", args=[complaint.pk]))
        else:
            errors = error_list(form)
    return render(
        request, "complaints/new.html", {"form": form, "errors": errors}, status=400 if errors else 200
    )


def _child_by_id(ref: str) -> Child | None:
    """The child with this LAchildID (already without spaces and in capitals); an ID a council
    issued in lower case is still found."""
    return (
        Child.objects.filter(la_child_id=ref).first() or Child.objects.filter(la_child_id__iexact=ref).first()
    )


#: The complaint page's forms by the "form" field each posts.
_FORMS: dict[str, type[f.ComplaintEditForm]] = {
    "acknowledge": f.AcknowledgeForm,
    "author": f.AuthorForm,
    "extend": f.ExtendForm,
    "respond": f.RespondForm,
    "escalate": f.EscalateForm,
    "learning": f.LearningForm,
}
_STAGE_FORMS = ("author", "extend", "respond")


def _gate(complaint: Complaint, today: date) -> dict[str, Any]:
    """What the escalation gate may decide today, as the service would rule: a service complaint's
    request may be declined (no new information); a statutory one only once the last day to ask as
    of right (20 working days from the response by default) has passed."""
    service = {"deadline": None, "decline": "Decline: no new information", "hint": ""}
    live = [s for s in complaint.stages.all() if s.status != StageStatus.DECLINED]
    last = live[-1] if live else None
    if last is None or last.responded is None:
        return service
    deadline = clocks.request_deadline(complaint.procedure, last.responded, clocks.current_rules())
    if deadline is None:
        return service
    day = day_words(deadline)
    if today <= deadline:
        hint = (
            f"Statutory complaint: the complainant may ask for the next stage as of right until {day}, "
            "so it cannot be declined."
        )
        return {"deadline": deadline, "decline": "", "hint": hint}
    return {
        "deadline": deadline,
        "decline": f"Decline: asked for after {day}, the last day to ask as of right",
        "hint": f"Statutory complaint: a request made by {day} must go ahead; a later one may be declined.",
    }


def _form(
    kind: str, complaint: Complaint, data: Any = None, *, stage: Stage | None = None, **initial: Any
) -> f.ComplaintEditForm:
    """One of the page's forms: bound to the post, or opened on what it changes (the complaint, or
    the open ``stage`` for a stage's form), so it carries the version that save will be checked against."""
    extra = {"decline": _gate(complaint, clock.today())["decline"]} if kind == "escalate" else {}
    if data is not None:
        return _FORMS[kind](data, prefix=kind, **extra)
    record = stage if kind in _STAGE_FORMS else complaint
    return _FORMS[kind].opening(record, prefix=kind, initial=initial, **extra)  # type: ignore[arg-type, return-value]


def _post(
    request: HttpRequest, complaint: Complaint
) -> tuple[dict[str, Any], list[tuple[str, str]], str | None]:
    """Handle one of the complaint page's forms; returns the bound form, its errors and a success message."""
    kind = request.POST.get("form", "")
    if kind not in _FORMS:
        kind = "learning"
    user: User = request.user  # type: ignore[assignment]
    stage = None
    if kind in _STAGE_FORMS:
        stage = get_object_or_404(Stage, pk=request.POST.get("stage") or 0, complaint=complaint)
        stage.complaint = complaint
    allowed = may(user, "complaints.respond", stage) if kind == "respond" else may(user, "complaints.record")
    if not allowed:
        raise PermissionError(kind)
    form = _form(kind, complaint, request.POST)
    if not form.is_valid():
        return {kind: form, "form_stage": stage}, error_list(form), None
    data = form.cleaned_data
    seen = data["version"]
    try:
        if kind == "acknowledge":
            services.acknowledge(complaint, on=data["on"], by=user, expected_version=seen)
            done = f"Complaint {complaint.reference} is acknowledged."
        elif kind == "author":
            services.name_author(stage, author=_user(data["author"]), by=user, expected_version=seen)  # type: ignore[arg-type]
            done = f"Stage {stage.number}'s investigator or response author is named."  # type: ignore[union-attr]
        elif kind == "extend":
            services.extend(stage, on=data["on"], reason=data["reason"], by=user, expected_version=seen)  # type: ignore[arg-type]
            done = f"Stage {stage.number} is extended."  # type: ignore[union-attr]
        elif kind == "respond":
            services.respond(
                stage,  # type: ignore[arg-type]
                on=data["on"],
                outcome=data["outcome"],
                letter=data["letter"],
                by=user,
                expected_version=seen,
            )
            done = f"Stage {stage.number}'s response is recorded."  # type: ignore[union-attr]
        elif kind == "escalate" and data["decision"] == "decline":
            services.decline_escalation(
                complaint, requested=data["requested"], reason=data["reason"], by=user, expected_version=seen
            )
            done = "The escalation is declined and the reason recorded."
        elif kind == "escalate":
            new = services.escalate(
                complaint,
                requested=data["requested"],
                by=user,
                author=_user(data["author"]),
                expected_version=seen,
            )
            done = f"The complaint is escalated to stage {new.number}."
        else:
            owner = _user(data["owner"])
            if owner is None:
                return {kind: form}, [("id_learning-owner", "Select the action's owner")], None
            serves = form.targets.get(data["serves"] or "")  # type: ignore[attr-defined]
            services.add_learning(
                complaint,
                learning=data["learning"],
                what=data["what"],
                owner=owner,
                due=data["due"],
                by=user,
                serves=serves,
                expected_version=seen,
            )
            done = "The learning is recorded and its action set" + (
                ", linked to the plan it serves." if serves is not None else "."
            )
    except services.ChangedSinceOpened as refusal:
        # Someone saved first: say what they changed, and move the form on to their version.
        fresh = (
            Stage.objects.get(pk=stage.pk) if stage is not None else Complaint.objects.get(pk=complaint.pk)
        )
        return (
            {kind: form, "form_stage": stage},
            [(form.non_field_anchor, form.clash(refusal, fresh, "the complaint"))],
            None,
        )
    except ComplaintRuleError as error:
        return {kind: form, "form_stage": stage}, _refused(form, error), None
    return {}, [], done


@requires("complaints.home")
def complaint_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One complaint: its details, each stage with its clock, and the forms the user may use."""
    complaint = get_object_or_404(
        Complaint.objects.select_related("team").prefetch_related("stages__author", "children"), pk=pk
    )
    if not may(request.user, "complaints.view", complaint):
        return permission_denied(request)
    bound: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            bound, errors, done = _post(request, complaint)
        except PermissionError:
            return permission_denied(request)
        if done:
            messages.success(request, done)
            return redirect(reverse("complaints-complaint", args=[complaint.pk]))
        complaint = Complaint.objects.prefetch_related("stages__author", "children").get(pk=pk)
    children = list(complaint.children.all())
    log_views(
        user=request.user, action="complaints.view", record_type="child", record_ids=[c.pk for c in children]
    )  # type: ignore[arg-type]
    # A child is named, and linked to the record, only for a user the policy lets open that record
    # (child.view, in one query for them all); anyone else reads that a child's record is linked.
    named = visible_children(request.user, [c.pk for c in children], broken_glass=glass_ids(request))  # type: ignore[arg-type]
    today = clock.today()
    rules = clocks.current_rules()
    can_record = may(request.user, "complaints.record")
    stages = []
    for stage in complaint.stages.all():
        stage.complaint = complaint
        clocked = None if stage.status == StageStatus.DECLINED else selectors.stage_clock(stage, today, rules)
        stages.append(
            {
                "stage": stage,
                "clock": clocked,
                "can_name_author": stage.status == StageStatus.OPEN
                and may(request.user, "complaints.record"),
                "can_extend": stage.status == StageStatus.OPEN
                and stage.extended_on is None
                and clocks.can_extend(complaint.procedure, stage.number)
                and may(request.user, "complaints.record"),
                "can_respond": stage.status == StageStatus.OPEN
                and may(request.user, "complaints.respond", stage),
            }
        )
    links = selectors.learning_links(complaint)
    learning_actions = [
        {"action": action, "link": links.get(action.pk)}
        for action in Action.objects.filter(
            source_type=ContentType.objects.get_for_model(Complaint), source_id=complaint.pk
        )
        .select_related("owner")
        .order_by("due_date", "pk")
    ]
    live = [s for s in stages if s["stage"].status != StageStatus.DECLINED]
    open_stage: Stage | None = next((s["stage"] for s in live if s["stage"].status == StageStatus.OPEN), None)
    context = {
        "complaint": complaint,
        "acknowledgement": selectors.acknowledgement_clock(complaint, today, rules),
        "acknowledge_form": bound.get("acknowledge")
        or (_form("acknowledge", complaint) if can_record and complaint.acknowledged is None else None),
        "author_form": bound.get("author")
        or (
            _form("author", complaint, stage=open_stage, author=open_stage.author_id)
            if open_stage and can_record
            else None
        ),
        "gate": _gate(complaint, today),
        "children": [{"child": c, "named": c.pk in named} for c in children],
        "stages": stages,
        "learning_actions": learning_actions,
        "errors": errors,
        "can_record": can_record,
        "can_escalate": can_record
        and live
        and live[-1]["stage"].status == StageStatus.RESPONDED
        and live[-1]["stage"].number < 3,
        "extend_form": bound.get("extend")
        or (_form("extend", complaint, stage=open_stage) if open_stage else None),
        "respond_form": bound.get("respond")
        or (_form("respond", complaint, stage=open_stage) if open_stage else None),
        "escalate_form": bound.get("escalate") or (_form("escalate", complaint) if can_record else None),
        "learning_form": bound.get("learning") or (_form("learning", complaint) if can_record else None),
    }
    return render(request, "complaints/complaint.html", context, status=400 if errors else 200)


@requires("complaints.feedback")
def compliments(request: HttpRequest) -> HttpResponse:
    """Compliments by team: record one, and see this financial year's count per team (counted by
    PostgreSQL, not row by row here) and the latest."""
    form = f.ComplimentForm(request.POST or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            team = _team(data["team"])
            try:
                if team is None:
                    raise ComplaintRuleError("Select the team")
                services.record_compliment(
                    received=data["received"],
                    team=team,
                    from_type=data["from_type"],
                    summary=data["summary"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ComplaintRuleError as error:
                errors = [(form.non_field_anchor, str(error))]
            else:
                messages.success(request, f"The compliment to {team.name} is recorded.")  # type: ignore[union-attr]
                return redirect(reverse("complaints-compliments"))
        else:
            errors = error_list(form)
    recent = list(Compliment.objects.select_related("team")[:25])
    year = period_of(clock.today(), PeriodKind.FINANCIAL_YEAR)
    counted = (
        Compliment.objects.filter(received__range=(year.start, year.end))
        .values_list("team__name")
        .annotate(n=Count("pk"))
        .order_by("team__name")
    )
    context = {"form": form, "errors": errors, "recent": recent, "by_team": list(counted), "year": year}
    return render(request, "complaints/compliments.html", context, status=400 if errors else 200)


@requires("complaints.feedback")
def enquiries(request: HttpRequest) -> HttpResponse:
    """Members' enquiries with their 5-working-day clock; record a new one."""
    form = f.EnquiryForm(request.POST or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                enquiry = services.record_enquiry(
                    received=data["received"],
                    member=data["member"],
                    summary=data["summary"],
                    team=_team(data["team"]),
                    by=request.user,  # type: ignore[arg-type]
                )
            except ComplaintRuleError as error:
                errors = [(form.non_field_anchor, str(error))]
            else:
                messages.success(request, f"Enquiry {enquiry.reference} is recorded.")
                return redirect(reverse("complaints-enquiry", args=[enquiry.pk]))
        else:
            errors = error_list(form)
    rows = selectors.enquiries(clock.today())
    return render(
        request,
        "complaints/enquiries.html",
        {"form": form, "errors": errors, "rows": rows},
        status=400 if errors else 200,
    )


@requires("complaints.feedback")
def enquiry_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One members' enquiry, its clock, and the form to record the answer."""
    enquiry = get_object_or_404(MembersEnquiry.objects.select_related("team"), pk=pk)
    form = f.AnswerForm(request.POST or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_enquiry(
                    enquiry, on=form.cleaned_data["on"], response=form.cleaned_data["response"]
                )
            except ComplaintRuleError as error:
                errors = [(form.non_field_anchor, str(error))]
            else:
                messages.success(request, f"The answer to {enquiry.reference} is recorded.")
                return redirect(reverse("complaints-enquiry", args=[enquiry.pk]))
        else:
            errors = error_list(form)
    rules = clocks.current_rules()
    due = clocks.enquiry_due(enquiry.received, rules)
    status = clocks.status(due, enquiry.responded, clock.today(), rules[clocks.ENQUIRY_RULE])
    clock_row = selectors.Clocked(enquiry, due, status, rules[clocks.ENQUIRY_RULE].name)
    context = {"enquiry": enquiry, "due": due, "clock_row": clock_row, "form": form, "errors": errors}
    return render(request, "complaints/enquiry.html", context, status=400 if errors else 200)


@requires("complaints.child")
def child_complaints(request: HttpRequest, child_pk: int) -> HttpResponse:
    """What the child's social worker may know: how many complaints concern the child, and who to ask.

    Never the content: complainant, category and letters stay with complaints staff and authors.
    """
    child = get_object_or_404(Child, pk=child_pk)
    if not may(request.user, "complaints.exists", child):
        return permission_denied(request)
    log_view(user=request.user, action="complaints.exists", record_type="child", record_id=child.pk)  # type: ignore[arg-type]
    complaints = list(Complaint.objects.filter(children=child).prefetch_related("stages"))
    open_count = sum(1 for c in complaints if any(s.status == StageStatus.OPEN for s in c.stages.all()))
    readable = [c for c in complaints if may(request.user, "complaints.view", c)]
    context = {"child": child, "total": len(complaints), "open": open_count, "readable": readable}
    return render(request, "complaints/child.html", context)
