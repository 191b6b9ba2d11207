"""Cross-cutting records: the log of who looked at what, and the timescales table."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from continuum.core import timescales
from continuum.core.dates import MONTHS
from continuum.core.timescales import Rule, validate_rule_values


class AccessLogImmutableError(ValidationError):
    """Raised on any attempt to change or delete an access log entry from Python."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Bulk update and delete are refused: evidence of who saw what, and of its review, is never rewritten."""

    def update(self, **kwargs: Any) -> int:
        raise AccessLogImmutableError(f"{self.model.records_name} cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AccessLogImmutableError(f"{self.model.records_name} cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A row that, once written, is evidence: it is never changed or deleted from Python.

    The database refuses it too (triggers in core migrations 0006 and 0008).
    ``records_name`` says what the rows are, for the error message.
    """

    records_name: ClassVar[str] = "Records"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AccessLogImmutableError(f"{self.records_name} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AccessLogImmutableError(f"{self.records_name} cannot be deleted.")


class AccessLogEntry(AppendOnlyModel):
    """One viewing of a child's record (or another protected page) by one user.

    Safeguarding records must show who saw them. The entry holds the record's
    kind and internal number, never a name, so the log itself carries no
    personal data beyond the member of staff.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=80)
    record_type = models.CharField(max_length=80, blank=True)
    record_id = models.CharField(max_length=40, blank=True)
    reason = models.TextField(
        blank=True, help_text="Why the user said they needed the record (break glass), in their words."
    )
    flagged = models.BooleanField(
        default=False, db_index=True, help_text="For review by QA: access without a recorded relationship."
    )

    records_name = "Access log entries"

    class Meta:
        ordering = ["-at"]
        # Django would say "access log entrys" in the admin.
        verbose_name = "access log entry"
        verbose_name_plural = "access log entries"
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.record_type}:{self.record_id}"


class TimescaleRule(models.Model):
    """One statutory or local timescale, editable by the council without code.

    Mirrors :class:`continuum.core.timescales.Rule` field for field; the engine
    never reads this model directly. :func:`continuum.core.timescales.load_rules`
    turns the rows into plain rules once, so a work tray for thousands of
    children costs one query, not one per child. Seeded with the defaults in
    :mod:`continuum.core.timescale_defaults` by a data migration.

    The code is the stable name other modules and indicators refer to, so it
    cannot be changed in the admin once saved; switch a rule off with
    ``active`` rather than deleting it.
    """

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "working days"
        CALENDAR_DAYS = "calendar_days", "calendar days"
        HOURS = "hours", "hours"
        WEEKS = "weeks", "weeks"
        MONTHS = "months", "months"
        DATE_IN_YEAR = "date_in_year", "date in the year (215 = 15 February)"

    class SourceKind(models.TextChoices):
        STATUTE = "statute", "Statute (Act or regulations)"
        STATUTORY_GUIDANCE = "statutory guidance", "Statutory guidance"
        LOCAL_STANDARD = "local standard", "Local standard"

    code = models.SlugField(
        max_length=60, unique=True, help_text="Stable name used by reports and indicators."
    )
    name = models.CharField(max_length=200, help_text="Plain English, as practitioners say it.")
    start_event = models.CharField(max_length=200, help_text="What starts the clock, e.g. 'referral'.")
    interval = models.PositiveIntegerField(help_text="How long after the start event the work is due.")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    repeat_interval = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="For a recurring clock: then every this many units after the last one.",
    )
    repeat_unit = models.CharField(max_length=20, choices=Unit.choices, blank=True)
    ends_after_interval = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="For a recurring phase that ends (visits in year one): how long after the chain's start.",
    )
    ends_after_unit = models.CharField(max_length=20, choices=Unit.choices, blank=True)
    then = models.CharField(
        max_length=60,
        blank=True,
        help_text="Code of the rule that takes over after this one (e.g. next review).",
    )
    applies_to = models.CharField(
        max_length=200, help_text="e.g. CP, CIN, CLA, care leaver, all, CLA under 5."
    )
    source_kind = models.CharField(max_length=30, choices=SourceKind.choices)
    citation = models.CharField(
        max_length=400, help_text="The Act, guidance or local decision this comes from."
    )
    seed = models.CharField(max_length=200, blank=True, help_text="Where the seed papers use this timescale.")
    due_soon_interval = models.PositiveIntegerField(default=5, help_text="Show as 'due soon' this far ahead.")
    due_soon_unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.WORKING_DAYS)
    counts_start_day = models.BooleanField(
        default=False, help_text="The period 'begins with' the start day (care proceedings' 26 weeks)."
    )
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def clean(self) -> None:
        """Refuse what the engine would refuse, with messages on the right fields."""
        errors = validate_rule_values(
            code=self.code,
            interval=self.interval,
            unit=self.unit,
            repeat_interval=self.repeat_interval,
            repeat_unit=self.repeat_unit or None,
            due_soon_interval=self.due_soon_interval,
            due_soon_unit=self.due_soon_unit,
            ends_after_interval=self.ends_after_interval,
            ends_after_unit=self.ends_after_unit or None,
            then=self.then,
            source_kind=self.source_kind,
            citation=self.citation,
            counts_start_day=self.counts_start_day,
        )
        if (
            self.then
            and not errors.get("then")
            and not TimescaleRule.objects.filter(code=self.then).exclude(pk=self.pk).exists()
        ):
            errors.setdefault("then", []).append(f"There is no rule with the code {self.then!r}.")
        if errors:
            raise ValidationError(errors)

    def to_rule(self) -> Rule:
        """The engine's plain, immutable :class:`~continuum.core.timescales.Rule` for this row."""
        return Rule(
            code=self.code,
            name=self.name,
            start_event=self.start_event,
            interval=self.interval,
            unit=timescales.Unit(self.unit),
            repeat_interval=self.repeat_interval,
            repeat_unit=timescales.Unit(self.repeat_unit) if self.repeat_unit else None,
            due_soon_interval=self.due_soon_interval,
            due_soon_unit=timescales.Unit(self.due_soon_unit),
            ends_after_interval=self.ends_after_interval,
            ends_after_unit=timescales.Unit(self.ends_after_unit) if self.ends_after_unit else None,
            then=self.then,
            applies_to=self.applies_to,
            source_kind=timescales.SourceKind(self.source_kind),
            citation=self.citation,
            counts_start_day=self.counts_start_day,
            seed=self.seed,
            notes=self.notes,
        )


#: The fields of a timescale rule that move due dates. A change to any of them moves the work tray
#: and every figure counted with the rule, past months included (the table keeps no dated
#: settings), so the admin asks why and keeps the answer (:class:`TimescaleRuleChange`).
TIMING_FIELDS: tuple[str, ...] = (
    "interval",
    "unit",
    "repeat_interval",
    "repeat_unit",
    "ends_after_interval",
    "ends_after_unit",
    "counts_start_day",
    "then",
    "active",
)


def _length(n: int, unit: timescales.Unit) -> str:
    """ "2 weeks", "1 week", "1 working day": a length as a reader says it."""
    label = unit.label
    return f"{n} {label[:-1] if n == 1 and label.endswith('s') else label}"


def timing_words(rule: Rule) -> str:
    """When a rule makes work due, in a phrase: "every 2 weeks", "within 20 working days of ...".

    Why not :meth:`Rule.describe`: a recurring clock whose first step equals its repeat reads
    best as "every 4 weeks", the words councils use for visits; this is the phrase the
    dashboards and the rule's change history set beside the default.
    """
    if rule.unit is timescales.Unit.DATE_IN_YEAR:
        month, day = divmod(rule.interval, 100)
        first = f"by {day} {MONTHS[month - 1]}"
    else:
        first = _length(rule.interval, rule.unit)
    if rule.repeat_interval is not None and rule.repeat_unit is not None:
        repeat = _length(rule.repeat_interval, rule.repeat_unit)
        if (rule.interval, rule.unit) == (rule.repeat_interval, rule.repeat_unit):
            text = f"every {repeat}"
        elif rule.unit is timescales.Unit.DATE_IN_YEAR:
            text = f"first {first}, then every {repeat}"
        else:
            text = f"first within {first}, then every {repeat}"
        if rule.ends_after_interval is not None and rule.ends_after_unit is not None:
            text += f" for the first {_length(rule.ends_after_interval, rule.ends_after_unit)}"
    elif rule.unit is timescales.Unit.DATE_IN_YEAR:
        text = f"{first} after {rule.start_event}"
    else:
        text = f"within {first} of {rule.start_event}"
    if rule.counts_start_day:
        text += ", counting the start day as day one"
    return text


def timing_differs(rule: Rule, default: Rule) -> bool:
    """Whether ``rule`` makes work due at other times than ``default`` (a name or citation edit does not)."""
    fields = [name for name in TIMING_FIELDS if name != "active"]  # a rule switched off is not there
    return any(getattr(rule, name) != getattr(default, name) for name in fields)


class TimescaleRuleChange(AppendOnlyModel):
    """One change to a timescale rule's timing, with who made it, when, and why.

    Why a record of its own: the rules are not dated, so an edit recounts every
    figure, past months included, and moves every work tray at once. The
    dashboards say which figures use a rule the council has changed from the
    default, and name who set it, when and why from here. Django's admin history
    (``LogEntry``) holds only the changed fields' names, in a message for its own
    page, and no reason. Append-only, like the access log: the reason given for a
    change is evidence, not a draft.
    """

    rule = models.ForeignKey(TimescaleRule, on_delete=models.PROTECT, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_fields = models.CharField(max_length=300, help_text="The changed fields' labels, in words.")
    before = models.CharField(max_length=400, help_text="The timing before the change, in words.")
    after = models.CharField(max_length=400, help_text="The timing after the change, in words.")
    reason = models.TextField(help_text="Why the council changed it, in the administrator's words.")

    records_name = "Timescale rule changes"

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.before} -> {self.after}"

    @classmethod
    def latest_timing_change(cls, code: str) -> TimescaleRuleChange | None:
        """The latest change that moved the rule's due dates (not a change of its name or notes)."""
        return (
            cls.objects.filter(rule__code=code)
            .exclude(before=models.F("after"))
            .select_related("changed_by", "rule")
            .order_by("-changed_at", "-pk")
            .first()
        )


def setting_words(row: TimescaleRule) -> str:
    """A rule row's whole setting in words, for its change history: timing, hand-over, switched off."""
    words = timing_words(row.to_rule())
    if row.then:
        follower = TimescaleRule.objects.filter(code=row.then).values_list("name", flat=True).first()
        words += f", then '{follower or row.then}' takes over"
    if not row.active:
        words += " (switched off)"
    return words


# --- Who may see which child (appended with the child record) ----------------------------


class LegitimateRelationship(models.Model):
    """A recorded reason for one member of staff to see one child's record, from one date to another.

    Practitioners see the children their team holds (through allocations).
    Everyone else (an IRO or CP chair for a conference, a QA officer auditing
    a case, a complaints officer) sees a child only through a row here, so
    that each such access has a stated, reviewable basis. ``child_id`` is the
    internal number, not a foreign key, so the core app does not depend on
    the people app.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child_id = models.PositiveBigIntegerField(db_index=True, help_text="The child's internal record number.")
    reason = models.CharField(max_length=300, help_text="e.g. Chair of the ICPC on 4 March; case audit.")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "child_id"], name="legit_user_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="legit_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"User {self.user_id} → child {self.child_id}: {self.reason}"


class RestrictedRecord(models.Model):
    """A child's record that only the named users may open (for example a member of staff's own child).

    Restriction overrides everything else: team allocation, a legitimate
    relationship and break glass all give way, so that a sensitive record is
    seen only by the people deliberately named here.
    """

    child_id = models.PositiveBigIntegerField(unique=True, help_text="The child's internal record number.")
    named_users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Restricted record: child {self.child_id}"


class HeadOfServiceTeam(models.Model):
    """One team in a head of service's service: they hold a team manager's rights for it.

    A head of service oversees several teams without being a worker in each,
    so the link is its own row rather than a second worker record per team.
    ``policy.teams_of`` reads it for users who hold the head-of-service role;
    ``team_id`` is the team's internal number (the core app does not depend on
    the people app, as for ``LegitimateRelationship.child_id``).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    team_id = models.PositiveBigIntegerField(help_text="The team's internal record number.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "team_id"], name="head_of_service_team_once")]

    def __str__(self) -> str:
        return f"User {self.user_id} heads team {self.team_id}"


# --- Population figures, for rates and the disproportionality view -----------------------


class PopulationEstimate(models.Model):
    """Children of one single year of age living in the borough at a mid-year (30 June) estimate.

    Rates per 10,000 children and "share of the 0-17 population" need the
    population behind them. ONS publishes mid-year estimates by age and sex
    (by ward in the small-area estimates); ethnicity comes from the census and
    is blank where the council has no split. Each row is one cell of that
    table; every row of a year has the same cells filled in (all with wards or
    none), so that summing a year never counts a child twice. Loaded with
    ``./run population load FILE.csv`` (``continuum.metrics.population``).
    """

    year = models.PositiveSmallIntegerField(help_text="Year of the ONS mid-year estimate (30 June).")
    age = models.PositiveSmallIntegerField(help_text="Age in whole years on 30 June, 0-17.")
    sex = models.CharField(max_length=1, choices=[("M", "Male"), ("F", "Female")])
    ward = models.CharField(max_length=100, blank=True, help_text="Blank when the figure is for the borough.")
    ethnicity = models.CharField(
        max_length=4, blank=True, help_text="DfE ethnicity code; blank if not split."
    )
    population = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "age", "sex", "ward", "ethnicity"], name="population_cell"
            ),
            models.CheckConstraint(condition=models.Q(age__lte=17), name="population_age_0_17"),
        ]

    def __str__(self) -> str:
        where = self.ward or "borough"
        return f"{self.year} age {self.age} {self.sex} {where} {self.ethnicity or 'all'}: {self.population}"


# --- Break-glass review (a QA officer's verdict on one flagged access) ---------------------


class BreakGlassReview(AppendOnlyModel):
    """A QA officer's review of one flagged (break-glass) access-log entry.

    The access log is append-only, so "reviewed" cannot be a flag on the
    entry itself; it is this separate, equally append-only row, one per entry
    (the one-to-one is the database's guard against a second review). A "not
    justified" outcome must say why and to whom it was referred, so the note
    is required for it here and by a check constraint.
    """

    class Outcome(models.TextChoices):
        JUSTIFIED = "justified", "Justified: the access was appropriate"
        NOT_JUSTIFIED = (
            "not_justified",
            "Not justified: referred to the manager and information governance",
        )
        MORE_INFORMATION = "more_information", "More information: asked the worker to explain"

    entry = models.OneToOneField(
        AccessLogEntry, on_delete=models.PROTECT, related_name="review", help_text="The flagged access."
    )
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(blank=True, help_text="Required when the access was not justified.")

    records_name = "Break-glass reviews"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="not_justified") | ~models.Q(note=""),
                name="break_glass_review_note_if_not_justified",
            )
        ]

    def __str__(self) -> str:
        return f"Review of access {self.entry_id}: {self.outcome}"


# --- The demo's synthetic borough ------------------------------------------------------------


class SyntheticBorough(models.Model):
    """What the demo's synthetic borough was simulated with, and the day it was simulated up to.

    Why stored: the borough lives on the day it was simulated to (its "as-of"
    day), and a later ``./run demo`` must know that day to say how old the
    borough is, or to roll it forward from it (``--refresh``). One row, written
    by ``continuum.synth.demo`` when it loads the borough; a database with
    children but no row holds a borough loaded before the day was stored.
    """

    seed = models.PositiveIntegerField()
    years = models.PositiveSmallIntegerField(help_text="Complete financial years of history simulated.")
    as_of = models.DateField(help_text="The day the borough was simulated up to (its records' today).")
    loaded_at = models.DateTimeField(help_text="When it was loaded (the real clock).")

    def __str__(self) -> str:
        return f"Synthetic borough (seed {self.seed}) as of {self.as_of.isoformat()}"
