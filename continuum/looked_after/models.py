"""Records the SSDA903 and Annex A ask for beyond the CLA episodes themselves.

Why a separate app: the episodes (``journey.CLAEpisode``) say where a child
lived and under which order; these records say what was *decided* about the
child (adoption, previous permanence), what happened to them over a year
(OC2) and whether they are a mother. Field names are the SSDA903 column names
in snake_case; Annex A List 10 and 11 dates that have no SSDA903 column are
named from the adoption guidance. Codes are the DfE's, checked in the database
too so the bulk loader cannot slip a typo in.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from continuum.core import codes
from continuum.people.models import Child, VersionedModel


def _not_before(earlier: str, later: str, name: str) -> models.CheckConstraint:
    """The database copy of "``later`` is never before ``earlier``" (either may be blank)."""
    return models.CheckConstraint(
        condition=Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
    )


def _codes_in(field: str, code_set: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__in": list(codes.codes_of(code_set))}), name=name
    )


class AdopterHousehold(VersionedModel):
    """A household going through the adoption process (Annex A List 11 "Family identifier").

    The dates follow the two-stage process: enquiry, stage 1 (registration and
    checks), stage 2 (assessment), application, approval, then matching,
    placement and the adoption order, or leaving the process.
    """

    class LeftReason(models.TextChoices):
        WITHDREW = "withdrew", "a) Withdrew"
        ON_HOLD = "on_hold", "b) Process on hold"
        REFUSED = "refused", "c) Application refused"

    reference = models.CharField(max_length=20, unique=True, help_text="Non-personal household reference.")
    fostering_for_adoption = models.BooleanField(default=False)
    enquiry_date = models.DateField()
    stage1_start = models.DateField(null=True, blank=True)
    stage1_end = models.DateField(null=True, blank=True)
    stage2_start = models.DateField(null=True, blank=True)
    stage2_end = models.DateField(null=True, blank=True)
    application_date = models.DateField(null=True, blank=True)
    approval_date = models.DateField(null=True, blank=True)
    left_date = models.DateField(null=True, blank=True)
    left_reason = models.CharField(max_length=10, blank=True, choices=LeftReason.choices)

    class Meta:
        constraints = [
            _not_before("enquiry_date", "stage1_start", "household_stage1_after_enquiry"),
            _not_before("stage1_start", "stage1_end", "household_stage1_ends_after_start"),
            _not_before("stage1_end", "stage2_start", "household_stage2_after_stage1"),
            _not_before("stage2_start", "stage2_end", "household_stage2_ends_after_start"),
            _not_before("application_date", "approval_date", "household_approved_after_application"),
            _not_before("enquiry_date", "left_date", "household_left_after_enquiry"),
            models.CheckConstraint(
                condition=(Q(left_date__isnull=True) & Q(left_reason=""))
                | (Q(left_date__isnull=False) & ~Q(left_reason="")),
                name="household_left_date_and_reason",
            ),
        ]


class ProspectiveAdopter(VersionedModel):
    """One adult of a household (Annex A List 11 is one row per adopter)."""

    household = models.ForeignKey(AdopterHousehold, on_delete=models.PROTECT, related_name="adopters")
    reference = models.CharField(max_length=20, unique=True, help_text="Non-personal adopter reference.")
    sex = models.CharField(max_length=1, choices=[("M", "Male"), ("F", "Female"), ("U", "Not recorded")])
    ethnicity = models.CharField(max_length=4, choices=codes.choices("header.ETHNIC"))
    disability = models.BooleanField(null=True, blank=True, help_text="Blank when not known.")


class AdoptionPlan(VersionedModel):
    """A child's adoption plan from the decision to place to the order, or to its end.

    One plan per decision that the child should be placed for adoption
    (SSDA903 PlacedAdoption DATE_PLACED, AD1 DATE_INT). A plan ends either with
    the adoption order or with the decision that the child should no longer be
    placed (DATE_PLACED_CEASED with REASON_PLACED_CEASED).
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="adoption_plans")
    household = models.ForeignKey(
        AdopterHousehold, null=True, blank=True, on_delete=models.PROTECT, related_name="children_placed"
    )
    date_should_be_placed = models.DateField(
        "DATE_INT / DATE_PLACED", help_text="Decision that the child should be placed for adoption."
    )
    date_placement_order = models.DateField(null=True, blank=True)
    date_ffa_placed = models.DateField(
        null=True, blank=True, help_text="Placed for fostering in FFA or a concurrent planning placement."
    )
    date_match = models.DateField("DATE_MATCH", null=True, blank=True)
    date_placed = models.DateField(null=True, blank=True, help_text="Placed for adoption.")
    date_adoption_order = models.DateField(null=True, blank=True)
    date_placed_ceased = models.DateField(
        "DATE_PLACED_CEASED",
        null=True,
        blank=True,
        help_text="Decision that the child should no longer be placed for adoption.",
    )
    reason_placed_ceased = models.CharField(
        "REASON_PLACED_CEASED",
        max_length=3,
        blank=True,
        choices=codes.choices("placed_adoption.REASON_PLACED_CEASED"),
    )
    foster_care = models.BooleanField(
        "FOSTER_CARE", null=True, blank=True, help_text="Adopted by foster carers."
    )
    nb_adoptr = models.PositiveSmallIntegerField("NB_ADOPTR", null=True, blank=True)
    sex_adoptr = models.CharField(
        "SEX_ADOPTR", max_length=2, blank=True, choices=codes.choices("ad1.SEX_ADOPTR")
    )
    ls_adoptr = models.CharField(
        "LS_ADOPTR", max_length=3, blank=True, choices=codes.choices("ad1.LS_ADOPTR")
    )

    class Meta:
        constraints = [
            _not_before("date_should_be_placed", "date_placement_order", "adoption_order_after_decision"),
            _not_before("date_should_be_placed", "date_match", "adoption_match_after_decision"),
            _not_before("date_match", "date_placed", "adoption_placed_after_match"),
            _not_before("date_placed", "date_adoption_order", "adoption_order_after_placed"),
            _not_before("date_should_be_placed", "date_placed_ceased", "adoption_ceased_after_decision"),
            models.CheckConstraint(
                condition=(Q(date_placed_ceased__isnull=True) & Q(reason_placed_ceased=""))
                | (Q(date_placed_ceased__isnull=False) & ~Q(reason_placed_ceased="")),
                name="adoption_ceased_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(date_adoption_order__isnull=True) | Q(date_placed_ceased__isnull=True),
                name="adoption_order_or_ceased",
            ),
            _codes_in("reason_placed_ceased", "placed_adoption.REASON_PLACED_CEASED", "adoption_rd_code"),
            _codes_in("sex_adoptr", "ad1.SEX_ADOPTR", "adoption_sex_adoptr_code"),
            _codes_in("ls_adoptr", "ad1.LS_ADOPTR", "adoption_ls_adoptr_code"),
        ]
        indexes = [models.Index(fields=["child", "date_should_be_placed"], name="adoption_child_date_idx")]


class PreviousPermanence(VersionedModel):
    """What permanence the child had before this period of care (SSDA903 PrevPerm).

    Asked when a child starts to be looked after: were they adopted, or under a
    special guardianship or child arrangements order before (P1-P4), or not
    (Z1)? ``period_started`` is the DECOM of the first episode of the period.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="previous_permanence")
    period_started = models.DateField()
    prev_perm = models.CharField("PREV_PERM", max_length=2, choices=codes.choices("prev_perm.PREV_PERM"))
    la_perm = models.CharField("LA_PERM", max_length=9, blank=True, help_text="LA that made the order.")
    date_perm = models.DateField("DATE_PERM", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "period_started"], name="prev_perm_one_per_period"),
            models.CheckConstraint(
                condition=Q(prev_perm__in=list(codes.codes_of("prev_perm.PREV_PERM"))), name="prev_perm_code"
            ),
            _not_before("date_perm", "period_started", "prev_perm_order_before_care"),
        ]


class AnnualOutcome(VersionedModel):
    """The OC2 outcomes of a child looked after for 12 months at 31 March.

    The SDQ is not repeated here: it is ``journey.SDQ``, and the return takes
    the latest one in the year. Each flag is blank when it does not apply (the
    conviction question is for children aged 10 or over, health surveillance
    for under-5s).
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="annual_outcomes")
    year_ending = models.DateField(help_text="31 March of the year the outcomes are for.")
    convicted = models.BooleanField("CONVICTED", null=True, blank=True)
    health_check = models.BooleanField("HEALTH_CHECK", null=True, blank=True)
    immunisations = models.BooleanField("IMMUNISATIONS", null=True, blank=True)
    teeth_check = models.BooleanField("TEETH_CHECK", null=True, blank=True)
    health_assessment = models.BooleanField("HEALTH_ASSESSMENT", null=True, blank=True)
    substance_misuse = models.BooleanField("SUBSTANCE_MISUSE", null=True, blank=True)
    intervention_received = models.BooleanField("INTERVENTION_RECEIVED", null=True, blank=True)
    intervention_offered = models.BooleanField("INTERVENTION_OFFERED", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "year_ending"], name="outcome_one_per_year"),
            models.CheckConstraint(
                condition=Q(year_ending__month=3) & Q(year_ending__day=31), name="outcome_year_ends_31_march"
            ),
        ]


class Motherhood(VersionedModel):
    """Whether a looked-after young woman is a mother (SSDA903 header MOTHER, MC_DOB).

    One row per time it was recorded; the return takes the latest on or
    before 31 March. MC_DOB is the date of birth of the first child.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="motherhood")
    recorded_on = models.DateField()
    mother = models.BooleanField("MOTHER")
    mc_dob = models.DateField("MC_DOB", null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(mother=True) | Q(mc_dob__isnull=True), name="motherhood_mc_dob_only_if_mother"
            ),
            _not_before("mc_dob", "recorded_on", "motherhood_recorded_after_birth"),
        ]
