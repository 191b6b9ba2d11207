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

from collections.abc import Iterable

import pyarrow as pa

__all__ = ["POPULATION", "TABLES", "TABLE_DOCS", "TABLE_WORDS", "schema_for", "table_words"]

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
    "care_leaver_contacts": "One row per contact with a care leaver, dated, with the SSDA903 OC3 status "
    "it found (in touch, activity, accommodation and its suitability): the history the birthday "
    "window of the OC3 return is read from.",
    "allocations": "One row per period a worker holds a child's case (SSDA903 social_worker table: "
    "SW_ID, SW_DECOM, SW_DEC, SW_REASON), with the team; personal advisers' allocations are "
    "included, independent reviewing officers' are not (they review the case, they do not hold it).",
    "workers": "One row per worker in post at any time: team, role, permanent or agency, dates.",
    "teams": "One row per team, with the service it belongs to.",
    "adoptions": "One row per adoption plan: from the decision that a child should be placed for "
    "adoption to the adoption order or the decision that they should no longer be (SSDA903 AD1 and "
    "PlacedAdoption; Annex A list 10).",
    "prev_perm": "One row per period of care: the child's permanence before it (SSDA903 PrevPerm).",
    "cla_outcomes": "One row per child and year ending 31 March: the SSDA903 OC2 outcomes, with the "
    "latest SDQ of the year.",
    "motherhood": "One row per time a looked-after young woman's motherhood was recorded (SSDA903 "
    "header MOTHER, MC_DOB).",
    "adopters": "One row per prospective adopter, with their household's progress through the "
    "adoption process (Annex A list 11).",
    "early_help": "One row per early help episode: an Early Help Assessment (EHA, formerly CAF) "
    "from its start to its closure. Not in the CIN census; seed 001 L533, seed 003 L132.",
    "peps": "One row per Personal Education Plan meeting for a looked-after child (seed 001 L541).",
    "health_assessments": "One row per health assessment of a looked-after child (SSDA903 OC2 "
    "HEALTH_ASSESSMENT): initial or review.",
    "dental_checks": "One row per dental check of a looked-after child (SSDA903 OC2 TEETH_CHECK).",
    "case_audits": "One row per completed case audit (quality assurance): the kind of audit, the "
    "auditor's overall Ofsted grade and, when moderated, the moderator's grade.",
    "ehc_requests": "One row per request for an EHC needs assessment (SEND): when it was received, the "
    "decisions, the final plan's date and whether an exception the SEND Regulations allow applied.",
    "ehc_plans": "One row per EHC plan (SEND): when it was issued and ceased, the primary need, the "
    "named setting's type, the personal budget and the dates of its annual reviews.",
    "ehc_transfers": "One row per phase transfer of an EHC plan (SEND): the phases, the year, and the "
    "day the amended plan naming the new setting was issued.",
    "pre_proceedings": "One row per pre-proceedings stage of the Public Law Outline, with the CIN census "
    "module 5 (PreProceedingsandFGDM, from 2026-27).",
}

#: Each table in words, for the pages: "no data supplied for: child protection plans" tells
#: a reader which records are missing, where the table's name ("cp_plans") would not.
TABLE_WORDS: dict[str, str] = {
    "children": "children",
    "contacts": "contacts",
    "referrals": "referrals",
    "cin_plans": "child in need plans",
    "assessments": "assessments",
    "s47": "section 47 enquiries",
    "conferences": "child protection conferences",
    "cp_plans": "child protection plans",
    "cla_episodes": "looked-after episodes",
    "visits": "visits",
    "reviews": "reviews",
    "missing": "missing episodes",
    "care_leavers": "care leavers",
    "care_leaver_contacts": "contacts with care leavers",
    "allocations": "case allocations",
    "workers": "workers",
    "teams": "teams",
    "adoptions": "adoptions",
    "prev_perm": "permanence before care",
    "cla_outcomes": "looked-after children's outcomes",
    "motherhood": "motherhood of looked-after young women",
    "adopters": "adopters",
    "early_help": "early help episodes",
    "peps": "Personal Education Plan meetings",
    "health_assessments": "health assessments",
    "dental_checks": "dental checks",
    "case_audits": "case audits",
    "ehc_requests": "EHC needs assessment requests",
    "ehc_plans": "EHC plans",
    "ehc_transfers": "EHC plan phase transfers",
    "pre_proceedings": "pre-proceedings",
    "population": "population estimates",
}


def table_words(tables: Iterable[str]) -> str:
    """The tables in words, in the order given ("child protection plans, looked-after episodes")."""
    return ", ".join(TABLE_WORDS.get(t, t) for t in tables)


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
            _f(
                "in_deprived_area",
                _bool,
                "Home address in one of the most deprived areas (the council's IMD measure)",
            ),
            _f(
                "child_record_id",
                _str,
                "Continuum's own record number of the child (not a DfE item): lets the analytical "
                "snapshot add a new child without copying every child again",
            ),
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
            _f(
                "long_term",
                _bool,
                "Not in the SSDA903: the care plan is long-term fostering, so the placement is intended "
                "to last until 18 (visits three-monthly after its first year); null where not known",
            ),
            _f(
                "permanence_plan",
                _str,
                "Not in the SSDA903: the permanence plan recorded on the episode (RETURN_HOME, ADOPTION, "
                "SGO, CAO, LONG_TERM_FOSTERING, RESIDENTIAL, INDEPENDENT_LIVING, OTHER; Annex A list 8); "
                "null where not recorded",
            ),
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
            _f("mis_end_datetime", _ts, "When the child returned (MIS_END with its time), local time"),
            _f("rhi_offered_datetime", _ts, "When the return home interview was offered, local time"),
            _f("rhi_held_datetime", _ts, "When the return home interview was held, local time"),
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
            _f("latest_pathway_plan_review", _date, "Latest pathway plan review (Annex A list 9)"),
        ]
    ),
    "care_leaver_contacts": pa.schema(
        [
            _la(),
            _f("contact_id", _str, "Identifier of the contact", False),
            _child(),
            _f("care_leaver_id", _str, "The care-leaver record", False),
            _f("contact_date", _date, "Date of the contact", False),
            _f("in_touch", _str, "IN_TOUCH (OC3) found at the contact"),
            _f("activ", _str, "ACTIV (OC3) found at the contact"),
            _f("accom", _str, "ACCOM (OC3) found at the contact; the digit says suitable (1) or not (2)"),
            _f("staying_put", _bool, "Staying Put with former foster carers at the contact", False),
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
            _f("contracted_hours", pa.float64(), "Contracted hours a week; null means full time"),
        ]
    ),
    "teams": pa.schema(
        [
            _la(),
            _f("team_id", _str, "Identifier of the team", False),
            _f("team_name", _str, "Name", False),
            _f("service", _str, "MASH, DAT, IP, CIC, LC or DIS (0-25 disability)", False),
            _f("establishment_fte", pa.float64(), "Funded posts in FTE; null if not recorded"),
        ]
    ),
    "adoptions": pa.schema(
        [
            _la(),
            _f("adoption_id", _str, "Identifier of the adoption plan", False),
            _child(),
            _f(
                "date_should_be_placed",
                _date,
                "DATE_INT (AD1), DATE_PLACED (PlacedAdoption): decision that the child should be placed "
                "for adoption",
                False,
            ),
            _f("date_placement_order", _date, "Placement order granted (Annex A list 10)"),
            _f("date_ffa_placed", _date, "Placed for fostering in FFA or concurrent planning (Annex A)"),
            _f("date_match", _date, "DATE_MATCH: matched with prospective adopters"),
            _f("date_placed", _date, "Placed for adoption (Annex A list 10)"),
            _f("date_adoption_order", _date, "Adoption order granted"),
            _f(
                "date_placed_ceased",
                _date,
                "DATE_PLACED_CEASED: decision that the child should no longer be placed for adoption",
            ),
            _f("reason_placed_ceased", _str, "REASON_PLACED_CEASED RD1-RD4"),
            _f("foster_care", _bool, "FOSTER_CARE: adopted by their foster carers"),
            _f("nb_adoptr", _int, "NB_ADOPTR: number of adopters (1 or 2)"),
            _f("sex_adoptr", _str, "SEX_ADOPTR M1, F1, MM, FF, MF"),
            _f("ls_adoptr", _str, "LS_ADOPTR L0, L11, L12, L2, L3, L4"),
            _f("family_id", _str, "The adopter household the child was matched with (adopters.family_id)"),
        ]
    ),
    "prev_perm": pa.schema(
        [
            _la(),
            _f("prev_perm_id", _str, "Identifier of the record", False),
            _child(),
            _f("period_started", _date, "DECOM of the first episode of the period of care", False),
            _f("prev_perm", _str, "PREV_PERM P1-P4, or Z1 (none)", False),
            _f("la_perm", _str, "LA_PERM: the authority that made the order"),
            _f("date_perm", _date, "DATE_PERM: date of the order"),
        ]
    ),
    "cla_outcomes": pa.schema(
        [
            _la(),
            _f("outcome_id", _str, "Identifier of the record", False),
            _child(),
            _f("year_ending", _date, "31 March of the year the outcomes are for", False),
            _f("sdq_score", _int, "SDQ_SCORE 0-40: the latest SDQ of the year"),
            _f("sdq_reason", _str, "SDQ_REASON SDQ1-SDQ5 when there is no score"),
            _f("convicted", _bool, "CONVICTED"),
            _f("health_check", _bool, "HEALTH_CHECK"),
            _f("immunisations", _bool, "IMMUNISATIONS"),
            _f("teeth_check", _bool, "TEETH_CHECK"),
            _f("health_assessment", _bool, "HEALTH_ASSESSMENT"),
            _f("substance_misuse", _bool, "SUBSTANCE_MISUSE"),
            _f("intervention_received", _bool, "INTERVENTION_RECEIVED"),
            _f("intervention_offered", _bool, "INTERVENTION_OFFERED"),
        ]
    ),
    "motherhood": pa.schema(
        [
            _la(),
            _f("motherhood_id", _str, "Identifier of the record", False),
            _child(),
            _f("recorded_on", _date, "When it was recorded", False),
            _f("mother", _bool, "MOTHER", False),
            _f("mc_dob", _date, "MC_DOB: date of birth of the first child"),
        ]
    ),
    "adopters": pa.schema(
        [
            _la(),
            _f("adopter_id", _str, "Individual adopter identifier", False),
            _f("family_id", _str, "Household (family) identifier", False),
            _f("sex", _str, "M, F or U", False),
            _f("ethnicity", _str, "DfE ethnicity code", False),
            _f("disability", _bool, "Has a disability; null if not known"),
            _f("fostering_for_adoption", _bool, "The household is fostering for adoption", False),
            _f("enquiry_date", _date, "Date enquiry received", False),
            _f("stage1_start", _date, "Stage 1 started"),
            _f("stage1_end", _date, "Stage 1 ended"),
            _f("stage2_start", _date, "Stage 2 started"),
            _f("stage2_end", _date, "Stage 2 ended"),
            _f("application_date", _date, "Application submitted"),
            _f("approval_date", _date, "Application approved"),
            _f("left_date", _date, "Left the adoption process"),
            _f("left_reason", _str, "WITHDREW, ON_HOLD or REFUSED"),
        ]
    ),
    "early_help": pa.schema(
        [
            _la(),
            _f("early_help_id", _str, "Identifier of the early help episode", False),
            _child(),
            _f("eha_start_date", _date, "Early Help Assessment start date", False),
            _f("eha_end_date", _date, "Early help episode end date; null while open"),
            _f("lead_professional_agency", _str, "Agency of the lead professional, if recorded"),
            _f("contact_id", _str, "The contact the episode came from, if any"),
            _f("stepped_down_from", _str, "The CIN episode (referral_id) it was stepped down from"),
            _f("stepped_up_to", _str, "The CIN episode (referral_id) it was stepped up to"),
        ]
    ),
    "peps": pa.schema(
        [
            _la(),
            _f("pep_id", _str, "Identifier of the PEP meeting", False),
            _child(),
            _f("episode_id", _str, "The CLA episode open when the PEP was held", False),
            _f("pep_date", _date, "Date of the PEP meeting", False),
        ]
    ),
    "health_assessments": pa.schema(
        [
            _la(),
            _f("health_assessment_id", _str, "Identifier of the health assessment", False),
            _child(),
            _f("episode_id", _str, "The CLA episode open when the assessment was done", False),
            _f("health_assessment_date", _date, "Date of the health assessment", False),
            _f("health_assessment_type", _str, "INITIAL or REVIEW", False),
        ]
    ),
    "dental_checks": pa.schema(
        [
            _la(),
            _f("dental_check_id", _str, "Identifier of the dental check", False),
            _child(),
            _f("episode_id", _str, "The CLA episode open when the check was done", False),
            _f("dental_check_date", _date, "Date of the dental check", False),
        ]
    ),
    "case_audits": pa.schema(
        [
            _la(),
            _f("case_audit_id", _str, "Identifier of the case audit", False),
            _child(),
            _f(
                "audit_kind",
                _str,
                "CASE_FILE, FRONT_DOOR (MASH threshold), MULTI_AGENCY, THEMATIC, DIP_SAMPLE or RE_AUDIT",
                False,
            ),
            _f("team_id", _str, "The team holding the case when it was audited"),
            _f("completed_on", _date, "The day the audit was completed", False),
            _f(
                "overall_grade",
                _str,
                "The auditor's overall grade: OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT or INADEQUATE",
                False,
            ),
            _f("moderated_grade", _str, "The moderator's grade, same codes; null if not moderated"),
            _f("immediate_harm", _bool, "Whether the auditor found a risk of immediate harm"),
        ]
    ),
    "ehc_requests": pa.schema(
        [
            _la(),
            _f("ehc_request_id", _str, "Identifier of the EHC needs assessment request", False),
            _child(),
            _f("requested_by", _str, "PARENT, YOUNG_PERSON, SCHOOL or OTHER", False),
            _f("received_on", _date, "The day the request was received (every EHC clock starts here)", False),
            _f("assess_decision", _str, "ASSESS or REFUSE; null until decided"),
            _f("assess_decided_on", _date, "Date of the decision whether to assess"),
            _f("final_issued_on", _date, "Date the final EHC plan was issued; null if none"),
            _f(
                "allowed_exception",
                _bool,
                "Whether an exception the SEND Regulations 2014 reg 13(3) allow applied (school closure, "
                "exceptional personal circumstances, absence from the area)",
            ),
        ]
    ),
    "ehc_plans": pa.schema(
        [
            _la(),
            _f("ehc_plan_id", _str, "Identifier of the EHC plan", False),
            _child(),
            _f("ehc_request_id", _str, "The request that led to the plan; null for a plan transferred in"),
            _f("issued_on", _date, "Date the final plan was issued", False),
            _f("primary_need", _str, "Primary need: SEN2 code (ASD, SLCN, SEMH, MLD ...)"),
            _f(
                "setting_type",
                _str,
                "Named setting's type: MAINSTREAM, RESOURCED, SPECIAL, INDEPENDENT, EARLY_YEARS, POST16 "
                "or OTHER",
            ),
            _f("out_of_borough", _bool, "Whether the named setting is outside the authority"),
            _f("budget_requested", _bool, "Whether a personal budget was asked for"),
            _f("budget_agreed", _bool, "Whether a personal budget was agreed"),
            _f("ceased_on", _date, "Date the plan ceased; null while it is maintained"),
            _f("cease_reason", _str, "Why the plan ceased (continuum/send CeaseReason, upper case)"),
            _f("review_dates", pa.list_(_date), "Dates of the annual review meetings, oldest first"),
        ]
    ),
    "ehc_transfers": pa.schema(
        [
            _la(),
            _f("ehc_transfer_id", _str, "Identifier of the phase transfer", False),
            _child(),
            _f("ehc_plan_id", _str, "The EHC plan that transfers", False),
            _f("from_phase", _str, "Phase moved from: EARLY_YEARS, PRIMARY, SECONDARY", False),
            _f("to_phase", _str, "Phase moved to: PRIMARY, SECONDARY, POST16", False),
            _f("transfer_year", _int, "Calendar year the new phase starts (in September)", False),
            _f("amended_issued_on", _date, "Date the amended plan naming the new setting was issued"),
            _f("setting_named", _bool, "Whether the new setting is named"),
        ]
    ),
    "pre_proceedings": pa.schema(
        [
            _la(),
            _f("pre_proceedings_id", _str, "Identifier of the pre-proceedings record", False),
            _f("referral_id", _str, "CIN episode", False),
            _child(),
            _f("pp_start_date", _date, "PPStartDate: the decision to start pre-proceedings (PLO)", False),
            _f("lbp_sent_date", _date, "LBPSentDate: letter before proceedings sent"),
            _f("fgdm_meeting_offer", _bool, "FGDMMeetingOffer: an FGDM offered in the letter"),
            _f("fgdm_meeting_fac", _bool, "FGDMMeetingFac: an FGDM facilitated after the offer"),
            _f("initial_pp_meeting_date", _date, "InitialPPMeetingDate: first effective meeting"),
            _f("review_meetings_count", _int, "ReviewMeetingsCount: review meetings after the first"),
            _f("step_decision_date", _date, "StepDecisionDate: decision to step up or down"),
            _f("pp_outcome", _str, "PPOutcome (CS131): A, B or C"),
            _f("court_app_date", _date, "CourtAppDate: court application to start care proceedings"),
            _f("letter_init_cp_date", _date, "LetterInitCPDate: letter initiating care proceedings sent"),
            _f("pp_end_date", _date, "End of pre-proceedings; null while open"),
        ]
    ),
}


#: Children aged 0-17 living in the authority, for rates per 10,000 and the
#: disproportionality view. Kept out of ``TABLES`` because it describes the
#: borough, not the case record: the engine takes it separately (it is optional,
#: and a rate without it is null with a note). One row per cell of an ONS
#: mid-year estimate; every row of a year has the same columns filled in.
POPULATION = pa.schema(
    [
        _la(),
        _f("year", _int, "Year of the ONS mid-year estimate (30 June)", False),
        _f("age", _int, "Age in whole years on 30 June (0-17)", False),
        _f("sex", _str, "Sex: M or F"),
        _f("ward", _str, "Ward (a local setting); null when the figure is for the whole authority"),
        _f("ethnicity", _str, "DfE ethnicity code; null when the estimate is not split by ethnicity"),
        _f("population", pa.int64(), "Number of children in the cell", False),
    ]
)


def schema_for(table: str) -> pa.Schema:
    """The schema of one analytical table, with each column's meaning in its metadata."""
    return POPULATION if table == "population" else TABLES[table]
