"""Referrals (CIN episodes) and assessments.

A CIN episode runs from the referral to its closure. Everything done under it
(assessments, section 47 enquiries, conferences, plans) must fall inside it;
once it is closed, new work needs a new referral.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Subquery

from continuum.core import clock
from continuum.journey.errors import Rule
from continuum.journey.models import (
    Assessment,
    AssessmentOutcome,
    CINEpisode,
    CINPlan,
    Conference,
    Contact,
    ContactOutcome,
    CPPlan,
    PreProceedings,
    Section47,
    StrategyDiscussion,
    Visit,
)
from continuum.journey.services._base import (
    RC_AFTER_ASSESSMENT,
    Step,
    begin,
    fmt,
    lock,
    save_changes,
    snapshot,
)
from continuum.journey.services.children import UNSET, changed_values
from continuum.people.models import Child, Worker


@transaction.atomic
def open_referral(
    *,
    child: Child,
    cin_referral_date: date,
    referral_source: str,
    primary_need_code: str = "",
    referral_nfa: bool = False,
    contact: Contact | None = None,
    by: User | None,
) -> CINEpisode:
    """Open a referral to children's social care (a new CIN episode).

    A child has one open referral at a time; a new one can start on or after
    the day the last one closed. A referral from a contact needs the MASH to
    have decided "referral to social care" on that contact.
    """
    step = begin("open_referral", "open a referral", child=child, by=by)
    step.check_date(cin_referral_date, "referral date")
    step.check_code("ReferralSource", referral_source, "referral source")
    step.check_code("PrimaryNeedCode", primary_need_code, "primary need", blank_ok=True)
    if contact is not None:
        step.check_same_child(contact, "contact")
        if contact.outcome != ContactOutcome.REFERRAL:
            step.fail(
                Rule.CONTACT_NOT_REFERRED,
                "the MASH decision on that contact was not a referral to children's social care.",
            )
        step.check_order(contact.received_at.date(), cin_referral_date, "contact date", "referral date")
    latest = (
        CINEpisode.objects.filter(child=step.subject)
        .order_by("-cin_referral_date", "-pk")
        .only("cin_referral_date", "cin_closure_date")
        .first()
    )
    if latest is not None:
        if latest.cin_closure_date is None:
            step.fail(
                Rule.ONE_OPEN_CIN_EPISODE,
                f"the child already has an open referral (from {fmt(latest.cin_referral_date)}); "
                "record new work under it, or close it first.",
            )
        if cin_referral_date < latest.cin_closure_date:
            step.fail(
                Rule.ONE_OPEN_CIN_EPISODE,
                f"the referral date ({fmt(cin_referral_date)}) is before the previous referral closed "
                f"({fmt(latest.cin_closure_date)}).",
            )
    episode = CINEpisode.objects.create(
        child=step.subject,
        contact=contact,
        cin_referral_date=cin_referral_date,
        referral_source=referral_source,
        primary_need_code=primary_need_code,
        referral_nfa=referral_nfa,
    )
    step.record(
        what="Referral to children's social care" + (" (no further action)" if referral_nfa else ""),
        record=episode,
        occurred_on=cin_referral_date,
        after=snapshot(
            episode, ["cin_referral_date", "referral_source", "primary_need_code", "referral_nfa", "contact"]
        ),
    )
    return episode


@transaction.atomic
def update_referral(
    *,
    cin_episode: CINEpisode,
    expected_version: int,
    by: User | None,
    referral_source: str = UNSET,
    primary_need_code: str = UNSET,
    referral_nfa: bool = UNSET,
) -> CINEpisode:
    """Correct a referral's source, primary need or NFA flag."""
    step = begin("update_referral", "update the referral", child=cin_episode.child_id, by=by)
    current = lock(CINEpisode, cin_episode.pk)
    step.check_version(current, expected_version, "referral")
    given: dict[str, Any] = changed_values(
        current,
        referral_source=referral_source,
        primary_need_code=primary_need_code,
        referral_nfa=referral_nfa,
    )
    if not given:
        return current
    step.check_code(
        "ReferralSource", given.get("referral_source", current.referral_source), "referral source"
    )
    step.check_code(
        "PrimaryNeedCode",
        given.get("primary_need_code", current.primary_need_code),
        "primary need",
        blank_ok=True,
    )
    if given.get("referral_nfa") and Assessment.objects.filter(cin_episode=current).exists():
        step.fail(Rule.REFERRAL_NFA, "the referral has assessments, so it cannot be no further action.")
    before = snapshot(current, given)
    for field, value in given.items():
        setattr(current, field, value)
    save_changes(current, given)
    step.record(
        what="Referral corrected: " + ", ".join(sorted(given)),
        record=current,
        occurred_on=clock.today(),
        before=before,
        after=snapshot(current, given),
    )
    return current


#: (model, date field) pairs whose dates count as work recorded under a referral.
_EPISODE_DATES: tuple[tuple[type[Any], str], ...] = (
    (Assessment, "assessment_actual_start_date"),
    (Assessment, "assessment_authorisation_date"),
    (StrategyDiscussion, "held_on"),
    (Section47, "s47_actual_start_date"),
    (Section47, "completed_on"),
    (Conference, "conference_date"),
    (CPPlan, "cpp_start_date"),
    (CPPlan, "cpp_end_date"),
    (CINPlan, "cin_plan_start_date"),
    (CINPlan, "cin_plan_end_date"),
    (Visit, "visit_date"),
    (PreProceedings, "plo_start_date"),
)


def _latest_activity(episode: CINEpisode) -> date | None:
    """The latest practice date recorded under an episode, in one query of correlated subqueries."""
    columns = {
        f"d{i}": Subquery(
            model._default_manager.filter(cin_episode=OuterRef("pk"))
            .values("cin_episode")
            .annotate(latest=Max(field))
            .values("latest")
        )
        for i, (model, field) in enumerate(_EPISODE_DATES)
    }
    row = CINEpisode.objects.filter(pk=episode.pk).values(**columns).get()
    dates: list[date] = [d for d in row.values() if isinstance(d, date)]
    return max(dates) if dates else None


@transaction.atomic
def close_cin_episode(
    *,
    cin_episode: CINEpisode,
    cin_closure_date: date,
    reason_for_closure: str,
    expected_version: int,
    by: User | None,
) -> CINEpisode:
    """Close a referral (CIN episode) with a DfE reason for closure.

    RC8 and RC9 mean "closed after assessment", so they are refused for an
    episode that holds section 47 enquiries, conferences or plans. RC2 (died)
    is the only closure that may follow the child's recorded death, and needs
    that death recorded first. Plans must end before the episode closes, and
    nothing already recorded may be dated after the closure.
    """
    step = begin("close_cin_episode", "close the referral", child=cin_episode.child_id, by=by)
    current = lock(CINEpisode, cin_episode.pk)
    step.check_version(current, expected_version, "referral")
    _closure_checks(step, current, cin_closure_date, reason_for_closure)
    current.cin_closure_date = cin_closure_date
    current.reason_for_closure = reason_for_closure
    save_changes(current, ["cin_closure_date", "reason_for_closure"])
    step.record(
        what=f"Referral closed ({reason_for_closure})",
        record=current,
        occurred_on=cin_closure_date,
        before={"cin_closure_date": None, "reason_for_closure": ""},
        after=snapshot(current, ["cin_closure_date", "reason_for_closure"]),
    )
    return current


@transaction.atomic
def check_cin_closure(
    *, cin_episode: CINEpisode, cin_closure_date: date, reason_for_closure: str, by: User | None
) -> None:
    """Refuse now, with the journey's own message, a closure :func:`close_cin_episode` would refuse.

    Why: a worker submits a closure for a manager's sign-off days before it is made; one the
    rules refuse (an open plan, RC8/RC9 with statutory work, work after the date) should be
    refused at submission, not wait in a tray for an authorisation that can only fail. The same
    checks as the closure itself, nothing written.
    """
    step = begin("close_cin_episode", "close the referral", child=cin_episode.child_id, by=by)
    _closure_checks(step, lock(CINEpisode, cin_episode.pk), cin_closure_date, reason_for_closure)


def _closure_checks(step: Step, current: CINEpisode, cin_closure_date: date, reason_for_closure: str) -> None:
    """Every rule a referral's closure must pass (see :func:`close_cin_episode`)."""
    step.require(current.cin_closure_date is None, Rule.ALREADY_ENDED, "the referral is already closed.")
    step.check_code("ReasonForClosure", reason_for_closure, "reason for closure")
    child = step.child
    assert child is not None
    if reason_for_closure == "RC2":
        if child.person_death_date is None:
            step.fail(
                Rule.RC2_NEEDS_DEATH,
                "closure reason RC2 (died) needs the child's date of death recorded first.",
            )
        step.check_date(cin_closure_date, "closure date", after_death_ok=True)
        step.check_order(child.person_death_date, cin_closure_date, "date of death", "closure date")
    else:
        step.check_date(cin_closure_date, "closure date")
    step.check_order(current.cin_referral_date, cin_closure_date, "referral date", "closure date")
    flags = (
        CINEpisode.objects.filter(pk=current.pk)
        .annotate(
            has_s47=Exists(Section47.objects.filter(cin_episode=OuterRef("pk"))),
            has_conference=Exists(Conference.objects.filter(cin_episode=OuterRef("pk"))),
            has_cp_plan=Exists(CPPlan.objects.filter(cin_episode=OuterRef("pk"))),
            has_cin_plan=Exists(CINPlan.objects.filter(cin_episode=OuterRef("pk"))),
            open_cp_plan=Exists(CPPlan.objects.filter(cin_episode=OuterRef("pk"), cpp_end_date__isnull=True)),
            open_cin_plan=Exists(
                CINPlan.objects.filter(cin_episode=OuterRef("pk"), cin_plan_end_date__isnull=True)
            ),
        )
        .values("has_s47", "has_conference", "has_cp_plan", "has_cin_plan", "open_cp_plan", "open_cin_plan")
        .get()
    )
    if reason_for_closure in RC_AFTER_ASSESSMENT:
        held = [
            name
            for name, key in (
                ("section 47 enquiries", "has_s47"),
                ("child protection conferences", "has_conference"),
                ("child protection plans", "has_cp_plan"),
                ("child in need plans", "has_cin_plan"),
            )
            if flags[key]
        ]
        if held:
            step.fail(
                Rule.RC8_RC9_WITH_STATUTORY_WORK,
                f"{reason_for_closure} means closed after assessment, but this referral holds "
                f"{' and '.join(held)}. Choose another reason for closure.",
            )
    if flags["open_cp_plan"] or flags["open_cin_plan"]:
        step.fail(Rule.CLOSURE_WITH_OPEN_PLAN, "end the child's open plan before closing the referral.")
    latest = _latest_activity(current)
    if latest is not None and latest > cin_closure_date:
        step.fail(
            Rule.ACTIVITY_AFTER_CLOSURE,
            f"work is recorded under this referral on {fmt(latest)}, after the closure date "
            f"({fmt(cin_closure_date)}).",
        )


# --- Assessments ------------------------------------------------------------------


@transaction.atomic
def start_assessment(
    *,
    cin_episode: CINEpisode,
    assessment_actual_start_date: date,
    worker: Worker | None = None,
    by: User | None,
) -> Assessment:
    """Start a single assessment under a referral (pre-birth assessments are allowed)."""
    step = begin("start_assessment", "start an assessment", child=cin_episode.child_id, by=by)
    episode = lock(CINEpisode, cin_episode.pk)
    step.check_date(assessment_actual_start_date, "assessment start date")
    step.check_in_episode(episode, assessment_actual_start_date, "assessment start date")
    step.check_worker(worker, assessment_actual_start_date)
    assessment = Assessment.objects.create(
        child=step.subject,
        cin_episode=episode,
        worker=worker,
        assessment_actual_start_date=assessment_actual_start_date,
    )
    step.record(
        what="Assessment started",
        record=assessment,
        occurred_on=assessment_actual_start_date,
        after=snapshot(assessment, ["cin_episode", "assessment_actual_start_date", "worker"]),
    )
    return assessment


#: AssessmentFactors "21 No factors identified": it means nothing was found, so it stands alone.
NO_FACTORS = "21"


def no_factors_with_others(factors: Sequence[str]) -> bool:
    """Whether "21 No factors identified" is chosen together with a factor that was found.

    The CIN census refuses it (DfE rule 8869); refusing it at entry, here and in the form that
    proposes the factors, saves the worker finding out at the return.
    """
    chosen = set(factors)
    return NO_FACTORS in chosen and len(chosen) > 1


@transaction.atomic
def complete_assessment(
    *,
    assessment: Assessment,
    assessment_authorisation_date: date,
    assessment_factors: Sequence[str],
    child_seen: bool,
    outcome: str,
    expected_version: int,
    by: User | None,
) -> Assessment:
    """Complete (authorise) an assessment, with the DfE factors identified and its outcome."""
    step = begin("complete_assessment", "complete the assessment", child=assessment.child_id, by=by)
    current = lock(Assessment, assessment.pk, related=["cin_episode"])
    step.check_version(current, expected_version, "assessment")
    step.require(
        current.assessment_authorisation_date is None,
        Rule.ALREADY_ENDED,
        "the assessment is already authorised.",
    )
    step.check_date(assessment_authorisation_date, "authorisation date")
    step.check_order(
        current.assessment_actual_start_date,
        assessment_authorisation_date,
        "assessment start date",
        "authorisation date",
    )
    step.check_in_episode(current.cin_episode, assessment_authorisation_date, "authorisation date")
    for code in assessment_factors:
        step.check_code("AssessmentFactors", code, "assessment factor")
    step.require(
        not no_factors_with_others(assessment_factors),
        Rule.NO_FACTORS_WITH_OTHERS,
        "factor 21 (no factors identified) cannot be recorded with any other factor.",
    )
    step.check_choice(AssessmentOutcome, outcome, "assessment outcome")
    current.assessment_authorisation_date = assessment_authorisation_date
    current.assessment_factors = list(dict.fromkeys(assessment_factors))
    current.child_seen = child_seen
    current.outcome = outcome
    save_changes(current, ["assessment_authorisation_date", "assessment_factors", "child_seen", "outcome"])
    step.record(
        what=f"Assessment completed: {current.get_outcome_display()}",
        record=current,
        occurred_on=assessment_authorisation_date,
        before={"assessment_authorisation_date": None},
        after=snapshot(
            current, ["assessment_authorisation_date", "assessment_factors", "child_seen", "outcome"]
        ),
    )
    return current
