"""Care leavers: the leaving-care duty, pathway plan reviews, and the yearly contact (OC3)."""

from __future__ import annotations

from django.db import models

from continuum.core import codes
from continuum.journey.models.constraints import ends_after_starts
from continuum.people.models import Child, VersionedModel, Worker


class CareLeaverCategory(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible (still looked after, 16–17)"
    RELEVANT = "relevant", "Relevant (left care at 16–17)"
    FORMER_RELEVANT = "former_relevant", "Former relevant (18–25)"
    QUALIFYING = "qualifying", "Qualifying"


class CareLeaver(VersionedModel):
    """A young person owed leaving-care duties (to age 25)."""

    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="care_leaver")
    eligibility_category = models.CharField(max_length=20, choices=CareLeaverCategory.choices)
    start_date = models.DateField(help_text="When leaving-care duties began.")
    end_date = models.DateField(null=True, blank=True)
    personal_adviser = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="care_leavers"
    )

    class Meta:
        constraints = [ends_after_starts("start_date", "end_date", "careleaver_end_after_start")]


class PathwayPlanReview(VersionedModel):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="pathway_plan_reviews")
    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="pathway_plan_reviews")
    review_date = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["child", "review_date"], name="pathway_child_date_idx")]


class CareLeaverContact(VersionedModel):
    """A contact with a care leaver: in touch, accommodation (and suitability), activity, Staying Put."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_leaver_contacts")
    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="contacts")
    contact_date = models.DateField()
    in_touch = models.CharField(
        "IN_TOUCH", max_length=4, choices=codes.choices("oc3.IN_TOUCH"), help_text="SSDA903 OC3 IN_TOUCH."
    )
    accom = models.CharField(
        "ACCOM",
        max_length=2,
        blank=True,
        choices=codes.choices("oc3.ACCOM"),
        help_text="SSDA903 OC3 ACCOM: the letter is the type, 1 suitable, 2 not suitable.",
    )
    activ = models.CharField(
        "ACTIV", max_length=2, blank=True, choices=codes.choices("oc3.ACTIV"), help_text="SSDA903 OC3 ACTIV."
    )
    staying_put = models.BooleanField(default=False, help_text="Staying Put with former foster carers.")

    class Meta:
        indexes = [models.Index(fields=["child", "contact_date"], name="clcontact_child_date_idx")]

    @property
    def accommodation_suitable(self) -> bool | None:
        """ACCOM codes end in 1 (suitable) or 2 (not suitable); ``0`` and blank say nothing."""
        if self.accom.endswith("1"):
            return True
        if self.accom.endswith("2"):
            return False
        return None
