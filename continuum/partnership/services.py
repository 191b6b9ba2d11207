"""Every change to partnership business goes through here, one step per transaction.

The rules that matter: a published agenda is frozen with its pack; approved
minutes are locked and a correction is a new version with its reason; actions
go into the one tracker (``continuum.actions``), set from the agenda item.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from continuum.actions import services as actions
from continuum.actions.models import Action
from continuum.partnership import uploads
from continuum.partnership.models import AgendaItem, Attendance, ItemMinute, Meeting, Member, Paper
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
    return f"{item.meeting.body} meeting {item.meeting.starts_at:%d/%m/%Y}, item {item.number}"


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
def publish(meeting: Meeting, *, by: User) -> Meeting:
    """Make the public and members' packs and freeze them; the agenda cannot change after this."""
    from continuum.partnership import pack

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _unpublished(meeting)
    if not meeting.items.exists():
        raise PartnershipRuleError("Add at least one agenda item before publishing the pack")
    pack.freeze(meeting)
    meeting.published_at = timezone.now()
    meeting.published_by = by
    meeting.save(update_fields=["published_at", "published_by"])
    return meeting
