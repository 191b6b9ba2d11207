"""Looked-after children: episodes of care, placements, reviews, health and education.

An SSDA903 episode is a spell with one legal status and one placement. A
change of placement or legal status ends the current episode (REC ``X1``)
and starts the next on the same day, with RNE saying what changed. The child
has at most one open episode, which the database also enforces.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from continuum.core import clock
from continuum.journey.errors import Rule
from continuum.journey.models import (
    PEP,
    SDQ,
    CINEpisode,
    CLAEpisode,
    CLAReview,
    DentalCheck,
    HealthAssessment,
    HealthAssessmentKind,
    PermanencePlan,
    Placement,
)
from continuum.journey.services._base import Step, begin, fmt, lock, save_changes, snapshot
from continuum.journey.services.children import UNSET, changed_values
from continuum.people.models import Child, Worker

_EPISODE_SHOWN = ("decom", "rne", "ls", "cin", "place", "place_provider", "in_borough")
#: RNE codes for a new episode that changes the placement; L changes legal status only.
_PLACEMENT_CHANGES = frozenset({"P", "T", "B", "U"})
_LEGAL_STATUS_CHANGES = frozenset({"L", "T", "U"})


def episode_on(child: Child | int, on: date) -> CLAEpisode | None:
    """The child's CLA episode covering ``on`` (the later one on a changeover day)."""
    return (
        CLAEpisode.objects.filter(child=child, decom__lte=on)
        .filter(Q(dec__isnull=True) | Q(dec__gte=on))
        .order_by("-decom", "-pk")
        .first()
    )


def _require_looked_after(step: Step, on: date, what: str) -> CLAEpisode:
    episode = episode_on(step.subject.pk, on) if step.child is not None else None
    if episode is None:
        step.fail(Rule.NOT_LOOKED_AFTER, f"the child was not looked after on the {what} ({fmt(on)}).")
    return episode


def _check_placement_codes(step: Step, *, place: str, place_provider: str, urn: str) -> None:
    step.check_code("episodes.PLACE", place, "placement type (PLACE)")
    step.check_code("episodes.PLACE_PROVIDER", place_provider, "placement provider", blank_ok=True)
    if urn and not urn.isalnum():
        step.fail(Rule.INVALID_CODE, f"{urn!r} is not a valid Ofsted unique reference number.")


@transaction.atomic
def start_cla_episode(
    *,
    child: Child,
    decom: date,
    ls: str,
    cin: str,
    place: str,
    in_borough: bool,
    rne: str = "S",
    place_provider: str = "",
    provider_name: str = "",
    home_post: str = "",
    pl_post: str = "",
    urn: str = "",
    permanence_plan: str = "",
    cin_episode: CINEpisode | None = None,
    by: User | None,
) -> CLAEpisode:
    """The child starts to be looked after: the first episode of a period of care and its placement."""
    step = begin("start_cla_episode", "start a looked-after episode", child=child, by=by)
    step.require_born()
    step.check_date(decom, "date the child became looked after (DECOM)")
    step.check_code("episodes.RNE", rne, "reason for new episode (RNE)")
    step.check_code("episodes.LS", ls, "legal status (LS)")
    step.check_code("episodes.CIN", cin, "category of need")
    step.check_choice(PermanencePlan, permanence_plan, "permanence plan", blank_ok=True)
    _check_placement_codes(step, place=place, place_provider=place_provider, urn=urn)
    if cin_episode is not None:
        step.check_in_episode(cin_episode, decom, "date the child became looked after")
    latest = (
        CLAEpisode.objects.filter(child=step.subject).order_by("-decom", "-pk").only("decom", "dec").first()
    )
    if latest is not None:
        if latest.dec is None:
            step.fail(
                Rule.ONE_OPEN_CLA_EPISODE,
                f"the child is already looked after (episode from {fmt(latest.decom)}); "
                "record a change of placement or legal status instead.",
            )
        if decom < latest.dec:
            step.fail(
                Rule.CLA_OVERLAP,
                f"the new episode ({fmt(decom)}) would start before the last one ended ({fmt(latest.dec)}).",
            )
    placement = Placement.objects.create(
        child=step.subject,
        start_date=decom,
        place=place,
        place_provider=place_provider,
        provider_name=provider_name,
        urn=urn,
        pl_post=pl_post.upper().strip(),
        in_borough=in_borough,
    )
    episode = CLAEpisode.objects.create(
        child=step.subject,
        cin_episode=cin_episode,
        placement=placement,
        decom=decom,
        rne=rne,
        ls=ls,
        cin=cin,
        place=place,
        place_provider=place_provider,
        home_post=home_post.upper().strip(),
        pl_post=placement.pl_post,
        urn=urn,
        in_borough=in_borough,
        permanence_plan=permanence_plan,
    )
    step.record(
        what="Started to be looked after",
        record=episode,
        occurred_on=decom,
        after=snapshot(episode, _EPISODE_SHOWN),
    )
    return episode


def _next_episode(
    step: Step,
    current: CLAEpisode,
    *,
    on: date,
    rne: str,
    ls: str,
    placement: Placement,
    reason_place_change: str = "",
) -> CLAEpisode:
    """End ``current`` with X1 on ``on`` and open the next episode the same day."""
    step.check_date(on, "date of the change")
    step.check_order(current.decom, on, "start of the current episode", "date of the change")
    current.dec = on
    current.rec = "X1"
    current.reason_place_change = reason_place_change
    save_changes(current, ["dec", "rec", "reason_place_change"])
    return CLAEpisode.objects.create(
        child=step.subject,
        cin_episode=current.cin_episode,
        placement=placement,
        decom=on,
        rne=rne,
        ls=ls,
        cin=current.cin,
        place=placement.place,
        place_provider=placement.place_provider,
        home_post=current.home_post,
        pl_post=placement.pl_post,
        urn=placement.urn,
        in_borough=placement.in_borough,
        permanence_plan=current.permanence_plan,
    )


def _lock_open_episode(step: Step, episode: CLAEpisode, expected_version: int) -> CLAEpisode:
    current = lock(CLAEpisode, episode.pk, related=["placement"])
    step.check_version(current, expected_version, "looked-after episode")
    if current.dec is not None:
        step.fail(
            Rule.ALREADY_ENDED, f"this episode ended on {fmt(current.dec)}; changes go on the open episode."
        )
    return current


@transaction.atomic
def change_placement(
    *,
    cla_episode: CLAEpisode,
    on: date,
    place: str,
    in_borough: bool,
    reason_place_change: str,
    rne: str = "P",
    ls: str | None = None,
    place_provider: str = "",
    provider_name: str = "",
    pl_post: str = "",
    urn: str = "",
    expected_version: int,
    by: User | None,
) -> CLAEpisode:
    """Move a looked-after child to a new placement; a new episode starts that day.

    ``rne`` is P (placement only), B (placement, same carers), or T/U with a
    new ``ls`` when the legal status changes at the same time.
    """
    step = begin("change_placement", "change placement", child=cla_episode.child_id, by=by)
    current = _lock_open_episode(step, cla_episode, expected_version)
    step.check_date(on, "date of the move")
    if rne not in _PLACEMENT_CHANGES:
        step.fail(Rule.INVALID_CODE, f"RNE {rne!r} does not describe a change of placement.")
    if rne in _LEGAL_STATUS_CHANGES and (ls is None or ls == current.ls):
        step.fail(
            Rule.MISSING_VALUE, f"RNE {rne} means the legal status changed too; give the new legal status."
        )
    new_ls = ls if ls is not None else current.ls
    step.check_code("episodes.LS", new_ls, "legal status (LS)")
    step.check_code("episodes.REASON_PLACE_CHANGE", reason_place_change, "reason for placement change")
    _check_placement_codes(step, place=place, place_provider=place_provider, urn=urn)
    old_placement = current.placement
    step.check_order(old_placement.start_date, on, "start of the current placement", "date of the move")
    before = snapshot(current, ["place", "ls", "in_borough"])
    old_placement.end_date = on
    old_placement.reason_place_change = reason_place_change
    save_changes(old_placement, ["end_date", "reason_place_change"])
    placement = Placement.objects.create(
        child=step.subject,
        start_date=on,
        place=place,
        place_provider=place_provider,
        provider_name=provider_name,
        urn=urn,
        pl_post=pl_post.upper().strip(),
        in_borough=in_borough,
    )
    episode = _next_episode(
        step, current, on=on, rne=rne, ls=new_ls, placement=placement, reason_place_change=reason_place_change
    )
    step.record(
        what=f"Placement changed ({reason_place_change})",
        record=episode,
        occurred_on=on,
        before=before,
        after={
            **snapshot(episode, ["decom", "rne", "place", "ls", "in_borough"]),
            "ended_episode_id": current.pk,
        },
    )
    return episode


@transaction.atomic
def change_legal_status(
    *, cla_episode: CLAEpisode, on: date, ls: str, expected_version: int, by: User | None
) -> CLAEpisode:
    """Record a change of legal status alone (RNE L); the child stays in the same placement."""
    step = begin("change_legal_status", "change legal status", child=cla_episode.child_id, by=by)
    current = _lock_open_episode(step, cla_episode, expected_version)
    step.check_code("episodes.LS", ls, "legal status (LS)")
    if ls == current.ls:
        step.fail(Rule.INVALID_CODE, f"the legal status is already {ls}.")
    before = snapshot(current, ["ls"])
    episode = _next_episode(step, current, on=on, rne="L", ls=ls, placement=current.placement)
    step.record(
        what=f"Legal status changed to {ls}",
        record=episode,
        occurred_on=on,
        before=before,
        after={**snapshot(episode, ["decom", "rne", "ls"]), "ended_episode_id": current.pk},
    )
    return episode


@transaction.atomic
def end_cla_episode(
    *, cla_episode: CLAEpisode, dec: date, rec: str, expected_version: int, by: User | None
) -> CLAEpisode:
    """The child stops being looked after (SSDA903 DEC and REC). E2 (died) needs the death recorded."""
    step = begin("end_cla_episode", "end the looked-after episode", child=cla_episode.child_id, by=by)
    current = _lock_open_episode(step, cla_episode, expected_version)
    step.check_code("episodes.REC", rec, "reason episode ceased (REC)")
    if rec == "X1":
        step.fail(Rule.INVALID_CODE, "X1 is used only when a new episode starts; record the change instead.")
    child = step.child
    assert child is not None
    if rec == "E2" and child.person_death_date is None:
        step.fail(Rule.RC2_NEEDS_DEATH, "reason E2 (died) needs the child's date of death recorded first.")
    step.check_date(dec, "date the episode ceased (DEC)")
    step.check_order(current.decom, dec, "episode start (DECOM)", "date the episode ceased (DEC)")
    current.dec = dec
    current.rec = rec
    save_changes(current, ["dec", "rec"])
    placement = current.placement
    if placement.end_date is None:
        placement.end_date = dec
        save_changes(placement, ["end_date"])
    step.record(
        what=f"Stopped being looked after ({rec})",
        record=current,
        occurred_on=dec,
        before={"dec": None, "rec": ""},
        after=snapshot(current, ["dec", "rec"]),
    )
    return current


@transaction.atomic
def update_cla_episode(
    *,
    cla_episode: CLAEpisode,
    expected_version: int,
    by: User | None,
    cin: str = UNSET,
    home_post: str = UNSET,
    permanence_plan: str = UNSET,
) -> CLAEpisode:
    """Correct details that do not start a new episode: category of need, home postcode, permanence plan."""
    step = begin("update_cla_episode", "update the looked-after episode", child=cla_episode.child_id, by=by)
    current = lock(CLAEpisode, cla_episode.pk)
    step.check_version(current, expected_version, "looked-after episode")
    given: dict[str, Any] = changed_values(
        current, cin=cin, home_post=home_post, permanence_plan=permanence_plan
    )
    if not given:
        return current
    step.check_code("episodes.CIN", given.get("cin", current.cin), "category of need")
    step.check_choice(
        PermanencePlan,
        given.get("permanence_plan", current.permanence_plan),
        "permanence plan",
        blank_ok=True,
    )
    shown = [f for f in given if f != "home_post"]
    before = snapshot(current, shown)
    for field, value in given.items():
        setattr(current, field, value.upper().strip() if field == "home_post" else value)
    save_changes(current, given)
    step.record(
        what="Looked-after episode corrected: " + ", ".join(sorted(given)),
        record=current,
        occurred_on=clock.today(),
        before=before,
        after=snapshot(current, shown),
    )
    return current


#: REVIEW_CODE "Child aged under 4 at the time of the review".
UNDER_FOUR = "PN0"


def too_old_for_under_four(child: Child, review: date, review_code: str) -> int | None:
    """The child's age on the review date when ``review_code`` says "aged under 4" and they were 4 or
    more; None when the code may stand.

    PN0 is refused at entry for an older child, not months later as the SSDA903 return's error 440
    (the age on the review date, so on the 4th birthday the child is 4). A function of its own so the
    review form can say so beside the field before the service is asked, by the same rule.
    """
    age = child.age_on(review)
    return age if review_code == UNDER_FOUR and age is not None and age >= 4 else None


@transaction.atomic
def record_cla_review(
    *, child: Child, review: date, review_code: str, iro: Worker | None = None, by: User | None
) -> CLAReview:
    """Record a looked-after child review (SSDA903 REVIEW and REVIEW_CODE)."""
    step = begin("record_cla_review", "record a looked-after review", child=child, by=by)
    step.check_date(review, "review date")
    step.check_code("reviews.REVIEW_CODE", review_code, "review participation (REVIEW_CODE)")
    age = too_old_for_under_four(step.subject, review, review_code)
    if age is not None:
        step.fail(
            Rule.INVALID_CODE,
            f"How the child took part (REVIEW_CODE): 'Child aged under 4' (PN0) is only for a child under 4, "
            f"and the child was {age} on the review date ({fmt(review)}); choose how they took part.",
        )
    episode = _require_looked_after(step, review, "review date")
    record = CLAReview.objects.create(
        child=step.subject, cla_episode=episode, review=review, review_code=review_code, iro=iro
    )
    step.record(
        what="Looked-after review",
        record=record,
        occurred_on=review,
        after=snapshot(record, ["review", "review_code", "cla_episode"]),
    )
    return record


@transaction.atomic
def record_health_assessment(
    *, child: Child, assessment_date: date, kind: str = HealthAssessmentKind.REVIEW, by: User | None
) -> HealthAssessment:
    """Record a looked-after child's health assessment."""
    step = begin("record_health_assessment", "record a health assessment", child=child, by=by)
    step.require_born()
    step.check_choice(HealthAssessmentKind, kind, "health assessment type")
    step.check_date(assessment_date, "health assessment date")
    episode = _require_looked_after(step, assessment_date, "health assessment date")
    record = HealthAssessment.objects.create(
        child=step.subject, cla_episode=episode, assessment_date=assessment_date, kind=kind
    )
    step.record(
        what="Health assessment",
        record=record,
        occurred_on=assessment_date,
        after=snapshot(record, ["assessment_date", "kind"]),
    )
    return record


@transaction.atomic
def record_dental_check(*, child: Child, check_date: date, by: User | None) -> DentalCheck:
    """Record a looked-after child's dental check."""
    step = begin("record_dental_check", "record a dental check", child=child, by=by)
    step.require_born()
    step.check_date(check_date, "dental check date")
    episode = _require_looked_after(step, check_date, "dental check date")
    record = DentalCheck.objects.create(child=step.subject, cla_episode=episode, check_date=check_date)
    step.record(
        what="Dental check", record=record, occurred_on=check_date, after=snapshot(record, ["check_date"])
    )
    return record


@transaction.atomic
def record_sdq(
    *, child: Child, sdq_date: date, sdq_score: int | None = None, sdq_reason: str = "", by: User | None
) -> SDQ:
    """Record a Strengths and Difficulties Questionnaire: a score 0–40, or the DfE reason there is none."""
    step = begin("record_sdq", "record an SDQ", child=child, by=by)
    step.require_born()
    step.check_date(sdq_date, "SDQ date")
    if (sdq_score is None) == (sdq_reason == ""):
        step.fail(
            Rule.SDQ_SCORE_OR_REASON, "give either an SDQ score or the reason there is no score, not both."
        )
    if sdq_score is not None and not 0 <= sdq_score <= 40:
        step.fail(Rule.SDQ_SCORE_OR_REASON, "an SDQ score is between 0 and 40.")
    step.check_code("oc2.SDQ_REASON", sdq_reason, "SDQ reason", blank_ok=True)
    episode = _require_looked_after(step, sdq_date, "SDQ date")
    record = SDQ.objects.create(
        child=step.subject, cla_episode=episode, sdq_date=sdq_date, sdq_score=sdq_score, sdq_reason=sdq_reason
    )
    step.record(
        what="SDQ recorded",
        record=record,
        occurred_on=sdq_date,
        after=snapshot(record, ["sdq_date", "sdq_score", "sdq_reason"]),
    )
    return record


@transaction.atomic
def record_pep(*, child: Child, pep_date: date, by: User | None) -> PEP:
    """Record a Personal Education Plan meeting for a looked-after child."""
    step = begin("record_pep", "record a personal education plan", child=child, by=by)
    step.require_born()
    step.check_date(pep_date, "PEP date")
    episode = _require_looked_after(step, pep_date, "PEP date")
    record = PEP.objects.create(child=step.subject, cla_episode=episode, pep_date=pep_date)
    step.record(
        what="Personal education plan",
        record=record,
        occurred_on=pep_date,
        after=snapshot(record, ["pep_date"]),
    )
    return record
