"""The improvement plan's pages: plans, a plan (delivery beside impact) at any day, a plan action with
its RAG history and the form to rate it, the stocktake between two days, exports and the committee report.

Every page asks the policy (``improvement.*`` in continuum/improvement/rules.py) twice: the
decorator for the area, then the plan itself. A plan names no child, so nothing here is logged
as record access. Days come in the query string; a bad one is said in words with a
400, never a traceback. The plan, its dashboard and the stocktake ask their days as GOV.UK day,
month and year boxes (:func:`~continuum.web.govuk.days.read_days`), still reading the YYYY-MM-DD
of the links they and older bookmarks carry. Figures come from the indicator library through the
dashboards' own source and builder (continuum/web/dashboards/), so a measure shows what the dashboard shows.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from continuum.actions.clock import clock_of
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.core.policy import may
from continuum.failures import log_failure
from continuum.improvement import selectors, services
from continuum.improvement.models import Objective, Plan, PlanAction, Priority
from continuum.improvement.report import build, to_html, write_docx
from continuum.improvement.rules import readable_plans
from continuum.improvement.workbook import export_plan
from continuum.metrics.periods import parse_period
from continuum.web.access import requires
from continuum.web.govuk.days import read_days
from continuum.web.govuk.fields import GovukDateField, text_field
from continuum.web.govuk.forms import GovukForm, add_refusal, error_list
from continuum.web.improvement import forms as forms_
from continuum.web.views import permission_denied

logger = logging.getLogger(__name__)


def _day(request: HttpRequest, name: str, errors: list[tuple[str, str]], label: str) -> date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append((f"id_{name}", f"Enter the {label} as a date, for example 2026-03-31"))
        return None


def _shown_on(
    request: HttpRequest, form_class: type[forms_.PlanDayForm]
) -> tuple[date, forms_.PlanDayForm, list[tuple[str, str]]]:
    """The day a page shows the plan as it stood on (today unless asked), the form to show and its
    errors. A bad day shows today's plan under the error, with the boxes as typed."""
    asked = read_days(form_class, request.GET)
    day = asked.days["on"] or clock.today()
    return day, asked.form if asked.errors else form_class(initial={"on": day}), asked.errors


def _plan(request: HttpRequest, plan_pk: int, action: str = "improvement.view") -> Plan | None:
    plan = get_object_or_404(Plan.objects.select_related("rag_key", "owner"), pk=plan_pk)
    return plan if may(request.user, action, plan) else None


class ImportForm(GovukForm):
    non_field_anchor = "id_file"

    file = forms.FileField(
        label="The plan (XLSX)",
        help_text='Sheets "Plan" (the seed\'s table: ID, objective, actions, lead, date of delivery, RAG, '
        'under each priority\'s heading) and "Leads" (initials, username); "Priorities" is optional.',
        error_messages={"required": "Choose the plan's XLSX file", "empty": "The file is empty"},
    )
    # text_field and these labels make every error name its box (found by review: Django's own
    # "Ensure this value has at most 200 characters" came three times, naming none, and "It starts on"
    # made "Enter it starts on").
    title = text_field("The plan's title", "Enter the title")
    owner_body = text_field("The body that owns it", "Enter the body that owns it")
    area = text_field("The area it covers (optional)", required=False)
    starts = GovukDateField(label="The date the plan starts", past_only=False)
    ends = GovukDateField(label="The date the plan ends", past_only=False)
    rated_on = GovukDateField(label="The RAGs in the file are as at (leave blank for today)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", "The plan must end on or after the day it starts")
        upload = data.get("file")
        if upload is not None:
            from continuum.improvement.workbook import ImportRefused, check_file, max_mb

            try:  # the one upload check, as a partnership paper's (at most the limit and a byte read)
                check_file(upload.name, upload.read(max_mb() * 1024 * 1024 + 1))
            except ImportRefused as refused:
                self.add_error("file", refused.problems[0])
            upload.seek(0)
        return data


@requires("improvement.import")
def import_page(request: HttpRequest) -> HttpResponse:
    """A new plan from its spreadsheet, owned by whoever imports it; every bad row named, nothing written."""
    from continuum.improvement.keys import ensure_default_key
    from continuum.improvement.workbook import ImportRefused, import_plan

    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = import_plan(
                    data["file"].read(),
                    title=data["title"],
                    owner_body=data["owner_body"],
                    area=data.get("area", ""),
                    owner=request.user,  # type: ignore[arg-type]
                    starts=data["starts"],
                    ends=data["ends"],
                    key=ensure_default_key(),
                    by=request.user,  # type: ignore[arg-type]
                    rated_on=data.get("rated_on") or clock.today(),
                    source_name=data["file"].name[:100],
                )
            except ImportRefused as refused:
                errors = [("id_file", problem) for problem in refused.problems]
            else:
                messages.success(request, f"The plan is imported: {plan.plan_actions.count()} actions.")
                return redirect(reverse("improvement-plan", args=[plan.pk]))
        else:
            errors = error_list(form)
    return render(
        request, "improvement/import.html", {"form": form, "errors": errors}, status=400 if errors else 200
    )


@requires("improvement.open")
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = readable_plans(request.user, Plan.objects.select_related("rag_key").order_by("-starts", "pk"))
    can_import = may(request.user, "improvement.import")
    return render(request, "improvement/plans.html", {"plans": plans, "can_import": can_import})


def _measures(codes: list[str]) -> tuple[list[Any], str | None]:
    """Each linked indicator as the dashboards show it (value, trend against the previous period, RAG)."""
    if not codes:
        return [], None
    from continuum.web.dashboards.build import build_engine, default_period, indicator_view
    from continuum.web.dashboards.source import get_source

    try:
        source = get_source()
        engine = build_engine(source)
        period = default_period(source.data_up_to)
    except Exception as exc:
        log_failure(logger, "The improvement plan's measures could not be read.", exc)
        return [], "The figures could not be read just now; the plan is shown without them."
    return [indicator_view(engine, code, period, chart=False) for code in codes], period.label


@requires("improvement.open")
def plan_page(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The plan as it stood on a day (today unless ``on`` says), its RAG summary and its measures."""
    plan = _plan(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    day, form, errors = _shown_on(request, forms_.PlanDayForm)
    lines = selectors.state_at(plan, day)
    levels, summary, totals = selectors.summary(plan, lines)
    views, period = _measures(selectors.measure_codes(plan))
    context = {
        "plan": plan,
        "day": day,
        "is_today": day == clock.today(),
        "form": form,
        "errors": errors,
        "levels": levels,
        "summary": summary,
        "totals": totals,
        "total": sum(totals.values()),
        "groups": selectors.outline(plan, lines),
        "measures": views if isinstance(views, list) else [],
        "measure_refs": selectors.measures_by_code(plan),
        "measures_period": parse_period(period).words if views and period else None,
        "measures_error": period if not views and period and selectors.measure_codes(plan) else None,
        "can_edit": may(request.user, "improvement.edit", plan),
    }
    return render(request, "improvement/plan.html", context, status=400 if errors else 200)


class RagForm(GovukForm):
    non_field_anchor = "id_level_0"

    level = forms.ChoiceField(
        label="Where does the action stand?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG"},
    )
    on = GovukDateField(label="From which day?", required=False)
    reason = forms.CharField(
        label="Why, and what is being done about it? (needed for amber or red)",
        widget=forms.Textarea,
        required=False,
        max_length=4_000,
        error_messages={"max_length": "The reason must be 4,000 characters or fewer"},
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (lv.code, f"{lv.code}: {lv.meaning}") for lv in plan.rag_key.levels.all()
        ]


class MeasureForm(GovukForm):
    non_field_anchor = "id_indicator"

    indicator = forms.ChoiceField(
        label="Link a measure from the indicator library", error_messages={"required": "Select a measure"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from continuum.metrics import definitions

        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            ("", "Select a measure"),
            *sorted(((ind.code, ind.title) for ind in definitions.all_indicators()), key=lambda c: c[1]),
        ]


def _link_measure(
    request: HttpRequest, plan: Plan, line: PlanAction
) -> tuple[MeasureForm, list[tuple[str, str]]]:
    """The owner links an indicator to the action; a refusal comes back as the form's error."""
    form = MeasureForm(request.POST)
    if not form.is_valid():
        return form, error_list(form)
    try:
        services.link_measure(line, form.cleaned_data["indicator"])
    except services.PlanRuleError as error:
        return form, [(form.non_field_anchor, str(error))]
    return form, []


@requires("improvement.open")
def action_page(request: HttpRequest, plan_pk: int, action_pk: int) -> HttpResponse:
    """A plan action: its line, its measures, its RAG history (who, when, why) and the RAG form."""
    plan = _plan(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    line = get_object_or_404(
        PlanAction.objects.select_related("objective__priority", "rag", "action__owner"),
        pk=action_pk,
        plan=plan,
    )
    line.plan = plan
    can_rate = may(request.user, "improvement.rag", line)
    can_edit = may(request.user, "improvement.edit", plan)
    measure_form = MeasureForm() if can_edit else None
    if request.method == "POST" and request.POST.get("form") == "measure":
        if not can_edit:
            return permission_denied(request)
        measure_form, measure_errors = _link_measure(request, plan, line)
        if not measure_errors:
            messages.success(request, f"The measure is linked to {line.ref}.")
            return redirect(reverse("improvement-action", args=[plan.pk, line.pk]))
    else:
        measure_errors = []
    rating = request.method == "POST" and not measure_errors  # the page again with the measure's error
    form = RagForm(request.POST if rating else None, plan=plan)
    errors: list[tuple[str, str]] = []
    if rating:
        if not can_rate:
            return permission_denied(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_rag(
                    line,
                    code=data["level"],
                    by=request.user,
                    reason=data.get("reason", ""),
                    on=data.get("on"),  # type: ignore[arg-type]
                )
            except services.PlanRuleError as error:
                errors = [(form.non_field_anchor, str(error))]
            else:
                messages.success(request, f"{line.ref} is now rated {data['level']}.")
                return redirect(reverse("improvement-action", args=[plan.pk, line.pk]))
    views, period = _measures([m.indicator for m in line.measures.order_by("pk")])
    context = {
        "plan": plan,
        "line": line,
        "history": line.rag_history.select_related("level", "by").order_by("-on", "-pk"),
        "form": form if can_rate else None,
        "measure_form": measure_form,
        "errors": measure_errors or errors or error_list(form),
        "measures": views,
        "measures_period": parse_period(period).words if views and period else None,
        "measures_error": period if not views and period else None,
        "can_edit": can_edit,
        "edits": plan.edits.filter(record_type="action", record_id=line.pk)
        .select_related("by")
        .order_by("-at", "-pk"),
        "done_level": next((lv for lv in plan.rag_key.levels.all() if lv.done), None),
        "tracker_clock": clock_of(line.action, clock.today()) if line.action else None,
    }
    bad = bool(measure_errors or errors or form.errors)
    return render(request, "improvement/action.html", context, status=400 if bad else 200)


@requires("improvement.open")
def stocktake_page(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """What moved between two days (default: the last committee report and today): slipped first."""
    plan = _plan(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    asked = read_days(forms_.StocktakeDaysForm, request.GET, legacy={"from": "first", "to": "second"})
    second = asked.days["second"] or clock.today()
    first = asked.days["first"] or selectors.last_report_day(plan, second) or plan.starts
    errors = asked.errors
    form = asked.form if errors else forms_.StocktakeDaysForm(initial={"first": first, "second": second})
    take = selectors.stocktake(plan, first, second)
    kinds = [
        ("slipped", "Slipped"),
        ("improved", "Improved"),
        ("completed", "Completed"),
        ("added", "Added to the plan"),
    ]
    context = {
        "plan": plan,
        "take": take,
        "form": form,
        "errors": errors,
        "sections": [(kind, title, take.of_kind(kind)) for kind, title in kinds],
        "unchanged": len(take.of_kind("unchanged")),
    }
    return render(request, "improvement/stocktake.html", context, status=400 if errors else 200)


@requires("improvement.open")
def export_xlsx(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _plan(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    errors: list[tuple[str, str]] = []
    day = _day(request, "on", errors, "day") or clock.today()
    response = HttpResponse(
        export_plan(plan, day),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="improvement-plan-{plan.pk}-{day:%Y-%m-%d}.xlsx"'
    return response


def _report_day(request: HttpRequest, plan: Plan) -> tuple[date, date | None, list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    as_of = _day(request, "as_of", errors, "report's day") or clock.today()
    since = _day(request, "since", errors, "day to count changes from")
    return as_of, since, errors


@requires("improvement.open")
def report_page(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The committee report as a page (the PDF's and DOCX's content), with its downloads; the owner
    records it as issued, so the next report counts changes from its day."""
    plan = _plan(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    as_of, since, errors = _report_day(request, plan)
    can_edit = may(request.user, "improvement.edit", plan)
    if request.method == "POST":
        if not can_edit:
            return permission_denied(request)
        content = build(plan, as_of, since)
        services.record_report(plan, as_of=as_of, since=content.since, by=request.user)  # type: ignore[arg-type]
        messages.success(request, f"The report for {day_words(as_of, long=True)} is recorded as issued.")
        return redirect(reverse("improvement-report", args=[plan.pk]) + f"?as_of={as_of:%Y-%m-%d}")
    content = build(plan, as_of, since)
    return render(
        request,
        "improvement/report.html",
        {
            "plan": plan,
            "report": content,
            "errors": errors,
            "can_edit": can_edit,
            "query": f"?as_of={as_of:%Y-%m-%d}" + (f"&since={since:%Y-%m-%d}" if since else ""),
            "issued": plan.reports.select_related("by").order_by("-as_of", "-pk")[:5],
        },
        status=400 if errors else 200,
    )


@requires("improvement.open")
def report_file(request: HttpRequest, plan_pk: int, kind: str) -> HttpResponse:
    """The committee report as PDF or DOCX for the day asked (not recorded as issued: the page does that)."""
    import tempfile
    from pathlib import Path

    from continuum.reports.html import write_pdf

    plan = _plan(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    as_of, since, _errors = _report_day(request, plan)
    if kind not in ("pdf", "docx"):
        raise Http404("No such format")
    content = build(plan, as_of, since)
    types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"report.{kind}"
        try:
            if kind == "pdf":
                write_pdf(to_html(content), path)
            else:
                write_docx(content, path)
        except Exception as exc:
            log_failure(
                logger, f"The committee report on plan {plan.pk} could not be written as {kind}.", exc
            )
            messages.error(request, f"The report could not be written as {kind.upper()} just now.")
            return redirect(reverse("improvement-report", args=[plan.pk]))
        data = path.read_bytes()
    response = HttpResponse(data, content_type=types[kind])
    response["Content-Disposition"] = (
        f'attachment; filename="improvement-plan-{plan.pk}-{as_of:%Y-%m-%d}.{kind}"'
    )
    return response


# --- The improvement dashboard: delivery beside impact -----------------------------------------


def _indicator_href(user: Any, code: str, period: str | None) -> str:
    """The dashboard page that shows ``code``, at the figure's own anchor, if the reader may open it."""
    from continuum.web.dashboards.areas import DASHBOARD_AREAS

    if not may(user, "performance.dashboard"):
        return ""
    area = next((a for a in DASHBOARD_AREAS if code in a.codes and a.shown_to(user)), None)
    if area is None:
        return ""
    query = f"?period={period}" if period else ""
    return reverse("performance-dashboard", args=[area.slug]) + f"{query}#ind-{code}"


@requires("improvement.open")
def dashboard_page(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The improvement dashboard (seed 001's "key data and headline narratives"): per priority, how its
    actions are delivering (RAG, complete, off track, past their date) beside the indicators linked to
    them (value, trend, RAG from the library), each linked to its action or its dashboard."""
    plan = _plan(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    day, form, errors = _shown_on(request, forms_.DeliveryDayForm)
    lines = selectors.state_at(plan, day)
    levels, _summary, totals = selectors.summary(plan, lines)
    rows = selectors.delivery_by_priority(plan, lines)
    views, period = _measures(selectors.measure_codes(plan))
    by_code = {view.code: view for view in views}
    priorities = [
        {
            "row": row,
            "overdue": row.overdue(day),
            "impact": [
                (by_code[code], _indicator_href(request.user, code, period), row.refs[code])
                for code in row.measures
                if code in by_code
            ],
        }
        for row in rows
    ]
    shown = [view for view in views if view.rag]
    context = {
        "plan": plan,
        "day": day,
        "is_today": day == clock.today(),
        "form": form,
        "errors": errors,
        "levels": levels,
        "totals": totals,
        "total": sum(totals.values()),
        "completed": sum(row.completed for row in rows),
        "overdue": sum(len(p["overdue"]) for p in priorities),
        "priorities": priorities,
        "measures_period": parse_period(period).words if views and period else None,
        "measures_error": period if not views and period else None,
        "impact_rag": {rag: sum(1 for v in shown if v.rag == rag) for rag in ("G", "A", "R")},
        "impact_total": len(views),
    }
    return render(request, "improvement/dashboard.html", context, status=400 if errors else 200)


# --- Writing the plan in the web (its owner): priorities, objectives, actions ------------------


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _opened(form_class: Any, request: HttpRequest, record: Any, **kwargs: Any) -> Any:
    """A change form: as posted, or as the record stands now (with the version the page shows)."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    form = form_class.opening(record, **kwargs)
    form.initial.update({name: getattr(record, name) for name in form_class.seen_fields})
    return form


def _write_page(
    request: HttpRequest,
    plan: Plan,
    form: Any,
    save: Any,
    *,
    heading: str,
    button: str,
    back: str,
    record: Any = None,
) -> HttpResponse:
    """The one frame of every plan-writing page. GET: the form. POST: ``save(cleaned_data)`` gives the
    words said and where to go; a refusal is shown beside its box, everything typed kept; a clash with
    someone else's save says what they changed and moves the form on to their version."""
    theirs: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            said, where = save(form.cleaned_data)
        except services.PlanConflict as clash:
            theirs = form.catch_up(type(record).objects.get(pk=record.pk))
            form.add_error(None, str(clash))
        except services.PlanRuleError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, said)
            return redirect(where)
    errors = error_list(form)
    context = {
        "plan": plan,
        "form": form,
        "errors": errors,
        "heading": heading,
        "button": button,
        "back": back,
        "theirs": theirs,
        "versioned": "version" in form.fields,
    }
    return render(request, "improvement/edit.html", context, status=400 if errors else 200)


def _said(changed: list[str], what: str) -> str:
    return f"{what} is changed." if changed else "Nothing was changed."


def _at_priority(plan: Plan, priority: Any) -> str:
    return reverse("improvement-plan", args=[plan.pk]) + f"#priority-{priority.number}"


def _owned(request: HttpRequest, plan_pk: int) -> Plan | None:
    """The plan, if the signed-in user may change it (its owner)."""
    return _plan(request, plan_pk, "improvement.edit")


@requires("improvement.open")
def priority_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _owned(request, plan_pk)
    if plan is None:
        return permission_denied(request)

    def save(data: dict[str, Any]) -> tuple[str, str]:
        priority = services.new_priority(plan, by=request.user, **data)  # type: ignore[arg-type]
        return f"{priority.title} is added.", _at_priority(plan, priority)

    form = forms_.PriorityForm(_posted(request), plan=plan)
    back = reverse("improvement-plan", args=[plan.pk])
    return _write_page(
        request, plan, form, save, heading="Add a priority", button="Add the priority", back=back
    )


@requires("improvement.open")
def priority_edit(request: HttpRequest, plan_pk: int, priority_pk: int) -> HttpResponse:
    plan = _owned(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    priority = get_object_or_404(Priority, pk=priority_pk, plan=plan)

    def save(data: dict[str, Any]) -> tuple[str, str]:
        texts = {name: data[name] for name in forms_.PriorityForm.boxes}
        changed = services.edit_priority(priority, version=data["version"], by=request.user, **texts)  # type: ignore[arg-type]
        return _said(changed, f"Priority {priority.number}"), _at_priority(plan, priority)

    form = _opened(forms_.PriorityEditForm, request, priority, plan=plan)
    return _write_page(
        request, plan, form, save, heading=f"Change priority {priority.number}", button="Save the priority",
        back=_at_priority(plan, priority), record=priority,
    )  # fmt: skip


@requires("improvement.open")
def objective_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _owned(request, plan_pk)
    if plan is None:
        return permission_denied(request)

    def save(data: dict[str, Any]) -> tuple[str, str]:
        objective = services.new_objective(data["priority"], by=request.user, text=data["text"])  # type: ignore[arg-type]
        return "The objective is added.", _at_priority(plan, objective.priority)

    form = forms_.ObjectiveForm(
        _posted(request), plan=plan, initial={"priority": request.GET.get("priority", "")}
    )
    back = reverse("improvement-plan", args=[plan.pk])
    return _write_page(
        request, plan, form, save, heading="Add an objective", button="Add the objective", back=back
    )


@requires("improvement.open")
def objective_edit(request: HttpRequest, plan_pk: int, objective_pk: int) -> HttpResponse:
    plan = _owned(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    objective = get_object_or_404(
        Objective.objects.select_related("priority"), pk=objective_pk, priority__plan=plan
    )

    def save(data: dict[str, Any]) -> tuple[str, str]:
        changed = services.edit_objective(
            objective, version=data["version"], by=request.user, text=data["text"]
        )  # type: ignore[arg-type]
        return _said(changed, "The objective"), _at_priority(plan, objective.priority)

    form = _opened(forms_.ObjectiveEditForm, request, objective, plan=plan)
    return _write_page(
        request, plan, form, save, heading="Change the objective", button="Save the objective",
        back=_at_priority(plan, objective.priority), record=objective,
    )  # fmt: skip


@requires("improvement.open")
def action_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _owned(request, plan_pk)
    if plan is None:
        return permission_denied(request)

    def save(data: dict[str, Any]) -> tuple[str, str]:
        line = services.new_plan_action(
            data["objective"], by=request.user, ref=data["ref"], text=data["text"],  # type: ignore[arg-type]
            lead_text=data["lead_text"], delivery_text=data["delivery_text"], rag=data["level"],
            reason=data.get("reason", ""),
        )  # fmt: skip
        return f"{line.ref} is added to the plan.", reverse("improvement-action", args=[plan.pk, line.pk])

    initial = {"objective": request.GET.get("objective", ""), "level": "G"}
    form = forms_.ActionForm(_posted(request), plan=plan, initial=initial)
    back = reverse("improvement-plan", args=[plan.pk])
    return _write_page(request, plan, form, save, heading="Add an action", button="Add the action", back=back)


@requires("improvement.open")
def action_edit(request: HttpRequest, plan_pk: int, action_pk: int) -> HttpResponse:
    plan = _owned(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    line = get_object_or_404(PlanAction.objects.select_related("action"), pk=action_pk, plan=plan)
    line.plan = plan
    here = reverse("improvement-action", args=[plan.pk, line.pk])

    def save(data: dict[str, Any]) -> tuple[str, str]:
        changed = services.edit_plan_action(
            line, version=data["version"], by=request.user, ref=data["ref"], text=data["text"],  # type: ignore[arg-type]
            lead_text=data["lead_text"], delivery_text=data["delivery_text"], reason=data.get("reason", ""),
        )  # fmt: skip
        return _said(changed, f"The action {data['ref']}"), here

    form = _opened(forms_.ActionEditForm, request, line, plan=plan, line=line)
    return _write_page(
        request,
        plan,
        form,
        save,
        heading=f"Change {line.ref}",
        button="Save the action",
        back=here,
        record=line,
    )


@requires("improvement.open")
def changes_page(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Every change made to the plan's wording in the web, newest first: who, when, from what to what."""
    plan = _plan(request, plan_pk)
    if plan is None:
        return permission_denied(request)
    edits = plan.edits.select_related("by").order_by("-at", "-pk")[:500]
    return render(request, "improvement/changes.html", {"plan": plan, "edits": edits})
