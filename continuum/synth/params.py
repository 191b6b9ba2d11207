"""The tunable parameters of the synthetic borough, and why each has its value.

These are *process* parameters: arrival rates, probabilities of each step of
the journey and the distributions of durations. The yearly figures of
:mod:`continuum.synth.calibration` (contacts, referrals, plans, children in
care...) are not set anywhere; they come out of the process, and these
parameters were tuned until they land on the published figures. A change here
should be followed by ``./run synth --years 5`` and the calibration test.

Risk levels are indexed 0 (low), 1 (medium), 2 (high): a latent
characteristic of the child's family situation that makes further contacts,
referrals and escalation more likely.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Params"]


@dataclass(frozen=True)
class Params:
    # --- Front door --------------------------------------------------------
    #: New children coming to the MASH's attention each year (first contacts).
    new_children_per_year: float = 8700.0
    #: Unaccompanied asylum-seeking children arriving each year (all become CLA).
    uasc_per_year: float = 36.0
    #: Share of new children who are unborn at their first contact (pre-birth concerns).
    unborn_share: float = 0.025
    #: Share of new children at each risk level.
    risk_mix: tuple[float, float, float] = (0.62, 0.28, 0.10)
    #: Chance of another contact after each contact (or the end of an episode).
    recontact: tuple[float, float, float] = (0.36, 0.55, 0.70)
    #: Median gap in days before that next contact, and the lognormal spread.
    recontact_median_days: tuple[float, float, float] = (300.0, 165.0, 110.0)
    recontact_sigma: float = 1.0
    #: Chance that a contact about a child with no open case becomes a referral.
    referral: tuple[float, float, float] = (0.025, 0.22, 0.41)
    #: Multiplier on that chance when the child has been referred before.
    referral_history: float = 1.3
    #: Chance that a referral is closed with no further action before assessment.
    referral_nfa: float = 0.04

    # --- Assessment --------------------------------------------------------
    #: Working days from referral to authorisation: lognormal median and spread.
    assessment_median_wd: float = 26.0
    assessment_sigma: float = 0.45
    #: Outcome of an assessment with no s47: close NFA, close to early help, CIN plan.
    assessment_outcome: tuple[float, float, float] = (0.44, 0.18, 0.38)
    #: Re-assessments per year of an open child in need plan.
    reassessment_per_cin_year: float = 0.75

    # --- Section 47 and conferences ----------------------------------------
    #: Chance a referral goes straight to a strategy discussion and s47.
    s47_at_referral: tuple[float, float, float] = (0.025, 0.099, 0.235)
    #: Multiplier for children who have had a CP plan before.
    s47_previous_plan: float = 1.5
    #: Chance an open CIN plan escalates to a s47.
    s47_in_cin_plan: float = 0.10
    #: Chance a s47 leads to an initial child protection conference.
    icpc_after_s47: float = 0.52
    #: Working days from strategy discussion to ICPC: lognormal median, spread.
    icpc_median_wd: float = 12.0
    icpc_sigma: float = 0.3
    #: Chance an ICPC makes a plan.
    plan_after_icpc: float = 0.93

    # --- Child protection plans --------------------------------------------
    #: Initial category of abuse (seed 002 L62-66, 2014/15); MUL essentially unused.
    category_mix: tuple[tuple[str, float], ...] = (
        ("NEG", 0.48),
        ("EMO", 0.31),
        ("PHY", 0.18),
        ("SAB", 0.03),
    )
    #: Days on a plan: lognormal median and spread (plans end at a review conference).
    cp_median_days: float = 150.0
    cp_sigma: float = 0.65
    #: Chance a plan ends with the child coming into care.
    cp_to_cla: float = 0.11
    #: Chance a plan that ends otherwise steps down to a CIN plan (else the case closes).
    cp_step_down: float = 0.75
    #: Chance a child's risk falls to medium after a plan ends well.
    cp_risk_improves: float = 0.45

    # --- Child in need plans ------------------------------------------------
    cin_plan_median_days: float = 170.0
    cin_plan_sigma: float = 0.7
    #: Chance a CIN plan ends with the child coming into care.
    cin_to_cla: float = 0.02

    # --- Looked-after children ---------------------------------------------
    #: Chance a referral leads straight to care (police protection, family
    #: breakdown, remand), by risk.
    cla_at_referral: tuple[float, float, float] = (0.0024, 0.018, 0.058)
    #: Of those, the share that are remands (J1), by age 10+.
    remand_share: float = 0.12
    #: Mean days in a placement before a move: first placement, later ones.
    first_placement_mean_days: float = 260.0
    placement_mean_days: float = 1250.0
    #: Share of first placements that are short emergency placements.
    emergency_first_placement: float = 0.25
    #: Return home: median days in care and spread.
    return_home_median_days: float = 130.0
    return_home_sigma: float = 1.0
    #: Share of UASC found at age assessment to be adults (E15).
    uasc_age_disputed: float = 0.04
    #: Chance an out-of-borough placement is chosen, by placement family.
    out_of_borough_foster: float = 0.60
    out_of_borough_other: float = 0.80

    # --- Missing from care and home ------------------------------------------
    #: Chance a looked-after child aged 11+ is prone to going missing in a year.
    missing_prone_cla: float = 0.15
    #: Chance a child aged 12+ with an open case (not in care) goes missing in a year.
    missing_prone_home: float = 0.03
    #: Mean missing or absent episodes a year for a child who is prone.
    missing_episodes_per_year: float = 3.0
    #: Share of episodes that are "absent" rather than "missing".
    absent_share: float = 0.26

    # --- Workforce ----------------------------------------------------------
    #: Target caseload by service, used to size teams (seed 001 L451, L457, L461).
    caseload_target: tuple[tuple[str, float], ...] = (
        ("DAT", 17.0),
        ("IP", 16.0),
        ("CIC", 14.0),
        ("LC", 21.0),
        ("DIS", 17.0),
    )
    #: Contacts a MASH worker handles in a month.
    mash_contacts_per_worker_month: float = 75.0
    #: Yearly leaving rate of permanent and of agency staff (seed 001 L1497; L439).
    permanent_turnover: float = 0.11
    agency_turnover: float = 0.45
    #: Chance a vacancy is covered by an agency worker (seed 001 L1495).
    agency_fill: float = 0.5
    #: Days a post stays vacant before it is filled: permanent and agency.
    permanent_vacancy_days: float = 75.0
    agency_vacancy_days: float = 14.0
