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

from django.db import models


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
