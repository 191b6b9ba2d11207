"""Pre-proceedings (the Public Law Outline), care proceedings, private fostering and LADO allegations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from continuum.journey.errors import Rule
from continuum.journey.models import (
    CareProceedings,
    CINEpisode,
    EmployerSector,
    LadoAction,
    LadoAllegation,
    LadoOutcome,
    PreProceedings,
    PreProceedingsOutcome,
    PrivateFostering,
    ProceedingsOutcome,
)
from continuum.journey.services._base import begin, lock, save_changes, snapshot
from continuum.people.models import Child, FamilyMember

#: Private fostering covers children under 16, or under 18 if disabled (Children Act 1989 s66).
PRIVATE_FOSTERING_AGE = 16
PRIVATE_FOSTERING_AGE_DISABLED = 18


@transaction.atomic
def start_pre_proceedings(
    *,
    cin_episode: CINEpisode,
    plo_start_date: date,
    letter_before_proceedings_date: date | None = None,
    fgdm_date: date | None = None,
    by: User | None,
) -> PreProceedings:
    """Start the pre-proceedings stage of the Public Law Outline."""
    step = begin("start_pre_proceedings", "start pre-proceedings", child=cin_episode.child_id, by=by)
    episode = lock(CINEpisode, cin_episode.pk)
    step.check_date(plo_start_date, "PLO start date")
    step.check_in_episode(episode, plo_start_date, "PLO start date", statutory=True)
    for value, what in (
        (letter_before_proceedings_date, "letter before proceedings"),
        (fgdm_date, "family group decision meeting"),
    ):
        step.check_date(value, what)
    record = PreProceedings.objects.create(
        child=step.subject,
        cin_episode=episode,
        plo_start_date=plo_start_date,
        letter_before_proceedings_date=letter_before_proceedings_date,
        fgdm_date=fgdm_date,
    )
    step.record(
        what="Pre-proceedings started",
        record=record,
        occurred_on=plo_start_date,
        after=snapshot(record, ["plo_start_date", "letter_before_proceedings_date", "fgdm_date"]),
    )
    return record


#: What :func:`update_pre_proceedings` records: the CIN census module 5 beyond the start.
PRE_PROCEEDINGS_FIELDS = (
    "letter_before_proceedings_date",
    "fgdm_offered",
    "fgdm_held",
    "fgdm_date",
    "initial_meeting_date",
    "review_meetings",
    "decision_date",
    "outcome",
    "court_application_date",
    "letter_initiating_proceedings_date",
)
_PRE_PROCEEDINGS_DATES = {
    "letter_before_proceedings_date": "letter before proceedings",
    "fgdm_date": "family group decision meeting",
    "initial_meeting_date": "initial pre-proceedings meeting",
    "decision_date": "decision to step up or down",
    "court_application_date": "court application",
    "letter_initiating_proceedings_date": "letter initiating care proceedings",
}


def _check_pre_proceedings(step: Any, r: PreProceedings) -> None:
    """The module's own order (the CIN census rules 9006, 9009, 9012, 9013) and what goes together."""
    for name, what in _PRE_PROCEEDINGS_DATES.items():
        step.check_date(getattr(r, name), what)
        step.check_order(r.plo_start_date, getattr(r, name), "PLO start date", what)
    court, letter = "court application", "letter initiating care proceedings"
    step.check_order(r.decision_date, r.court_application_date, "decision to step up or down", court)
    step.check_order(r.court_application_date, r.letter_initiating_proceedings_date, court, letter)
    step.check_choice(PreProceedingsOutcome, r.outcome, "pre-proceedings outcome", blank_ok=True)
    meetings = r.review_meetings
    step.require(meetings is None or meetings >= 0, Rule.INVALID_CODE, "review meetings cannot be negative.")
    step.require(
        meetings is None or r.initial_meeting_date is not None,
        Rule.MISSING_VALUE,
        "review meetings follow the initial pre-proceedings meeting: record its date first.",
    )
    step.require(
        not (r.fgdm_held and r.fgdm_offered is False),
        Rule.MISSING_VALUE,
        "a family group decision meeting held follows its offer: it cannot be held but not offered.",
    )
    step.require(
        r.fgdm_date is None or r.fgdm_held is not False,
        Rule.MISSING_VALUE,
        "a family group decision meeting with a date was held.",
    )


@transaction.atomic
def update_pre_proceedings(
    *, pre_proceedings: PreProceedings, expected_version: int, by: User | None, **values: Any
) -> PreProceedings:
    """Record the CIN census module 5 details of pre-proceedings (any of ``PRE_PROCEEDINGS_FIELDS``).

    Why one service for them all: the letter, the FGDM, the meetings, the
    decision and the court application arrive over weeks, and each is
    checked against the others (a court application before the decision to
    step up is refused) whichever is recorded first. A field not given is
    left as it is; ``None`` (or ``""`` for the outcome) clears it.
    """
    step = begin("update_pre_proceedings", "record pre-proceedings", child=pre_proceedings.child_id, by=by)
    unknown = set(values) - set(PRE_PROCEEDINGS_FIELDS)
    if unknown:
        raise TypeError(f"update_pre_proceedings: unknown fields {sorted(unknown)}")
    current = lock(PreProceedings, pre_proceedings.pk)
    step.check_version(current, expected_version, "pre-proceedings record")
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    was = snapshot(current, PRE_PROCEEDINGS_FIELDS)
    for name in changed:
        setattr(current, name, values[name])
    if current.fgdm_date is not None and current.fgdm_held is None:  # a meeting with a date was held
        current.fgdm_held = True
        changed.append("fgdm_held")
    _check_pre_proceedings(step, current)
    if not changed:
        return current
    save_changes(current, changed)
    step.record(
        what="Pre-proceedings updated",
        record=current,
        occurred_on=max(
            [d for d in (getattr(current, n) for n in _PRE_PROCEEDINGS_DATES) if d is not None]
            or [current.plo_start_date]
        ),
        before={name: was[name] for name in changed},
        after=snapshot(current, changed),
    )
    return current


@transaction.atomic
def end_pre_proceedings(
    *, pre_proceedings: PreProceedings, end_date: date, expected_version: int, by: User | None
) -> PreProceedings:
    """End pre-proceedings (diverted from court, or proceedings issued)."""
    step = begin("end_pre_proceedings", "end pre-proceedings", child=pre_proceedings.child_id, by=by)
    current = lock(PreProceedings, pre_proceedings.pk)
    step.check_version(current, expected_version, "pre-proceedings record")
    step.require(current.end_date is None, Rule.ALREADY_ENDED, "pre-proceedings have already ended.")
    step.check_date(end_date, "end date")
    step.check_order(current.plo_start_date, end_date, "PLO start date", "end date")
    current.end_date = end_date
    save_changes(current, ["end_date"])
    step.record(
        what="Pre-proceedings ended",
        record=current,
        occurred_on=end_date,
        before={"end_date": None},
        after=snapshot(current, ["end_date"]),
    )
    return current


@transaction.atomic
def start_care_proceedings(
    *,
    cin_episode: CINEpisode,
    application_date: date,
    pre_proceedings: PreProceedings | None = None,
    by: User | None,
) -> CareProceedings:
    """Record an application to court for care proceedings (expected to finish within 26 weeks)."""
    step = begin("start_care_proceedings", "start care proceedings", child=cin_episode.child_id, by=by)
    episode = lock(CINEpisode, cin_episode.pk)
    step.check_date(application_date, "application date")
    step.check_in_episode(episode, application_date, "application date", statutory=True)
    if pre_proceedings is not None:
        step.check_same_child(pre_proceedings, "pre-proceedings record")
        step.check_order(
            pre_proceedings.plo_start_date, application_date, "PLO start date", "application date"
        )
    record = CareProceedings.objects.create(
        child=step.subject,
        cin_episode=episode,
        pre_proceedings=pre_proceedings,
        application_date=application_date,
    )
    step.record(
        what="Care proceedings issued",
        record=record,
        occurred_on=application_date,
        after=snapshot(record, ["application_date", "pre_proceedings"]),
    )
    return record


@transaction.atomic
def end_care_proceedings(
    *, care_proceedings: CareProceedings, end_date: date, outcome: str, expected_version: int, by: User | None
) -> CareProceedings:
    """Record the end of care proceedings and the order made."""
    step = begin("end_care_proceedings", "end care proceedings", child=care_proceedings.child_id, by=by)
    current = lock(CareProceedings, care_proceedings.pk)
    step.check_version(current, expected_version, "care proceedings record")
    step.require(current.end_date is None, Rule.ALREADY_ENDED, "the proceedings have already ended.")
    step.check_choice(ProceedingsOutcome, outcome, "proceedings outcome")
    step.check_date(end_date, "end of proceedings")
    step.check_order(current.application_date, end_date, "application date", "end of proceedings")
    current.end_date = end_date
    current.outcome = outcome
    save_changes(current, ["end_date", "outcome"])
    step.record(
        what=f"Care proceedings ended: {current.get_outcome_display()}",
        record=current,
        occurred_on=end_date,
        before={"end_date": None, "outcome": ""},
        after=snapshot(current, ["end_date", "outcome"]),
    )
    return current


# --- Private fostering ---------------------------------------------------------------


@transaction.atomic
def notify_private_fostering(
    *,
    child: Child,
    notification_date: date,
    start_date: date | None = None,
    carer: FamilyMember | None = None,
    by: User | None,
) -> PrivateFostering:
    """Record a private fostering notification (a child under 16, or under 18 if disabled)."""
    step = begin("notify_private_fostering", "record a private fostering arrangement", child=child, by=by)
    step.require_born()
    step.check_date(notification_date, "notification date")
    step.check_date(start_date, "arrangement start date")
    child_row = step.child
    assert child_row is not None
    on = start_date or notification_date
    age = child_row.age_on(on)
    limit = PRIVATE_FOSTERING_AGE_DISABLED if child_row.has_disability else PRIVATE_FOSTERING_AGE
    if age is not None and age >= limit:
        step.fail(
            Rule.PRIVATE_FOSTERING_AGE,
            f"private fostering covers children under {PRIVATE_FOSTERING_AGE} "
            f"(under {PRIVATE_FOSTERING_AGE_DISABLED} "
            f"if disabled); the child was {age}.",
        )
    record = PrivateFostering.objects.create(
        child=child_row, carer=carer, notification_date=notification_date, start_date=start_date
    )
    step.record(
        what="Private fostering notified",
        record=record,
        occurred_on=notification_date,
        after=snapshot(record, ["notification_date", "start_date", "carer"]),
    )
    return record


@transaction.atomic
def end_private_fostering(
    *, private_fostering: PrivateFostering, end_date: date, expected_version: int, by: User | None
) -> PrivateFostering:
    step = begin(
        "end_private_fostering",
        "end the private fostering arrangement",
        child=private_fostering.child_id,
        by=by,
    )
    current = lock(PrivateFostering, private_fostering.pk)
    step.check_version(current, expected_version, "private fostering arrangement")
    step.require(current.end_date is None, Rule.ALREADY_ENDED, "the arrangement has already ended.")
    step.check_date(end_date, "end date")
    step.check_order(current.start_date or current.notification_date, end_date, "start date", "end date")
    current.end_date = end_date
    save_changes(current, ["end_date"])
    step.record(
        what="Private fostering ended",
        record=current,
        occurred_on=end_date,
        before={"end_date": None},
        after=snapshot(current, ["end_date"]),
    )
    return current


# --- LADO -------------------------------------------------------------------------------


@transaction.atomic
def record_lado_allegation(
    *,
    received_date: date,
    source_agency: str,
    employer_sector: str,
    child: Child | None = None,
    by: User | None,
) -> LadoAllegation:
    """Record an allegation against someone working with children (the child may be unknown to us)."""
    step = begin("record_lado_allegation", "record a LADO allegation", child=child, by=by)
    step.check_date(received_date, "date received")
    step.check_code("ReferralSource", source_agency, "source agency")
    step.check_choice(EmployerSector, employer_sector, "employer sector")
    record = LadoAllegation.objects.create(
        child=step.subject,
        received_date=received_date,
        source_agency=source_agency,
        employer_sector=employer_sector,
    )
    step.record(
        what="LADO allegation received",
        record=record,
        occurred_on=received_date,
        after=snapshot(record, ["received_date", "source_agency", "employer_sector"]),
    )
    return record


@transaction.atomic
def conclude_lado_allegation(
    *,
    allegation: LadoAllegation,
    outcome: str,
    outcome_date: date,
    actions: Sequence[str] = (),
    expected_version: int,
    by: User | None,
) -> LadoAllegation:
    """Record the outcome of a LADO allegation and the actions taken."""
    step = begin("conclude_lado_allegation", "conclude the LADO allegation", child=allegation.child_id, by=by)
    current = lock(LadoAllegation, allegation.pk)
    step.check_version(current, expected_version, "LADO allegation")
    step.require(current.outcome == "", Rule.ALREADY_ENDED, "the allegation already has an outcome.")
    step.check_choice(LadoOutcome, outcome, "LADO outcome")
    step.check_choices(LadoAction, actions, "LADO action")
    step.check_date(outcome_date, "outcome date", after_death_ok=True)
    step.check_order(current.received_date, outcome_date, "date received", "outcome date")
    current.outcome = outcome
    current.outcome_date = outcome_date
    current.actions = list(dict.fromkeys(actions))
    save_changes(current, ["outcome", "outcome_date", "actions"])
    step.record(
        what=f"LADO allegation concluded: {current.get_outcome_display()}",
        record=current,
        occurred_on=outcome_date,
        before={"outcome": ""},
        after=snapshot(current, ["outcome", "outcome_date", "actions"]),
    )
    return current
