"""Quality assurance pages at ``/assurance/``: the programme, case audits, the moderation sample,
follow-up, the QA action plan, the QA dashboard with drill-down, the practice reviews register, and a
child's case audits (a page of the child's record).

Every view asks the policy (``assurance.*`` rules in continuum/assurance/rules.py). A case audit is a
view of the child's record: each page of one is logged in the access log as a child-record view (a
refusal too), and the auditor reads the record read-only, with the chronology cut at the audit's date.
Writes go through continuum/assurance/services.py; a refusal comes back as a GOV.UK error.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from continuum.actions.clock import clock_of
from continuum.actions.models import ActionStatus
from continuum.assurance import figures, selectors, services
from continuum.assurance.models import (
    AuditProgramme,
    AuditStatus,
    CaseAudit,
    FollowUpReview,
    Grade,
    ModerationPick,
    ModerationSample,
    PracticeReview,
    ReviewStage,
    moderation_version,
)
from continuum.assurance.sampling import MODERATION_SHARE
from continuum.assurance.tools import ANSWER_WORDS
from continuum.core import clock
from continuum.core.access_log import log_view
from continuum.core.policy import may, visible_children
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import ChronologyEvent
from continuum.people.models import Child, Team
from continuum.web.access import requires
from continuum.web.assurance import forms as f
from continuum.web.children import chronology_words as chronology
from continuum.web.children.access import access_for, open_child
from continuum.web.children.pages import banner, child_page
from continuum.web.govuk.forms import error_list
from continuum.web.views import permission_denied

#: How many chronology entries the audit page shows (the newest up to the audit date).
CHRONOLOGY_SHOWN = 40


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _me(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind ``@requires``, so never anonymous)."""
    return cast(User, request.user)


def _user(pk: str) -> User:
    return get_object_or_404(User, pk=int(pk))


def _form_page(
    request: HttpRequest, template: str, form: Any, errors: list[tuple[str, str]] | None = None, **extra: Any
) -> HttpResponse:
    context = {"form": form, "errors": errors if errors is not None else error_list(form), **extra}
    if "fields" in extra:
        context["fields"] = [(_kind(form.fields[name]), form[name]) for name in extra["fields"]]
    return render(request, template, context)


def _kind(field: Any) -> str:
    """Which GOV.UK partial draws a field (govuk/<kind>.html)."""
    from django import forms as django_forms

    from continuum.web.govuk.fields import GovukDateField

    if isinstance(field, GovukDateField):
        return "date_input"
    if isinstance(field.widget, django_forms.RadioSelect):
        return "radios"
    if isinstance(field, django_forms.ChoiceField):
        return "select"
    if isinstance(field, django_forms.CharField) and (field.max_length or 0) > 1000:
        return "textarea"
    return "text_input"


def _write(
    request: HttpRequest,
    form: Any,
    template: str,
    write: Callable[[dict[str, Any]], str],
    then: str | Callable[[], str],
    **extra: Any,
) -> HttpResponse:
    """The form on a GET or when invalid; else the write, then ``then``; or the form with the refusal.
    ``then`` may be a function, called after the write, for a page the write has just made."""
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, template, form, **extra)
    try:
        said = write(form.cleaned_data)
    except JourneyRuleError as error:
        return _form_page(
            request, template, form, errors=[(form.non_field_anchor, str(error.message))], **extra
        )
    messages.success(request, said)
    return redirect(then() if callable(then) else then)


# --- The front page and the programme ---------------------------------------------------------------


@requires("assurance.home")
def home(request: HttpRequest) -> HttpResponse:
    """What QA has on: the months' programmes, and the audits given to this user still to do."""
    mine = selectors.audits(auditor=_me(request), status=AuditStatus.ASSIGNED).order_by("as_at", "pk")
    return render(
        request,
        "assurance/home.html",
        {
            "programmes": AuditProgramme.objects.all()[:24],
            "mine": mine,
            "can_manage": may(request.user, "assurance.manage"),
            "can_audit": may(request.user, "assurance.case_audit.record"),
            "can_figures": may(request.user, "assurance.figures"),
            "can_reviews": may(request.user, "assurance.reviews"),
            "can_section11": may(request.user, "assurance.section11"),
        },
    )


@requires("assurance.manage")
def programme_new(request: HttpRequest) -> HttpResponse:
    teams = [(str(t.pk), t.name) for t in Team.objects.filter(is_active=True).order_by("name")]
    form = f.ProgrammeForm(_posted(request), team_choices=teams)
    made: dict[str, AuditProgramme] = {}

    def write(data: dict[str, Any]) -> str:
        seed = data["seed"] if data["seed"] is not None else random.SystemRandom().randrange(1, 1_000_000)
        made["p"] = services.create_programme(
            month=data["month"],
            target=data["target"],
            team_ids=[int(t) for t in data["teams"]],
            seed=seed,
            by=_me(request),  # type: ignore[arg-type]
        )
        return f"Programme for {made['p'].month:%B %Y} set up (sample reference {seed})"

    return _write(
        request,
        form,
        "assurance/programme_form.html",
        write,
        lambda: reverse("assurance-programme", args=[made["p"].pk]),
    )


@requires("assurance.manage")
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    """A month's audits: propose the sample, add a case by hand, give each audit to an auditor."""
    prog = get_object_or_404(AuditProgramme, pk=pk)
    add_form = f.AddCaseForm(request.POST if request.POST.get("do") == "add" else None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            if request.POST.get("do") == "propose":
                drawn = services.propose_sample(prog)
                messages.success(request, f"{len(drawn)} cases proposed (sample reference {prog.seed})")
                return redirect("assurance-programme", pk=prog.pk)
            if request.POST.get("do") == "add" and add_form.is_valid():
                child = Child.objects.filter(pk=add_form.cleaned_data["child"]).first()
                if child is None:
                    raise services.AssuranceError("There is no child record with that number")
                services.add_case(prog, child=child, by=_me(request))  # type: ignore[arg-type]
                messages.success(request, f"Child record {child.pk} added to the programme")
                return redirect("assurance-programme", pk=prog.pk)
            errors = error_list(add_form)
        except JourneyRuleError as error:
            errors = [(add_form.non_field_anchor, str(error.message))]
    return _programme_page(request, prog, add_form=add_form, errors=errors)


def _programme_page(
    request: HttpRequest,
    prog: AuditProgramme,
    *,
    add_form: f.AddCaseForm | None = None,
    errors: list[tuple[str, str]] | None = None,
    refused: tuple[int, str] | None = None,
) -> HttpResponse:
    """The programme page; ``refused`` is the audit whose Assign was refused and why, said in the
    error summary and beside that audit's list of auditors (each row has its own form)."""
    audits = list(
        selectors.audits(programme=prog)
        .exclude(status=AuditStatus.WITHDRAWN)
        .order_by("team__name", "stratum", "pk")
    )
    log_view(user=_me(request), action="assurance.programme", record_type="programme", record_id=prog.pk)  # type: ignore[arg-type]
    errors = list(errors or [])
    if refused is not None:
        errors.append((f"auditor-{refused[0]}", refused[1]))
    return render(
        request,
        "assurance/programme.html",
        {
            "programme": prog,
            "audits": audits,
            "add_form": add_form or f.AddCaseForm(),
            "assign_form": f.AssignForm(),
            "errors": errors,
            "refused": refused,
            "statuses": selectors.STATUS_WORDS,
            "teams": prog.teams.all(),
        },
    )


@requires("assurance.manage")
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a programme's audit to an auditor. Nothing chosen, or an auditor refused, shows the
    programme again with the GOV.UK error beside that audit's list: never a silent reload."""
    audit = get_object_or_404(CaseAudit, pk=pk)
    form = f.AssignForm(request.POST or None)
    refusal = ""
    if request.method == "POST":
        if not form.is_valid():
            refusal = str(form.errors["auditor"][0]) if "auditor" in form.errors else f.AssignForm.MISSING
        else:
            try:
                services.assign(audit, auditor=_user(form.cleaned_data["auditor"]), by=_me(request))  # type: ignore[arg-type]
                messages.success(request, f"Case audit {audit.pk} given to its auditor")
            except JourneyRuleError as error:
                refusal = str(error.message)
    if audit.programme_id is None:
        if refusal:
            messages.error(request, refusal)
        return redirect("assurance-audit", pk=audit.pk)
    if refusal:
        prog = get_object_or_404(AuditProgramme, pk=audit.programme_id)
        return _programme_page(request, prog, refused=(audit.pk, refusal))
    return redirect("assurance-programme", pk=audit.programme_id)


# --- One case audit ----------------------------------------------------------------------------------


def _open_audit(
    request: HttpRequest, pk: int, action: str, policy: str = "assurance.case_audit"
) -> CaseAudit:
    """The audit, if the policy allows ``policy`` on it; a view of the child's record either way logged."""
    audit = get_object_or_404(
        CaseAudit.objects.select_related("child", "tool", "team", "auditor", "case_holder"), pk=pk
    )
    obj = (audit, access_for(request, audit.child_id))
    user = request.user
    if not may(user, policy, obj):  # type: ignore[arg-type]
        log_view(user=user, action="child.refused", record_type="child", record_id=audit.child_id)  # type: ignore[arg-type]
        raise _Refused
    log_view(user=user, action=action, record_type="child", record_id=audit.child_id)  # type: ignore[arg-type]
    return audit


class _Refused(Exception):
    """Refused and logged: answered with a 403 page (an exception would roll the log entry back)."""


def audit_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    action = view.continuum_action  # type: ignore[attr-defined]

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not may(user, action):
            # A role that may not see case audits at all: logged against the child, like child pages.
            child_id = (
                CaseAudit.objects.filter(pk=int(kwargs.get("pk") or 0))
                .values_list("child_id", flat=True)
                .first()
            )
            log_view(user=_me(request), action="child.refused", record_type="child", record_id=child_id or "")
            return permission_denied(request)
        try:
            return view(request, *args, **kwargs)
        except _Refused:
            return permission_denied(request)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    wrapped.continuum_action = action  # type: ignore[attr-defined]
    return wrapped


@audit_page
@requires("assurance.case_audit")
def audit(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit with the child's record as at its date (read-only): the chronology up to that day, the
    answers and grades, the discussion, the family's feedback, moderation and the follow-up."""
    a = _open_audit(request, pk, "assurance.case_audit.view")
    events = ChronologyEvent.objects.filter(child_id=a.child_id, occurred_on__lte=a.as_at).select_related(
        "by"
    )
    events = events.order_by("-occurred_on", "-at", "-id")[:CHRONOLOGY_SHOWN]
    follow_up = FollowUpReview.objects.filter(audit=a).first()
    user = request.user
    obj = (a, access_for(request, a.child_id))
    from continuum.actions.selectors import of_record

    return render(
        request,
        "assurance/audit.html",
        {
            "audit": a,
            "entries": chronology.entries(events),
            "answers": _answers(a),
            "answer_words": ANSWER_WORDS,
            "earlier": a.earlier_moderations.select_related("by", "replaced_by"),
            "follow_up": follow_up,
            "alerts": a.harm_alerts.select_related("to"),
            "samples": [p.sample for p in a.moderation_picks.select_related("sample")],
            "actions": of_record(a, clock.today()),
            "can_record": may(user, "assurance.case_audit.record", obj),  # type: ignore[arg-type]
            "can_discuss": a.status == AuditStatus.COMPLETED
            and may(user, "assurance.case_audit.discuss", obj),  # type: ignore[arg-type]
            "can_moderate": may(user, "assurance.case_audit.moderate", obj),  # type: ignore[arg-type]
            "can_manage": may(user, "assurance.manage"),
            "can_follow_up": follow_up is not None
            and follow_up.done_on is None
            and may(user, "assurance.follow_up", follow_up),  # type: ignore[arg-type]
        },
    )


def _answers(a: CaseAudit) -> list[dict[str, Any]]:
    """Each section of the audit's tool with the auditor's grade and answers, as the pages show them."""
    grades = {g.section: g.get_grade_display() for g in a.section_grades.all()}
    return [
        {
            "title": section["title"],
            "grade": grades.get(section["key"], ""),
            "questions": [(q, a.answers.get(q["key"], {})) for q in section["questions"]],
        }
        for section in a.tool.sections
    ]


@audit_page
@requires("assurance.case_audit.record")
def audit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The auditor's form: the immediate-harm question first, then each section, then the whole."""
    a = _open_audit(request, pk, "assurance.case_audit.record", policy="assurance.case_audit.record")
    form = f.CaseAuditForm(_posted(request), tool=a.tool, child=a.child)

    def write(data: dict[str, Any]) -> str:
        harm = data["harm"] == "yes"
        action = None
        if harm:
            action = services.HarmAction(data["harm_action"], _user(data["harm_owner"]), data["harm_due"])
        answers = {
            q["key"]: {"answer": data.get(f"q_{q['key']}") or ""}
            for s in a.tool.sections
            for q in s["questions"]
            if data.get(f"q_{q['key']}")
        }
        services.complete_audit(
            a,
            by=_me(request),  # type: ignore[arg-type]
            immediate_harm=harm,
            harm_note=data["harm_note"],
            harm_action=action,
            answers=answers,
            section_grades={s["key"]: data[f"grade_{s['key']}"] for s in a.tool.sections},
            overall=data["overall"],
            summary=data["summary"],
        )
        return "Audit saved" + (_alerted_words(a) if harm else "")

    return _write(
        request, form, "assurance/audit_form.html", write, f"/assurance/case-audits/{a.pk}/", audit=a
    )


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _alerted_words(audit: CaseAudit) -> str:
    """Who was alerted to immediate harm, by name and role (each now has the alert in their actions),
    or, when no manager over the case has a sign-in, that nobody was: the auditor must then tell them.
    The form promises the team manager and head of service: when the team manager was not alerted,
    it says why (no sign-in, say), so the auditor knows the team's manager has not been told."""
    alerts = list(audit.harm_alerts.select_related("to"))
    if not alerts:
        return (
            ". No team manager of the child's team and no head of service has a sign-in, so nobody was"
            " alerted here: tell the team's manager about the immediate harm yourself now"
        )
    names = [
        f"{alert.to.get_full_name() or alert.to.get_username()} ({alert.as_role.lower()})" for alert in alerts
    ]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    why = services.unalerted_team_manager(audit)
    if why:
        heads = "the head of service was" if len(alerts) == 1 else "the heads of service were"
        return f". {why}, so {heads} alerted to immediate harm, with an action due today: {listed}"
    return f". Alerted to immediate harm, with an action due today in their actions: {listed}"


@audit_page
@requires("assurance.case_audit.discuss")
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    a = _open_audit(request, pk, "assurance.case_audit.discussion", policy="assurance.case_audit.discuss")
    form = f.DiscussionForm(_posted(request), child=a.child, initial={"with_whom": str(a.case_holder or "")})

    def write(data: dict[str, Any]) -> str:
        actions = []
        if data["action"].strip():
            actions.append((data["action"], _user(data["owner"]), data["due"]))
        services.record_discussion(
            a,
            on=data["on"],
            with_whom=data["with_whom"],
            note=data["note"],
            actions=actions,
            by=_me(request),  # type: ignore[arg-type]
        )
        return "Reflective discussion recorded"

    return _write(
        request,
        form,
        "assurance/step_form.html",
        write,
        f"/assurance/case-audits/{a.pk}/",
        audit=a,
        title="Reflective discussion with the case holder",
        button="Save the discussion",
        fields=["on", "with_whom", "note", "action", "owner", "due"],
    )


@audit_page
@requires("assurance.case_audit.discuss")
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    a = _open_audit(request, pk, "assurance.case_audit.feedback", policy="assurance.case_audit.discuss")
    form = f.FeedbackForm(_posted(request))

    def write(data: dict[str, Any]) -> str:
        services.record_feedback(
            a, how=data["how"], from_whom=data["from_whom"], said=data["said"], by=_me(request)
        )  # type: ignore[arg-type]
        return "Feedback from the child and family recorded"

    return _write(
        request,
        form,
        "assurance/step_form.html",
        write,
        f"/assurance/case-audits/{a.pk}/",
        audit=a,
        title="Feedback from the child and family",
        button="Save the feedback",
        fields=["how", "from_whom", "said"],
    )


@audit_page
@requires("assurance.case_audit.moderate")
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Moderate an audit with what is moderated in view: the auditor's grades, answers and summary, and
    any moderation already made (pre-filled, with who and when), the earlier ones kept below it."""
    a = _open_audit(request, pk, "assurance.case_audit.moderate", policy="assurance.case_audit.moderate")
    version = moderation_version(a)
    form = f.ModerationForm(
        _posted(request),
        initial={"grade": a.moderated_grade, "note": a.moderation_note, "version": version},
    )
    sample_id = request.GET.get("sample", "")
    sample = (
        ModerationSample.objects.filter(pk=int(sample_id), picks__audit=a).first()
        if sample_id.isdigit()
        else None
    )
    then = (
        reverse("assurance-moderation-sample", args=[sample.pk])
        if sample
        else reverse("assurance-audit", args=[a.pk])
    )
    errors: list[tuple[str, str]] | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.moderate(
                a, grade=data["grade"], note=data["note"], by=_me(request), expected_version=data["version"]
            )
        except services.ModerationChanged as error:
            a.refresh_from_db()
            form.catch_up(moderation_version(a))
            errors = [(form.non_field_anchor, error.message)]
        except JourneyRuleError as error:
            errors = [(form.non_field_anchor, error.message)]
        else:
            messages.success(request, f"Case audit {a.pk}: moderation recorded beside the auditor's grade")
            return redirect(then)
    return _form_page(
        request,
        "assurance/moderate.html",
        form,
        errors,
        audit=a,
        answers=_answers(a),
        answer_words=ANSWER_WORDS,
        earlier=a.earlier_moderations.select_related("by", "replaced_by"),
        back=then,
    )


@audit_page
@requires("assurance.follow_up")
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    a = _open_audit(request, pk, "assurance.case_audit.follow_up")
    review = FollowUpReview.objects.filter(audit=a).first()
    if review is None or not may(request.user, "assurance.follow_up", review):
        raise Http404("No follow-up")
    form = f.FollowUpForm(_posted(request))

    def write(data: dict[str, Any]) -> str:
        services.record_follow_up(
            review, done_on=data["done_on"], grade=data["grade"], result=data["result"], by=_me(request)
        )  # type: ignore[arg-type]
        return "Follow-up review recorded against the audit"

    return _write(
        request,
        form,
        "assurance/step_form.html",
        write,
        f"/assurance/case-audits/{a.pk}/",
        audit=a,
        title="Follow-up review",
        button="Save the follow-up",
        fields=["done_on", "grade", "result"],
        due=review.due_on,
    )


# --- The moderation sample ------------------------------------------------------------------------


@requires("assurance.manage")
def moderation(request: HttpRequest) -> HttpResponse:
    """The months' moderation samples with how far each is worked, and the form to draw the next one
    (by default last month, 10% of each auditor's audits and every Inadequate, from a random seed)."""
    last_month = clock.today().replace(day=1) - timedelta(days=1)
    form = f.ModerationSampleForm(
        _posted(request), initial={"month": last_month.replace(day=1), "share": MODERATION_SHARE}
    )
    made: dict[str, ModerationSample] = {}

    def write(data: dict[str, Any]) -> str:
        seed = data["seed"] if data["seed"] is not None else random.SystemRandom().randrange(1, 1_000_000)
        made["s"] = services.draw_moderation_sample(
            month=data["month"], share=data["share"], seed=seed, by=_me(request)
        )
        return f"Moderation sample for {made['s'].month:%B %Y} drawn (sample reference {seed})"

    picks = Prefetch("picks", queryset=ModerationPick.objects.select_related("audit"))
    samples = [
        (sample, *_worked(list(sample.picks.all())))
        for sample in ModerationSample.objects.prefetch_related(picks)[:24]
    ]
    return _write(
        request,
        form,
        "assurance/moderation.html",
        write,
        lambda: reverse("assurance-moderation-sample", args=[made["s"].pk]),
        samples=samples,
    )


def _worked(picks: list[ModerationPick]) -> tuple[int, int, str]:
    """How many picks are moderated, how many in all, and the agreement among those moderated."""
    moderated = [p.audit for p in picks if p.audit.moderated_grade]
    agreed = sum(1 for a in moderated if a.moderated_grade == a.overall_grade)
    return len(moderated), len(picks), figures.percent(agreed, len(moderated), figures.NOT_MODERATED)


@requires("assurance.manage")
def moderation_sample(request: HttpRequest, pk: int) -> HttpResponse:
    """One month's sample, worked audit by audit: why each was picked, the auditor's grade, and the
    moderated grade beside it or the link to moderate. No child is named (each audit's own page,
    logged as a view of the child, shows the record)."""
    sample = get_object_or_404(ModerationSample, pk=pk)
    picks = list(
        sample.picks.select_related("audit__auditor", "audit__team", "audit__moderated_by").order_by(
            "audit__auditor__last_name", "audit__auditor__username", "audit_id"
        )
    )
    rows = [(p, may(request.user, "assurance.case_audit.moderate", p.audit)) for p in picks]
    done, whole, agreement = _worked(picks)
    return render(
        request,
        "assurance/moderation_sample.html",
        {"sample": sample, "rows": rows, "done": done, "whole": whole, "agreement": agreement},
    )


# --- The QA action plan and the dashboard --------------------------------------------------------


@requires("assurance.figures")
def action_plan(request: HttpRequest) -> HttpResponse:
    """The one QA action plan: every action from case audits, thematic audits and practice reviews,
    open first and overdue at the top; actions from a child's record only for those who may see it."""
    today = clock.today()
    actions = list(figures.qa_actions().order_by("status", "due_date", "pk"))
    child_ids = {a.child_id for a in actions if a.child_id}
    seen = visible_children(request.user, child_ids) if child_ids else set()
    qa = may(request.user, "assurance.manage")
    shown = [a for a in actions if a.child_id is None or a.child_id in seen or qa]
    open_actions = [a for a in shown if a.status == ActionStatus.OPEN]
    rank = {"overdue": 0, "due soon": 1}
    open_lines = sorted(
        _plan_lines(request, open_actions, seen, today),
        key=lambda line: (rank.get(line[1].state.value, 2), line[0].due_date),
    )
    closed = _latest_closed([a for a in shown if a.status != ActionStatus.OPEN])
    return render(
        request,
        "assurance/action_plan.html",
        {
            "open_lines": open_lines,
            "closed": _plan_lines(request, closed, seen, today),
            "overdue": sum(1 for _a, c, _link in open_lines if c.state.value == "overdue"),
        },
    )


#: How many done or dropped actions the QA action plan lists (the most recently closed).
CLOSED_SHOWN = 50


def _latest_closed(actions: list[Any]) -> list[Any]:
    """The most recently done or dropped actions first, so the list is the latest, not the oldest."""
    return sorted(actions, key=lambda a: (a.status_date, a.pk), reverse=True)[:CLOSED_SHOWN]


def _plan_lines(request: HttpRequest, actions: list[Any], seen: set[int], today: date) -> list[Any]:
    """Each action with its clock and whether to link it: only to a page the reader may open
    (``actions.view``, asked row by row; an action about a child they may open needs no asking)."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([a for a in actions if a.child_id not in seen], "source")
    return [
        (a, clock_of(a, today), a.child_id in seen or may(request.user, "actions.view", a)) for a in actions
    ]


def _period(request: HttpRequest) -> tuple[date, date]:
    """The period from ``?from=&to=`` (ISO dates), else the last 12 months to today
    (:func:`figures.last_twelve_months`, which the home card counts over too)."""
    start, end = figures.last_twelve_months(clock.today())
    with contextlib.suppress(ValueError):
        start = date.fromisoformat(request.GET.get("from", ""))
    with contextlib.suppress(ValueError):
        end = date.fromisoformat(request.GET.get("to", ""))
    return start, end


def _grade_rows(
    groups: list[tuple[str, dict[str, int], tuple[int, ...]]],
) -> list[tuple[str, list[int], int]]:
    """Each group's counts in grade order (zeros shown), with how many audits in all."""
    return [(name, [counts.get(g.value, 0) for g in Grade], len(ids)) for name, counts, ids in groups]


@requires("assurance.figures")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The QA figures for a period, each linking to the audits behind it."""
    start, end = _period(request)
    rows = figures.rows(start, end)
    today = clock.today()
    months = sorted({row.month for row in rows})
    trend = []
    for month in months:
        of_month = [row for row in rows if row.month == month]
        good, whole = figures.good_or_better(of_month)
        # The figures key months "2025-12" (so they sort); the page names them "Dec 2025".
        first_day = date.fromisoformat(f"{month}-01")
        trend.append((first_day, good, whole, int(good * 100 / whole + 0.5) if whole else 0))
    return render(
        request,
        "assurance/dashboard.html",
        {
            "start": start,
            "end": end,
            "last_twelve_months": (start, end) == figures.last_twelve_months(today),
            "figures": figures.compute(rows, today),
            "by_team": _grade_rows(figures.by_group(rows, "team")),
            "by_theme": _grade_rows(figures.by_group(rows, "theme")),
            "grades": list(Grade),
            "trend": trend,
            "actions": figures.action_figures(today),
            "section11": figures.section11_figures(),
            "query": f"from={start.isoformat()}&to={end.isoformat()}",
            "years": _financial_years(today),
            "can_manage": may(request.user, "assurance.manage"),
        },
    )


def _financial_years(today: date, count: int = 3) -> list[tuple[str, str]]:
    """The latest financial years as (words, query), this one first: 1 April to 31 March."""
    first = today.year if today.month >= 4 else today.year - 1
    return [
        (f"{y}-{(y + 1) % 100:02d}", f"from={y}-04-01&to={y + 1}-03-31")
        for y in range(first, first - count, -1)
    ]


@requires("assurance.figures")
def drilldown(request: HttpRequest, key: str) -> HttpResponse:
    """The audits behind one figure (or one team's or theme's row): each listed with its child only when
    the reader may see that audit; the rest are counted, not named."""
    start, end = _period(request)
    rows = figures.rows(start, end)
    found = {fig.key: fig for fig in figures.compute(rows, clock.today())}
    for attribute in ("team", "theme"):
        for name, _counts, ids in figures.by_group(rows, attribute):
            found[f"{attribute}-{name}"] = figures.Figure(f"{attribute}-{name}", name, str(len(ids)), ids)
    figure = found.get(key)
    if figure is None:
        raise Http404("No such figure")
    audits = list(selectors.audits(pk__in=figure.ids).order_by("-completed_on", "pk"))
    shown = [a for a in audits if may(request.user, "assurance.case_audit", a)]
    from continuum.core.access_log import log_views

    log_views(
        user=_me(request),
        action="assurance.drilldown",
        record_type="child",
        record_ids=[a.child_id for a in shown],
    )  # type: ignore[arg-type]
    return render(
        request,
        "assurance/drilldown.html",
        {"figure": figure, "audits": shown, "hidden": len(audits) - len(shown), "start": start, "end": end},
    )


# --- A child's case audits, a page of the child's record ------------------------------------------


@child_page
@requires("assurance.child_audits")
def child_audits(request: HttpRequest, pk: int) -> HttpResponse:
    """Every case audit of the child, newest first, under the child's banner: a view of the record,
    logged (refused and logged for anyone who may not open this child)."""
    child = open_child(request, pk, "assurance.child_audits.view", policy_action="assurance.child_audits")
    audits = (
        selectors.audits_of_child(child.pk).exclude(status=AuditStatus.WITHDRAWN).select_related("follow_up")
    )
    access = access_for(request, child.pk)
    shown = [a for a in audits if may(request.user, "assurance.case_audit", (a, access))]  # type: ignore[arg-type]
    return render(request, "assurance/child_audits.html", {**banner(request, child), "audits": shown})


# --- Practice reviews ----------------------------------------------------------------------------------


@requires("assurance.reviews")
def reviews(request: HttpRequest) -> HttpResponse:
    """The register: each notification, its rapid review due date (15 working days) and where it stands."""
    today = clock.today()
    rows = []
    for review in PracticeReview.objects.all():
        due = services.rapid_review_due(review.notified_on)
        done = review.rapid_review_on
        if done:
            state = (
                ("Held on time", "govuk-tag--green") if done <= due else ("Held late", "govuk-tag--yellow")
            )
        else:
            state = ("Overdue", "govuk-tag--red") if today > due else ("Due", "govuk-tag--blue")
        recs = figures.actions_of([review])
        rows.append((review, due, state, sum(1 for r in recs if r.status == "open"), len(recs)))
    return render(
        request, "assurance/reviews.html", {"rows": rows, "can_manage": may(request.user, "assurance.manage")}
    )


@requires("assurance.manage")
def review_new(request: HttpRequest) -> HttpResponse:
    form = f.NotifyForm(_posted(request))
    made: dict[str, PracticeReview] = {}

    def write(data: dict[str, Any]) -> str:
        made["r"] = services.notify_incident(
            reference=data["reference"],
            summary=data["summary"],
            notified_on=data["notified_on"],
            by=_me(request),  # type: ignore[arg-type]
        )
        return f"{made['r'].reference} added to the register"

    return _write(
        request,
        form,
        "assurance/step_form.html",
        write,
        "/assurance/practice-reviews/",
        title="Record a serious incident notification",
        button="Add to the register",
        fields=["reference", "summary", "notified_on"],
    )


@requires("assurance.reviews")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """One review: the rapid review clock, the decision, progress, and recommendations to completion."""
    r = get_object_or_404(PracticeReview, pk=pk)
    can_manage = may(request.user, "assurance.manage")
    rapid_form = f.RapidReviewForm(request.POST if request.POST.get("do") == "rapid" else None)
    rec_form = f.RecommendationForm(
        request.POST if request.POST.get("do") == "recommend" else None, child=r.child
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and can_manage:
        try:
            do = request.POST.get("do")
            if do == "rapid" and rapid_form.is_valid():
                d = rapid_form.cleaned_data
                services.record_rapid_review(
                    r, held_on=d["held_on"], decision=d["decision"], reason=d["reason"], by=_me(request)
                )  # type: ignore[arg-type]
                messages.success(request, "Rapid review recorded")
                return redirect("assurance-review", pk=r.pk)
            if do == "recommend" and rec_form.is_valid():
                d = rec_form.cleaned_data
                services.add_action(r, what=d["what"], owner=_user(d["owner"]), due=d["due"], by=_me(request))  # type: ignore[arg-type]
                messages.success(request, "Recommendation added to the QA action plan")
                return redirect("assurance-review", pk=r.pk)
            if do in (ReviewStage.UNDERWAY, ReviewStage.PUBLISHED, ReviewStage.CLOSED):
                services.move_review(
                    r,
                    stage=do,
                    published_on=clock.today() if do == ReviewStage.PUBLISHED else None,
                    by=_me(request),
                )  # type: ignore[arg-type]
                messages.success(request, "Review moved on")
                return redirect("assurance-review", pk=r.pk)
            errors = error_list(rapid_form if do == "rapid" else rec_form)
        except JourneyRuleError as error:
            errors = [("main-content", str(error.message))]
    today = clock.today()
    recs = [(a, clock_of(a, today)) for a in figures.actions_of([r])]
    return render(
        request,
        "assurance/review.html",
        {
            "review": r,
            "due": services.rapid_review_due(r.notified_on),
            "rapid_form": rapid_form,
            "rec_form": rec_form,
            "recs": recs,
            "errors": errors,
            "can_manage": can_manage,
            "stages": ReviewStage,
        },
    )


# --- Section 11 and VCFS checklists -----------------------------------------------------------------


@requires("assurance.section11")
def section11(request: HttpRequest) -> HttpResponse:
    """QA: every campaign with its response rate. A partner member: their organisation's returns only."""
    from continuum.assurance.models import Section11Campaign, Section11Return

    if may(request.user, "assurance.manage"):
        campaigns = [
            (c, sum(1 for r in c.returns.all() if r.submitted_on), c.returns.count())
            for c in Section11Campaign.objects.prefetch_related("returns")
        ]
        return render(request, "assurance/section11.html", {"campaigns": campaigns, "can_manage": True})
    returns = Section11Return.objects.filter(organisation__members=_me(request)).select_related(
        "campaign", "organisation"
    )
    return render(request, "assurance/section11_mine.html", {"returns": returns})


@requires("assurance.manage")
def campaign_new(request: HttpRequest) -> HttpResponse:
    """Open a round: one return to fill in for each organisation chosen, on the chosen questions."""
    form = f.CampaignForm(_posted(request))
    made: dict[str, Any] = {}

    def write(data: dict[str, Any]) -> str:
        made["c"] = services.open_campaign(
            title=data["title"],
            opened_on=data["opened_on"],
            due_on=data["due_on"],
            organisation_ids=[int(pk) for pk in data["organisations"]],
            checklist=data["checklist"],
        )
        return f"{made['c'].title} opened: {len(data['organisations'])} organisations asked for a return"

    return _write(
        request,
        form,
        "assurance/campaign_form.html",
        write,
        lambda: reverse("assurance-campaign", args=[made["c"].pk]),
    )


@requires("assurance.manage")
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign's returns by organisation, the RAGs per standard, themes and the challenge panel."""
    from continuum.assurance.models import Section11Campaign

    c = get_object_or_404(Section11Campaign, pk=pk)
    form = f.PanelForm(
        _posted(request), initial={"themes": c.themes, "panel_on": c.panel_on, "panel_note": c.panel_note}
    )

    def write(data: dict[str, Any]) -> str:
        services.record_panel(
            c,
            themes=data["themes"],
            panel_on=data["panel_on"],
            panel_note=data["panel_note"],
            by=_me(request),
        )
        return "Themes and challenge panel recorded"

    returns = list(c.returns.select_related("organisation"))
    standards = []
    for number, standard in enumerate(c.standards, start=1):
        rags = [r.ratings.get(standard["key"], {}).get("rag") for r in returns if r.submitted_on]
        standards.append(
            (
                number,
                standard["text"],
                rags.count("green"),
                rags.count("amber"),
                rags.count("red"),
                standard.get("checks", ""),
            )
        )
    extra = {
        "campaign": c,
        "returns": returns,
        "standards": standards,
        "returned": sum(1 for r in returns if r.submitted_on),
    }
    return _write(request, form, "assurance/campaign.html", write, f"/assurance/section-11/{c.pk}/", **extra)


@requires("assurance.section11")
def section11_return(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation's return: its members fill it in once; QA reads it and writes the feedback."""
    from continuum.assurance.models import Section11Return
    from continuum.assurance.services import RAG_WORDS

    ret = get_object_or_404(Section11Return.objects.select_related("campaign", "organisation"), pk=pk)
    if not may(request.user, "assurance.section11", ret):
        return permission_denied(request)
    log_view(
        user=_me(request),
        action="assurance.section11.return",
        record_type="section11return",
        record_id=ret.pk,
    )
    manage = may(request.user, "assurance.manage")
    if ret.submitted_on is None and not manage:
        form = f.ReturnForm(_posted(request), standards=ret.campaign.standards)

        def write(data: dict[str, Any]) -> str:
            ratings = {
                s["key"]: {"rag": data[f"rag_{s['key']}"], "evidence": data[f"evidence_{s['key']}"]}
                for s in ret.campaign.standards
            }
            services.submit_return(ret, ratings=ratings, by=_me(request))
            return "Return submitted: the partnership will send you its feedback"

        return _write(
            request,
            form,
            "assurance/section11_return.html",
            write,
            f"/assurance/section-11/returns/{ret.pk}/",
            ret=ret,
        )
    feedback = f.Section11FeedbackForm(_posted(request) if manage else None)
    rows = [
        (
            n,
            s["text"],
            RAG_WORDS.get(ret.ratings.get(s["key"], {}).get("rag", ""), "Not rated"),
            ret.ratings.get(s["key"], {}).get("evidence", ""),
        )
        for n, s in enumerate(ret.campaign.standards, start=1)
    ]

    def give(data: dict[str, Any]) -> str:
        services.give_feedback(ret, feedback=data["feedback"], by=_me(request))
        return f"Feedback sent to {ret.organisation.name}"

    if manage and ret.submitted_on and not ret.feedback:
        return _write(
            request,
            feedback,
            "assurance/section11_read.html",
            give,
            f"/assurance/section-11/returns/{ret.pk}/",
            ret=ret,
            rows=rows,
            manage=True,
        )
    return render(
        request, "assurance/section11_read.html", {"ret": ret, "rows": rows, "manage": False, "form": None}
    )


# --- Thematic and multi-agency audits --------------------------------------------------------------


@requires("assurance.figures")
def themes(request: HttpRequest) -> HttpResponse:
    """Thematic and multi-agency audits: each theme, its agencies, how many cases and their grades."""
    from continuum.assurance.models import ThematicAudit

    rows = []
    for theme in ThematicAudit.objects.prefetch_related("audits"):
        graded = [a.overall_grade for a in theme.audits.all() if a.overall_grade]
        good = sum(1 for g in graded if g in ("outstanding", "good"))
        rows.append((theme, len(graded), figures.percent(good, len(graded))))
    return render(request, "assurance/themes.html", {"rows": rows})


@requires("assurance.figures")
def theme(request: HttpRequest, pk: int) -> HttpResponse:
    """One theme: question set, sample, auditors from named agencies, findings, recommendations, actions.
    The cases are listed by audit number; a reader who may see an audit opens it from there."""
    from continuum.assurance.models import ThematicAudit

    t = get_object_or_404(ThematicAudit, pk=pk)
    audits = list(selectors.audits(thematic=t).order_by("pk"))
    counts = [(g.label, sum(1 for a in audits if a.overall_grade == g.value)) for g in Grade]
    today = clock.today()
    return render(
        request,
        "assurance/theme.html",
        {
            "theme": t,
            "audits": [(a, may(request.user, "assurance.case_audit", a)) for a in audits],
            "counts": counts,
            "auditors": t.auditors.all(),
            "actions": [(a, clock_of(a, today)) for a in figures.actions_of([t])],
        },
    )


# --- Audit tools ------------------------------------------------------------------------------------


@requires("assurance.manage")
def tools_list(request: HttpRequest) -> HttpResponse:
    """Each audit tool's current version and its history (every version is kept)."""
    from continuum.assurance.models import AuditTool

    versions: dict[str, list[AuditTool]] = {}
    for tool in AuditTool.objects.select_related("created_by").order_by("code", "-version"):
        versions.setdefault(tool.code, []).append(tool)
    return render(request, "assurance/tools.html", {"versions": versions})


@requires("assurance.manage")
def tool_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Change a tool without code: its text becomes a new version; audits keep the version they used."""
    from continuum.assurance.tools import as_text, question_count

    try:
        current = services.current_tool(code)
    except JourneyRuleError:
        raise Http404("No such tool") from None
    form = f.ToolForm(_posted(request), initial={"text": as_text(current.sections)})

    def write(data: dict[str, Any]) -> str:
        tool = services.save_tool_version(code=code, text=data["text"], note=data["note"], by=_me(request))
        return f"{tool.name} version {tool.version} saved ({question_count(tool.sections)} questions)"

    return _write(
        request,
        form,
        "assurance/step_form.html",
        write,
        "/assurance/tools/",
        title=f"Edit the {current.name}",
        button="Save a new version",
        fields=["text", "note"],
        hint="One a line: ## Section title, then - question | yes/no/partly, yes/no, text or "
        "red/amber/green | what it checks",
        rows=24,
    )
