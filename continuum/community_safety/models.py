"""Crime types (the hierarchy as data), monthly police-recorded figures and targets.

A crime type is one of three kinds, so a council can add a type without code:

- an **offence** type carries records and rolls up into its parent;
- a **group** (Robbery, Vehicle Crime, Tier 3, Total Notifiable ...) carries no records of its own:
  its figures are always the sum of its children, so a roll-up can never drift from its rows;
- a **flag** (gun crime, knife crime, youth violence, domestic violence, hate crime) is a count
  across types that the police give separately: it carries records, is shown, and is never added
  into any total (it has no parent, and the database refuses one).

Figures are per crime type, month and ward, the grain the police send. Sanction detections may be
blank for a type that does not record them (youth violence counts victims): the summary shows n/a.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models.functions import Trim, Upper

from continuum.actions.models import AppendOnly
from continuum.core import clock
from continuum.core.dates import day_words


def key_as_stored(key: str) -> str:
    """A pseudonymous key (a MARAC victim's, an ASB caller's or victim's) as it is kept and compared:
    without spaces round it, in capitals.

    Why: repeats are found by exact key, and a key is issued in capitals ("V0042") but typed or sent
    however the person or system at the other end writes it; "v0042 " must be the same person, or a
    repeat is missed (and a MARAC victim is listed twice at one meeting). The database holds every
    stored key to the same form (:func:`_key_as_stored_check`).
    """
    return key.strip().upper()


def _key_as_stored_check(field: str, name: str) -> models.CheckConstraint:
    """The database's refusal of a key not kept as :func:`key_as_stored` gives it (upper(trim(key))),
    so a raw save, a bulk load or a fixture cannot bring back "v0042" beside "V0042"."""
    return models.CheckConstraint(condition=models.Q(**{field: Upper(Trim(field))}), name=name)


class CrimeKind(models.TextChoices):
    OFFENCE = "offence", "Offence type (carries records, rolls up)"
    GROUP = "group", "Group (sum of its children)"
    FLAG = "flag", "Flag across types (shown, never added into totals)"


class Counts(models.TextChoices):
    OFFENCES = "offences", "Offences"
    VICTIMS = "victims", "Victims"


class CrimeType(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=CrimeKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField(default=0, help_text="Row order in the crime summary.")
    counts = models.CharField(max_length=10, choices=Counts.choices, default=Counts.OFFENCES)
    records_sanction_detections = models.BooleanField(default=True)
    note = models.TextField(blank=True, help_text="Printed under the summary, e.g. 'victims, not offences'.")

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="flag") | models.Q(parent__isnull=True),
                name="crime_flag_never_in_a_total",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CrimeRecord(models.Model):
    """Police-recorded offences and sanction detections for one type, month and ward."""

    crime_type = models.ForeignKey(CrimeType, on_delete=models.PROTECT, related_name="records")
    month = models.DateField(help_text="The first day of the month.")
    ward = models.CharField(max_length=20, help_text="The ward's code (e.g. an ONS code).")
    offences = models.PositiveIntegerField()
    sanction_detections = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["month", "crime_type__order", "ward"]
        constraints = [
            models.UniqueConstraint(fields=["crime_type", "month", "ward"], name="crime_record_once"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="crime_record_month_start"),
        ]

    def __str__(self) -> str:
        return f"{self.crime_type_id} {self.month:%Y-%m} {self.ward}"


class CrimeTarget(models.Model):
    """The partnership's targets for a type in a financial year (``year`` = the April it starts).

    Both are percentages as printed: the offence target is a change on last year (-11 for -11%),
    the SD target a sanction-detection rate (18 for 18%).
    """

    crime_type = models.ForeignKey(CrimeType, on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveIntegerField()
    offence_change = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    sd_rate = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["crime_type", "year"], name="crime_target_once")]

    def __str__(self) -> str:
        return f"{self.crime_type_id} {self.year}"


# --- Anti-social behaviour -----------------------------------------------------------------


class AsbCall(models.Model):
    """One call about anti-social behaviour: when, what type, which ward, and who by pseudonymous key.

    Why keys and not names: the analytical tables count repeat callers and repeat victims, which
    needs only that two calls came from the same person; the key is issued by the call-handling
    system (or a keyed hash of its caller reference) and never resolves to a name here.
    """

    received = models.DateField()
    call_type = models.CharField(max_length=80, help_text='As the seed names it: "Rowdy / Nuisance".')
    ward = models.CharField(max_length=20, help_text="The ward's code (as in the ward boundaries file).")
    caller_key = models.CharField(max_length=40, help_text="Pseudonymous caller key, never a name.")
    victim_key = models.CharField(max_length=40, blank=True, help_text="Pseudonymous victim key, if any.")

    class Meta:
        ordering = ["received", "pk"]
        indexes = [models.Index(fields=["received"], name="asbcall_received_idx")]
        constraints = [
            _key_as_stored_check("caller_key", "asbcall_caller_key_as_stored"),
            _key_as_stored_check("victim_key", "asbcall_victim_key_as_stored"),
        ]

    def __str__(self) -> str:
        return f"{self.received} {self.call_type}"


# --- Integrated offender management -------------------------------------------------------


class IomStatus(models.TextChoices):
    PPO = "ppo", "PPO (prolific and priority offender)"
    STATUTORY = "statutory", "Statutory"
    NON_STATUTORY = "non-statutory", "Non-statutory"


class RiskColour(models.TextChoices):
    """The board's matrix colours, in the seed's words (seed 004 lines 753-759)."""

    RED = "red", "Red (high risk of offending)"
    AMBER = "amber", "Amber (further intelligence/ongoing monitoring required)"
    GREEN = "green", "Green (intelligence and engagement levels suggest not currently offending)"
    BLUE = "blue", "Blue (currently in custody)"


def status_words(statuses: Iterable[str]) -> str:
    """IOM statuses in words, in the list's order whatever order they were given in:
    "PPO (prolific and priority offender), Statutory"."""
    chosen = set(statuses)
    return ", ".join(str(s.label) for s in IomStatus if s.value in chosen)


class IomOffender(models.Model):
    """An adult on the IOM list: held apart from children's records (no link to a child, own access)."""

    reference = models.CharField(max_length=20, unique=True, help_text="The IOM team's reference.")
    name = models.CharField(max_length=120)
    added_on = models.DateField()
    removal_due = models.BooleanField(default=False, help_text="Scheduled for removal (e.g. a transfer).")
    removal_reason = models.CharField(max_length=200, blank=True)
    signed_up = models.BooleanField(default=False, help_text="Signed up to IOM (non-statutory offenders).")
    wanted = models.BooleanField(default=False)
    release_plan = models.TextField(blank=True, help_text="The community action plan before release.")
    release_due = models.DateField(
        "Release date",
        null=True,
        blank=True,
        help_text="When an offender in custody is due for release; the community action plan "
        "must be in place before it.",
    )
    #: Moved on by each save of the details form and each correction
    #: (continuum/community_safety/iom_records.py), so an officer's save over a colleague's since the
    #: form was opened is refused, not silently lost.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference

    @property
    def status_words(self) -> str:
        """The IOM statuses held, in words (see :func:`status_words`)."""
        return status_words(flag.status for flag in self.flags.all())

    @property
    def joined_colour(self) -> str:
        """The colour they joined the list with (the first row of the colour history), in words."""
        first = self.risk_history.order_by("on", "pk").first()
        return first.get_colour_display() if first is not None else ""


class IomFlag(models.Model):
    """One status an offender carries; a person may carry several (PPO and statutory, say)."""

    offender = models.ForeignKey(IomOffender, on_delete=models.CASCADE, related_name="flags")
    status = models.CharField(max_length=20, choices=IomStatus.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["offender", "status"], name="iomflag_once")]

    def __str__(self) -> str:
        return self.status


class RiskChange(models.Model):
    """A change of an offender's matrix colour: the day, the reason and who recorded it (append-only)."""

    offender = models.ForeignKey(IomOffender, on_delete=models.CASCADE, related_name="risk_history")
    colour = models.CharField(max_length=10, choices=RiskColour.choices)
    on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["offender", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.colour} from {self.on}"


class IomCorrection(AppendOnly):
    """One detail recorded wrongly when a person joined the list, put right: which detail (name, date
    added, IOM status, the colour they joined with), from what to what in words, who, when and why.

    Why a history and not only the corrected fields: a correction moves the cohort's counts by colour
    and by date added for days already reported to the board; the row says what the figures rested on
    before and why it changed. Append-only (also in the database), as the action tracker's history.
    """

    offender = models.ForeignKey(IomOffender, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(
        max_length=40, help_text='The detail in words: "Name", "Date added to the list".'
    )
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: The service's moment (the ``CONTINUUM_AS_OF`` day in a demo), so the history reads in the
    #: same days as the colour changes beside it.
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["offender", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.field} corrected"


class IomEventKind(models.TextChoices):
    ARREST = "arrest", "Arrest"
    CUSTODY = "custody", "Placed in custody"
    REMAND = "remand", "On remand"
    RELEASE = "release", "Released"
    BAIL = "bail", "On bail"


class IomEvent(models.Model):
    """An arrest, custody, remand, release or bail of a person on the list, and who recorded it."""

    offender = models.ForeignKey(IomOffender, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=IomEventKind.choices)
    on = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    #: Null for events loaded from the police feed or the synthetic borough.
    recorded_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["offender", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


# --- MARAC ---------------------------------------------------------------------------------


class MaracMeeting(models.Model):
    """A MARAC: high-risk domestic abuse cases heard every three weeks (seed 004 lines 696-702)."""

    held_on = models.DateField(unique=True)

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"MARAC {day_words(self.held_on)}"

    @property
    def ahead(self) -> bool:
        """Whether the meeting is after today (the service's day, London time): its cases are listed
        for it, not yet heard.

        Why asked of the meeting: a referral is recorded before the meeting that hears it, so the
        banner, the referral page and the meeting page must say "listed for" a meeting to come and
        "heard at" one held today or before, and all agree on which it is.
        """
        return self.held_on > clock.today()

    def heard_or_listed(self) -> str:
        """A referral's place at this meeting in words: "listed for the MARAC of 17 Dec 2026" while the
        meeting is ahead, "heard at the MARAC of 26 Nov 2026" on its day and after."""
        return f"{'listed for' if self.ahead else 'heard at'} the MARAC of {day_words(self.held_on)}"


class MaracWithdrawal(models.TextChoices):
    """Why a referral is withdrawn: the two ways a coordinator meets a referral that should not be heard."""

    ENTERED_IN_ERROR = "error", "Entered in error"
    REFERRER_WITHDREW = "referrer", "Withdrawn by the referring agency"


class MaracReferral(models.Model):
    """A referral of a victim at high risk: its date, referring agency, risk score and the meeting heard.

    The victim is a pseudonymous key (repeats are found by it); a repeat is a referral heard again
    within 12 months of an earlier hearing of the same victim (``continuum.community_safety.marac``).

    A referral entered in error or withdrawn by the referrer is marked withdrawn (the day, why, by
    whom), never deleted: the meeting's list keeps it in view with its reason, while the quarter's
    figures and the repeats leave it out.
    """

    referred_on = models.DateField()
    agency = models.CharField(max_length=80)
    risk_score = models.PositiveSmallIntegerField(help_text="The risk checklist score (0-24).")
    victim_key = models.CharField(max_length=40, help_text="Pseudonymous victim key, never a name.")
    meeting = models.ForeignKey(
        MaracMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    children = models.ManyToManyField("people.Child", blank=True, related_name="+")
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=10, choices=MaracWithdrawal.choices, blank=True)
    withdrawn_note = models.CharField(max_length=200, blank=True)
    withdrawn_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["referred_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(risk_score__lte=24), name="marac_risk_score_range"),
            # A withdrawal always says why, and a reason never stands without its day.
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True, withdrawn_reason="")
                | (models.Q(withdrawn_on__isnull=False) & ~models.Q(withdrawn_reason="")),
                name="marac_withdrawal_has_reason",
            ),
            _key_as_stored_check("victim_key", "marac_victim_key_as_stored"),
        ]

    def __str__(self) -> str:
        return f"MARAC referral {self.pk}"
