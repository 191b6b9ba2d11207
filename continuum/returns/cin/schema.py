"""The CIN census XML as columnar tables: which element becomes which column.

Why tables that mirror the XML: analysts think in the DfE's modules
(``CINdetails``, ``Section47``, ``ChildProtectionPlans`` ...), and every DfE
rule is written against them. One table per repeating module, each row
carrying its parent keys (``child_id``, ``cin_details_id`` ...) and the source
``line`` of its element, lets each rule be a short SQL query and lets a
failure point back to the exact element in the file.

Column names are snake_case; :data:`ELEMENT_OF` maps every column back to its
DfE element name, which is what failure messages and reports show.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

__all__ = [
    "ELEMENT_OF",
    "GROUP_ELEMENT",
    "MODULE_SINCE",
    "TABLES",
    "TableSpec",
]


@dataclass(frozen=True)
class TableSpec:
    """One analytical table: its columns (name -> Arrow type) and the XML element of a row."""

    name: str
    element: str
    columns: dict[str, pa.DataType]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(list(self.columns.items()))


_S, _D, _I = pa.string(), pa.date32(), pa.int32()

#: Tables, in the order of the XML. Keys (``*_id``) are positions assigned by
#: the parser; ``line`` is the element's source line.
TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in [
        TableSpec(
            "header",
            "Header",
            {
                "collection": _S,
                "year": _S,
                "reference_date": _D,
                "source_level": _S,
                "lea": _S,
                "software_code": _S,
                "release": _S,
                "serial_no": _S,
                "date_time": _S,
                "line": _I,
            },
        ),
        TableSpec(
            "children",
            "Child",
            {
                "child_id": _I,
                "la_child_id": _S,
                "upn": _S,
                "former_upn": _S,
                "upn_unknown": _S,
                "person_birth_date": _D,
                "expected_person_birth_date": _D,
                "sex": _S,
                "person_death_date": _D,
                "ethnicity": _S,
                "has_disabilities": pa.bool_(),
                "line": _I,
            },
        ),
        TableSpec("disabilities", "Disability", {"child_id": _I, "disability": _S, "line": _I}),
        TableSpec(
            "cin_details",
            "CINdetails",
            {
                "child_id": _I,
                "cin_details_id": _I,
                "cin_referral_date": _D,
                "referral_source": _S,
                "primary_need_code": _S,
                "cin_closure_date": _D,
                "reason_for_closure": _S,
                "date_of_initial_cpc": _D,
                "referral_nfa": _S,
                "line": _I,
            },
        ),
        TableSpec(
            "assessments",
            "Assessments",
            {
                "child_id": _I,
                "cin_details_id": _I,
                "assessment_id": _I,
                "assessment_actual_start_date": _D,
                "assessment_internal_review_date": _D,
                "assessment_authorisation_date": _D,
                "line": _I,
            },
        ),
        TableSpec(
            "assessment_factors",
            "AssessmentFactors",
            {
                "child_id": _I,
                "cin_details_id": _I,
                "assessment_id": _I,
                "assessment_factors": _S,
                "line": _I,
            },
        ),
        TableSpec(
            "cin_plan_dates",
            "CINPlanDates",
            {
                "child_id": _I,
                "cin_details_id": _I,
                "cin_plan_id": _I,
                "cin_plan_start_date": _D,
                "cin_plan_end_date": _D,
                "line": _I,
            },
        ),
        TableSpec(
            "section47",
            "Section47",
            {
                "child_id": _I,
                "cin_details_id": _I,
                "s47_id": _I,
                "s47_actual_start_date": _D,
                "initial_cpc_target": _D,
                "date_of_initial_cpc": _D,
                "icpc_not_required": _S,
                "line": _I,
            },
        ),
        TableSpec(
            "cp_plans",
            "ChildProtectionPlans",
            {
                "child_id": _I,
                "cin_details_id": _I,
                "cp_plan_id": _I,
                "cpp_start_date": _D,
                "cpp_end_date": _D,
                "initial_category_of_abuse": _S,
                "latest_category_of_abuse": _S,
                "number_of_previous_cpp": _S,
                "line": _I,
            },
        ),
        TableSpec(
            "cp_reviews",
            "CPPreviewDate",
            {
                "child_id": _I,
                "cin_details_id": _I,
                "cp_plan_id": _I,
                "cpp_review_date": _D,
                "line": _I,
            },
        ),
        TableSpec(
            # New in 2026-27 (module 5); always present, empty in a 2025-26 file.
            "pre_proceedings",
            "PreProceedingsandFGDM",
            {
                "child_id": _I,
                "cin_details_id": _I,
                "pp_id": _I,
                "pp_start_date": _D,
                "lbp_sent_date": _D,
                "fgdm_meeting_offer": _S,
                "fgdm_meeting_fac": _S,
                "initial_pp_meeting_date": _D,
                "review_meetings_count": _S,
                "step_decision_date": _D,
                "pp_outcome": _S,
                "court_app_date": _D,
                "letter_init_cp_date": _D,
                "line": _I,
            },
        ),
    ]
}

#: The XML element each table row comes from (used as "element" in failures).
GROUP_ELEMENT: dict[str, str] = {name: spec.element for name, spec in TABLES.items()}

#: Column -> DfE element name. ``date_of_initial_cpc`` appears in both
#: ``cin_details`` and ``section47``, as in the XML.
ELEMENT_OF: dict[str, str] = {
    "collection": "Collection",
    "year": "Year",
    "reference_date": "ReferenceDate",
    "source_level": "SourceLevel",
    "lea": "LEA",
    "software_code": "SoftwareCode",
    "release": "Release",
    "serial_no": "SerialNo",
    "date_time": "DateTime",
    "la_child_id": "LAchildID",
    "upn": "UPN",
    "former_upn": "FormerUPN",
    "upn_unknown": "UPNunknown",
    "person_birth_date": "PersonBirthDate",
    "expected_person_birth_date": "ExpectedPersonBirthDate",
    "sex": "Sex",
    "person_death_date": "PersonDeathDate",
    "ethnicity": "Ethnicity",
    "has_disabilities": "Disabilities",
    "disability": "Disability",
    "cin_referral_date": "CINreferralDate",
    "referral_source": "ReferralSource",
    "primary_need_code": "PrimaryNeedCode",
    "cin_closure_date": "CINclosureDate",
    "reason_for_closure": "ReasonForClosure",
    "date_of_initial_cpc": "DateOfInitialCPC",
    "referral_nfa": "ReferralNFA",
    "assessment_actual_start_date": "AssessmentActualStartDate",
    "assessment_internal_review_date": "AssessmentInternalReviewDate",
    "assessment_authorisation_date": "AssessmentAuthorisationDate",
    "assessment_factors": "AssessmentFactors",
    "cin_plan_start_date": "CINPlanStartDate",
    "cin_plan_end_date": "CINPlanEndDate",
    "s47_actual_start_date": "S47ActualStartDate",
    "initial_cpc_target": "InitialCPCtarget",
    "icpc_not_required": "ICPCnotRequired",
    "cpp_start_date": "CPPstartDate",
    "cpp_end_date": "CPPendDate",
    "initial_category_of_abuse": "InitialCategoryOfAbuse",
    "latest_category_of_abuse": "LatestCategoryOfAbuse",
    "number_of_previous_cpp": "NumberOfPreviousCPP",
    "cpp_review_date": "CPPreviewDate",
    "pp_start_date": "PPStartDate",
    "lbp_sent_date": "LBPSentDate",
    "fgdm_meeting_offer": "FGDMMeetingOffer",
    "fgdm_meeting_fac": "FGDMMeetingFac",
    "initial_pp_meeting_date": "InitialPPMeetingDate",
    "review_meetings_count": "ReviewMeetingsCount",
    "step_decision_date": "StepDecisionDate",
    "pp_outcome": "PPOutcome",
    "court_app_date": "CourtAppDate",
    "letter_init_cp_date": "LetterInitCPDate",
}

#: The first collection year of each module that is not in every year's layout.
#: A file whose ReferenceDate falls in an earlier year may not hold it.
MODULE_SINCE: dict[str, str] = {"PreProceedingsandFGDM": "2026-27"}
