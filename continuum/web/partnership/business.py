"""Partnership pages for the body's standing business: its membership and terms of reference, its
budget (partners' contributions and spending), and its annual report written by chapter.

Each page asks the policy (``partnership.*`` in continuum/partnership/rules.py): readers of the body
see these pages; only its business manager changes membership, terms, the budget, gives chapters and
approves them; a chapter's author drafts and submits it. A rule the services refuse comes back as the
error summary with what was typed kept, never a traceback. Nothing here names or links to a child.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from continuum.core import clock, roles
from continuum.core.dates import day_words
from continuum.core.policy import may
from continuum.partnership import annual, budget, services
from continuum.partnership.models import AnnualReport, Body, Chapter, Member
from continuum.partnership.rules import STAFF_READERS
from continuum.web.access import requires
from continuum.web.actions.forms import DueDateField
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm, error_list, refuse_field
from continuum.web.partnership.confirm import ANNUAL, BUDGET, CHAPTER, MEMBERSHIP, confirm
from continuum.web.partnership.views import _check, _Errors, _run


def _body(request: HttpRequest, pk: int) -> Body:
    body = get_object_or_404(Body, pk=pk)
    _check(request, "partnership.view", body)
    return body


def _year(errors: _Errors, anchor: str, text: str) -> int | None:
    text = text.strip()
    if not text.isdigit():
        errors.add(anchor, "Enter the financial year as the year it starts, for example 2025")
        return None
    return int(text)


def _this_year() -> int:
    today = clock.today()
    return today.year if today.month >= 4 else today.year - 1


# --- Membership and terms of reference --------------------------------------------------------


def _sign_ins() -> list[User]:
    """Sign-ins a seat may be linked to: partner members and the staff who read partnership business."""
    names = [roles.PARTNER_MEMBER.name, *(r.name for r in STAFF_READERS)]
    return list(User.objects.filter(groups__name__in=names, is_active=True).distinct().order_by("username"))


class JoinedForm(GovukForm):
    """The day a member joined, as GOV.UK day, month and year boxes (``joined_on-day`` and so on); today
    or in the past, as the service holds (a seat is recorded once taken)."""

    joined_on = GovukDateField(label="Date joined", words="The date they joined")


class AdoptedForm(GovukForm):
    """The day new terms of reference were adopted, as GOV.UK boxes; today or in the past. That it is
    not before the version in force is the service's rule, shown against these boxes."""

    adopted_on = GovukDateField(label="Date adopted", words="The date adopted")

    def refuse(self, message: str) -> None:
        """The service's refusal of the day (``adopted_on``), against all three boxes."""
        refuse_field(self, "adopted_on", message)


class LeftForm(GovukForm):
    """The day a member left, as GOV.UK boxes; today or in the past. That it is not before the day
    they joined is the service's rule (``left_on``), shown against these boxes.

    Why the member's number in the ids (``id_left_on-7-day``): each current member has their own
    "End the seat" form on the page, and ids must be unique for the labels and the error summary's
    links to find the right boxes. The boxes' names stay ``left_on-day`` and so on."""

    left_on = GovukDateField(label="Date they left", words="The date they left")

    def __init__(self, member: Member, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_%s-{member.pk}")
        super().__init__(*args, **kwargs)
        self.member = member
        self.hint = (
            f"Today or earlier, and not before they joined ({day_words(member.joined_on)}). "
            "For example, 30 4 2026"
        )

    def refuse(self, message: str) -> None:
        """The service's refusal of the day (``left_on``), against all three boxes."""
        refuse_field(self, "left_on", message)


def _membership_post(
    request: HttpRequest,
    body: Body,
    errors: _Errors,
    joined_form: JoinedForm,
    adopted_form: AdoptedForm,
    left_forms: list[LeftForm],
) -> bool:
    what = request.POST.get("do")
    post = request.POST
    if what == "add":
        joined = joined_form.cleaned_data["joined_on"] if joined_form.is_valid() else None
        errors.extend(error_list(joined_form))
        user = None
        if post.get("user"):
            user = next((u for u in _sign_ins() if str(u.pk) == post["user"]), None)
            if user is None:
                errors.add("id_user", "Choose a sign-in from the list, or none")
        if joined is None or errors:
            return False
        return bool(
            _run(
                errors,
                "id_name",
                services.add_member,
                body,
                name=post.get("name", ""),
                organisation=post.get("organisation", ""),
                role=post.get("role", ""),
                voting=post.get("voting") != "no",
                is_chair=post.get("is_chair") == "yes",
                joined_on=joined,
                user=user,
            )
        )
    if what == "terms":
        if not adopted_form.is_valid():
            errors.extend(error_list(adopted_form))
            return False
        adopted = adopted_form.cleaned_data["adopted_on"]
        try:
            return bool(services.adopt_terms(body, text=post.get("text", ""), adopted_on=adopted))
        except services.PartnershipRuleError as refused:
            if refused.code == "adopted_on":  # a rule about the day: shown against its boxes
                adopted_form.refuse(refused.messages[0])
                errors.extend(error_list(adopted_form))
            else:
                errors.add("id_terms", refused.messages[0])
            return False
    member = body.members.filter(pk=post.get("member") or 0, left_on__isnull=True).first()
    if member is None:
        errors.add("members", "Choose a current member")
        return False
    if what == "change":
        return bool(
            _run(
                errors,
                f"role-{member.pk}",
                services.change_member,
                member,
                role=post.get("role", ""),
                voting=post.get("voting") != "no",
                is_chair=post.get("is_chair") == "yes",
            )
        )
    if what == "end":
        left_form = next(form for form in left_forms if form.member == member)
        if not left_form.is_valid():
            errors.extend(error_list(left_form))
            return False
        try:
            return bool(services.end_member(member, left_on=left_form.cleaned_data["left_on"]))
        except services.PartnershipRuleError as refused:
            if refused.code == "left_on":  # a rule about the day: shown against its boxes
                left_form.refuse(refused.messages[0])
                errors.extend(error_list(left_form))
            else:
                errors.add(f"{left_form['left_on'].auto_id}-day", refused.messages[0])
            return False
    return False


@requires("partnership.view")
def membership_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Members past and present and every version of the terms of reference; the business manager adds,
    changes and ends seats and adopts new terms here (earlier versions are kept as adopted)."""
    body = _body(request, pk)
    manages = may(request.user, "partnership.manage", body)
    errors = _Errors()
    # Each date's boxes as sent when its own form was posted (so kept after an error), else empty.
    what = request.POST.get("do")
    joined_form = JoinedForm(request.POST if what == "add" else None)
    adopted_form = AdoptedForm(request.POST if what == "terms" else None)
    current = list(body.members.filter(left_on__isnull=True).select_related("user"))
    sent = request.POST.get("member") if what == "end" else None
    left_forms = [LeftForm(m, request.POST if str(m.pk) == sent else None) for m in current]
    if request.method == "POST":
        _check(request, "partnership.manage", body)
        if _membership_post(request, body, errors, joined_form, adopted_form, left_forms):
            confirm(request, MEMBERSHIP)
            return redirect(reverse("partnership-membership", args=[body.pk]))
    context = {
        "body": body,
        "current": current,
        "former": body.members.filter(left_on__isnull=False).order_by("-left_on"),
        "terms": body.terms.order_by("-version"),
        "manages": manages,
        "errors": errors,
        "sign_ins": _sign_ins() if manages else [],
        "posted": request.POST if errors else {},
        "joined_form": joined_form,
        "adopted_form": adopted_form,
        "left_forms": left_forms,
    }
    return render(request, "partnership/membership.html", context, status=400 if errors else 200)


# --- Budget ----------------------------------------------------------------------------------


@requires("partnership.view")
def budget_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's budget statement (``?year=2025`` for 2025/26) and, for the business manager, the forms
    to record a contribution or a spending line."""
    body = _body(request, pk)
    manages = may(request.user, "partnership.manage", body)
    errors = _Errors()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and budget.FIRST_YEAR <= int(raw) <= budget.LAST_YEAR else None
    if request.method == "POST":
        _check(request, "partnership.manage", body)
        what = request.POST.get("do")
        prefix = "id_spend_" if what == "spending" else "id_"
        given = _year(errors, f"{prefix}year", request.POST.get("year", ""))
        amount = _run(errors, f"{prefix}amount", budget.parse_amount, request.POST.get("amount", ""))
        if given is not None and amount is not None and what in ("contribution", "spending"):
            if what == "contribution":
                done = _run(
                    errors,
                    "id_organisation",
                    budget.record_contribution,
                    body,
                    year=given,
                    organisation=request.POST.get("organisation", ""),
                    amount=amount,
                    by=request.user,
                )
            else:
                done = _run(
                    errors,
                    "id_line",
                    budget.record_spending,
                    body,
                    year=given,
                    line=request.POST.get("line", ""),
                    amount=amount,
                    by=request.user,
                )
            if done:
                confirm(request, BUDGET)
                return redirect(reverse("partnership-budget", args=[body.pk]) + f"?year={given}")
        year = given or year
    years = budget.years(body)
    if year is None:
        year = years[0] if years else _this_year()
    statement = budget.statement(body, year)
    context = {
        "body": body,
        "year": year,
        "statement": statement,
        "money": {
            "contributions": [(org, budget.pounds(a)) for org, a in statement.contributions],
            "spending": [(line, budget.pounds(a)) for line, a in statement.spending],
            "income": budget.pounds(statement.income),
            "spent": budget.pounds(statement.spent),
            "balance": budget.pounds(statement.balance),
        },
        "years": [(y, budget.year_label(y)) for y in years],
        "manages": manages,
        "errors": errors,
        "posted": request.POST if errors else {},
    }
    return render(request, "partnership/budget.html", context, status=400 if errors else 200)


# --- The annual report -----------------------------------------------------------------------


def _owners(body: Body) -> list[User]:
    """Who a chapter may be given to: sign-ins with a current seat on the body or one of its groups,
    and the partner members and staff who read partnership business (not the business manager, who
    reviews the chapters)."""
    seats = Member.objects.filter(
        body__in=[body, *body.children.all()], left_on__isnull=True, user__isnull=False
    )
    users = {m.user for m in seats.select_related("user") if m.user} | set(_sign_ins())
    users.discard(body.secretary)
    return sorted(users, key=lambda u: u.get_full_name() or u.username)


@requires("partnership.view")
def annual_list(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body(request, pk)
    manages = may(request.user, "partnership.manage", body)
    errors = _Errors()
    if request.method == "POST":
        _check(request, "partnership.manage", body)
        year = _year(errors, "id_year", request.POST.get("year", ""))
        report = year is not None and _run(errors, "id_year", annual.start_report, body, year=year)
        if report:
            confirm(request, {}, f"Annual report {report.year_label} started.")
            return redirect(report.get_absolute_url())
    context = {
        "body": body,
        "reports": body.annual_reports.all(),
        "manages": manages,
        "errors": errors,
        "this_year": _this_year(),
    }
    return render(request, "partnership/annual_list.html", context, status=400 if errors else 200)


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("body", "figures"), pk=pk)
    _check(request, "partnership.view", report)
    return report


class ChapterDueForm(GovukForm):
    """When a chapter is due, as GOV.UK day, month and year boxes. Why the shared :class:`DueDateField`:
    the date is the author's action's due date, so today or later with the same words as every other
    action form (a date already past made the action overdue the moment it was given)."""

    due_on = DueDateField(label="Due", words="The due date")


def _annual_post(
    request: HttpRequest, report: AnnualReport, errors: _Errors, due_form: ChapterDueForm
) -> bool:
    what = request.POST.get("do")
    if what == "chapter":
        owner = next((u for u in _owners(report.body) if str(u.pk) == request.POST.get("owner")), None)
        if owner is None:
            errors.add("id_owner", "Choose who writes the chapter")
        due = due_form.cleaned_data["due_on"] if due_form.is_valid() else None
        errors.extend(error_list(due_form))
        if owner is None or due is None:
            return False
        return bool(
            _run(
                errors,
                "id_title",
                annual.add_chapter,
                report,
                title=request.POST.get("title", ""),
                organisation=request.POST.get("organisation", ""),
                owner=owner,
                due_on=due,
                by=request.user,
            )
        )
    if what == "figures":
        version = next(
            (v for v in annual.figure_versions() if str(v.pk) == request.POST.get("figures")), None
        )
        if version is None:
            errors.add("id_figures", "Choose a published board table")
            return False
        return bool(_run(errors, "id_figures", annual.choose_figures, report, version=version))
    if what == "assemble":
        return bool(_run(errors, "assemble", annual.assemble, report, by=request.user))
    return False


@requires("partnership.view")
def annual_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's chapters with their authors, due dates and state; for the business manager, the forms
    to give a chapter, choose the figures' version and assemble the report."""
    report = _report(request, pk)
    manages = may(request.user, "partnership.manage", report)
    errors = _Errors()
    # The due date's boxes as sent when a chapter was given (so kept after an error), else empty.
    due_form = ChapterDueForm(request.POST if request.POST.get("do") == "chapter" else None)
    if request.method == "POST":
        _check(request, "partnership.manage", report)
        if _annual_post(request, report, errors, due_form):
            confirm(request, ANNUAL)
            return redirect(report.get_absolute_url())
    chapters = list(report.chapters.select_related("owner"))
    context = {
        "report": report,
        "body": report.body,
        "chapters": chapters,
        "approved": sum(c.status == Chapter.Status.APPROVED for c in chapters),
        "today": clock.today(),
        "manages": manages,
        "errors": errors,
        "owners": _owners(report.body) if manages else [],
        "versions": annual.figure_versions() if manages else [],
        "posted": request.POST if errors else {},
        "due_form": due_form,
    }
    return render(request, "partnership/annual.html", context, status=400 if errors else 200)


_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@requires("partnership.view")
def annual_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The assembled report as HTML, PDF or Word, as frozen when it was assembled."""
    report = _report(request, pk)
    if fmt not in _TYPES or report.assembled_at is None:
        raise Http404("No such file")
    content: Any = {"html": report.html.encode("utf-8"), "pdf": report.pdf, "docx": report.docx}[fmt]
    response = HttpResponse(bytes(content), content_type=_TYPES[fmt])
    # HTML is a download, as the reports app serves its HTML: its stylesheet is inline, which the
    # pages' Content-Security-Policy rightly refuses when served in the app.
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="annual-report-{report.year}.{fmt}"'
    return response


def _chapter_post(request: HttpRequest, chapter: Chapter, errors: _Errors) -> bool:
    what = request.POST.get("do")
    if what in ("draft", "submit"):
        _check(request, "partnership.chapter.write", chapter)
        if what == "draft":
            return bool(
                _run(
                    errors,
                    "id_text",
                    annual.save_draft,
                    chapter,
                    text=request.POST.get("text", ""),
                    by=request.user,
                )
            )
        return bool(_run(errors, "submit", annual.submit, chapter, by=request.user))
    if what in ("approve", "return"):
        _check(request, "partnership.manage", chapter)
        if what == "approve":
            return bool(_run(errors, "review", annual.approve, chapter, by=request.user))
        return bool(
            _run(
                errors,
                "id_note",
                annual.return_chapter,
                chapter,
                note=request.POST.get("note", ""),
                by=request.user,
            )
        )
    return False


@requires("partnership.chapter.write")
def chapter_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A chapter: its text as it stands and its versions; the author drafts and submits it, the business
    manager returns it with a note or approves it."""
    chapter = get_object_or_404(Chapter.objects.select_related("report__body", "owner"), pk=pk)
    writes = may(request.user, "partnership.chapter.write", chapter)
    if not (writes or may(request.user, "partnership.view", chapter)):
        raise PermissionDenied("partnership.view")
    errors = _Errors()
    if request.method == "POST" and _chapter_post(request, chapter, errors):
        confirm(request, CHAPTER)
        return redirect(chapter.get_absolute_url())
    manages = may(request.user, "partnership.manage", chapter)
    context = {
        "chapter": chapter,
        "report": chapter.report,
        "body": chapter.report.body,
        "text": request.POST.get("text") if errors and "text" in request.POST else annual.text_now(chapter),
        "drafts": chapter.drafts.select_related("by").order_by("-version"),
        "writes": writes and chapter.status == Chapter.Status.DRAFTING,
        "reviews": manages
        and chapter.status == Chapter.Status.SUBMITTED
        and chapter.owner_id != request.user.pk,
        "errors": errors,
        "action": annual.chapter_action(chapter),
    }
    return render(request, "partnership/chapter.html", context, status=400 if errors else 200)
