"""Partnership pages: bodies, a meeting's agenda with its papers, the published pack, minutes with
attendance and actions, the action log and the attendance matrix.

Every page asks the policy (``partnership.*`` in continuum/partnership/rules.py) for the area, then
for the body itself: partner members see their own bodies' public papers; exempt items' papers and
the members' pack need a seat on the body; only the body's business manager changes anything.
Nothing here names or links to a child, so nothing is logged as record access. A rule the services
refuse is shown as the error summary, never a traceback.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from continuum.core import clock
from continuum.core.policy import may
from continuum.partnership import selectors, services, training
from continuum.partnership.models import (
    EXEMPTION_CATEGORIES,
    Agency,
    Attendance,
    Body,
    Course,
    Meeting,
    MeetingPack,
    Paper,
    Purpose,
)
from continuum.partnership.rules import readable_bodies
from continuum.publishing.models import ReportVersion
from continuum.web.access import requires
from continuum.web.actions.forms import DueDateField
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm, error_list
from continuum.web.partnership.confirm import AGENDA, COURSE, MINUTES, confirm


def _check(request: HttpRequest, action: str, obj: Any) -> None:
    if not may(request.user, action, obj):
        raise PermissionDenied(action)


def _visible_bodies(user: Any) -> list[Body]:
    return readable_bodies(user, Body.objects.select_related("parent"))


@requires("partnership.view")
def index(request: HttpRequest) -> HttpResponse:
    bodies = _visible_bodies(request.user)
    today = clock.today()
    upcoming = (
        Meeting.objects.filter(body__in=bodies, starts_at__date__gte=today)
        .select_related("body")
        .order_by("starts_at")[:10]
    )
    return render(request, "partnership/index.html", {"bodies": bodies, "upcoming": upcoming})


class MeetingDayForm(GovukForm):
    """The day of a meeting being scheduled, as GOV.UK day, month and year boxes (``day-day`` and so
    on). Any day: a body may put a past meeting in the diary to record its minutes."""

    day = GovukDateField(label="Date", words="The date of the meeting", past_only=False)


def _schedule(request: HttpRequest, body: Body, day_form: MeetingDayForm, errors: _Errors) -> Meeting | None:
    """The business manager's "Schedule a meeting" form: a day, a time and a place or link."""
    if not day_form.is_valid():
        errors.extend(error_list(day_form))
        return None
    try:
        at = time.fromisoformat(request.POST.get("time", "").strip())
    except ValueError:
        errors.add("id_time", "Enter the time the meeting starts, for example 14:00")
        return None
    starts_at = timezone.make_aware(datetime.combine(day_form.cleaned_data["day"], at))
    return _run(
        errors,
        "id_place",
        services.schedule_meeting,
        body,
        starts_at=starts_at,
        place=request.POST.get("place", ""),
    )


@requires("partnership.view")
def body_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A body: its quorum, parent, terms in force, members, sub-groups and meetings; the business manager
    schedules meetings here."""
    body = get_object_or_404(Body, pk=pk)
    _check(request, "partnership.view", body)
    manages = may(request.user, "partnership.manage", body)
    errors = _Errors()
    day_form = MeetingDayForm()
    if request.method == "POST":
        _check(request, "partnership.manage", body)
        day_form = MeetingDayForm(request.POST)
        made = _schedule(request, body, day_form, errors)
        if made is not None:
            confirm(request, {}, "Meeting scheduled.")
            return redirect(reverse("partnership-meeting", args=[made.pk]))
    context = {
        "errors": errors,
        "posted": request.POST if errors else {},
        "day_form": day_form,
        "body": body,
        "members": body.members.filter(left_on__isnull=True),
        "meetings": body.meetings.order_by("-starts_at"),
        "terms": body.terms.order_by("-version").first(),
        "sub_groups": body.children.all(),
        "manages": manages,
    }
    return render(request, "partnership/body.html", context, status=400 if errors else 200)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _check(request, "partnership.view", meeting)
    return meeting


class _Errors(list):
    def add(self, anchor: str, message: str) -> None:
        self.append((anchor, message))


def _run(errors: _Errors, anchor: str, step: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return step(*args, **kwargs)
    except ValidationError as exc:
        errors.add(anchor, exc.messages[0])
        return None


def _agenda_post(request: HttpRequest, meeting: Meeting, errors: _Errors) -> bool:
    what = request.POST.get("do")
    if what == "item":
        try:
            minutes_allowed = int(request.POST.get("minutes_allowed") or 10)
        except ValueError:
            errors.add("id_minutes_allowed", "Enter the time allowed as a whole number of minutes")
            return False
        return bool(
            _run(
                errors,
                "id_title",
                services.add_item,
                meeting,
                title=request.POST.get("title", ""),
                minutes_allowed=minutes_allowed,
                presenter=request.POST.get("presenter", ""),
                purpose=request.POST.get("purpose") or Purpose.DISCUSSION,
                exempt=request.POST.get("exempt") == "yes",
                exemption_category=request.POST.get("exemption_category", ""),
            )
        )
    item = meeting.items.filter(pk=request.POST.get("item") or 0).first()
    if what in ("file", "report") and item is None:
        errors.add("id_item", "Choose the agenda item the paper is for")
        return False
    if what == "file":
        upload = request.FILES.get("file")
        if upload is None:
            errors.add("id_file", "Choose the paper's file")
            return False
        content = upload.read(services.uploads.max_bytes() + 1)
        return bool(
            _run(
                errors,
                "id_file",
                services.attach_file,
                item,
                title=request.POST.get("paper_title", ""),
                filename=upload.name,
                content=content,
                by=request.user,
            )
        )
    if what == "report":
        report = ReportVersion.objects.filter(pk=request.POST.get("report") or 0).first()
        if report is None or not may(request.user, "reports.read", report):
            errors.add("id_report", "Choose a report version")
            return False
        return bool(_run(errors, "id_report", services.attach_report, item, report=report, by=request.user))
    if what == "publish":
        return bool(_run(errors, "publish", services.publish, meeting, by=request.user))
    return False


@requires("partnership.view")
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda: numbered, timed items with their papers; the business manager builds it here."""
    meeting = _meeting(request, pk)
    manages = may(request.user, "partnership.manage", meeting)
    errors = _Errors()
    if request.method == "POST":
        _check(request, "partnership.manage", meeting)
        if _agenda_post(request, meeting, errors):
            confirm(request, AGENDA)
            return redirect(reverse("partnership-meeting", args=[meeting.pk]))
    items = list(meeting.items.prefetch_related("papers", "papers__report"))
    context = {
        "meeting": meeting,
        "items": items,
        "member": may(request.user, "partnership.exempt", meeting),
        "manages": manages and not meeting.published,
        "errors": errors,
        "scanner_warning": services.uploads.scanner_warning(),
        "purposes": Purpose.choices,
        "categories": EXEMPTION_CATEGORIES,
        "reports": ReportVersion.objects.filter(
            status=ReportVersion.Status.READY, published_at__isnull=False
        ).order_by("-requested_at")[:20],
        "forward": meeting.body.meetings.filter(starts_at__gt=meeting.starts_at).prefetch_related("items")[
            :3
        ],
        **_figures(request, meeting, items),
    }
    return render(request, "partnership/meeting.html", context, status=400 if errors else 200)


@requires("partnership.view")
def paper_file(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_object_or_404(Paper.objects.select_related("item__meeting__body", "report"), pk=pk)
    _check(request, "partnership.view", paper)
    if paper.item.exempt:
        _check(request, "partnership.exempt", paper)
    if paper.report is not None:
        return redirect(reverse("reports-version", args=[paper.report.token]))
    types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(bytes(paper.content or b""), content_type=types[paper.kind])
    response["Content-Disposition"] = f'attachment; filename="paper-{paper.pk}.{paper.kind}"'
    return response


def _packs(request: HttpRequest, meeting: Meeting) -> list[MeetingPack]:
    packs = list(meeting.packs.defer("pdf"))
    if not may(request.user, "partnership.exempt", meeting):
        packs = [p for p in packs if p.audience == MeetingPack.Audience.PUBLIC]
    return packs


def _figures(request: HttpRequest, meeting: Meeting, items: list[Any]) -> dict[str, Any]:
    """The Performance Matters report for the meeting's figures item (``selectors.quarter_figures``),
    and whether this reader may open it: the link only for ``reports.read``."""
    figures = selectors.quarter_figures(meeting, items)
    reads = bool(figures and figures.report and may(request.user, "reports.read", figures.report))
    return {"figures": figures, "reads_figures": reads}


@requires("partnership.view")
def pack_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The published packs (the members' pack to the body's members), dated by the pack's publication,
    and the Performance Matters report the figures item is read with."""
    meeting = _meeting(request, pk)
    items = list(meeting.items.prefetch_related("papers", "papers__report"))
    context = {"meeting": meeting, "packs": _packs(request, meeting), **_figures(request, meeting, items)}
    return render(request, "partnership/pack_page.html", context)


@requires("partnership.view")
def pack_pdf(request: HttpRequest, pk: int, audience: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    pack = next((p for p in _packs(request, meeting) if p.audience == audience), None)
    if pack is None:
        raise PermissionDenied("partnership.exempt")
    response = HttpResponse(bytes(MeetingPack.objects.get(pk=pack.pk).pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}-{audience}-pack.pdf"'
    return response


def _owners(meeting: Meeting) -> list[User]:
    users = {m.user for m in meeting.body.members.filter(user__isnull=False).select_related("user") if m.user}
    if meeting.body.secretary is not None:
        users.add(meeting.body.secretary)
    return sorted(users, key=lambda u: u.get_full_name() or u.username)


class ItemActionDueForm(GovukForm):
    """When an action set from an agenda item is due: GOV.UK day, month and year boxes, today or later.
    Why the shared :class:`DueDateField`: the same rule and words as every other action form (a date
    already past made the action overdue the moment it was set). One form per item, so each item's boxes
    have their own ids (``item-<pk>-due-day``) while sending the same names."""

    due = DueDateField(label="Due date", required=False)

    def __init__(self, *args: Any, item_pk: int, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=f"item-{item_pk}-%s", **kwargs)

    def clean_due(self) -> date:
        """Required here rather than on the field, so the words are "Enter the due date"."""
        if self.cleaned_data.get("due") is None:
            raise ValidationError("Enter the due date")
        return self.cleaned_data["due"]


def _minutes_post(
    request: HttpRequest, meeting: Meeting, errors: _Errors, due_forms: dict[int, ItemActionDueForm]
) -> bool:
    what = request.POST.get("do")
    if what == "attendance":
        for member in meeting.body.members.filter(left_on__isnull=True):
            status = request.POST.get(f"status-{member.pk}")
            if status in Attendance.Status.values:
                _run(
                    errors,
                    f"status-{member.pk}",
                    services.record_attendance,
                    meeting,
                    member,
                    status=status,
                    declaration=request.POST.get(f"declaration-{member.pk}", ""),
                )
        return not errors
    item = meeting.items.filter(pk=request.POST.get("item") or 0).first()
    if item is None:
        errors.add("id_item", "Choose the agenda item")
        return False
    if what == "minute":
        return bool(
            _run(
                errors,
                f"text-{item.pk}",
                services.write_minute,
                item,
                text=request.POST.get("text", ""),
                decision=request.POST.get("decision", ""),
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
        )
    if what == "action":
        owner = next((u for u in _owners(meeting) if str(u.pk) == request.POST.get("owner")), None)
        if owner is None:
            errors.add(f"owner-{item.pk}", "Choose who owns the action")
        due_form = due_forms[item.pk] = ItemActionDueForm(request.POST, item_pk=item.pk)
        if not due_form.is_valid():
            errors.extend(error_list(due_form))
            return False
        if owner is None:
            return False
        return bool(
            _run(
                errors,
                f"what-{item.pk}",
                services.set_action,
                item,
                what=request.POST.get("what", ""),
                owner=owner,
                due=due_form.cleaned_data["due"],
                by=request.user,
            )
        )
    return False


@requires("partnership.view")
def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance, minutes and decisions per item, actions; approving the last meeting's minutes."""
    meeting = _meeting(request, pk)
    manages = may(request.user, "partnership.manage", meeting)
    member = may(request.user, "partnership.exempt", meeting)
    errors = _Errors()
    due_forms: dict[int, ItemActionDueForm] = {}
    previous = selectors.previous_meeting(meeting)
    if request.method == "POST":
        _check(request, "partnership.manage", meeting)
        if request.POST.get("do") == "approve" and previous is not None:
            done = _run(errors, "approve", services.approve_minutes, previous, at=meeting, by=request.user)
        else:
            done = _minutes_post(request, meeting, errors, due_forms)
        if done:
            confirm(request, MINUTES)
            return redirect(reverse("partnership-minutes", args=[meeting.pk]))
    attendance = {a.member_id: a for a in meeting.attendance.all()}
    seats = [(m, attendance.get(m.pk)) for m in meeting.body.members.filter(left_on__isnull=True)]
    items = selectors.minuted_items(meeting, sees_exempt=member)
    context = {
        "meeting": meeting,
        "previous": previous,
        "seats": seats,
        # Each item with its action's due-date boxes: as sent when refused, else empty.
        "items": [
            (row, due_forms.get(row.item.pk) or ItemActionDueForm(item_pk=row.item.pk)) for row in items
        ],
        "manages": manages,
        "errors": errors,
        "statuses": Attendance.Status.choices,
        "owners": _owners(meeting) if manages else [],
        "log": selectors.action_log(meeting),
    }
    return render(request, "partnership/minutes.html", context, status=400 if errors else 200)


@requires("partnership.view")
def action_log_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every action the body has set, open first, with the meeting it came from."""
    body = get_object_or_404(Body, pk=pk)
    _check(request, "partnership.view", body)
    rows = sorted(selectors.actions_of_body(body), key=lambda a: (a.status != "open", a.due_date, a.pk))
    today = clock.today()
    return render(request, "partnership/action_log.html", {"body": body, "rows": rows, "today": today})


@requires("partnership.view")
def attendance_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance matrix by meeting and organisation, each organisation's rate per year, and (to
    the business manager and the chair) members absent from the last three meetings."""
    body = get_object_or_404(Body, pk=pk)
    _check(request, "partnership.view", body)
    meetings, rows = selectors.matrix(body)
    chair = body.chair
    sees_flags = may(request.user, "partnership.manage", body) or (
        chair is not None and chair.user_id == request.user.pk
    )
    context = {
        "body": body,
        "meetings": meetings,
        "rows": rows,
        "rates": selectors.attendance_rates(body),
        "flagged": selectors.absent_three_in_a_row(body) if sees_flags else None,
    }
    return render(request, "partnership/attendance.html", context)


class CourseDayForm(GovukForm):
    """The day a course is held, as GOV.UK day, month and year boxes (``held_on-day`` and so on). Any
    day: courses are added ahead for booking, and past ones to count them in the year's table."""

    held_on = GovukDateField(label="Date", words="The date of the course", past_only=False)


def _add_course(request: HttpRequest, day_form: CourseDayForm, errors: _Errors) -> Course | None:
    post = request.POST
    if not day_form.is_valid():
        errors.extend(error_list(day_form))
        return None
    raw = post.get("capacity", "").strip() or "20"
    if not raw.isdigit():
        errors.add("id_capacity", "Enter the number of places as a whole number")
        return None
    return _run(
        errors,
        "id_course_title",
        services.add_course,
        title=post.get("title", ""),
        held_on=day_form.cleaned_data["held_on"],
        trainer=post.get("trainer", ""),
        capacity=int(raw),
        multi_agency=post.get("kind") != "single",
        online=post.get("kind") == "online",
    )


@requires("partnership.view")
def training_page(request: HttpRequest) -> HttpResponse:
    """The partnership's training: the table by agency and quarter (seed 000's layout) for the
    financial year chosen (``?year=2025`` for 2025/26; this year by default), and the year's courses;
    a business manager adds courses here."""
    manages = may(request.user, "partnership.manage", None)
    errors = _Errors()
    day_form = CourseDayForm()
    if request.method == "POST":
        _check(request, "partnership.manage", None)
        day_form = CourseDayForm(request.POST)
        course = _add_course(request, day_form, errors)
        if course is not None:
            confirm(request, {}, "Course added.")
            return redirect(reverse("partnership-course", args=[course.pk]))
    today = clock.today()
    this_year = today.year if today.month >= 4 else today.year - 1
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year + 1 else this_year
    rows = training.table(year, today)
    cols = training.columns(year)
    courses = (
        Course.objects.filter(held_on__gte=cols[1].starts, held_on__lte=cols[1].ends)
        .annotate(booked=Count("bookings"), came=Count("bookings", filter=Q(bookings__attended=True)))
        .order_by("-held_on")
    )
    context = {
        "year": year,
        "header": rows[0],
        "rows": rows[1:],
        "not_started": training.not_started(year, today),
        "courses": courses,
        "manages": manages,
        "errors": errors,
        "posted": request.POST if errors else {},
        "day_form": day_form,
    }
    return render(request, "partnership/training.html", context, status=400 if errors else 200)


def _course_post(request: HttpRequest, course: Course, errors: _Errors) -> bool:
    post = request.POST
    what = post.get("do")
    if what == "book":
        return bool(
            _run(
                errors,
                "id_name",
                services.book,
                course,
                name=post.get("name", ""),
                organisation=post.get("organisation", ""),
                agency=post.get("agency", ""),
            )
        )
    if what == "qa":
        return bool(_run(errors, "qa", services.quality_assure, course))
    if what == "attendance":
        for booking in course.bookings.all():
            raw = post.get(f"evaluation-{booking.pk}", "")
            _run(
                errors,
                f"attended-{booking.pk}",
                services.mark_booking,
                booking,
                attended=post.get(f"attended-{booking.pk}") == "yes",
                evaluation=int(raw) if raw.isdigit() else None,
            )
        return not errors
    return False


@requires("partnership.view")
def course_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A course: its bookings with attendance and evaluation by person and organisation; a business
    manager books delegates, records who came and marks the course quality assured."""
    course = get_object_or_404(Course, pk=pk)
    manages = may(request.user, "partnership.manage", None)
    errors = _Errors()
    if request.method == "POST":
        _check(request, "partnership.manage", None)
        if _course_post(request, course, errors):
            confirm(request, COURSE)
            return redirect(reverse("partnership-course", args=[course.pk]))
    bookings = list(course.bookings.all())
    scores = [b.evaluation for b in bookings if b.evaluation]
    context = {
        "course": course,
        "bookings": bookings,
        "attended": sum(b.attended for b in bookings),
        "average": f"{sum(scores) / len(scores):.1f}" if scores else "",
        "agencies": Agency.choices,
        "by_agency": [
            (
                label,
                sum(b.agency == value for b in bookings),
                sum(b.agency == value and b.attended for b in bookings),
            )
            for value, label in Agency.choices
            if any(b.agency == value for b in bookings)
        ],
        "manages": manages,
        "held": course.held_on <= clock.today(),
        "errors": errors,
        "posted": request.POST if errors else {},
    }
    return render(request, "partnership/course.html", context, status=400 if errors else 200)
