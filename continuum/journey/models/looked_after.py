"""Looked-after children: placements, CLA episodes and reviews, health, dental, SDQs and PEPs."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from continuum.core import codes
from continuum.journey.models.constraints import codes_check, ends_after_starts
from continuum.journey.models.referrals import CINEpisode
from continuum.people.models import Child, VersionedModel, Worker


class PermanencePlan(models.TextChoices):
    RETURN_HOME = "return_home", "Return to family"
    ADOPTION = "adoption", "Adoption"
    SGO = "sgo", "Special guardianship order"
    CAO = "cao", "Child arrangements order"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    RESIDENTIAL = "residential", "Residential care"
    INDEPENDENT_LIVING = "independent_living", "Supported or independent living"
    OTHER = "other", "Other"


class Placement(VersionedModel):
    """Where a looked-after child lives, from one move to the next.

    A placement can span several SSDA903 episodes (a change of legal status
    alone starts a new episode in the same placement), so placement moves are
    counted from these rows, not from episodes.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    place = models.CharField(
        "PLACE", max_length=3, choices=codes.choices("episodes.PLACE"), help_text="SSDA903 PLACE."
    )
    place_provider = models.CharField(
        "PLACE_PROVIDER",
        max_length=3,
        blank=True,
        choices=codes.choices("episodes.PLACE_PROVIDER"),
        help_text="SSDA903 PLACE_PROVIDER.",
    )
    provider_name = models.CharField(max_length=200, blank=True)
    urn = models.CharField(
        "URN", max_length=8, blank=True, help_text="SSDA903 URN: Ofsted unique reference number."
    )
    pl_post = models.CharField(
        "PL_POST", max_length=8, blank=True, help_text="SSDA903 PL_POST (placement postcode)."
    )
    in_borough = models.BooleanField(help_text="Is the placement inside the council's own boundary?")
    reason_place_change = models.CharField(
        "REASON_PLACE_CHANGE",
        max_length=6,
        blank=True,
        choices=codes.choices("episodes.REASON_PLACE_CHANGE"),
        help_text="SSDA903 REASON_PLACE_CHANGE: why the placement ended.",
    )

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="placement_child_start_idx")]
        constraints = [
            ends_after_starts("start_date", "end_date", "placement_end_after_start"),
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="placement_one_open_per_child"
            ),
        ]


class CLAEpisode(VersionedModel):
    """One SSDA903 episode of care: a spell with one legal status and one placement.

    A new episode starts whenever the legal status or the placement changes
    (RNE says which); the previous one then ends the same day with REC ``X1``.
    A child has at most one open episode: enforced here by a partial unique
    index as well as by the services.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cla_episodes")
    cin_episode = models.ForeignKey(
        CINEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="cla_episodes"
    )
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="cla_episodes")
    decom = models.DateField("DECOM", help_text="SSDA903 DECOM: date the episode began.")
    rne = models.CharField(
        "RNE", max_length=1, choices=codes.choices("episodes.RNE"), help_text="SSDA903 RNE."
    )
    ls = models.CharField("LS", max_length=2, choices=codes.choices("episodes.LS"), help_text="SSDA903 LS.")
    cin = models.CharField(
        "CIN",
        max_length=2,
        choices=codes.choices("episodes.CIN"),
        help_text="SSDA903 CIN: category of need (N1–N8).",
    )
    place = models.CharField(
        "PLACE", max_length=3, choices=codes.choices("episodes.PLACE"), help_text="SSDA903 PLACE."
    )
    place_provider = models.CharField(
        "PLACE_PROVIDER",
        max_length=3,
        blank=True,
        choices=codes.choices("episodes.PLACE_PROVIDER"),
        help_text="SSDA903 PLACE_PROVIDER.",
    )
    home_post = models.CharField("HOME_POST", max_length=8, blank=True, help_text="SSDA903 HOME_POST.")
    pl_post = models.CharField("PL_POST", max_length=8, blank=True, help_text="SSDA903 PL_POST.")
    urn = models.CharField("URN", max_length=8, blank=True, help_text="SSDA903 URN.")
    in_borough = models.BooleanField(help_text="Placed inside the council's own boundary?")
    reason_place_change = models.CharField(
        "REASON_PLACE_CHANGE",
        max_length=6,
        blank=True,
        choices=codes.choices("episodes.REASON_PLACE_CHANGE"),
        help_text="SSDA903 REASON_PLACE_CHANGE, on the episode that ended with a placement change.",
    )
    dec = models.DateField("DEC", null=True, blank=True, help_text="SSDA903 DEC: date the episode ceased.")
    rec = models.CharField(
        "REC", max_length=3, blank=True, choices=codes.choices("episodes.REC"), help_text="SSDA903 REC."
    )
    permanence_plan = models.CharField(max_length=30, choices=PermanencePlan.choices, blank=True)

    class Meta:
        verbose_name = "CLA episode"
        indexes = [
            models.Index(fields=["child", "decom"], name="cla_child_decom_idx"),
            models.Index(fields=["decom", "dec"], name="cla_dates_idx"),
        ]
        constraints = [
            ends_after_starts("decom", "dec", "cla_dec_after_decom"),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(dec__isnull=True),
                name="cla_one_open_episode_per_child",
                violation_error_message="A child can have only one open CLA episode.",
            ),
            models.CheckConstraint(
                condition=(Q(dec__isnull=True) & Q(rec="")) | (Q(dec__isnull=False) & ~Q(rec="")),
                name="cla_dec_and_rec_together",
            ),
            codes_check("rne", "episodes.RNE", "cla_rne_code", blank=False),
            codes_check("ls", "episodes.LS", "cla_ls_code", blank=False),
            codes_check("cin", "episodes.CIN", "cla_cin_code", blank=False),
            codes_check("place", "episodes.PLACE", "cla_place_code", blank=False),
            codes_check("rec", "episodes.REC", "cla_rec_code"),
        ]

    def __str__(self) -> str:
        return f"CLA episode {self.pk} ({self.child_id}, {self.decom})"


class CLAReview(VersionedModel):
    """A looked-after child review chaired by the IRO (SSDA903 reviews table)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cla_reviews")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="reviews")
    review = models.DateField("REVIEW", help_text="SSDA903 REVIEW: date of the review.")
    review_code = models.CharField(
        "REVIEW_CODE",
        max_length=3,
        choices=codes.choices("reviews.REVIEW_CODE"),
        help_text="SSDA903 REVIEW_CODE: how the child took part (PN0–PN7).",
    )
    iro = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "CLA review"
        indexes = [models.Index(fields=["child", "review"], name="clareview_child_date_idx")]


class HealthAssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"


class HealthAssessment(VersionedModel):
    """A looked-after child's health assessment (yearly; six-monthly under 5)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="health_assessments")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="+")
    assessment_date = models.DateField()
    kind = models.CharField(max_length=10, choices=HealthAssessmentKind.choices)

    class Meta:
        indexes = [models.Index(fields=["child", "assessment_date"], name="health_child_date_idx")]


class DentalCheck(VersionedModel):
    """A looked-after child's dental check (SSDA903 OC2 TEETH_CHECK)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="dental_checks")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="+")
    check_date = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["child", "check_date"], name="dental_child_date_idx")]


class SDQ(VersionedModel):
    """A Strengths and Difficulties Questionnaire (SSDA903 OC2 SDQ_SCORE / SDQ_REASON)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="sdqs")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="+")
    sdq_date = models.DateField()
    sdq_score = models.PositiveSmallIntegerField(
        "SDQ_SCORE", null=True, blank=True, help_text="SSDA903 SDQ_SCORE (0–40)."
    )
    sdq_reason = models.CharField(
        "SDQ_REASON",
        max_length=4,
        blank=True,
        choices=codes.choices("oc2.SDQ_REASON"),
        help_text="SSDA903 SDQ_REASON: why there is no score.",
    )

    class Meta:
        verbose_name = "SDQ"
        constraints = [
            models.CheckConstraint(
                condition=(Q(sdq_score__isnull=False) & Q(sdq_score__lte=40) & Q(sdq_reason=""))
                | (Q(sdq_score__isnull=True) & ~Q(sdq_reason="")),
                name="sdq_score_or_reason",
            )
        ]


class PEP(VersionedModel):
    """A Personal Education Plan meeting (reviewed every 6 months)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="peps")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="+")
    pep_date = models.DateField()

    class Meta:
        verbose_name = "PEP"
        indexes = [models.Index(fields=["child", "pep_date"], name="pep_child_date_idx")]
