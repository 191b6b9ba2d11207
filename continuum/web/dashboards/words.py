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
from continuum.people.models import WorkerRole
from continuum.send.models import Requester

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
    # The analytical table spells the request's requester in capitals ("PARENT"; metrics/extract.py).
    "requested_by": {c.value.upper(): c.label for c in Requester},
    # A worker's role: social workers, personal advisers and team managers by the DfE's short codes
    # (SW, PA, TM), other roles in capitals (metrics/extract.py); the words are the worker form's.
    "role": {
        **{c.value.upper(): c.label for c in WorkerRole},
        "SW": WorkerRole.SOCIAL_WORKER.label,
        "PA": WorkerRole.PERSONAL_ADVISER.label,
        "TM": WorkerRole.TEAM_MANAGER.label,
    },
    # What became of a return home interview (the rhi_held_72h indicator's own words, lower case).
    "rhi_outcome": {
        "held": "Held",
        "refused": "Refused by the child",
        "offered": "Offered, not yet held",
        "not offered": "Not offered",
    },
}

#: Every drill-down column's heading, in one place (``tests/web/test_drilldown_headers.py`` runs
#: every registered indicator and fails on a column missing here). Why a list and not the column's
#: name capitalised: the names are the analytical tables' spellings ("mis_end", "eha_start_date",
#: "den_key"), which read as "Mis end" and "Eha start date" to a manager. A yes-or-no column is
#: titled with the question it answers ("Personal budget agreed"), since "Yes" alone says nothing.
TITLES = {
    "la_child_id": "LAchildID",
    "record_id": "Record",
    "ref_date": "Date",
    "num": "Counted",
    "den": "In the denominator",
    # Who and where
    "sw_id": "Social worker",
    "worker": "Social worker",
    "team": "Team",
    "team_id": "Team",
    "role": "Role",
    "agency": "Agency or permanent",
    "fte": "Full-time equivalent (FTE)",
    "contracted_hours": "Contracted hours a week",
    "establishment_fte": "Establishment (FTE)",
    "permanent_fte": "Permanent staff (FTE)",
    "person_birth_date": "Date of birth",
    "age": "Age at the birthday",
    "age_at_end": "Age at the period end",
    # The front door
    "source": "Referral source",
    "mash_outcome": "MASH outcome",
    "initial_brag": "Initial BRAG rating",
    "final_brag": "Final BRAG rating",
    "received": "Received",
    "decided": "Decided",
    "due": "Due",
    "referral_id": "Referral number",
    "referral_nfa": "No further action on the referral",
    "previous_referral_date": "Previous referral",
    # Assessments, enquiries and conferences
    "assessment_actual_start_date": "Assessment started",
    "clock_start": "Timescale counted from",
    "completed": "Completed",
    "days": "Working days taken",
    "category": "Category of abuse",
    "factor": "Assessment factor",
    "factors": "Assessment factors",
    "date_of_initial_cpc": "Initial child protection conference",
    "icpc_not_required": "Initial conference not needed",
    "plan_outcome": "Conference made a child protection plan",
    # Plans, visits and reviews
    "cpp_start_date": "Plan started",
    "cpp_end_date": "Plan ended",
    "two_years_on": "Two years after the plan started",
    "previous_end": "Previous plan ended",
    "number_of_previous_cpp": "Previous child protection plans",
    "plan_start": "Plan started",
    "last_seen": "Last visited",
    "next_due": "Next due",
    "latest": "Last done",
    "reviews_due": "Reviews due",
    "reviews_late": "Reviews late",
    # Children looked after
    "care_start": "Came into care",
    "ls": "Legal status",
    "place": "Placement",
    "placement_start": "Placement started",
    "placements": "Placements",
    "long_term": "In a long-term placement",
    "rec": "Reason episode ceased",
    "rne": "Reason for new episode",
    # Missing episodes and return home interviews
    "mis_start": "Went missing on",
    "mis_end": "Came back on",
    "mis_end_datetime": "Came back at",
    "missing_from": "Missing from",
    "episodes": "Episodes in the period",
    "rhi_due": "Return home interview due by",
    "rhi_due_day": "Return home interview due day",
    "rhi_offered": "Return home interview offered",
    "rhi_offered_datetime": "Return home interview offered at",
    "rhi_accepted": "Return home interview accepted",
    "rhi_held_datetime": "Return home interview held at",
    "rhi_outcome": "Return home interview",
    # Care leavers
    "birthday": "Birthday",
    "window_start": "Contact window starts",
    "window_end": "Contact window ends",
    "contact_date": "Latest contact in the window",
    "in_touch": "In touch",
    "accom": "Accommodation",
    "activ": "Activity",
    # Early help
    "eha_start_date": "Early help started",
    "eha_end_date": "Early help ended",
    "lead_professional_agency": "Lead professional's agency",
    "stepped_up_to": "Stepped up to referral number",
    # SEND
    "received_on": "Request received",
    "requested_by": "Requested by",
    "issued_on": "Plan issued on",
    "amended_issued_on": "Amended plan issued on",
    "held_on": "Review held on",
    "primary_need": "Primary need",
    "placement": "Setting",
    "out_of_borough": "Placed out of borough",
    "budget_agreed": "Personal budget agreed",
    "transfer": "Phase transfer",
    # Other workforce and social worker changes
    "sw_reason": "Reason for social worker change",
}

#: Columns the engine counts with and a reader has no use for: ``num_key`` / ``den_key`` are the
#: keys a figure counts distinct ones of (a caseload's workers), already shown by name in their own
#: column ("Den key" was one such heading).
HIDDEN = frozenset({"num_key", "den_key"})

#: Yes-or-no columns whose answer reads better as a word of its own ("Agency", not "Yes").
BOOLEAN_WORDS: dict[str, tuple[str, str]] = {"agency": ("Agency", "Permanent")}

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
#: A record that is a worker or a team: shown by name, as :func:`.breakdowns.labeller` names the
#: breakdown's groups of that dimension.
RECORD_PEOPLE = {"sw_id": "worker", "team_id": "team"}
_RECORD_KEY = re.compile(r"(\w+)\)?\s+AS\s+record_id\b", re.IGNORECASE)
#: An indicator whose rows are about no child gives its LAchildID as NULL (metrics/definitions.py).
_NO_CHILD = re.compile(r"\bNULL(?:\s+AS\s+\w+\))?\s+AS\s+la_child_id\b", re.IGNORECASE)
_WORKER_COLUMN = re.compile(r"\bAS\s+worker\b", re.IGNORECASE)


def record_key(sql: str) -> str | None:
    """The analytical table's key an indicator gives as ``record_id`` ("allocation_id", "sw_id")."""
    keys = [k.rsplit(".", 1)[-1] for k in _RECORD_KEY.findall(sql)]
    return keys[0] if keys else None


def record_title(sql: str) -> str | None:
    """The Record column's title for an indicator ("Allocation number"), or None where the record is
    the child itself (its number would only repeat the LAchildID, so the column is left out). A worker
    or a team is titled by its kind alone ("Social worker"), since it is shown by name."""
    key = record_key(sql)
    if key == "la_child_id":
        return None
    kind = RECORD_KINDS.get(key) if key else None
    if key in RECORD_PEOPLE:
        return kind
    return f"{kind} number" if kind else "Source record number"


def about_children(sql: str) -> bool:
    """Whether an indicator's rows are about children (False: workers or teams, with no LAchildID)."""
    return not _NO_CHILD.search(sql)


def rows_are(sql: str) -> tuple[str, str | None]:
    """What a drill-down lists, for its heading ("Workers behind: ...") and its opening sentence:
    the plural, and the singular where the rows are not children ("social worker").

    Why: a workforce figure's drill-down was titled "Children behind" over a list of social workers,
    with an empty LAchildID column. A caseload's rows are children each with the worker holding them.
    """
    if not about_children(sql):
        key = record_key(sql)
        if key == "sw_id":
            return "Workers", "social worker"
        if key == "team_id":
            return "Teams", "team"
        return "Records", "record"
    if _WORKER_COLUMN.search(sql):
        return "Children and workers", None
    return "Children", None


def title(column: str) -> str:
    """A drill-down column's heading (:data:`TITLES`; a column missing there, its name in words)."""
    return TITLES.get(column, column.replace("_", " ").capitalize())


def with_code(text: str, code: str) -> str:
    """A code's words with the code beside them ("Schools (2A)"); the code alone where it has none."""
    return f"{text} ({code})" if text != code else code


def worder(column: str) -> Callable[[str], str] | None:
    """How ``column``'s values are shown in words, or None where they are not codes."""
    if column in DFE_CODE_SETS:
        code_set = DFE_CODE_SETS[column]

        def dfe(value: str) -> str:
            # A list column (an assessment's factors) holds its codes separated by spaces. A value
            # that is not all codes is words already (a SEND plan's need, "Social, emotional and
            # mental health", in a column of the CIN need's name) and is shown as it is, not split.
            found = [(codes.label(code_set, c), c) for c in value.split()]
            if not found or any(text == code for text, code in found):
                return value
            return ", ".join(with_code(text, code) for text, code in found)

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
    column of 1s is left out (of an average's too: a caseload's rows are each one child held); a
    row of a percentage says whether it met the measure ("Contacts decided on or before the due
    day: Yes"); a row of an average or a time gives its amount under the indicator's own words.
    The denominator column is left out when every row is in it.
    """
    from continuum.metrics.definitions import Unit

    def every(column: str, value: int) -> bool:
        return all(r.get(column) in (value, None) for r in rows)

    def say(column: str) -> Callable[[Any], str]:
        # A part that is not just in or out (an agency worker's 0.5 FTE) is an amount throughout:
        # "Yes" for the full-timers' 1.0 beside "0.5" for the part-timer read as two kinds of answer.
        return yes_no if all(r.get(column) in (0, 1, None) for r in rows) else _amount

    out: dict[str, tuple[str, Callable[[Any], str]] | None] = {}
    # A caseload (an average) whose every row is one child held is as plain as a count: no column of 1s.
    if indicator.unit in (Unit.COUNT, Unit.RATE, Unit.AVERAGE) and every("num", 1):
        out["num"] = None
    else:
        amounts = indicator.unit in (Unit.DAYS, Unit.AVERAGE)
        out["num"] = (_capfirst(indicator.numerator) or TITLES["num"], (_amount if amounts else say("num")))
    if every("den", 1):
        out["den"] = None
    else:
        out["den"] = (_capfirst(indicator.denominator) or TITLES["den"], say("den"))
    return out


def _amount(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _capfirst(text: str | None) -> str:
    return text[:1].upper() + text[1:] if text else ""
