"""Visits to the child, by the plan or episode they are made under."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from continuum.journey.models.child_protection import CPPlan
from continuum.journey.models.looked_after import CLAEpisode
from continuum.journey.models.referrals import CINEpisode
from continuum.people.models import Child, VersionedModel, Worker


class VisitKind(models.TextChoices):
    CP = "cp", "Child protection visit"
    CIN = "cin", "Child in need visit"
    CLA = "cla", "Looked-after child visit"
    PRIVATE_FOSTERING = "private_fostering", "Private fostering visit"
    CARE_LEAVER = "care_leaver", "Care leaver visit"
    ASSESSMENT = "assessment", "Assessment visit"
    OTHER = "other", "Other visit"


class Visit(VersionedModel):
    """A statutory or other visit: seen, seen alone (with a reason if not), bedroom seen."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=20, choices=VisitKind.choices)
    visit_date = models.DateField()
    worker = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="visits")
    seen = models.BooleanField()
    seen_alone = models.BooleanField(null=True, blank=True)
    not_seen_alone_reason = models.TextField(blank=True)
    bedroom_seen = models.BooleanField(null=True, blank=True)
    cin_episode = models.ForeignKey(
        CINEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    cp_plan = models.ForeignKey(
        CPPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    cla_episode = models.ForeignKey(
        CLAEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    private_fostering = models.ForeignKey(
        "PrivateFostering", null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )

    class Meta:
        indexes = [
            models.Index(fields=["child", "visit_date"], name="visit_child_date_idx"),
            models.Index(fields=["worker", "visit_date"], name="visit_worker_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seen=True) | Q(seen_alone__isnull=True) | Q(seen_alone=False),
                name="visit_seen_alone_needs_seen",
            ),
            models.CheckConstraint(
                condition=~Q(seen_alone=False) | ~Q(not_seen_alone_reason=""),
                name="visit_not_seen_alone_has_reason",
            ),
        ]
