"""Every change to partnership business goes through here, one step per transaction.

The rules that matter: a published agenda is frozen with its pack; approved
minutes are locked and a correction is a new version with its reason; actions
go into the one tracker (``continuum.actions``), set from the agenda item.
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from continuum.actions import services as actions
from continuum.actions.models import Action
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.partnership import uploads
from continuum.partnership.models import (
    Agency,
    AgendaItem,
    Attendance,
    Body,
    Booking,
    Course,
    ItemMinute,
    Meeting,
    Member,
    Paper,
    TermsOfReference,
)
from continuum.publishing.models import ReportVersion


class PartnershipRuleError(ValidationError):
    """A partnership rule refused the change; nothing was written; the message says which, in words."""

    def __init__(self, message: str, rule: str = "partnership") -> None:
        super().__init__(message, code=rule)


def _unpublished(meeting: Meeting) -> None:
    """Refuse a change to a published agenda (asked of the database, not a possibly stale object)."""
    if Meeting.objects.filter(pk=meeting.pk, published_at__isnull=False).exists():
        raise PartnershipRuleError("The pack is published: the agenda and its papers are frozen")


@transaction.atomic
def add_item(
    meeting: Meeting,
    *,
    title: str,
    minutes_allowed: int = 10,
    presenter: str = "",
    purpose: str = "discussion",
    exempt: bool = False,
    exemption_category: str = "",
) -> AgendaItem:
    """Add the next numbered item to an unpublished agenda."""
    _unpublished(meeting)
    if not title.strip():
        raise PartnershipRuleError("Enter the item's title")
    if exempt and not exemption_category:
        raise PartnershipRuleError("Choose the exemption category for an exempt item")
    number = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
    return AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=title.strip(),
        minutes_allowed=minutes_allowed,
        presenter=presenter.strip(),
        purpose=purpose,
        exempt=exempt,
        exemption_category=exemption_category if exempt else "",
    )


@transaction.atomic
def attach_file(item: AgendaItem, *, title: str, filename: str, content: bytes, by: User) -> Paper:
    """Attach an uploaded PDF, DOCX or XLSX, checked for type and size (:mod:`uploads`)."""
    _unpublished(item.meeting)
    try:
        kind = uploads.check(filename, content)
    except uploads.PaperRejected as exc:
        raise PartnershipRuleError(str(exc), "paper") from exc
    return Paper.objects.create(
        item=item, title=title.strip() or filename, filename=filename, kind=kind, content=content, added_by=by
    )


@transaction.atomic
def attach_report(item: AgendaItem, *, report: ReportVersion, by: User, title: str = "") -> Paper:
    """Attach a Continuum report at the version chosen: a published version with a PDF, since a board
    paper is read by partners who may not see drafts."""
    _unpublished(item.meeting)
    if report.status != report.Status.READY or "pdf" not in (report.files or {}) or not report.published:
        raise PartnershipRuleError("Choose a published report version that has a PDF", "paper")
    return Paper.objects.create(
        item=item, title=title.strip() or f"{report}", kind="pdf", report=report, added_by=by
    )


@transaction.atomic
def record_attendance(meeting: Meeting, member: Member, *, status: str, declaration: str = "") -> Attendance:
    """Present, apologies or absent, with any declaration of interest; locked once minutes are approved."""
    if meeting.minutes_locked:
        raise PartnershipRuleError("The minutes are approved: attendance is locked")
    if member.body_id != meeting.body_id:
        raise PartnershipRuleError("That person does not sit on this body")
    row, _ = Attendance.objects.update_or_create(
        meeting=meeting, member=member, defaults={"status": status, "declaration": declaration.strip()}
    )
    return row


@transaction.atomic
def write_minute(
    item: AgendaItem, *, text: str, decision: str = "", by: User, reason: str = ""
) -> ItemMinute:
    """A new version of an item's minutes. After approval only as a correction, with its reason."""
    if not text.strip():
        raise PartnershipRuleError("Enter the minutes of the item")
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if meeting.minutes_locked and not reason.strip():
        raise PartnershipRuleError("The minutes are approved: give the reason for the correction")
    version = (item.minute_versions.aggregate(n=Max("version"))["n"] or 0) + 1
    return ItemMinute.objects.create(
        item=item,
        version=version,
        text=text.strip(),
        decision=decision.strip(),
        by=by,
        reason=reason.strip() if meeting.minutes_locked else "",
    )


def item_label(item: AgendaItem) -> str:
    return f"{item.meeting.body} meeting {day_words(item.meeting.starts_at)}, item {item.number}"


def set_action(item: AgendaItem, *, what: str, owner: User, due: date, by: User) -> Action:
    """An action from an item, in the one tracker; it stays on the body's action log until closed."""
    return actions.create_action(source=item, label=item_label(item), what=what, owner=owner, due=due, by=by)


@transaction.atomic
def approve_minutes(minuted: Meeting, *, at: Meeting, by: User) -> Meeting:
    """The meeting ``at`` approves the minutes of an earlier meeting of its body; they are then locked."""
    minuted = Meeting.objects.select_for_update().get(pk=minuted.pk)
    if minuted.minutes_locked:
        raise PartnershipRuleError("These minutes are already approved")
    if at.body_id != minuted.body_id or at.starts_at <= minuted.starts_at:
        raise PartnershipRuleError("Minutes are approved at a later meeting of the same body")
    minuted.minutes_approved_at = at
    minuted.minutes_approved_by = by
    minuted.save(update_fields=["minutes_approved_at", "minutes_approved_by"])
    return minuted


@transaction.atomic
def publish(meeting: Meeting, *, by: User, published_at: datetime | None = None) -> Meeting:
    """Make the public and members' packs and freeze them; the agenda cannot change after this.

    ``published_at`` is when the pack went out, on the borough's clock (now unless given). It is what
    the pack page says ("as published on"), so a pack sent a week before its meeting never reads as
    published after it. Giving it is for a pack recorded after the fact (the demo's past meetings,
    or a pack sent before the partnership used Continuum); it cannot be in the future."""
    from continuum.partnership import pack

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _unpublished(meeting)
    if not meeting.items.exists():
        raise PartnershipRuleError("Add at least one agenda item before publishing the pack")
    now = clock.now()
    if published_at is not None and published_at > now:
        raise PartnershipRuleError("The date the pack was published cannot be in the future")
    pack.freeze(meeting)
    meeting.published_at = published_at or now
    meeting.published_by = by
    meeting.save(update_fields=["published_at", "published_by"])
    return meeting


# --- Membership and terms of reference -------------------------------------------------------


def _seat_text(name: str, organisation: str) -> tuple[str, str]:
    name, organisation = name.strip(), organisation.strip()
    if not name:
        raise PartnershipRuleError("Enter the member's name", "member")
    if not organisation:
        raise PartnershipRuleError("Enter the member's organisation", "member")
    return name, organisation


def _only_chair(body: Body, member: Member | None) -> None:
    """A body has one chair: making someone chair ends the chair's role of whoever held it."""
    others = body.members.filter(is_chair=True, left_on__isnull=True)
    if member is not None:
        others = others.exclude(pk=member.pk)
    others.update(is_chair=False)


@transaction.atomic
def add_member(
    body: Body,
    *,
    name: str,
    organisation: str,
    role: str = "",
    voting: bool = True,
    is_chair: bool = False,
    joined_on: date,
    user: User | None = None,
) -> Member:
    """A new seat on a body. A sign-in may hold one current seat per body (it is how a partner member
    reads the body's papers); the chair must be a voting member."""
    name, organisation = _seat_text(name, organisation)
    if joined_on > clock.today():
        raise PartnershipRuleError("The date they joined must be today or in the past", "member")
    if is_chair and not voting:
        raise PartnershipRuleError("The chair must be a voting member", "member")
    if user is not None and body.members.filter(user=user, left_on__isnull=True).exists():
        raise PartnershipRuleError("That sign-in already has a seat on this body", "member")
    if is_chair:
        _only_chair(body, None)
    return Member.objects.create(
        body=body,
        name=name,
        organisation=organisation,
        role=role.strip(),
        voting=voting,
        is_chair=is_chair,
        joined_on=joined_on,
        user=user,
    )


@transaction.atomic
def change_member(member: Member, *, role: str, voting: bool, is_chair: bool) -> Member:
    """Change a current seat's role, vote or chair (a member who has left is history, not edited)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise PartnershipRuleError("This member has left the body; add them again to give them a seat")
    if is_chair and not voting:
        raise PartnershipRuleError("The chair must be a voting member", "member")
    if is_chair:
        _only_chair(member.body, member)
    member.role, member.voting, member.is_chair = role.strip(), voting, is_chair
    member.save(update_fields=["role", "voting", "is_chair"])
    return member


@transaction.atomic
def end_member(member: Member, *, left_on: date) -> Member:
    """The member leaves on ``left_on``: the seat is kept (attendance history reads it), no longer current."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise PartnershipRuleError("This member has already left the body")
    if left_on < member.joined_on:
        raise PartnershipRuleError("The date they left cannot be before the date they joined", "left_on")
    if left_on > clock.today():
        raise PartnershipRuleError("The date they left must be today or in the past", "left_on")
    member.left_on, member.is_chair = left_on, False
    member.save(update_fields=["left_on", "is_chair"])
    return member


@transaction.atomic
def adopt_terms(body: Body, *, text: str, adopted_on: date) -> TermsOfReference:
    """A new version of the terms of reference; every earlier version is kept as it was adopted."""
    text = text.strip()
    if not text:
        raise PartnershipRuleError("Enter the terms of reference", "terms")
    Body.objects.select_for_update().get(pk=body.pk)
    latest = body.terms.order_by("-version").first()
    if latest is not None and latest.text == text:
        raise PartnershipRuleError("These terms are the same as the version in force", "terms")
    if latest is not None and adopted_on < latest.adopted_on:
        raise PartnershipRuleError(
            f"The date adopted cannot be before version {latest.version} ({day_words(latest.adopted_on)})",
            "adopted_on",
        )
    if adopted_on > clock.today():
        raise PartnershipRuleError("The date adopted must be today or in the past", "adopted_on")
    return TermsOfReference.objects.create(
        body=body, version=(latest.version + 1) if latest else 1, text=text, adopted_on=adopted_on
    )


@transaction.atomic
def schedule_meeting(body: Body, *, starts_at: datetime, place: str) -> Meeting:
    """Put a meeting of the body in the diary; its agenda is then built on the meeting's page."""
    place = place.strip()
    if not place:
        raise PartnershipRuleError("Enter the place or the link for the meeting", "meeting")
    if body.meetings.filter(starts_at=starts_at).exists():
        raise PartnershipRuleError("The body already meets at that time", "meeting")
    return Meeting.objects.create(body=body, starts_at=starts_at, place=place)


# --- Training ----------------------------------------------------------------------------------


@transaction.atomic
def add_course(
    *,
    title: str,
    held_on: date,
    trainer: str = "",
    capacity: int = 20,
    multi_agency: bool = True,
    online: bool = False,
) -> Course:
    """A course the partnership runs (or its online introduction, counted apart in the table)."""
    title = title.strip()
    if not title:
        raise PartnershipRuleError("Enter the course's title", "course")
    if not 1 <= capacity <= 500:
        raise PartnershipRuleError("Enter the number of places, from 1 to 500", "course")
    return Course.objects.create(
        title=title,
        held_on=held_on,
        trainer=trainer.strip(),
        capacity=capacity,
        multi_agency=multi_agency,
        online=online,
    )


@transaction.atomic
def book(course: Course, *, name: str, organisation: str, agency: str) -> Booking:
    """Book a delegate on a course, within its places; the agency is the training table's group."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    name = name.strip()
    if not name:
        raise PartnershipRuleError("Enter the delegate's name", "booking")
    if agency not in Agency.values:
        raise PartnershipRuleError("Choose the delegate's agency", "booking")
    if course.bookings.count() >= course.capacity:
        raise PartnershipRuleError(f"The course is full ({course.capacity} places)", "booking")
    return Booking.objects.create(course=course, name=name, organisation=organisation.strip(), agency=agency)


@transaction.atomic
def mark_booking(booking: Booking, *, attended: bool, evaluation: int | None) -> Booking:
    """After the course: whether the delegate came and their evaluation (1 poor to 5 excellent)."""
    if booking.course.held_on > clock.today():
        raise PartnershipRuleError("Attendance is recorded once the course has been held", "booking")
    if evaluation is not None and not attended:
        raise PartnershipRuleError("Only a delegate who attended evaluates the course", "booking")
    if evaluation is not None and not 1 <= evaluation <= 5:
        raise PartnershipRuleError("Choose an evaluation from 1 to 5", "booking")
    booking.attended, booking.evaluation = attended, evaluation
    booking.save(update_fields=["attended", "evaluation"])
    return booking


@transaction.atomic
def quality_assure(course: Course) -> Course:
    """Record that the course was evaluated, observed or audited (the table's last row)."""
    if course.held_on > clock.today():
        raise PartnershipRuleError("A course is quality assured once it has been held", "course")
    course.quality_assured = True
    course.save(update_fields=["quality_assured"])
    return course
