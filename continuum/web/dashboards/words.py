"""The words a drill-down list shows for a coded column, and its columns' titles.

Why: the rows behind a figure come from the analytical tables, which hold codes (a referral
source "2A", a MASH outcome "EARLY_HELP", a placement "U4"). A manager checking a figure reads
"Schools (2A)", not "2A". The DfE's own labels come from :mod:`continuum.core.codes`; the
analytical tables' local codes (the MASH outcome, the BRAG rating, where a child went missing
from) take their words from the case record's own choices, so one list of words serves the
forms and the figures. A DfE code stays beside its words, as analysts and the DfE's guides
quote it; a local code does not, since it is only the analytical table's spelling of the
record's choice ("Early help", not "Early help (EARLY_HELP)").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from continuum.core import codes
from continuum.journey.models.front_door import Brag, ContactOutcome, PartnerAgency
from continuum.journey.models.missing import MissingFrom

#: Drill-down columns holding a DfE code, with the code set whose labels they take.
DFE_CODE_SETS = {
    "ethnicity": "Ethnicity",
    "sex": "Sex",
    "source": "ReferralSource",
    "category": "InitialCategoryOfAbuse",
    "factor": "AssessmentFactors",
    "factors": "AssessmentFactors",
    "primary_need": "PrimaryNeedCode",
    "ls": "episodes.LS",
    "place": "episodes.PLACE",
    "rec": "episodes.REC",
    "rne": "episodes.RNE",
    "accom": "oc3.ACCOM",
    "activ": "oc3.ACTIV",
    "in_touch": "oc3.IN_TOUCH",
    "sw_reason": "social_worker.SW_REASON",
}

#: The analytical tables' own codes (``continuum/metrics/schema.py``) with the record's words.
_BRAG = {c.value: c.label for c in Brag}
LOCAL_CODES: dict[str, dict[str, str]] = {
    "mash_outcome": {
        "NFA": ContactOutcome.NFA.label,
        "ADVICE": ContactOutcome.ADVICE.label,
        "EARLY_HELP": ContactOutcome.EARLY_HELP.label,
        "REFERRAL": ContactOutcome.REFERRAL.label,
        "EXISTING": ContactOutcome.EXISTING_CASE.label,
    },
    "initial_brag": _BRAG,
    "final_brag": _BRAG,
    "missing_from": {
        "HOME": MissingFrom.HOME.label,
        "PLACEMENT_IN": MissingFrom.PLACEMENT_IN_BOROUGH.label,
        "PLACEMENT_OUT": MissingFrom.PLACEMENT_OUT_OF_BOROUGH.label,
    },
    "lead_professional_agency": {
        **{c.value.upper(): c.label for c in PartnerAgency},
        "CHILDRENS_SOCIAL_CARE": "Children's social care",
        "EDUCATION": PartnerAgency.EDUCATION.label,
        "OTHER": "Other agency",
    },
}

#: Column titles where the column's name is not the words (the rest: its name, capitalised).
TITLES = {
    "la_child_id": "LAchildID",
    "record_id": "Record",
    "ref_date": "Date",
    "sw_id": "Worker (SW_ID)",
    "source": "Referral source",
    "mash_outcome": "MASH outcome",
    "initial_brag": "Initial BRAG rating",
    "final_brag": "Final BRAG rating",
    "ls": "Legal status",
    "place": "Placement",
    "rec": "Reason episode ceased",
    "rne": "Reason for new episode",
    "accom": "Accommodation",
    "activ": "Activity",
    "in_touch": "In touch",
    "sw_reason": "Reason for social worker change",
    "lead_professional_agency": "Lead professional's agency",
    "category": "Category of abuse",
    "factor": "Assessment factor",
    "factors": "Assessment factors",
    "number_of_previous_cpp": "Previous child protection plans",
    "fte": "Full-time equivalent (FTE)",
}

#: The kind of record a drill-down row counts, by the analytical table's key that the indicator's
#: SQL gives as ``record_id``; the column is titled with it ("Allocation number"), since the numbers
#: of different kinds differ for the same child (an allocation 24888 and a referral 107).
RECORD_KINDS = {
    "contact_id": "Contact",
    "referral_id": "Referral",
    "assessment_id": "Assessment",
    "s47_id": "Section 47 enquiry",
    "conference_id": "Conference",
    "cp_plan_id": "Child protection plan",
    "episode_id": "Care episode",
    "period_of_care_id": "Period of care",
    "missing_id": "Missing episode",
    "care_leaver_id": "Care leaver record",
    "early_help_id": "Early help episode",
    "case_audit_id": "Case audit",
    "ehc_plan_id": "EHC plan",
    "ehc_request_id": "EHC needs assessment request",
    "ehc_transfer_id": "EHC plan transfer",
    "allocation_id": "Allocation",
    "cin_plan_id": "Child in need plan",
    "team_id": "Team",
    "sw_id": "Social worker",
}
_RECORD_KEY = re.compile(r"(\w+)\)?\s+AS\s+record_id\b", re.IGNORECASE)


def record_title(sql: str) -> str | None:
    """The Record column's title for an indicator ("Allocation number"), or None where the record is
    the child itself (its number would only repeat the LAchildID, so the column is left out)."""
    keys = [k.rsplit(".", 1)[-1] for k in _RECORD_KEY.findall(sql)]
    if "la_child_id" in keys[:1]:
        return None
    kind = RECORD_KINDS.get(keys[0]) if keys else None
    if kind == "Social worker":
        return TITLES["sw_id"]
    return f"{kind} number" if kind else "Source record number"


def title(column: str) -> str:
    """A drill-down column's heading."""
    return TITLES.get(column, column.replace("_", " ").capitalize())


def with_code(text: str, code: str) -> str:
    """A code's words with the code beside them ("Schools (2A)"); the code alone where it has none."""
    return f"{text} ({code})" if text != code else code


def worder(column: str) -> Callable[[str], str] | None:
    """How ``column``'s values are shown in words, or None where they are not codes."""
    if column in DFE_CODE_SETS:
        code_set = DFE_CODE_SETS[column]

        def dfe(value: str) -> str:
            # A list column (an assessment's factors) holds its codes separated by spaces.
            return ", ".join(with_code(codes.label(code_set, c), c) for c in value.split())

        return dfe
    if column in LOCAL_CODES:
        known = LOCAL_CODES[column]
        return lambda value: known.get(value, value.replace("_", " ").capitalize())
    return None


def yes_no(value: Any) -> str:
    """A row's part of a count as a manager reads it: 1 counted is "Yes", 0 "No"; other amounts as numbers."""
    if value in (0, 1):
        return "Yes" if value else "No"
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def measure_columns(
    indicator: Any, rows: list[dict[str, Any]]
) -> dict[str, tuple[str, Callable[[Any], str]] | None]:
    """How a drill-down shows the rows' ``num`` and ``den``: a title and a way to say the value, or
    None where the column is left out.

    Why: "Numerator 1" told a manager nothing. A row of a count is simply one counted record, so a
    column of 1s is left out; a row of a percentage says whether it met the measure ("Contacts
    decided on or before the due day: Yes"); a row of an average or a time gives its amount under
    the indicator's own words. The denominator column is left out when every row is in it.
    """
    from continuum.metrics.definitions import Unit

    def every(column: str, value: int) -> bool:
        return all(r.get(column) in (value, None) for r in rows)

    out: dict[str, tuple[str, Callable[[Any], str]] | None] = {}
    if indicator.unit in (Unit.COUNT, Unit.RATE) and every("num", 1):
        out["num"] = None
    else:
        amounts = indicator.unit in (Unit.DAYS, Unit.AVERAGE)
        out["num"] = (_capfirst(indicator.numerator) or "Counted", (_amount if amounts else yes_no))
    if every("den", 1):
        out["den"] = None
    else:
        out["den"] = (_capfirst(indicator.denominator) or "In the denominator", yes_no)
    return out


def _amount(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _capfirst(text: str | None) -> str:
    return text[:1].upper() + text[1:] if text else ""
