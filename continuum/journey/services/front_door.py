"""The front door: contacts arriving at the MASH, and the MASH decision on each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from continuum.core import clock
from continuum.journey.errors import Rule
from continuum.journey.models import (
    Brag,
    ChronologyEvent,
    CINEpisode,
    Consent,
    Contact,
    ContactOutcome,
    EarlyHelpEpisode,
    PartnerAgency,
    PartnerCheck,
)
from continuum.journey.services._base import Step, as_date, begin, lock, save_changes, snapshot
from continuum.journey.services.children import UNSET, changed_values
from continuum.people.models import Child, Relationship, Worker


@transaction.atomic
def record_contact(
    *,
    child: Child,
    received_at: datetime,
    referral_source: str,
    consent: str,
    consent_dispensed_rationale: str = "",
    referrer_name: str = "",
    referrer_role: str = "",
    referrer_organisation: str = "",
    referrer_phone: str = "",
    referrer_email: str = "",
    concerns: str = "",
    submission_token: str = "",
    by: User | None,
) -> Contact:
    """Record a contact received at the front door.

    Consent is either obtained or dispensed with; dispensing with it needs a
    recorded rationale, because sharing information without consent must be
    justified case by case. ``submission_token`` is the one-time token of the
    form it came from: the database takes each token once, so the same form
    sent twice cannot record two contacts (see :func:`contact_for_submission`).
    """
    step = begin("record_contact", "record a contact", child=child, by=by)
    step.check_date(received_at, "date the contact was received")
    step.check_code("ReferralSource", referral_source, "referral source")
    step.check_choice(Consent, consent, "consent")
    if consent == Consent.DISPENSED and not consent_dispensed_rationale.strip():
        step.fail(
            Rule.CONSENT_RATIONALE_REQUIRED,
            "consent was dispensed with, so record why it was right to proceed without it.",
        )
    contact = Contact.objects.create(
        child=step.subject,
        received_at=received_at,
        referral_source=referral_source,
        consent=consent,
        consent_dispensed_rationale=consent_dispensed_rationale,
        referrer_name=referrer_name,
        referrer_role=referrer_role,
        referrer_organisation=referrer_organisation,
        referrer_phone=referrer_phone,
        referrer_email=referrer_email,
        concerns=concerns,
        created_by=by,
        submission_token=submission_token,
    )
    step.record(
        what="Contact received",
        record=contact,
        occurred_on=received_at,
        after=snapshot(contact, ["received_at", "referral_source", "consent"]),
    )
    return contact


def contact_for_submission(submission_token: str) -> Contact | None:
    """The contact already recorded from the form carrying this one-time token, if any."""
    if not submission_token:
        return None
    return Contact.objects.filter(submission_token=submission_token).first()


#: How far back a contact the same person just recorded counts as this form sent again.
RESENT_WITHIN = timedelta(hours=1)


def contact_just_recorded(
    *,
    by: Any,
    referral_source: str,
    referrer_name: str,
    concerns: str,
    first_name: str,
    last_name: str,
    birth_date: date | None,
    now: datetime,
) -> Contact | None:
    """A contact ``by`` recorded in the last hour with the same referrer, concerns and child, if any.

    Why beside the one-time token: pressing Back reloads the form from the server (the page is not
    cached, as it holds a child's details), which gives it a new token while the browser refills what
    was typed. Sending that again is the same contact, not a new one: the same person, referrer and
    words of concern about a child of the same name and date of birth within the hour.
    """
    if by is None or not getattr(by, "pk", None):
        return None
    return (
        Contact.objects.filter(
            created_by=by,
            received_at__gte=now - RESENT_WITHIN,
            referral_source=referral_source,
            referrer_name=referrer_name,
            concerns=concerns,
            child__first_name=first_name,
            child__last_name=last_name,
            child__person_birth_date=birth_date,
        )
        .order_by("-pk")
        .first()
    )


#: What a record made for a contact's child holds before anyone works on it, besides the contact.
_NEW_RECORD_STEPS = frozenset({"register_child", "record_address"})


def _holds_more_than(child_id: int, contact: Contact) -> bool:
    """Whether the child's record holds anything besides its registration, address and this contact.

    Asked of the chronology (every change to a record is there) and of the
    other records that name the child, so a sibling linked from another
    child's record, another contact or a referral all count.
    """
    check_ids = list(contact.checks.values_list("pk", flat=True))
    own = Q(record_type="contact", record_id=contact.pk) | Q(
        record_type="partnercheck", record_id__in=check_ids
    )
    events = (
        ChronologyEvent.objects.filter(child_id=child_id).exclude(step__in=_NEW_RECORD_STEPS).exclude(own)
    )
    return (
        events.exists()
        or Contact.objects.filter(child_id=child_id).exclude(pk=contact.pk).exists()
        or Relationship.objects.filter(Q(child_id=child_id) | Q(related_child_id=child_id)).exists()
        or CINEpisode.objects.filter(child_id=child_id).exists()
    )


@transaction.atomic
def move_contact(*, contact: Contact, to_child: Child, expected_version: int, by: User | None) -> Contact:
    """Move a contact awaiting its decision to the child's existing record, from the record made for it.

    A partner agency is never shown other children, so its contact about a
    known child makes a new record; the MASH sees the likely match and moves
    the contact there, so the decision is made on the child's real history.
    Allowed only while the contact is undecided and the record made for it
    holds nothing else: anything more is two records to merge, not a contact
    to move. The move is in both children's chronologies; the empty record stays.
    """
    # Both children are locked, the lower id first, so two moves between them cannot deadlock.
    steps = {
        pk: begin("move_contact", "move the contact", child=pk, by=by)
        for pk in sorted({contact.child_id, to_child.pk})
    }
    step, target = steps[contact.child_id], steps[to_child.pk]
    current = lock(Contact, contact.pk)
    step.check_version(current, expected_version, "contact")
    _require_undecided(step, current)
    step.require(current.child_id != to_child.pk, Rule.WRONG_CHILD, "the contact is already on that record.")
    step.require(
        not _holds_more_than(current.child_id, current),
        Rule.WRONG_CHILD,
        "its record holds more than this contact (another contact, a relationship or other work), "
        "so the two records must be merged instead.",
    )
    old = step.subject
    current.child = target.subject
    save_changes(current, ["child"])
    PartnerCheck.objects.filter(contact=current).update(child=target.subject)
    moved = {"before": {"child_id": old.pk}, "after": {"child_id": target.subject.pk}}
    step.record(
        what=f"Contact {current.pk} moved to the child's existing record, {target.subject.la_child_id}",
        record=current,
        occurred_on=clock.now(),
        **moved,
    )
    target.record(
        what=f"Contact {current.pk} moved to this record from record {old.la_child_id}, made for it in error",
        record=current,
        occurred_on=clock.now(),
        **moved,
    )
    return current


def _brag_words(code: str) -> str:
    return Brag(code).label if code else "not rated"


@transaction.atomic
def record_initial_brag(
    *,
    contact: Contact,
    initial_brag: str,
    expected_version: int,
    by: User | None,
    brag_rationale: str | None = None,
) -> Contact:
    """Triage: rate a contact (BRAG) before its decision, so the queue can put the riskiest first.

    The rating may be changed until the decision; each change is its own
    chronology event (before and after), so the history of ratings stays visible.
    """
    step = begin("record_initial_brag", "record the initial BRAG rating", child=contact.child_id, by=by)
    current = lock(Contact, contact.pk)
    step.check_version(current, expected_version, "contact")
    _require_undecided(step, current)
    step.check_choice(Brag, initial_brag, "initial BRAG rating")
    rationale = current.brag_rationale if brag_rationale is None else brag_rationale.strip()
    if current.initial_brag == initial_brag and current.brag_rationale == rationale:
        return current
    if current.initial_brag == initial_brag:
        # The same rating, better explained: the rationale is kept on the contact, not in the chronology.
        current.brag_rationale = rationale
        save_changes(current, ["brag_rationale"])
        return current
    before = snapshot(current, ["initial_brag"])
    was, now = _brag_words(current.initial_brag), _brag_words(initial_brag)
    what = (
        f"Initial BRAG rating changed from {was} to {now}"
        if current.initial_brag
        else f"Initial BRAG rating: {now}"
    )
    current.initial_brag = initial_brag
    current.brag_rationale = rationale
    save_changes(current, ["initial_brag", "brag_rationale"])
    step.record(
        what=what,
        record=current,
        occurred_on=clock.now(),
        before=before,
        after={"initial_brag": initial_brag},
    )
    return current


def _require_undecided(step: Step, contact: Contact) -> None:
    step.require(
        contact.decision_at is None, Rule.CONTACT_ALREADY_DECIDED, "this contact already has a MASH decision."
    )


@transaction.atomic
def record_partner_check(
    *, contact: Contact, agency: str, checked_on: date, summary: str, by: User | None
) -> PartnerCheck:
    """Add one partner agency's check (agency, date, summary) to a contact awaiting its decision.

    Checks arrive one at a time while the MASH gathers information, so each is
    saved as it comes rather than all at once with the decision. The contact's
    list of agencies that checked is kept in step, and its version moves on, so
    someone halfway through the decision form is told that a check arrived.
    """
    step = begin("record_partner_check", "record a partner check", child=contact.child_id, by=by)
    current = lock(Contact, contact.pk)
    _require_undecided(step, current)
    step.check_choice(PartnerAgency, agency, "partner agency")
    step.check_date(checked_on, "date of the check")
    step.check_order(
        as_date(current.received_at), checked_on, "date the contact was received", "date of the check"
    )
    step.require(summary.strip(), Rule.MISSING_VALUE, "give a summary of what the agency said.")
    check = PartnerCheck.objects.create(
        child_id=current.child_id,
        contact=current,
        agency=agency,
        checked_on=checked_on,
        summary=summary.strip(),
        recorded_by=by,
        recorded_at=clock.now(),
    )
    if agency not in current.partner_checks:
        current.partner_checks = [*current.partner_checks, agency]
    save_changes(current, ["partner_checks"])
    step.record(
        what=f"Partner check: {PartnerAgency(agency).label}",
        record=check,
        occurred_on=checked_on,
        after=snapshot(check, ["contact", "agency", "checked_on"]),
    )
    return check


def _require_not_own_decision(step: Step, decided_by: Worker | None, manager: Worker | None) -> None:
    """Nobody authorises their own work (issue 18 point 2): another manager oversees a manager's decision."""
    if manager is not None and decided_by is not None and decided_by.pk == manager.pk:
        step.fail(
            Rule.OWN_DECISION_OVERSIGHT,
            "a manager cannot oversee their own decision; another manager must.",
        )


#: The rule code when the final rating says one thing and the outcome another. It belongs with
#: :class:`Rule`'s codes; it is here until that module is next changed.
BRAG_CONTRADICTS_OUTCOME = "brag_contradicts_outcome"

#: The final ratings whose meaning says what happens next, with the outcomes that agree. Blue is
#: "no further action" (domain; the form's hint): advice and information is no further action by
#: children's services, so it agrees too. Red is "high risk / statutory" (domain): closing such a
#: contact with no further action would leave the highest risk with no service at all, and the BRAG
#: figures would count a Red contact nobody acts on. Red with advice or early help is left to the
#: practitioner's judgement for now (it is not in the domain's words as plainly). Green and Amber
#: name a level of risk, not a service, so any outcome may follow them.
BRAG_OUTCOMES: dict[str, frozenset[str]] = {
    Brag.BLUE: frozenset({ContactOutcome.NFA, ContactOutcome.ADVICE}),
    Brag.RED: frozenset(ContactOutcome) - {ContactOutcome.NFA},
}
BRAG_MEANINGS: dict[str, str] = {
    Brag.BLUE: "no further action",
    Brag.RED: "high risk needing statutory services",
}


def brag_agrees(final_brag: str, outcome: str) -> bool:
    """Whether ``outcome`` is one the final rating's own meaning allows (:data:`BRAG_OUTCOMES`)."""
    allowed = BRAG_OUTCOMES.get(final_brag)
    return allowed is None or outcome in allowed


def brag_contradiction(final_brag: str, outcome: str) -> str:
    """Words naming how the rating and the outcome disagree, or "" when they agree.

    One wording for the decision form and this service, so a page, an import and a script are
    refused for the same reason.
    """
    if brag_agrees(final_brag, outcome):
        return ""
    return (
        f"a final BRAG rating of {Brag(final_brag).label} means {BRAG_MEANINGS[final_brag]}, "
        f"which does not agree with the outcome '{ContactOutcome(outcome).label}'"
    )


@transaction.atomic
def record_mash_decision(
    *,
    contact: Contact,
    final_brag: str,
    decision_at: datetime,
    outcome: str,
    initial_brag: str = "",
    decision_rationale: str = "",
    partner_checks: Sequence[str] = (),
    decided_by: Worker | None = None,
    manager_oversight_by: Worker | None = None,
    manager_oversight_at: datetime | None = None,
    manager_oversight_note: str = "",
    expected_version: int,
    by: User | None,
) -> Contact:
    """Record the MASH decision on a contact: final BRAG, outcome and its rationale, and any oversight.

    The final rating must agree with the outcome (:func:`brag_agrees`): a Blue contact referred to
    social care would count as "no further action" in the BRAG figures while a referral was opened,
    and a Red one closed with no further action would be high risk that nobody acts on.

    The initial BRAG is normally recorded at triage (:func:`record_initial_brag`);
    left blank here, the triage rating stands. ``partner_checks`` lists agencies
    to add to those whose checks were recorded one by one (:func:`record_partner_check`).
    """
    step = begin("record_mash_decision", "record the MASH decision", child=contact.child_id, by=by)
    current = lock(Contact, contact.pk)
    step.check_version(current, expected_version, "contact")
    _require_undecided(step, current)
    initial_brag = initial_brag or current.initial_brag
    if not initial_brag:
        step.fail(Rule.MISSING_VALUE, "give the initial BRAG rating.")
    step.check_choice(Brag, initial_brag, "initial BRAG rating")
    step.check_choice(Brag, final_brag, "final BRAG rating")
    step.check_choice(ContactOutcome, outcome, "contact outcome")
    contradiction = brag_contradiction(final_brag, outcome)
    step.require(not contradiction, BRAG_CONTRADICTS_OUTCOME, f"{contradiction}.")
    step.check_choices(PartnerAgency, partner_checks, "partner agency")
    step.check_date(decision_at, "decision date")
    step.check_order(current.received_at, decision_at, "date the contact was received", "decision date")
    step.check_date(manager_oversight_at, "date of manager oversight")
    step.check_order(decision_at, manager_oversight_at, "decision date", "date of manager oversight")
    if manager_oversight_by is not None and manager_oversight_at is None:
        step.fail(Rule.MISSING_VALUE, "give the date and time of the manager's oversight.")
    _require_not_own_decision(step, decided_by, manager_oversight_by)
    before = snapshot(current, ["initial_brag", "final_brag", "decision_at", "outcome"])
    current.initial_brag = initial_brag
    current.final_brag = final_brag
    current.decision_at = decision_at
    current.outcome = outcome
    current.decision_rationale = decision_rationale.strip()
    current.partner_checks = list(dict.fromkeys([*current.partner_checks, *partner_checks]))
    current.decided_by = decided_by
    current.manager_oversight_by = manager_oversight_by
    current.manager_oversight_at = manager_oversight_at
    current.manager_oversight_note = manager_oversight_note
    fields = [
        "initial_brag",
        "final_brag",
        "decision_at",
        "outcome",
        "decision_rationale",
        "partner_checks",
        "decided_by",
        "manager_oversight_by",
        "manager_oversight_at",
        "manager_oversight_note",
    ]
    save_changes(current, fields)
    step.record(
        what=f"MASH decision: {current.get_outcome_display()} ({current.get_final_brag_display()})",
        record=current,
        occurred_on=decision_at,
        before=before,
        after=snapshot(current, ["initial_brag", "final_brag", "decision_at", "outcome", "partner_checks"]),
    )
    return current


@transaction.atomic
def record_manager_oversight(
    *, contact: Contact, manager: Worker, at: datetime, note: str = "", expected_version: int, by: User | None
) -> Contact:
    """Record a manager's oversight of a MASH decision made earlier."""
    step = begin("record_manager_oversight", "record manager oversight", child=contact.child_id, by=by)
    current = lock(Contact, contact.pk)
    step.check_version(current, expected_version, "contact")
    step.require(current.decision_at is not None, Rule.MISSING_VALUE, "the contact has no MASH decision yet.")
    step.check_date(at, "date of manager oversight")
    step.check_order(current.decision_at, at, "decision date", "date of manager oversight")
    _require_not_own_decision(step, current.decided_by, manager)
    current.manager_oversight_by = manager
    current.manager_oversight_at = at
    current.manager_oversight_note = note
    save_changes(current, ["manager_oversight_by", "manager_oversight_at", "manager_oversight_note"])
    step.record(
        what="Manager oversight of the MASH decision",
        record=current,
        occurred_on=at,
        after=snapshot(current, ["manager_oversight_by", "manager_oversight_at"]),
    )
    return current


@transaction.atomic
def update_contact(
    *,
    contact: Contact,
    expected_version: int,
    by: User | None,
    referral_source: str = UNSET,
    referrer_name: str = UNSET,
    referrer_role: str = UNSET,
    referrer_organisation: str = UNSET,
    referrer_phone: str = UNSET,
    referrer_email: str = UNSET,
    concerns: str = UNSET,
    consent: str = UNSET,
    consent_dispensed_rationale: str = UNSET,
) -> Contact:
    """Correct the details of a contact (not its decision)."""
    step = begin("update_contact", "update the contact", child=contact.child_id, by=by)
    current = lock(Contact, contact.pk)
    step.check_version(current, expected_version, "contact")
    given: dict[str, Any] = changed_values(
        current,
        referral_source=referral_source,
        referrer_name=referrer_name,
        referrer_role=referrer_role,
        referrer_organisation=referrer_organisation,
        referrer_phone=referrer_phone,
        referrer_email=referrer_email,
        concerns=concerns,
        consent=consent,
        consent_dispensed_rationale=consent_dispensed_rationale,
    )
    if not given:
        return current
    step.check_code(
        "ReferralSource", given.get("referral_source", current.referral_source), "referral source"
    )
    new_consent = given.get("consent", current.consent)
    step.check_choice(Consent, new_consent, "consent")
    rationale = given.get("consent_dispensed_rationale", current.consent_dispensed_rationale)
    if new_consent == Consent.DISPENSED and not rationale.strip():
        step.fail(Rule.CONSENT_RATIONALE_REQUIRED, "consent was dispensed with, so record why.")
    coded = [f for f in given if f in ("referral_source", "consent")]
    before = snapshot(current, coded)
    for field, value in given.items():
        setattr(current, field, value)
    save_changes(current, given)
    step.record(
        what="Contact details corrected: " + ", ".join(sorted(given)),
        record=current,
        occurred_on=clock.today(),
        before=before,
        after=snapshot(current, coded),
    )
    return current


# --- Early help ---------------------------------------------------------------------


@transaction.atomic
def start_early_help(
    *,
    child: Child,
    eha_start_date: date,
    lead_professional: Worker | None = None,
    lead_professional_agency: str = "",
    contact: Contact | None = None,
    panel_date: date | None = None,
    panel_decision: str = "",
    stepped_down_from: CINEpisode | None = None,
    by: User | None,
) -> EarlyHelpEpisode:
    """Start an early help episode (an Early Help Assessment), possibly stepped down from social care."""
    step = begin("start_early_help", "start early help", child=child, by=by)
    step.check_date(eha_start_date, "EHA start date")
    step.check_date(panel_date, "panel date")
    step.check_choice(PartnerAgency, lead_professional_agency, "lead professional agency", blank_ok=True)
    step.check_same_child(contact, "contact")
    step.check_same_child(stepped_down_from, "referral")
    step.check_worker(lead_professional, eha_start_date)
    episode = EarlyHelpEpisode.objects.create(
        child=step.subject,
        contact=contact,
        eha_start_date=eha_start_date,
        lead_professional=lead_professional,
        lead_professional_agency=lead_professional_agency,
        panel_date=panel_date,
        panel_decision=panel_decision,
        stepped_down_from=stepped_down_from,
    )
    step.record(
        what="Early help started" + (" (step-down from social care)" if stepped_down_from else ""),
        record=episode,
        occurred_on=eha_start_date,
        after=snapshot(episode, ["eha_start_date", "lead_professional", "stepped_down_from"]),
    )
    return episode


@transaction.atomic
def end_early_help(
    *,
    early_help: EarlyHelpEpisode,
    eha_end_date: date,
    end_reason: str = "",
    stepped_up_to: CINEpisode | None = None,
    expected_version: int,
    by: User | None,
) -> EarlyHelpEpisode:
    """End an early help episode, possibly by stepping up to a social care referral."""
    step = begin("end_early_help", "end early help", child=early_help.child_id, by=by)
    current = lock(EarlyHelpEpisode, early_help.pk)
    step.check_version(current, expected_version, "early help episode")
    step.require(
        current.eha_end_date is None, Rule.ALREADY_ENDED, "the early help episode has already ended."
    )
    step.check_date(eha_end_date, "EHA end date")
    step.check_order(current.eha_start_date, eha_end_date, "EHA start date", "EHA end date")
    step.check_same_child(stepped_up_to, "referral")
    current.eha_end_date = eha_end_date
    current.end_reason = end_reason
    current.stepped_up_to = stepped_up_to
    save_changes(current, ["eha_end_date", "end_reason", "stepped_up_to"])
    step.record(
        what="Early help ended" + (" (step-up to social care)" if stepped_up_to else ""),
        record=current,
        occurred_on=eha_end_date,
        before={"eha_end_date": None},
        after=snapshot(current, ["eha_end_date", "stepped_up_to"]),
    )
    return current
