"""The demo's QA records (continuum/synth/assurance.py) on a small record: the monthly samples leave
out children audited in the last 6 months, every Inadequate audit has its follow-up, the Section 11
round has 16 returns of 18 and the VCFS round 18 of 20, each ended month but the last has its
moderation sample (every Inadequate audit in it), and two rapid reviews (one CSPR) are on the register."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from continuum.assurance import figures
from continuum.assurance.models import (
    CaseAudit,
    FollowUpReview,
    ModerationSample,
    PracticeReview,
    Section11Return,
)
from continuum.core import roles
from continuum.synth.assurance import ensure_demo_assurance
from tests.assurance.test_services import qa_world  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db


@override_settings(CONTINUUM_AS_OF="2024-06-20")
def test_demo_assurance_fills_every_page(qa_world, make_user) -> None:  # noqa: F811
    for role in (roles.QA_OFFICER, roles.TEAM_MANAGER, roles.SOCIAL_WORKER, roles.PARTNER_MEMBER):
        make_user(f"demo-{role.slug}", role)
    written = ensure_demo_assurance(seed=3, months=3, per_month=4)
    monthly = CaseAudit.objects.filter(programme__isnull=False)
    # March: 4 of the 6 children; April: the 2 left; May: none (all audited within 6 months).
    assert [monthly.filter(programme__month=date(2024, m, 1)).count() for m in (3, 4, 5)] == [4, 2, 0]
    assert monthly.values("child").distinct().count() == 6
    # The multi-agency audit (February) draws the 6 held then; the MASH theme (September 2023) none.
    assert CaseAudit.objects.filter(thematic__kind="multi_agency").count() == 6
    assert written == 12
    inadequate = CaseAudit.objects.filter(overall_grade="inadequate").exclude(thematic__isnull=False).count()
    assert FollowUpReview.objects.count() == inadequate
    assert CaseAudit.objects.filter(immediate_harm=True).count() == 1
    s11 = Section11Return.objects.filter(campaign__checklist="s11")
    assert s11.filter(submitted_on__isnull=False).count() == 16
    assert s11.count() == 18
    # The VCFS checklist round asks the tool's 12 questions of 20 groups; 18 returned (seed 003 L233).
    vcfs = Section11Return.objects.filter(campaign__checklist="vcfs")
    assert (vcfs.count(), vcfs.filter(submitted_on__isnull=False).count()) == (20, 18)
    assert len(vcfs.first().campaign.standards) == 12  # type: ignore[union-attr]
    # Moderation samples for March (in full) and April (half-way); May, the last month, left to draw.
    samples = ModerationSample.objects.order_by("month")
    assert [s.month for s in samples] == [date(2024, 3, 1), date(2024, 4, 1)]
    for sample in samples:
        picked = [p.audit for p in sample.picks.select_related("audit")]
        assert {a.pk for a in picked if a.overall_grade == "inadequate"} == {
            a.pk for a in monthly.filter(completed_on__month=sample.month.month, overall_grade="inadequate")
        }
    moderated = CaseAudit.objects.exclude(moderated_grade="")
    assert set(moderated.values_list("moderation_picks__sample__month", flat=True)) <= {
        date(2024, 3, 1),
        date(2024, 4, 1),
    }
    # The demo partner member answers for an organisation that has not returned yet.
    [mine] = Section11Return.objects.filter(organisation__members__username="demo-partner-member")
    assert mine.submitted_on is None
    assert sorted(PracticeReview.objects.values_list("reference", "decision")) == [
        ("Child G", "cspr"),
        ("Young person H", "local_learning"),
    ]
    assert figures.qa_actions().exists()
    # The MASH theme's training (due January 2024) was delivered; the multi-agency one (due June) is open.
    trainings = figures.qa_actions().filter(what__contains="threshold training")
    training = {a.source_label: a.status for a in trainings}
    assert training == {
        "QA: MASH: decision making at the front door": "done",
        "QA: Multi-agency audit: child sexual abuse": "open",
    }
    # Once only: a second call writes nothing.
    assert ensure_demo_assurance(seed=3, months=3, per_month=4) == 0
