"""The canonical analytical schema: one Arrow schema per table.

Why one schema: dashboards, the monthly report and the statutory returns all
compute their figures with SQL over these tables, whatever filled them: the
live case record, a council's own CIN census XML and SSDA903 CSV files, or the
synthetic borough. If the three sources agree on columns, an indicator is
written once.

Conventions:

* Column names are the DfE element or column names in snake_case
  (``CINreferralDate`` -> ``cin_referral_date``, ``DECOM`` -> ``decom``), so an
  analyst can match them to the CIN census guide and the SSDA903 guide
  (``continuum/specs/*.csv``). Where the DfE has no name (MASH decisions,
  visits, workers) the name comes from the domain (``docs``).
* Codes are stored exactly as the DfE codes them (``N1``, ``RC8``, ``C2``,
  ``U4``...), never translated.
* Every table starts with ``la_code``, the 3-digit LA number, so several
  authorities (or several synthetic boroughs) can sit in one set of files.
  Identifiers are strings, unique across authorities.
* Dates are ``date32``; moments (a contact received, a MASH decision) are
  ``timestamp[ms]`` in local time (Europe/London, naive), as recorded.
* An end date that is null means "still open" at the date the data was taken.
* No names or street addresses: the analytical layer does not need them, and
  leaving them out keeps exports and benchmark files low-risk. The case record
  holds them.

Placements are not a separate table: following the SSDA903, each change of
placement or legal status starts a new row of ``cla_episodes``.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["TABLES", "TABLE_DOCS", "schema_for"]

_str = pa.string()
_date = pa.date32()
_ts = pa.timestamp("ms")  # Parquet has no second unit; ms round-trips exactly
_bool = pa.bool_()
_int = pa.int32()
_codes = pa.list_(pa.string())


def _f(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


def _la() -> pa.Field:
    return _f("la_code", _str, "3-digit LA number of the authority that holds the record", False)


def _child() -> pa.Field:
    return _f("la_child_id", _str, "LAchildID (CIN) / CHILD (SSDA903): the LA's own child identifier", False)


TABLE_DOCS: dict[str, str] = {
    "children": "One row per child or young person known to children's social care. CIN census "
    "ChildIdentifiers and ChildCharacteristics; SSDA903 header and UASC tables.",
    "contacts": "One row per contact received at the front door (MASH), with the MASH decision. "
    "Not in the CIN census; Annex A list 1.",
    "referrals": "One row per CIN episode (CINdetails): a referral accepted by children's social care, "
    "to its closure.",
    "cin_plans": "One row per child in need plan (CINPlanDates) within a CIN episode.",
    "assessments": "One row per single assessment (CINdetails/Assessments); Annex A list 4.",
    "s47": "One row per section 47 enquiry (CINdetails/Section47), started at a strategy discussion.",
    "conferences": "One row per child protection conference: initial (ICPC) or review (RCPC). The "
    "RCPC dates are the CIN census CPPreviewDate.",
    "cp_plans": "One row per child protection plan (CINdetails/ChildProtectionPlans).",
    "cla_episodes": "One row per SSDA903 episode: a period of care is split into episodes at every "
    "change of placement or legal status (RNE says which).",
    "visits": "One row per statutory visit to a child (CP, CLA, CIN) or contact with a care leaver.",
    "reviews": "One row per looked-after child review (SSDA903 reviews) or child in need review.",
    "missing": "One row per missing or absent episode (SSDA903 missing table, police definitions).",
    "care_leavers": "One row per care leaver: when they left care, their eligibility, and the latest "
    "SSDA903 OC3 information (in touch, activity, accommodation).",
    "allocations": "One row per period a worker holds a child's case (SSDA903 social_worker table: "
    "SW_ID, SW_DECOM, SW_DEC, SW_REASON), with the team.",
    "workers": "One row per worker in post at any time: team, role, permanent or agency, dates.",
    "teams": "One row per team, with the service it belongs to.",
}

TABLES: dict[str, pa.Schema] = {
    "children": pa.schema(
        [
            _la(),
            _child(),
            _f("upn", _str, "UPN, 13 characters with the DfE check letter"),
            _f("upn_unknown", _str, "UPNunknown reason UN1-UN7 when there is no UPN"),
            _f("person_birth_date", _date, "PersonBirthDate; null for an unborn child"),
            _f(
                "expected_person_birth_date",
                _date,
                "ExpectedPersonBirthDate, for children referred before birth",
            ),
            _f("sex", _str, "Sex: M, F, or U (unborn or not known)", False),
            _f("ethnicity", _str, "Ethnicity: DfE code (WBRI ... NOBT)", False),
            _f("disabilities", _codes, "Disabilities/Disability codes; ['NONE'] if none", False),
            _f("person_death_date", _date, "PersonDeathDate"),
            _f("uasc", _bool, "UASC: unaccompanied asylum-seeking child at any time (SSDA903 header)", False),
            _f("duc", _date, "DUC: date UASC status ceased (SSDA903 uasc table)"),
            _f("ward", _str, "Ward of the home address (a local setting)"),
            _f("home_post", _str, "HOME_POST: postcode of the home address"),
        ]
    ),
    "contacts": pa.schema(
        [
            _la(),
            _f("contact_id", _str, "Identifier of the contact", False),
            _child(),
            _f("contact_datetime", _ts, "When the contact was received", False),
            _f("contact_source", _str, "ReferralSource code of the agency or person making contact", False),
            _f("consent", _str, "OBTAINED, DISPENSED (rationale recorded) or NOT_NEEDED"),
            _f("initial_brag", _str, "Initial MASH rating: B, G, A or R"),
            _f("final_brag", _str, "Final MASH rating: B, G, A or R"),
            _f("mash_decision_datetime", _ts, "When the MASH decision was made (due within 1 working day)"),
            _f("mash_outcome", _str, "NFA, ADVICE, EARLY_HELP, REFERRAL or EXISTING (an open case)"),
            _f("referral_id", _str, "The CIN episode this contact started, if it became a referral"),
        ]
    ),
    "referrals": pa.schema(
        [
            _la(),
            _f("referral_id", _str, "Identifier of the CIN episode", False),
            _child(),
            _f("cin_referral_date", _date, "CINreferralDate", False),
            _f("referral_source", _str, "ReferralSource code", False),
            _f("primary_need_code", _str, "PrimaryNeedCode N0-N9"),
            _f("referral_nfa", _bool, "ReferralNFA: closed with no further action at referral", False),
            _f("cin_closure_date", _date, "CINclosureDate; null while open"),
            _f("reason_for_closure", _str, "ReasonForClosure RC1-RC9"),
            _f("contact_id", _str, "The contact the referral came from"),
        ]
    ),
    "cin_plans": pa.schema(
        [
            _la(),
            _f("cin_plan_id", _str, "Identifier of the plan", False),
            _f("referral_id", _str, "CIN episode", False),
            _child(),
            _f("cin_plan_start_date", _date, "CINPlanStartDate", False),
            _f("cin_plan_end_date", _date, "CINPlanEndDate"),
        ]
    ),
    "assessments": pa.schema(
        [
            _la(),
            _f("assessment_id", _str, "Identifier of the assessment", False),
            _f("referral_id", _str, "CIN episode", False),
            _child(),
            _f("assessment_actual_start_date", _date, "AssessmentActualStartDate", False),
            _f("assessment_internal_review_date", _date, "AssessmentInternalReviewDate"),
            _f("assessment_authorisation_date", _date, "AssessmentAuthorisationDate; null while open"),
            _f("assessment_factors", _codes, "FactorsIdentifiedAtAssessment/AssessmentFactors codes"),
            _f("child_seen", _bool, "Child seen during the assessment (Annex A list 4)"),
            _f("requires_support", _bool, "Assessed as requiring children's social care support (Annex A)"),
        ]
    ),
    "s47": pa.schema(
        [
            _la(),
            _f("s47_id", _str, "Identifier of the enquiry", False),
            _f("referral_id", _str, "CIN episode", False),
            _child(),
            _f("strategy_discussion_date", _date, "Strategy discussion that decided to start the enquiry"),
            _f("s47_actual_start_date", _date, "S47ActualStartDate", False),
            _f(
                "initial_cpc_target", _date, "InitialCPCtarget: 15 working days after the strategy discussion"
            ),
            _f("date_of_initial_cpc", _date, "DateOfInitialCPC, if one was held"),
            _f("icpc_not_required", _bool, "ICPCnotRequired", False),
        ]
    ),
    "conferences": pa.schema(
        [
            _la(),
            _f("conference_id", _str, "Identifier of the conference", False),
            _f("referral_id", _str, "CIN episode", False),
            _child(),
            _f("conference_type", _str, "ICPC (initial) or RCPC (review)", False),
            _f("conference_date", _date, "Date held (for RCPC, the CIN census CPPreviewDate)", False),
            _f("s47_id", _str, "For an ICPC, the enquiry that led to it"),
            _f("cp_plan_id", _str, "The plan made (ICPC) or reviewed (RCPC)"),
            _f("plan_outcome", _bool, "ICPC: a plan was made. RCPC: the plan continues", False),
        ]
    ),
    "cp_plans": pa.schema(
        [
            _la(),
            _f("cp_plan_id", _str, "Identifier of the plan", False),
            _f("referral_id", _str, "CIN episode", False),
            _child(),
            _f("cpp_start_date", _date, "CPPstartDate", False),
            _f("cpp_end_date", _date, "CPPendDate; null while open"),
            _f("initial_category_of_abuse", _str, "InitialCategoryOfAbuse NEG, PHY, SAB, EMO, MUL", False),
            _f("latest_category_of_abuse", _str, "LatestCategoryOfAbuse", False),
            _f("number_of_previous_cpp", _int, "NumberOfPreviousCPP (at any time, in any LA)", False),
        ]
    ),
    "cla_episodes": pa.schema(
        [
            _la(),
            _f("episode_id", _str, "Identifier of the episode", False),
            _child(),
            _f("period_of_care_id", _str, "Episode id of the first episode of this period of care", False),
            _f("decom", _date, "DECOM: date episode commenced", False),
            _f("rne", _str, "RNE: reason for new episode (S, L, P, T, B, U)", False),
            _f("ls", _str, "LS: legal status", False),
            _f("cin", _str, "CIN: category of need N1-N8", False),
            _f("place", _str, "PLACE: placement type", False),
            _f("place_provider", _str, "PLACE_PROVIDER: PR0-PR5"),
            _f("dec", _date, "DEC: date episode ceased; null while open"),
            _f("rec", _str, "REC: reason episode ceased (X1 = a new episode follows)"),
            _f("reason_place_change", _str, "REASON_PLACE_CHANGE, on an episode that ends in a move"),
            _f("home_post", _str, "HOME_POST"),
            _f("pl_post", _str, "PL_POST"),
            _f("urn", _str, "URN: Ofsted unique reference number of the placement, if registered"),
            _f("placement_location", _str, "IN or OUT of the LA's area (Annex A list 8)"),
        ]
    ),
    "visits": pa.schema(
        [
            _la(),
            _f("visit_id", _str, "Identifier of the visit", False),
            _child(),
            _f("visit_type", _str, "CP, CLA, CIN or CARE_LEAVER", False),
            _f("visit_date", _date, "Date of the visit", False),
            _f("seen", _bool, "Child seen", False),
            _f("seen_alone", _bool, "Child seen alone"),
            _f("sw_id", _str, "Worker who visited (the allocated worker that day)"),
        ]
    ),
    "reviews": pa.schema(
        [
            _la(),
            _f("review_id", _str, "Identifier of the review", False),
            _child(),
            _f("review_type", _str, "CLA or CIN", False),
            _f("review", _date, "REVIEW: date of the review", False),
            _f("review_code", _str, "REVIEW_CODE PN0-PN7: how the child took part (CLA reviews)"),
        ]
    ),
    "missing": pa.schema(
        [
            _la(),
            _f("missing_id", _str, "Identifier of the episode", False),
            _child(),
            _f("missing", _str, "MISSING: M (missing) or A (absent), police definitions", False),
            _f("mis_start", _date, "MIS_START", False),
            _f("mis_end", _date, "MIS_END"),
            _f("missing_from", _str, "HOME, PLACEMENT_IN (in the LA's area) or PLACEMENT_OUT"),
            _f("rhi_offered", _bool, "Return home interview offered"),
            _f("rhi_accepted", _bool, "Return home interview accepted"),
        ]
    ),
    "care_leavers": pa.schema(
        [
            _la(),
            _f("care_leaver_id", _str, "Identifier of the care-leaver record", False),
            _child(),
            _f("left_care_date", _date, "Date the young person ceased to be looked after", False),
            _f("eligibility_category", _str, "RELEVANT, FORMER_RELEVANT, QUALIFYING or ELIGIBLE", False),
            _f("duty_end_date", _date, "When the leaving-care duty ends (21st, or 25th birthday)"),
            _f("staying_put", _bool, "Stayed with former foster carers after 18", False),
            _f("in_touch", _str, "IN_TOUCH (OC3): YES, NO, DIED, REFU, NREQ, RHOM"),
            _f("activ", _str, "ACTIV (OC3): activity code"),
            _f("accom", _str, "ACCOM (OC3): accommodation code; the digit says suitable (1) or not (2)"),
            _f("latest_contact_date", _date, "Latest contact with the young person"),
        ]
    ),
    "allocations": pa.schema(
        [
            _la(),
            _f("allocation_id", _str, "Identifier of the allocation", False),
            _child(),
            _f("sw_id", _str, "SW_ID: the worker", False),
            _f("team_id", _str, "The worker's team for this case", False),
            _f("sw_decom", _date, "SW_DECOM: allocation start", False),
            _f("sw_dec", _date, "SW_DEC: allocation end; null while held"),
            _f(
                "sw_reason",
                _str,
                "SW_REASON: why the worker changed (LEFTRL, TSPROC ...); null if the case closed",
            ),
        ]
    ),
    "workers": pa.schema(
        [
            _la(),
            _f("sw_id", _str, "SW_ID", False),
            _f("worker_name", _str, "Display name (fictitious in synthetic data)", False),
            _f("team_id", _str, "Team", False),
            _f("role", _str, "SW (social worker), PA (personal adviser) or TM (team manager)", False),
            _f("agency", _bool, "Agency (locum) rather than permanent staff", False),
            _f("start_date", _date, "First day in post", False),
            _f("end_date", _date, "Last day in post; null if still in post"),
        ]
    ),
    "teams": pa.schema(
        [
            _la(),
            _f("team_id", _str, "Identifier of the team", False),
            _f("team_name", _str, "Name", False),
            _f("service", _str, "MASH, DAT, IP, CIC, LC or DIS (0-25 disability)", False),
        ]
    ),
}


def schema_for(table: str) -> pa.Schema:
    """The schema of one analytical table, with each column's meaning in its metadata."""
    return TABLES[table]
