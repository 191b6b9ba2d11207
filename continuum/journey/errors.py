"""Errors the journey services raise when a rule is broken.

Why a ``ValidationError`` subclass: views and forms already know how to show a
``ValidationError`` to the user, so a refused step needs no special handling
in the web layer. Each error also carries the child's reference, the step and
a stable rule code, so tests, logs and the bulk loader can tell rules apart
without parsing messages. Messages are written for practitioners and name the
child by LAchildID only, never by name, so they are safe to log.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Rule:
    """Stable codes for the journey's rules (one per rule; tests name them)."""

    FUTURE_DATE = "future_date"
    DATE_BEFORE_BIRTH = "date_before_birth"
    AFTER_DEATH = "after_death"
    UNBORN_NOT_ALLOWED = "unborn_not_allowed"
    END_BEFORE_START = "end_before_start"
    INVALID_CODE = "invalid_code"
    MISSING_VALUE = "missing_value"
    WRONG_CHILD = "wrong_child"
    ALREADY_ENDED = "already_ended"
    CONCURRENT_CHANGE = "concurrent_change"
    # Front door
    CONSENT_RATIONALE_REQUIRED = "consent_rationale_required"
    CONTACT_ALREADY_DECIDED = "contact_already_decided"
    CONTACT_NOT_REFERRED = "contact_not_referred"
    OWN_DECISION_OVERSIGHT = "own_decision_oversight"
    # Referrals
    ONE_OPEN_CIN_EPISODE = "one_open_cin_episode"
    CIN_EPISODE_CLOSED = "cin_episode_closed"
    DATE_BEFORE_REFERRAL = "date_before_referral"
    REFERRAL_NFA = "referral_nfa"
    RC8_RC9_WITH_STATUTORY_WORK = "rc8_rc9_with_statutory_work"
    CLOSED_RC8_RC9 = "closed_rc8_rc9"
    RC2_NEEDS_DEATH = "rc2_needs_death"
    CLOSURE_WITH_OPEN_PLAN = "closure_with_open_plan"
    ACTIVITY_AFTER_CLOSURE = "activity_after_closure"
    NO_FACTORS_WITH_OTHERS = "no_factors_with_others"
    # Child protection
    S47_NOT_DECIDED = "s47_not_decided"
    ICPC_NEEDS_S47 = "icpc_needs_s47"
    ICPC_NOT_REQUIRED = "icpc_not_required"
    CP_PLAN_NEEDS_ICPC_PLAN = "cp_plan_needs_icpc_plan"
    CP_PLAN_STARTS_ON_ICPC_DATE = "cp_plan_starts_on_icpc_date"
    ONE_OPEN_CP_PLAN = "one_open_cp_plan"
    CIN_PLAN_DURING_CP_PLAN = "cin_plan_during_cp_plan"
    ONE_OPEN_CIN_PLAN = "one_open_cin_plan"
    DATE_OUTSIDE_PLAN = "date_outside_plan"
    # Looked after
    ONE_OPEN_CLA_EPISODE = "one_open_cla_episode"
    CLA_OVERLAP = "cla_overlap"
    NOT_LOOKED_AFTER = "not_looked_after"
    DATE_OUTSIDE_EPISODE = "date_outside_episode"
    SDQ_SCORE_OR_REASON = "sdq_score_or_reason"
    # Visits, missing, care leavers, private fostering
    SEEN_ALONE_NEEDS_SEEN = "seen_alone_needs_seen"
    SEEN_ALONE_REASON_REQUIRED = "seen_alone_reason_required"
    NO_PLAN_FOR_VISIT = "no_plan_for_visit"
    RHI_BEFORE_RETURN = "rhi_before_return"
    MISSING_NOT_ENDED = "missing_not_ended"
    CARE_LEAVER_NEEDS_CARE_HISTORY = "care_leaver_needs_care_history"
    ALREADY_CARE_LEAVER = "already_care_leaver"
    ACCOM_ACTIV_TOGETHER = "accom_activ_together"
    PRIVATE_FOSTERING_AGE = "private_fostering_age"
    ONE_OPEN_ALLOCATION = "one_open_allocation"
    WORKER_NOT_IN_POST = "worker_not_in_post"


class JourneyRuleError(ValidationError):
    """A journey rule was broken; nothing was written.

    ``child_ref`` is the child's LAchildID (or "" for records with no child,
    such as some LADO allegations), ``step`` is the service name, ``rule`` one
    of :class:`Rule`'s codes.
    """

    def __init__(self, message: str, *, child_ref: str, step: str, rule: str) -> None:
        super().__init__(message, code=rule)
        self.child_ref = child_ref
        self.step = step
        self.rule = rule

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(rule={self.rule!r}, step={self.step!r}, child_ref={self.child_ref!r})"


class ConcurrentChangeError(JourneyRuleError):
    """The record changed since the user loaded it; they must reload before saving again."""

    def __init__(self, *, child_ref: str, step: str, record: str) -> None:
        super().__init__(
            f"This {record} was changed by someone else after you opened it. "
            "Reload the page to see their changes, then make yours again.",
            child_ref=child_ref,
            step=step,
            rule=Rule.CONCURRENT_CHANGE,
        )
