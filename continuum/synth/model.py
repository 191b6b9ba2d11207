"""The simulated records: plain dataclasses, one per analytical table.

Field names are the column names of :mod:`continuum.metrics.schema` (DfE names
in snake_case), so writing Parquet is a matter of reading attributes, and the
later database load can map one record to one service call. Only
:class:`Child` and :class:`Worker` carry more than the analytical columns
(fictitious names and an address), because the case record needs them and the
analytical layer deliberately does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from continuum.synth.adoption import ADOPTION_RECORD_TYPES
from continuum.synth.health_and_early_help import RECORD_TYPES as HEALTH_AND_EARLY_HELP_RECORDS

__all__ = [
    "RECORD_TYPES",
    "S47",
    "Allocation",
    "Assessment",
    "Borough",
    "CINPlan",
    "CLAEpisode",
    "CPPlan",
    "CareLeaver",
    "Child",
    "Conference",
    "Contact",
    "MissingEpisode",
    "Referral",
    "Review",
    "Team",
    "Visit",
    "Worker",
]


@dataclass(slots=True)
class Child:
    la_code: str
    la_child_id: str
    sex: str
    ethnicity: str
    disabilities: tuple[str, ...]
    person_birth_date: date | None
    expected_person_birth_date: date | None = None
    upn: str | None = None
    upn_unknown: str | None = None
    person_death_date: date | None = None
    uasc: bool = False
    duc: date | None = None
    ward: str | None = None
    home_post: str | None = None
    in_deprived_area: bool | None = None
    #: The case record's own id: none until a loader saves the child (see metrics.schema).
    child_record_id: str | None = None
    # Case-record only (not in the analytical schema).
    forename: str = ""
    surname: str = ""
    address_line: str = ""


@dataclass(slots=True)
class Contact:
    la_code: str
    contact_id: str
    la_child_id: str
    contact_datetime: datetime
    contact_source: str
    consent: str | None = None
    initial_brag: str | None = None
    final_brag: str | None = None
    mash_decision_datetime: datetime | None = None
    mash_outcome: str | None = None
    referral_id: str | None = None


@dataclass(slots=True)
class Referral:
    la_code: str
    referral_id: str
    la_child_id: str
    cin_referral_date: date
    referral_source: str
    primary_need_code: str | None
    referral_nfa: bool = False
    cin_closure_date: date | None = None
    reason_for_closure: str | None = None
    contact_id: str | None = None


@dataclass(slots=True)
class CINPlan:
    la_code: str
    cin_plan_id: str
    referral_id: str
    la_child_id: str
    cin_plan_start_date: date
    cin_plan_end_date: date | None = None


@dataclass(slots=True)
class Assessment:
    la_code: str
    assessment_id: str
    referral_id: str
    la_child_id: str
    assessment_actual_start_date: date
    assessment_internal_review_date: date | None = None
    assessment_authorisation_date: date | None = None
    assessment_factors: tuple[str, ...] = ()
    child_seen: bool | None = None
    requires_support: bool | None = None


@dataclass(slots=True)
class S47:
    la_code: str
    s47_id: str
    referral_id: str
    la_child_id: str
    strategy_discussion_date: date | None
    s47_actual_start_date: date
    initial_cpc_target: date | None = None
    date_of_initial_cpc: date | None = None
    icpc_not_required: bool = True


@dataclass(slots=True)
class Conference:
    la_code: str
    conference_id: str
    referral_id: str
    la_child_id: str
    conference_type: str
    conference_date: date
    s47_id: str | None = None
    cp_plan_id: str | None = None
    plan_outcome: bool = True


@dataclass(slots=True)
class CPPlan:
    la_code: str
    cp_plan_id: str
    referral_id: str
    la_child_id: str
    cpp_start_date: date
    cpp_end_date: date | None
    initial_category_of_abuse: str
    latest_category_of_abuse: str
    number_of_previous_cpp: int = 0


@dataclass(slots=True)
class CLAEpisode:
    la_code: str
    episode_id: str
    la_child_id: str
    period_of_care_id: str
    decom: date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str | None = None
    dec: date | None = None
    rec: str | None = None
    reason_place_change: str | None = None
    home_post: str | None = None
    pl_post: str | None = None
    urn: str | None = None
    placement_location: str | None = None
    #: Long-term fostering, intended to last until 18: a foster placement that has lasted a year
    #: (so visited three-monthly from then on); otherwise None, as no other plan is simulated.
    long_term: bool | None = None
    permanence_plan: str | None = None  # LONG_TERM_FOSTERING with long_term; Annex A list 8


@dataclass(slots=True)
class Visit:
    la_code: str
    visit_id: str
    la_child_id: str
    visit_type: str
    visit_date: date
    seen: bool = True
    seen_alone: bool | None = None
    sw_id: str | None = None


@dataclass(slots=True)
class Review:
    la_code: str
    review_id: str
    la_child_id: str
    review_type: str
    review: date
    review_code: str | None = None


@dataclass(slots=True)
class MissingEpisode:
    la_code: str
    missing_id: str
    la_child_id: str
    missing: str
    mis_start: date
    mis_end: date | None = None
    missing_from: str | None = None
    rhi_offered: bool | None = None
    rhi_accepted: bool | None = None
    mis_end_datetime: datetime | None = None
    rhi_offered_datetime: datetime | None = None
    rhi_held_datetime: datetime | None = None  # the simulator records offers, not interviews held


@dataclass(slots=True)
class CareLeaver:
    la_code: str
    care_leaver_id: str
    la_child_id: str
    left_care_date: date
    eligibility_category: str
    duty_end_date: date | None = None
    staying_put: bool = False
    in_touch: str | None = None
    activ: str | None = None
    accom: str | None = None
    latest_contact_date: date | None = None
    latest_pathway_plan_review: date | None = None


@dataclass(slots=True)
class CareLeaverContact:
    """A dated contact with a care leaver and the OC3 status it found.

    The simulation records the status at leaving and around each 19th, 20th and 21st
    birthday (:func:`continuum.synth.journey.care_leavers.care_leaver_contacts`), as the
    loader writes them into the case record; a borough read back from the database holds
    the contacts recorded there.
    """

    la_code: str
    contact_id: str
    la_child_id: str
    care_leaver_id: str
    contact_date: date
    in_touch: str | None = None
    activ: str | None = None
    accom: str | None = None
    staying_put: bool = False


@dataclass(slots=True)
class Allocation:
    la_code: str
    allocation_id: str
    la_child_id: str
    sw_id: str
    team_id: str
    sw_decom: date
    sw_dec: date | None = None
    sw_reason: str | None = None


@dataclass(slots=True)
class Worker:
    la_code: str
    sw_id: str
    worker_name: str
    team_id: str
    role: str
    agency: bool
    start_date: date
    end_date: date | None = None
    contracted_hours: float | None = None  # the simulated borough's workers are all full time


@dataclass(slots=True)
class Team:
    la_code: str
    team_id: str
    team_name: str
    service: str
    establishment_fte: float | None = None  # not simulated: no vacancy rate


@dataclass(slots=True)
class PreProceedings:
    """Pre-proceedings (PLO) with the CIN census module 5; the simulator records none."""

    la_code: str
    pre_proceedings_id: str
    referral_id: str
    la_child_id: str
    pp_start_date: date
    lbp_sent_date: date | None = None
    fgdm_meeting_offer: bool | None = None
    fgdm_meeting_fac: bool | None = None
    initial_pp_meeting_date: date | None = None
    review_meetings_count: int | None = None
    step_decision_date: date | None = None
    pp_outcome: str | None = None
    court_app_date: date | None = None
    letter_init_cp_date: date | None = None
    pp_end_date: date | None = None


@dataclass(slots=True)
class CaseAudit:
    """A completed case audit (quality assurance); the simulator records none.

    The demo's audits are written straight into the live record by
    ``continuum/synth/assurance.py`` and reach the indicators through extraction.
    """

    la_code: str
    case_audit_id: str
    la_child_id: str
    audit_kind: str
    team_id: str | None
    completed_on: date
    overall_grade: str
    moderated_grade: str | None = None
    immediate_harm: bool | None = None


@dataclass(slots=True)
class EHCRequestRecord:
    """A request for an EHC needs assessment (SEND); the simulator records none.

    The demo's requests are written into the live record and reach the indicators through extraction.
    """

    la_code: str
    ehc_request_id: str
    la_child_id: str
    requested_by: str
    received_on: date
    assess_decision: str | None = None
    assess_decided_on: date | None = None
    final_issued_on: date | None = None
    allowed_exception: bool | None = None


@dataclass(slots=True)
class EHCPlanRecord:
    """An EHC plan (SEND); the simulator records none (continuum/synth/send.py writes the demo's)."""

    la_code: str
    ehc_plan_id: str
    la_child_id: str
    issued_on: date
    ehc_request_id: str | None = None
    primary_need: str | None = None
    setting_type: str | None = None
    out_of_borough: bool | None = None
    budget_requested: bool | None = None
    budget_agreed: bool | None = None
    ceased_on: date | None = None
    cease_reason: str | None = None
    review_dates: list[date] | None = None


@dataclass(slots=True)
class EHCTransferRecord:
    """A phase transfer of an EHC plan (SEND); the simulator records none (continuum/synth/send.py
    writes the demo's)."""

    la_code: str
    ehc_transfer_id: str
    la_child_id: str
    ehc_plan_id: str
    from_phase: str
    to_phase: str
    transfer_year: int
    amended_issued_on: date | None = None
    setting_named: bool | None = None


#: Analytical table name -> record class.
RECORD_TYPES: dict[str, type] = {
    "children": Child,
    "contacts": Contact,
    "referrals": Referral,
    "cin_plans": CINPlan,
    "assessments": Assessment,
    "s47": S47,
    "conferences": Conference,
    "cp_plans": CPPlan,
    "cla_episodes": CLAEpisode,
    "visits": Visit,
    "reviews": Review,
    "missing": MissingEpisode,
    "care_leavers": CareLeaver,
    "care_leaver_contacts": CareLeaverContact,
    "allocations": Allocation,
    "workers": Worker,
    "teams": Team,
    **ADOPTION_RECORD_TYPES,  # adoption, PrevPerm, OC2, motherhood, adopters
    **HEALTH_AND_EARLY_HELP_RECORDS,  # early help, PEPs, health assessments, dental checks
    "pre_proceedings": PreProceedings,
    "case_audits": CaseAudit,
    "ehc_requests": EHCRequestRecord,
    "ehc_plans": EHCPlanRecord,
    "ehc_transfers": EHCTransferRecord,
}


@dataclass
class Borough:
    """One simulated authority: its records, and the years it reports on.

    ``years`` are the financial years (1 April to 31 March) the simulation
    reports, as (first day, last day) pairs; ``extracted_on`` is the last day
    simulated, the date as at which open records are open.
    """

    la_code: str
    name: str
    seed: int
    years: list[tuple[date, date]]
    extracted_on: date
    child_population: int
    tables: dict[str, list] = field(default_factory=lambda: {name: [] for name in RECORD_TYPES})
    #: The moment the records were taken, when simulated ``as_of`` a day (None: the end of a report year).
    extracted_at: datetime | None = None

    def __getitem__(self, table: str) -> list:
        return self.tables[table]

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}
