"""Care leavers: leaving-care duties, pathway plan reviews and keeping in touch (SSDA903 OC3)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from continuum.journey.errors import Rule
from continuum.journey.models import (
    CareLeaver,
    CareLeaverCategory,
    CareLeaverContact,
    CLAEpisode,
    PathwayPlanReview,
)
from continuum.journey.services._base import begin, lock, snapshot
from continuum.people.models import Child, Worker


@transaction.atomic
def register_care_leaver(
    *,
    child: Child,
    eligibility_category: str,
    start_date: date,
    personal_adviser: Worker | None = None,
    by: User | None,
) -> CareLeaver:
    """Start leaving-care duties for a young person who has been looked after (SSDA903 rule 1002)."""
    step = begin("register_care_leaver", "record the young person as a care leaver", child=child, by=by)
    step.require_born()
    step.check_choice(CareLeaverCategory, eligibility_category, "care leaver category")
    step.check_date(start_date, "start of leaving-care duties")
    step.check_worker(personal_adviser, start_date)
    if not CLAEpisode.objects.filter(child=step.subject, decom__lte=start_date).exists():
        step.fail(
            Rule.CARE_LEAVER_NEEDS_CARE_HISTORY,
            "the young person has no looked-after episode before that date.",
        )
    if CareLeaver.objects.filter(child=step.subject).exists():
        step.fail(Rule.ALREADY_CARE_LEAVER, "the young person is already recorded as a care leaver.")
    record = CareLeaver.objects.create(
        child=step.subject,
        eligibility_category=eligibility_category,
        start_date=start_date,
        personal_adviser=personal_adviser,
    )
    step.record(
        what=f"Care leaver ({record.get_eligibility_category_display()})",
        record=record,
        occurred_on=start_date,
        after=snapshot(record, ["eligibility_category", "start_date", "personal_adviser"]),
    )
    return record


@transaction.atomic
def record_pathway_plan_review(
    *, care_leaver: CareLeaver, review_date: date, by: User | None
) -> PathwayPlanReview:
    """Record a pathway plan review."""
    step = begin(
        "record_pathway_plan_review", "record a pathway plan review", child=care_leaver.child_id, by=by
    )
    record_owner = lock(CareLeaver, care_leaver.pk)
    step.check_date(review_date, "pathway plan review date")
    review = PathwayPlanReview.objects.create(
        child=step.subject, care_leaver=record_owner, review_date=review_date
    )
    step.record(
        what="Pathway plan review",
        record=review,
        occurred_on=review_date,
        after=snapshot(review, ["review_date"]),
    )
    return review


@transaction.atomic
def record_care_leaver_contact(
    *,
    care_leaver: CareLeaver,
    contact_date: date,
    in_touch: str,
    accom: str = "",
    activ: str = "",
    staying_put: bool = False,
    by: User | None,
) -> CareLeaverContact:
    """Record contact with a care leaver: IN_TOUCH, ACCOM (type and suitability), ACTIV, Staying Put.

    ACCOM and ACTIV are both given or both left blank (SSDA903 rule 153).
    """
    step = begin(
        "record_care_leaver_contact", "record contact with a care leaver", child=care_leaver.child_id, by=by
    )
    owner = lock(CareLeaver, care_leaver.pk)
    step.check_date(contact_date, "contact date", after_death_ok=in_touch == "DIED")
    step.check_code("oc3.IN_TOUCH", in_touch, "in touch (IN_TOUCH)")
    step.check_code("oc3.ACCOM", accom, "accommodation (ACCOM)", blank_ok=True)
    step.check_code("oc3.ACTIV", activ, "activity (ACTIV)", blank_ok=True)
    if bool(accom) != bool(activ):
        step.fail(Rule.ACCOM_ACTIV_TOGETHER, "record both accommodation and activity, or neither.")
    record = CareLeaverContact.objects.create(
        child=step.subject,
        care_leaver=owner,
        contact_date=contact_date,
        in_touch=in_touch,
        accom=accom,
        activ=activ,
        staying_put=staying_put,
    )
    step.record(
        what=f"Care leaver contact ({in_touch})",
        record=record,
        occurred_on=contact_date,
        after=snapshot(record, ["contact_date", "in_touch", "accom", "activ", "staying_put"]),
    )
    return record
