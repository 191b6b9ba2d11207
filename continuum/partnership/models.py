"""Partnership bodies, their meetings and what a meeting produces.

A body (the board, a sub-group, a task-and-finish group) has members from
partner organisations; a meeting has an agenda of numbered, timed items, each
with papers; after the meeting come attendance, minutes per item and actions.
Actions are the one tracker's (``continuum.actions``), set from an agenda item,
so the action log of a body is a query, not a second list.

Minutes are versions: every save is a new :class:`ItemMinute` row, so once the
next meeting approves them (``Meeting.minutes_approved_at``) they are locked
and a correction is a later version with its reason, never an overwrite.
A published pack is frozen bytes (:class:`MeetingPack`): what members read is
what was sent, whatever happens to the papers afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from continuum.actions.models import AppendOnly
from continuum.core.dates import day_words


class Body(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        SUB_GROUP = "sub-group", "Sub-group"
        TASK_GROUP = "task-group", "Task-and-finish group"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    quorum = models.PositiveSmallIntegerField(default=3, help_text="Voting members needed to decide.")
    reports_to_parent = models.CharField(
        max_length=200, blank=True, help_text='How often it reports to its parent ("quarterly").'
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The business manager who builds agendas, publishes packs and records minutes.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def chair(self) -> Member | None:
        return self.members.filter(is_chair=True, left_on__isnull=True).first()


class TermsOfReference(AppendOnly):
    """One version of a body's terms of reference; the latest is in force."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="terms")
    version = models.PositiveSmallIntegerField()
    text = models.TextField()
    adopted_on = models.DateField()

    class Meta:
        ordering = ["body", "version"]
        constraints = [models.UniqueConstraint(fields=["body", "version"], name="one_terms_version")]

    def __str__(self) -> str:
        return f"Terms of reference {self.version}"


class Member(models.Model):
    """A seat on a body: who, from which organisation, in what role, voting or in attendance."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership_seats",
        help_text="Their sign-in, if they read papers in the app.",
    )
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    voting = models.BooleanField(default=True, help_text="Voting member, or in attendance.")
    is_chair = models.BooleanField(default=False)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "-is_chair", "-voting", "organisation", "name"]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300, help_text="Room, address or link.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes_approved_at = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_minutes_of",
        help_text="The meeting that approved these minutes; approved minutes are locked.",
    )
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["body", "starts_at"]

    def __str__(self) -> str:
        return f"{self.body} on {day_words(self.starts_at, long=True)}"

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_approved_at_id is not None


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"


#: Local Government Act 1972, Schedule 12A, Part 1: why an item may be taken in private.
EXEMPTION_CATEGORIES = [
    ("1", "1: information relating to any individual"),
    ("2", "2: information likely to reveal the identity of an individual"),
    ("3", "3: financial or business affairs of any particular person"),
    ("4", "4: consultations or negotiations on labour relations"),
    ("5", "5: legal professional privilege"),
    ("6", "6: notices, orders or directions under an enactment"),
    ("7", "7: prevention, investigation or prosecution of crime"),
]


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    minutes_allowed = models.PositiveSmallIntegerField(default=10, help_text="Time on the agenda.")
    presenter = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DISCUSSION)
    exempt = models.BooleanField(default=False)
    exemption_category = models.CharField(max_length=2, choices=EXEMPTION_CATEGORIES, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_item_number"),
            models.CheckConstraint(
                condition=models.Q(exempt=False, exemption_category="")
                | (models.Q(exempt=True) & ~models.Q(exemption_category="")),
                name="exempt_item_has_category",
            ),
        ]

    def __str__(self) -> str:
        return f"Item {self.number}: {self.title}"


class Paper(models.Model):
    """A paper for an item: an uploaded file, or a Continuum report at the version chosen."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=4, blank=True, help_text='"pdf", "docx" or "xlsx" for an upload.')
    content = models.BinaryField(null=True, blank=True)
    report = models.ForeignKey(
        "publishing.ReportVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=True, content__isnull=False)
                | models.Q(report__isnull=False, content__isnull=True),
                name="paper_is_file_or_report",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices)
    declaration = models.TextField(blank=True, help_text="Declaration of interest, if any.")

    class Meta:
        ordering = ["meeting", "member"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance")]

    def __str__(self) -> str:
        return f"{self.member} {self.status}"


class ItemMinute(AppendOnly):
    """One version of an item's minutes and decision; the latest stands."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="minute_versions")
    version = models.PositiveSmallIntegerField()
    text = models.TextField()
    decision = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="Why a correction was made after approval.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="one_minute_version")]

    def __str__(self) -> str:
        return f"Minutes of item {self.item_id}, version {self.version}"


class MeetingPack(models.Model):
    """The pack as published, frozen: the public pack (no exempt papers) and the members' pack."""

    class Audience(models.TextChoices):
        PUBLIC = "public", "Public pack"
        MEMBERS = "members", "Members' pack (with exempt items)"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    audience = models.CharField(max_length=8, choices=Audience.choices)
    pdf = models.BinaryField()
    pages = models.PositiveIntegerField()
    contents = models.JSONField(default=list, help_text="The table of contents: [title, first page].")
    #: When the bytes were made (the real clock, for the record); the date a page gives as the pack's
    #: publication is the meeting's ``published_at``, which a pack recorded after the fact can set.
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "audience"], name="one_pack_per_audience")]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} for meeting {self.meeting_id}"


class Agency(models.TextChoices):
    """The agency groups of the training table (seed 000), in its order."""

    LOCAL_AUTHORITY = "la", "Local Authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    MENTAL_HEALTH = "mental-health", "Mental Health"
    VOLUNTARY = "voluntary", "Voluntary"
    PRIVATE = "private", "Private"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    SERVICE_USERS = "service-users", "Service Users"
    OTHER = "other", "Other"


class Course(models.Model):
    """A safeguarding training course run by the partnership (or its online introduction)."""

    title = models.CharField(max_length=200)
    held_on = models.DateField()
    trainer = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(default=20)
    multi_agency = models.BooleanField(default=True)
    online = models.BooleanField(default=False, help_text="The online introduction, counted apart.")
    quality_assured = models.BooleanField(default=False, help_text="Evaluated, observed or audited.")

    class Meta:
        ordering = ["held_on", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({day_words(self.held_on)})"


class Booking(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    agency = models.CharField(max_length=16, choices=Agency.choices)
    attended = models.BooleanField(default=False)
    evaluation = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 (poor) to 5 (excellent)."
    )

    class Meta:
        ordering = ["course", "name"]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """A partner's contribution to the partnership's budget for a financial year, in whole pounds.

    ``year`` is the April the financial year starts (2016 is 2016/17); the seeds' budget annexes list
    contributions by organisation in the partnership's own order, kept here as the order recorded.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="contributions")
    year = models.PositiveSmallIntegerField()
    organisation = models.CharField(max_length=200)
    amount = models.PositiveIntegerField(help_text="Whole pounds.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body", "year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "organisation"], name="one_contribution_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: £{self.amount:,}"


class SpendingLine(models.Model):
    """What the partnership spends its budget on in a financial year (a line of the budget statement)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="spending")
    year = models.PositiveSmallIntegerField()
    line = models.CharField(max_length=200)
    amount = models.PositiveIntegerField(help_text="Whole pounds.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body", "year", "pk"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "line"], name="one_spending_line")]

    def __str__(self) -> str:
        return f"{self.line} {self.year}: £{self.amount:,}"


class AnnualReport(models.Model):
    """A body's annual report for a financial year: chapters written by partners and officers, then
    assembled (with the indicator table at the version chosen, QA, training and the budget) and frozen."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(help_text="The April the financial year starts.")
    figures = models.ForeignKey(
        "publishing.ReportVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The board's annual indicator table, at the published version chosen.",
    )
    assembled_at = models.DateTimeField(null=True, blank=True)
    assembled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    html = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    docx = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["body", "-year"]
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_annual_report_a_year")]

    def __str__(self) -> str:
        return f"{self.body} annual report {self.year_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partnership-annual", args=[self.pk])

    @property
    def year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"


class Chapter(models.Model):
    """A chapter of an annual report, given to an officer (or to a partner organisation's officer, for
    its update) with a due date, as an action of the one tracker; drafted, reviewed and approved here."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", "Being written"
        SUBMITTED = "submitted", "Awaiting review"
        APPROVED = "approved", "Approved"

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="chapters")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    organisation = models.CharField(
        max_length=200, blank=True, help_text="The partner whose update this is (blank for a theme chapter)."
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFTING)
    review_note = models.TextField(blank=True, help_text="What the reviewer asked to change.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_chapter_number")]

    def __str__(self) -> str:
        return f"Chapter {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partnership-chapter", args=[self.pk])

    @property
    def body(self) -> Body:
        """The body whose report this is (so the partnership rules treat a chapter like its report)."""
        return self.report.body


class ChapterDraft(AppendOnly):
    """One saved version of a chapter's text; the latest stands, earlier ones are kept."""

    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="drafts")
    version = models.PositiveSmallIntegerField()
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["chapter", "version"]
        constraints = [models.UniqueConstraint(fields=["chapter", "version"], name="one_chapter_version")]

    def __str__(self) -> str:
        return f"Chapter {self.chapter_id}, version {self.version}"
