"""Write Ofsted's Annex A lists 1-11 as one XLSX workbook, one sheet per list.

Headings and category labels come from ``continuum/specs/annex_a_lists.csv``,
and every cell written is one of its list's codes (Yes/No/Unknown, a)-k)
sources ...), because inspectors' tools reject anything else. The lists cover
the 6 or 12 months up to the given date, from the day after the same date
6 or 12 months earlier (:func:`period_start`). Lists 1-9 come from the case
analytical tables (contacts, early help, referrals, assessments, section 47
enquiries, children in need, CP plans, children looked after, care leavers),
Lists 10 and 11 from the adoption tables (continuum/looked_after). Columns
whose data Continuum does not hold are blank; docs/returns.md lists them.
"""

# The SQL is built only from fixed fragments; values go in as parameters.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from continuum.core import specs
from continuum.core.safe_cells import safe_row
from continuum.metrics.schema import TABLES
from continuum.returns.export.source import pick_la_code, table_or_empty

__all__ = ["LISTS_CSV", "NOT_FILLED", "export_annex_a", "period_start"]

LISTS_CSV = specs.path("annex_a_lists.csv")

NOT_FILLED: dict[str, str] = {}  # every list is filled (10 and 11 from continuum/looked_after)

_GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
_CHILD = """
    c.la_child_id AS "Child Unique ID", c.sex AS "Gender", c.ethnicity AS "Ethnicity",
    c.person_birth_date AS "Date of Birth",
    CASE WHEN c.person_birth_date IS NOT NULL THEN date_diff('year', c.person_birth_date, $at)
         - CASE WHEN strftime(c.person_birth_date, '%m%d') > strftime($at, '%m%d') THEN 1 ELSE 0 END END
      AS "Age of Child (Years)",
    CASE WHEN c.disabilities IS NULL OR len(c.disabilities) = 0 THEN 'Unknown'
         WHEN list_has_all(['NONE'], c.disabilities) THEN 'No' ELSE 'Yes' END
      AS "Does the Child have a Disability"
"""
#: Yes/No columns: the lists' codes are "No | Yes", or "No | Unknown | Yes" where a
#: blank in the record is itself an answer.
_YES_NO = "CASE WHEN {} THEN 'Yes' ELSE 'No' END"


def _yes_no_unknown(expr: str) -> str:
    return f"CASE WHEN ({expr}) THEN 'Yes' WHEN NOT ({expr}) THEN 'No' ELSE 'Unknown' END"


def _yes_no_or_blank(expr: str) -> str:
    return f"CASE WHEN ({expr}) THEN 'Yes' WHEN NOT ({expr}) THEN 'No' END"


_JOIN = "JOIN children c ON c.la_code = x.la_code AND c.la_child_id = x.la_child_id"
_QUERIES = {
    "list_1": f"""SELECT {_CHILD}, CAST(x.contact_datetime AS DATE) AS "Date of Contact",
        x.contact_source AS "Contact Source" FROM contacts x {_JOIN}
        WHERE x.la_code = $la AND CAST(x.contact_datetime AS DATE) BETWEEN $start AND $at
        ORDER BY x.contact_datetime""",
}
_ABUSE = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical Abuse",
    "SAB": "c) Sexual Abuse",
    "EMO": "d) Emotional Abuse",
}


def _ethnicity(code: str | None) -> str:
    if not code or code in ("REFU", "NOBT"):
        return "f) Not stated"
    return {
        "W": "a) White",
        "M": "b) Mixed",
        "A": "c) Asian or Asian British",
        "B": "d) Black or black British",
    }.get(code[0], "e) Other ethnic group")


def _headings() -> dict[str, list[tuple[str, list[str]]]]:
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for row in specs.rows("annex_a_lists.csv"):
        labels = [x.strip() for x in row["codes"].split("|")] if row["codes"] else []
        out.setdefault(row["list"], []).append((row["column"], labels))
    return out


def _label(heading: str, value: object, labels: list[str]) -> object:
    if heading in ("Contact Source", "Referral Source"):
        return _source(value)
    if value is None:
        return None
    if heading == "Gender":
        return _GENDER.get(str(value), "c) Not stated/recorded")
    if heading == "Ethnicity":
        return _ethnicity(str(value))
    if "Category of Abuse" in heading:
        return _ABUSE.get(str(value), "e) Multiple" if value == "MUL" else value)
    if heading == _ORGANISATION:
        return _agency(value)
    return value


#: List 2's column naming the lead professional's agency.
_ORGANISATION = "Organisation completing assessment"


@cache
def _agency_words() -> dict[str, str]:
    """The lead professional's agency code (as the analytical table holds it, upper case) -> the
    words the early help form offers it in ("Children's social care", "Education", "Housing").

    Why: the lists give this column no labels of their own (``annex_a_lists.csv``: a string), so
    an inspector reads what is written; a code such as ``CHILDRENS_SOCIAL_CARE`` is not words.
    The words are the record's own (``PartnerAgency``), not a copy, so the two never drift.
    """
    from continuum.journey.models import PartnerAgency

    return {agency.value.upper(): str(agency.label) for agency in PartnerAgency}


def _agency(value: object) -> str:
    """An agency code in words; anything else (an agency named in words already, as an imported
    record may hold it) as it is."""
    text = str(value).strip()
    return _agency_words().get(text.upper(), text)


#: DfE ReferralSource code -> the lists' a)-k) source. The code's first character is
#: its group (1 individual, 3 health, 5 LA services), except 2A/2B, which Ofsted splits.
_SOURCE = {
    "1": "a) Individual",
    "2A": "b) Schools",
    "2B": "c) Education Services",
    "3": "d) Health Services",
    "4": "e) Housing",
    "5": "f) LA Services",
    "6": "g) Police",
    "7": "h) Other legal agency",
    "8": "i) Other",
    "9": "j) Anonymous",
    "10": "k) Unknown",
}


def _source(code: object) -> str:
    """A contact's or referral's source as the lists label it; blank or unknown is "k) Unknown"."""
    text = str(code or "").strip().upper()
    return _SOURCE.get(text) or _SOURCE.get(text[:1] if text[:1] in "135" else "", "k) Unknown")


# --- Lists 2, 6, 8 and 9 ----------------------------------------------------------------
# Category labels are Ofsted's (annex_a_lists.csv); the DfE code each one stands
# for is from the CIN census and SSDA903 guidance. The SQL writes the label, so
# ``_label`` passes these columns through. Allocated team and worker are the
# allocations open on the date. Gaps (not in the analytical schema) are blank
# and listed in docs/returns.md.


def _case(expr: str, labels: Mapping[str, str], default: str | None = "'zzCodeError'") -> str:
    """``CASE expr WHEN code THEN label ... END`` from fixed labels (never from data)."""
    whens = " ".join(
        f"WHEN '{code}' THEN '{label.replace(chr(39), chr(39) * 2)}'" for code, label in labels.items()
    )
    return f"CASE {expr} {whens} ELSE {default or 'NULL'} END"


_NEED = {
    "N1": "a) Abuse or neglect",
    "N2": "b) Child's disability",
    "N3": "c) Parents illness or disability",
    "N4": "d) Family in acute stress",
    "N5": "e) Family dysfunction",
    "N6": "f) Socially unacceptable behaviour",
    "N7": "g) Low income",
    "N8": "h) Absent parenting",
    "N9": "i) Not CIN",
    "N0": "j) Not stated",
}
_CLOSURE = {
    "RC1": "a) Adopted",
    "RC2": "b) Died",
    "RC3": "c) Residence Order",
    "RC4": "d) Special Guardianship Order",
    "RC5": "e) Transfer to another LA",
    "RC6": "f) Transfer to Adult Social Services",
    "RC7": "g) 'Other' incl. Child no longer in need",
    "RC8": "h) Child not in need after assessment",
    "RC9": "h) Child not in need after assessment",
}
_LEGAL_STATUS = {
    "C1": "a) Interim care orders",
    "C2": "b) Full care orders",
    "D1": "c) Freed for  Adoption",
    "E1": "d) Placement order granted",
    "V2": "e) Accommodated under S20",
    "V3": "e) Accommodated under S20",
    "V4": "e) Accommodated under S20",
    "L1": "f) Detained on child protection grounds in LA accommodation",
    "L2": "f) Detained on child protection grounds in LA accommodation",
    "L3": "f) Detained on child protection grounds in LA accommodation",
    "J1": "J1: Remanded to LA or youth detention",
    "J2": "J2: LA accommodation under PACE",
    "J3": "g) Youth justice legal Statuses",
}
_CEASED = {
    "E11": "a) Adopted",
    "E12": "a) Adopted",
    "E2": "b) Died",
    "E3": "c) Care taken by another LA",
    "E4A": "d) Returned home to live with parents or relatives",
    "E4B": "d) Returned home to live with parents or relatives",
    "E13": "e) Left care to live with parents, relatives or other person with no parental responsibility",
    "E41": "f) Residence order granted",
    "E47": "f) Residence order granted",
    "E48": "f) Residence order granted",
    "E45": "g) Special Guardianship Orders",
    "E46": "g) Special Guardianship Orders",
    "E5": "h) Moved into independent living",
    "E6": "h) Moved into independent living",
    "E7": "i) Transferred to residential care funded by adult social services",
    "E9": "j) Sentenced to custody",
    "E14": "k) Accommodation on remand ended",
    "E15": "l) Age assessment determined child was 18 or over",
    "E16": "m) Child moved abroad",
    "E17": "n) Care ceased for any other reason",
    "E8": "n) Care ceased for any other reason",
}
_PLACEMENT = {
    **dict.fromkeys(("U1", "U2", "U3", "U4", "U5", "U6"), "a) Foster placement"),
    **dict.fromkeys(("A3", "A4", "A5", "A6"), "b) Placed for adoption"),
    "P1": "c) Placed with parents",
    **dict.fromkeys(("Z11", "Z12", "Z13", "Z14"), "d) Independent living"),
    "P3": "e) Residential employment",
    "K3": "f) Residential accommodation",
    "K1": "g) Secure Children’s Homes",
    "K2": "h) Children’s Homes",
    "R1": "i) Residential Care Home",
    "R2": "j) NHS/Health Trust",
    "R3": "k) Family Centre or Mother and Baby Unit",
    "R5": "l) Young Offender Institution",
    "S1": "m) Residential school",
    "Z1": "n) Other placements",
    **dict.fromkeys(("T0", "T1", "T2", "T3", "T4"), "o) Temporary placement"),
}
_PROVIDER = {
    "PR1": "a) Own LA",
    "PR4": "b) Private",
    **dict.fromkeys(("PR0", "PR2", "PR3", "PR5"), "c) Other"),
}
_ELIGIBILITY = {
    "RELEVANT": "a) Relevant",
    "FORMER_RELEVANT": "b) Former relevant",
    "QUALIFYING": "c) Qualifying",
    "ELIGIBLE": "d) Eligible",
}
_IN_TOUCH = {
    "YES": "a) In touch",
    "NO": "b) Not in touch",
    "REFU": "b) Not in touch",
    "DIED": "d) Exclude",
    "NREQ": "d) Exclude",
    "RHOM": "d) Exclude",
}
#: OC3 ACCOM: the letter is the type, the digit says suitable (1) or not (2).
_ACCOMMODATION = {
    "B": "a) With parents or relatives",
    "C": "b) Community home",
    "D": "c) Semi-independent transitional accommodation",
    "E": "d) Supported lodgings",
    "G": "e) Gone abroad",
    "H": "f) Deported",
    "K": "g) Ordinary lodgings",
    "R": "h) Residence not known",
    "S": "i) No fixed abode / homeless",
    "T": "j) Foyers",
    "U": "k) Independent living",
    "V": "l) Emergency accommodation",
    "W": "m) Bed and breakfast",
    "X": "n) In custody",
    "Z": "o) With Former Foster Carer",
    "Y": "p) Other accommodation",
}


def _activity_labels() -> dict[str, str]:
    """OC3 ACTIV code -> Ofsted's label, which starts with the code ("F1: Full time in ...")."""
    labels = dict(_headings()["list_9"])["Activity Status"]
    return {label.split(":")[0]: label for label in labels}


#: "In the last 12 months" is ``$year_start`` (the day after the same date a year
#: earlier) to the date, whatever the lists' period; ``$six_months`` likewise.
_ALLOCATED = """LEFT JOIN (
        SELECT a.la_code, a.la_child_id,
          arg_max(t.team_name, a.sw_decom) FILTER (WHERE w.role IS DISTINCT FROM 'PA') AS team,
          arg_max(w.worker_name, a.sw_decom) FILTER (WHERE w.role IS DISTINCT FROM 'PA') AS worker,
          arg_max(w.worker_name, a.sw_decom) FILTER (WHERE w.role = 'PA') AS adviser,
          arg_max(t.team_name, a.sw_decom) FILTER (WHERE w.role = 'PA') AS adviser_team
        FROM allocations a
        LEFT JOIN workers w ON w.la_code = a.la_code AND w.sw_id = a.sw_id
        LEFT JOIN teams t ON t.la_code = a.la_code AND t.team_id = a.team_id
        WHERE a.sw_decom <= $at AND (a.sw_dec IS NULL OR a.sw_dec > $at)
        GROUP BY a.la_code, a.la_child_id
    ) al ON al.la_code = x.la_code AND al.la_child_id = x.la_child_id"""
_SAME_CHILD = "{t}.la_code = x.la_code AND {t}.la_child_id = x.la_child_id"


def _latest(table: str, column: str, where: str = "TRUE") -> str:
    """The child's latest ``column`` in ``table`` on or before the date."""
    return (
        f"(SELECT max(t.{column}) FROM {table} t WHERE {_SAME_CHILD.format(t='t')} "
        f"AND t.{column} <= $at AND {where})"
    )


def _by_then(column: str) -> str:
    return f"CASE WHEN {column} <= $at THEN {column} END"


def _open_on_date(table: str, start: str, end: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {table} p WHERE p.referral_id = x.referral_id "
        f"AND p.{start} <= $at AND (p.{end} IS NULL OR p.{end} > $at))"
    )


def _started_since(table: str, start: str, since: str) -> str:
    """A ``table`` row of the same CIN episode started between ``since`` and the date."""
    return (
        f"EXISTS (SELECT 1 FROM {table} p WHERE p.referral_id = x.referral_id "
        f"AND p.{start} BETWEEN {since} AND $at)"
    )


_TEAM_WORKER = 'al.team AS "Allocated Team", al.worker AS "Allocated Worker"'

_QUERIES["list_3"] = f"""SELECT {_CHILD}, x.cin_referral_date AS "Date of referral",
        x.referral_source AS "Referral Source",
        {_YES_NO.format("x.referral_nfa")} AS "Referral NFA?",
        (SELECT count(*) FROM referrals p WHERE {_SAME_CHILD.format(t="p")}
           AND p.cin_referral_date > CAST(x.cin_referral_date - INTERVAL 12 MONTH AS DATE)
           AND p.cin_referral_date <= x.cin_referral_date) AS "Number of Referrals in Last 12 Months",
        {_TEAM_WORKER}
        FROM referrals x {_JOIN} {_ALLOCATED}
        WHERE x.la_code = $la AND x.cin_referral_date BETWEEN $start AND $at
        ORDER BY x.cin_referral_date, x.referral_id"""

# "Requiring support": the recorded outcome; without one, an assessment authorised by
# the date is "Yes" if a CIN plan, a CP plan or care followed it in the same CIN
# episode, else "No"; an assessment still open is blank.
_QUERIES["list_4"] = f"""SELECT {_CHILD},
        x.assessment_actual_start_date AS "Continuous Assessment Start Date",
        {_yes_no_unknown("x.child_seen")} AS "Child Seen During Continuous Assessment",
        CASE WHEN x.assessment_authorisation_date <= $at THEN x.assessment_authorisation_date END
          AS "Continuous Assessment Date of Authorisation",
        CASE WHEN x.requires_support THEN 'Yes' WHEN NOT x.requires_support THEN 'No'
          WHEN x.assessment_authorisation_date IS NULL OR x.assessment_authorisation_date > $at THEN NULL
          WHEN {_started_since("cin_plans", "cin_plan_start_date", "x.assessment_actual_start_date")}
            OR {_started_since("cp_plans", "cpp_start_date", "x.assessment_actual_start_date")}
            OR EXISTS (SELECT 1 FROM cla_episodes e JOIN referrals r ON r.referral_id = x.referral_id
                       WHERE {_SAME_CHILD.format(t="e")} AND e.rne = 'S'
                         AND e.decom BETWEEN x.assessment_actual_start_date AND $at
                         AND (r.cin_closure_date IS NULL OR e.decom <= r.cin_closure_date))
            THEN 'Yes' ELSE 'No' END
          AS "Was the child assessed as requiring LA children's social care support?",
        {_TEAM_WORKER}
        FROM assessments x {_JOIN} {_ALLOCATED}
        WHERE x.la_code = $la AND x.assessment_actual_start_date <= $at
          AND (x.assessment_authorisation_date IS NULL OR x.assessment_authorisation_date >= $start)
        ORDER BY x.assessment_actual_start_date, x.assessment_id"""

#: ICPCs of the child: conferences recorded as ICPCs, and the enquiries' ICPC dates
#: (an import from the CIN census has the second only); one a day.
_ICPC_DATES = f"""(SELECT k.conference_date AS d FROM conferences k
             WHERE {_SAME_CHILD.format(t="k")} AND k.conference_type = 'ICPC'
           UNION SELECT q.date_of_initial_cpc FROM s47 q
             WHERE {_SAME_CHILD.format(t="q")} AND q.date_of_initial_cpc IS NOT NULL)"""

# "Did the ICPC result in a plan": the conference's outcome, else a CP plan of the
# same episode starting that day ("Yes"), else "Unknown"; blank when no ICPC was held
# by the date.
_QUERIES["list_5"] = f"""SELECT {_CHILD},
        coalesce(x.strategy_discussion_date, x.s47_actual_start_date)
          AS "Strategy discussion initiating Section 47 Enquiry Start Date",
        {_YES_NO.format("x.icpc_not_required")}
          AS "Was an Initial Child Protection Conference deemed unnecessary?",
        CASE WHEN x.date_of_initial_cpc <= $at THEN x.date_of_initial_cpc END
          AS "Date of Initial Child Protection Conference",
        CASE WHEN x.date_of_initial_cpc <= $at THEN coalesce(
            (SELECT CASE bool_or(k.plan_outcome) WHEN TRUE THEN 'Yes' WHEN FALSE THEN 'No' END
             FROM conferences k WHERE k.s47_id = x.s47_id AND k.conference_type = 'ICPC'),
            CASE WHEN EXISTS (SELECT 1 FROM cp_plans p WHERE p.referral_id = x.referral_id
                              AND p.cpp_start_date = x.date_of_initial_cpc) THEN 'Yes' END,
            'Unknown') END
          AS "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        (SELECT count(*) FROM s47 p WHERE {_SAME_CHILD.format(t="p")}
           AND p.s47_actual_start_date BETWEEN $year_start AND $at)
          AS "Number of Section 47 Enquiries in the last 12 months",
        (SELECT count(*) FROM {_ICPC_DATES} i WHERE i.d BETWEEN $year_start AND $at)
          AS "Number of ICPCs in the last 12 months",
        {_TEAM_WORKER}
        FROM s47 x {_JOIN} {_ALLOCATED}
        WHERE x.la_code = $la AND x.s47_actual_start_date BETWEEN $start AND $at
        ORDER BY x.s47_actual_start_date, x.s47_id"""

_PROTECTED = _YES_NO.format(
    f"EXISTS (SELECT 1 FROM cla_episodes e WHERE {_SAME_CHILD.format(t='e')} AND e.ls IN ('L1', 'L2') "
    "AND e.decom <= $at AND (e.dec IS NULL OR e.dec >= $six_months))"
)
_PROTECTED_HEADING = (
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"
)

#: The plan's latest CP visit on or before the date (ties: the later record).
_LAST_CP_VISIT = f"""(SELECT {{}} FROM visits v WHERE {_SAME_CHILD.format(t="v")} AND v.visit_type = 'CP'
           AND v.visit_date BETWEEN x.cpp_start_date AND $at
           AND (x.cpp_end_date IS NULL OR v.visit_date <= x.cpp_end_date)
         ORDER BY v.visit_date DESC, v.visit_id DESC LIMIT 1)"""

# List 7: latest review conference = the plan's latest RCPC by the date (a conference
# with no plan recorded counts for the plan of its episode open that day). EPO or police
# protection = a CLA episode with LS L1 (police protection) or L2 (EPO) overlapping the
# six months up to the date.
_QUERIES["list_7"] = f"""SELECT {_CHILD}, x.cpp_start_date AS "Child Protection Plan Start Date",
        x.initial_category_of_abuse AS "Initial Category of Abuse",
        x.latest_category_of_abuse AS "Latest Category of Abuse",
        {_LAST_CP_VISIT.format("v.visit_date")} AS "Date of the Last Statutory Visit",
        {_LAST_CP_VISIT.format(_yes_no_unknown("v.seen AND v.seen_alone"))} AS "Was the Child Seen Alone?",
        (SELECT max(k.conference_date) FROM conferences k
         WHERE k.conference_type = 'RCPC' AND k.conference_date <= $at
           AND (k.cp_plan_id = x.cp_plan_id
                OR (k.cp_plan_id IS NULL AND k.referral_id = x.referral_id
                    AND k.conference_date BETWEEN x.cpp_start_date AND coalesce(x.cpp_end_date, $at))))
          AS "Date of latest review conference",
        CASE WHEN x.cpp_end_date <= $at THEN x.cpp_end_date END AS "Child Protection Plan End Date",
        {_PROTECTED} AS "{_PROTECTED_HEADING}",
        x.number_of_previous_cpp AS "Number of Previous Child Protection Plans",
        {_TEAM_WORKER}
        FROM cp_plans x {_JOIN} {_ALLOCATED}
        WHERE x.la_code = $la AND x.cpp_start_date <= $at
          AND (x.cpp_end_date IS NULL OR x.cpp_end_date >= $start)
        ORDER BY x.cpp_start_date, x.cp_plan_id"""


_QUERIES["list_2"] = f"""SELECT {_CHILD}, x.eha_start_date AS "Assessment start date",
        x.lead_professional_agency AS "Organisation completing assessment"
        FROM early_help x {_JOIN}
        WHERE x.la_code = $la AND x.eha_start_date BETWEEN $start AND $at
        ORDER BY x.eha_start_date, x.early_help_id"""

_QUERIES["list_6"] = f"""SELECT {_CHILD}, x.cin_referral_date AS "CIN Start Date",
        {_case("x.primary_need_code", _NEED, "'j) Not stated'")} AS "Primary Need Code",
        (SELECT max(v.visit_date) FROM visits v WHERE {_SAME_CHILD.format(t="v")} AND v.seen
           AND v.visit_date BETWEEN x.cin_referral_date AND $at
           AND (x.cin_closure_date IS NULL OR v.visit_date <= x.cin_closure_date))
          AS "Date Child Was Last Seen",
        CASE WHEN x.cin_closure_date <= $at THEN x.cin_closure_date END AS "CIN Closure Date",
        CASE WHEN x.cin_closure_date <= $at THEN {_case("x.reason_for_closure", _CLOSURE, "'i) Not Stated'")}
          END AS "Reason for Closure",
        CASE WHEN x.cin_closure_date <= $at THEN 'e) Closed episode'
          WHEN EXISTS (SELECT 1 FROM cla_episodes e WHERE {_SAME_CHILD.format(t="e")}
            AND e.decom <= $at AND (e.dec IS NULL OR e.dec > $at)) THEN 'a) Looked after child'
          WHEN {_open_on_date("cp_plans", "cpp_start_date", "cpp_end_date")} THEN 'b) Child Protection plan'
          WHEN {_open_on_date("cin_plans", "cin_plan_start_date", "cin_plan_end_date")}
            THEN 'c) Child in need plan'
          WHEN {_open_on_date("assessments", "assessment_actual_start_date", "assessment_authorisation_date")}
            THEN 'd) Open assessment'
          ELSE 'c) Child in need plan'
        END AS "Case Status",
        {_TEAM_WORKER}
        FROM referrals x {_JOIN} {_ALLOCATED}
        WHERE x.la_code = $la AND NOT x.referral_nfa AND x.cin_referral_date <= $at
          AND (x.cin_closure_date IS NULL OR x.cin_closure_date >= $start)
        ORDER BY x.cin_referral_date, x.referral_id"""

_SECOND_PERIOD = _YES_NO.format(
    "(SELECT count(DISTINCT p.period_of_care_id) FROM cla_episodes p "
    f"WHERE {_SAME_CHILD.format(t='p')} AND p.decom <= $at AND (p.dec IS NULL OR p.dec >= $year_start)) > 1"
)

#: Continuum's permanence plan (on the episode) -> List 8's categories.
_PERMANENCE = {
    "RETURN_HOME": "a) Return to family",
    "ADOPTION": "b) Adoption",
    "SGO": "c) SGO/CAO",
    "CAO": "c) SGO/CAO",
    "INDEPENDENT_LIVING": "d) Supported living in the community",
    "RESIDENTIAL": "e) Long-term residential placement",
    "LONG_TERM_FOSTERING": "f) Long-term fostering",
    "OTHER": "g) Other",
}
#: REVIEW_CODE PN1-PN4: the child attended the review, which the IRO chairs; the
#: latest such review is the IRO's latest recorded contact with the child.
_CHILD_ATTENDED = "('PN1', 'PN2', 'PN3', 'PN4')"
_RETURN_INTERVIEW = """(SELECT {} FROM missing m WHERE {} AND m.missing = 'M' AND m.mis_start <= $at
         ORDER BY m.mis_start DESC, m.missing_id DESC LIMIT 1)"""

_SECOND_PERIOD_HEADING = (
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"
)

# List 8: one row per child looked after at any time in the period, from the
# child's latest episode in it. Runs of episodes give the start of the period
# of care, of the current legal status (a run of one LS) and of the current
# placement (the latest episode not started by a change of legal status only).
_QUERIES["list_8"] = f"""WITH e0 AS (
          SELECT e.*, lag(e.ls) OVER w AS prev_ls,
            CASE WHEN e.rne <> 'L' THEN e.decom END AS placed_here
          FROM cla_episodes e WHERE e.la_code = $la AND e.decom <= $at
          WINDOW w AS (PARTITION BY e.la_child_id, e.period_of_care_id ORDER BY e.decom, e.episode_id)
        ), e1 AS (
          SELECT *, sum(CASE WHEN prev_ls IS DISTINCT FROM ls THEN 1 ELSE 0 END) OVER w AS ls_run,
            max(placed_here) OVER w AS placement_start,
            min(decom) OVER (PARTITION BY la_child_id, period_of_care_id) AS care_start
          FROM e0 WINDOW w AS (PARTITION BY la_child_id, period_of_care_id ORDER BY decom, episode_id
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        ), e2 AS (
          SELECT *, min(decom) OVER (PARTITION BY la_child_id, period_of_care_id, ls_run) AS ls_start FROM e1
        ), x AS (
          SELECT *, row_number() OVER (PARTITION BY la_child_id ORDER BY decom DESC, episode_id DESC) AS nth
          FROM e2 WHERE dec IS NULL OR dec >= $start
        )
        SELECT {_CHILD},
        {_YES_NO.format("c.uasc AND (c.duc IS NULL OR c.duc >= $year_start)")}
          AS "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        x.care_start AS "Date Started to be Looked After",
        {_case("x.cin", _NEED)} AS "Child's Category of Need",
        {_SECOND_PERIOD} AS "{_SECOND_PERIOD_HEADING}",
        x.ls_start AS "Start date of current legal status",
        {_case("x.ls", _LEGAL_STATUS)} AS "Child's Legal Status",
        {_latest("reviews", "review", "t.review_type = 'CLA'")} AS "Date of Latest Statutory Review",
        {_latest("visits", "visit_date", "t.visit_type = 'CLA'")} AS "Date of Last Social Work Visit",
        (SELECT {_case("arg_max(p.permanence_plan, p.decom)", _PERMANENCE, None)} FROM cla_episodes p
         WHERE {_SAME_CHILD.format(t="p")} AND p.period_of_care_id = x.period_of_care_id
           AND p.decom <= $at AND p.permanence_plan IS NOT NULL)
          AS "What is the permanence plan for this child?",
        {_latest("reviews", "review", f"t.review_type = 'CLA' AND t.review_code IN {_CHILD_ATTENDED}")}
          AS "Date of Last IRO Visit / Contact to the Child",
        {_latest("health_assessments", "health_assessment_date")} AS "Date of Last Health Assessment",
        {_latest("dental_checks", "dental_check_date")} AS "Date of Last Dental Check",
        (SELECT count(*) FILTER (WHERE p.rne <> 'L' AND p.decom > $year_start)
           + CASE WHEN bool_or(p.decom <= $year_start AND (p.dec IS NULL OR p.dec > $year_start))
             THEN 1 ELSE 0 END
         FROM cla_episodes p WHERE {_SAME_CHILD.format(t="p")} AND p.decom <= $at)
          AS "Number of Placements in the Last 12 months",
        CASE WHEN x.dec <= $at AND x.rec <> 'X1' THEN x.dec END AS "Date Ceased to be Looked After",
        CASE WHEN x.dec <= $at AND x.rec <> 'X1' THEN {_case("x.rec", _CEASED)} END
          AS "Reason Ceased to be Looked After",
        x.placement_start AS "Start Date of Most Recent Placement",
        {_case("x.place", _PLACEMENT)} AS "Placement Type",
        {_case("x.place_provider", _PROVIDER, None)} AS "Placement Provider",
        x.pl_post AS "Placement postcode",
        x.urn AS "URN of Placement",
        CASE x.placement_location WHEN 'IN' THEN 'a) In' WHEN 'OUT' THEN 'b) Out' END AS "Placement Location",
        (SELECT count(*) FROM missing m WHERE {_SAME_CHILD.format(t="m")} AND m.missing = 'M'
           AND m.mis_start BETWEEN $year_start AND $at)
          AS "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        (SELECT count(*) FROM missing m WHERE {_SAME_CHILD.format(t="m")} AND m.missing = 'A'
           AND m.mis_start BETWEEN $year_start AND $at)
          AS "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        {_RETURN_INTERVIEW.format(_yes_no_or_blank("m.rhi_offered"), _SAME_CHILD.format(t="m"))}
          AS "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        {_RETURN_INTERVIEW.format(_yes_no_or_blank("m.rhi_accepted"), _SAME_CHILD.format(t="m"))}
          AS "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        {_TEAM_WORKER}
        FROM x {_JOIN} {_ALLOCATED}
        WHERE x.nth = 1
        ORDER BY x.care_start, x.la_child_id"""

_QUERIES["list_9"] = f"""SELECT {_CHILD},
        {_YES_NO.format("c.uasc")}
          AS "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        CASE WHEN al.adviser IS NOT NULL THEN al.adviser_team ELSE al.team END AS "Allocated Team",
        coalesce(al.adviser, al.worker) AS "Allocated Worker",
        al.adviser AS "Allocated Personal Advisor",
        {_case("x.eligibility_category", _ELIGIBILITY, "'e) Other'")} AS "Eligibility Category",
        {_by_then("x.latest_pathway_plan_review")} AS "Latest Pathway Plan Review Date",
        {_case("x.in_touch", _IN_TOUCH, "'c) Not recorded'")} AS "LA in Touch",
        greatest(CASE WHEN x.latest_contact_date <= $at THEN x.latest_contact_date END,
          {_latest("visits", "visit_date", "t.visit_type = 'CARE_LEAVER'")}) AS "Latest Date of Contact",
        CASE WHEN x.accom IS NOT NULL AND x.accom <> '0'
          THEN {_case("substr(x.accom, 1, 1)", _ACCOMMODATION)} END AS "Type of Accommodation",
        CASE WHEN x.in_touch IN ('DIED', 'NREQ', 'RHOM') THEN 'd) Exclude'
          WHEN substr(x.accom, 2, 1) = '1' THEN 'a) Suitable'
          WHEN substr(x.accom, 2, 1) = '2' THEN 'b) Not suitable'
          ELSE 'c) Not in touch or not recorded' END AS "Suitability of Accommodation",
        {_case("x.activ", _activity_labels(), None)} AS "Activity Status"
        FROM care_leavers x {_JOIN} {_ALLOCATED}
        WHERE x.la_code = $la AND x.left_care_date <= $at
          AND (x.duty_end_date IS NULL OR x.duty_end_date >= $start)
        ORDER BY x.left_care_date, x.care_leaver_id"""


# --- Lists 10 and 11: adoption and adopters ----------------------------------------------
# From the ``adoptions`` and ``adopters`` tables (continuum/looked_after). Dates after
# the Annex A date have not happened yet and are blank. List 10's "Family identifier"
# (the child's birth family) is not in the analytical schema and is blank.


#: SSDA903 REASON_PLACED_CEASED codes -> Ofsted's labels.
_NO_LONGER_PLACED = {
    "RD1": "a) Child’s needs changed",
    "RD2": "b) Court did not make a PO",
    "RD3": "c) Prospective adopters cannot be found",
    "RD4": "d) Any other reason",
}
_LEFT_PROCESS = {
    "WITHDREW": "a) Withdrew",
    "ON_HOLD": "b) Process on hold",
    "REFUSED": "c) Application refused",
}

# List 10: every adoption plan open at some point in the period: decided by the date,
# and neither completed (adoption order) nor reversed before the period began. "Date the
# Child Entered Care" is the start of the period of care in which the decision was made.
_QUERIES["list_10"] = f"""SELECT {_CHILD},
        (SELECT max(p.care_start) FROM (
            SELECT e.la_code, e.la_child_id, min(e.decom) AS care_start FROM cla_episodes e
            GROUP BY e.la_code, e.la_child_id, e.period_of_care_id) p
         WHERE {_SAME_CHILD.format(t="p")} AND p.care_start <= x.date_should_be_placed)
          AS "Date the Child Entered Care",
        x.date_should_be_placed AS "Date of Decision that Child Should be Placed for Adoption",
        {_by_then("x.date_placement_order")} AS "Date of Placement Order",
        {_by_then("x.date_match")} AS "Date of Matching Child and Prospective Adopters",
        {_by_then("x.date_placed")} AS "Date Placed for Adoption",
        {_by_then("x.date_adoption_order")} AS "Date of Adoption Order",
        {_by_then("x.date_placed_ceased")}
          AS "Date of Decision that Child Should No Longer be Placed for Adoption",
        CASE WHEN x.date_placed_ceased <= $at THEN {_case("x.reason_placed_ceased", _NO_LONGER_PLACED)} END
          AS "Reason Why Child No Longer Placed for Adoption",
        {_by_then("x.date_ffa_placed")}
          AS "Date the child was placed for fostering in FFA or concurrent planning placement"
        FROM adoptions x {_JOIN}
        WHERE x.la_code = $la AND x.date_should_be_placed <= $at
          AND (x.date_adoption_order IS NULL OR x.date_adoption_order >= $start)
          AND (x.date_placed_ceased IS NULL OR x.date_placed_ceased >= $start)
        ORDER BY x.date_should_be_placed, x.adoption_id"""

# List 11: one row per prospective adopter in the process at some point in the period:
# enquiry by the date, not left before the period began, and their adoption (if any) not
# completed before it. Matching, placement and order come from the children matched
# with the household.
_QUERIES["list_11"] = f"""WITH matched AS (
          SELECT la_code, family_id,
            min(date_match) FILTER (WHERE date_match <= $at) AS matched,
            min(date_placed) FILTER (WHERE date_placed <= $at) AS placed,
            count(*) FILTER (WHERE date_placed <= $at) AS n_placed,
            max(date_adoption_order) FILTER (WHERE date_adoption_order <= $at) AS adopted
          FROM adoptions WHERE family_id IS NOT NULL GROUP BY la_code, family_id)
        SELECT x.adopter_id AS "Individual adopter identifier", x.family_id AS "Family identifier",
        x.sex AS "Gender", x.ethnicity AS "Ethnicity",
        {_yes_no_unknown("x.disability")} AS "Disability",
        {_YES_NO.format("x.fostering_for_adoption")}
          AS "Is the (prospective) adopter fostering for adoption?",
        x.enquiry_date AS "Date enquiry received",
        {_by_then("x.stage1_start")} AS "Date Stage 1 started",
        {_by_then("x.stage1_end")} AS "Date Stage 1 ended",
        {_by_then("x.stage2_start")} AS "Date Stage 2 started",
        {_by_then("x.stage2_end")} AS "Date Stage 2 ended",
        {_by_then("x.application_date")} AS "Date application submitted",
        {_by_then("x.approval_date")} AS "Date application approved",
        m.matched AS "Date adopter matched with child(ren)",
        m.placed AS "Date child/children placed with adopter(s)",
        coalesce(m.n_placed, 0) AS "No. of children placed",
        m.adopted AS "Date of Adoption Order",
        {_by_then("x.left_date")} AS "Date of leaving adoption process",
        CASE WHEN x.left_date <= $at THEN {_case("x.left_reason", _LEFT_PROCESS)} END
          AS "Reason for leaving adoption process"
        FROM adopters x LEFT JOIN matched m ON m.la_code = x.la_code AND m.family_id = x.family_id
        WHERE x.la_code = $la AND x.enquiry_date <= $at
          AND (x.left_date IS NULL OR x.left_date >= $start)
          AND (m.adopted IS NULL OR m.adopted >= $start)
        ORDER BY x.enquiry_date, x.adopter_id"""


def _full_width(ws: Any, values: list[Any]) -> list[Any]:
    """The row with its last cell written even when blank.

    Why: a write-only sheet leaves blank cells out of the file, so a row whose last columns are blank
    (no allocated worker) ends early; tools that read a row's cells as written (an Annex A cleaner
    read the List 3 rows as two columns short) then see a ragged table. An empty cell with a text
    format is blank to every reader but marks where the row ends.
    """
    if values and values[-1] is None:
        end = WriteOnlyCell(ws, value=None)
        end.number_format = "@"
        values[-1] = end
    return values


def period_start(at: date, months: int) -> date:
    """The first day of the ``months`` up to ``at``: the day after the same date ``months`` earlier.

    31 March 2026 and 12 months -> 1 April 2025; 31 March 2026 and 6 months -> 1 October
    2025 (30 September is the latest day of that month). Inspectors' tools count the
    period this way; "the last 12 months" of a column is counted the same way.
    """
    y, m = divmod(at.year * 12 + at.month - 1 - months, 12)
    last_day = (date(y + (m == 11), (m + 1) % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m + 1, min(at.day, last_day)) + timedelta(days=1)


def export_annex_a(
    tables: Mapping[str, pa.Table],
    path: str | Path,
    at: date,
    *,
    months: int = 12,
    la_code: str | None = None,
) -> tuple[Path, dict[str, int]]:
    """Write the workbook for the ``months`` (6 or 12) up to ``at``; return it and rows per list."""
    if months not in (6, 12):
        raise ValueError("Annex A covers 6 or 12 months")
    path = Path(path)
    params = {
        "start": period_start(at, months),
        "year_start": period_start(at, 12),
        "six_months": period_start(at, 6),
        "at": at,
    }
    la = pick_la_code(tables, la_code)
    con = duckdb.connect()
    for name in TABLES:  # every analytical table, empty where absent
        con.register(name, table_or_empty(tables, name))
    wb = Workbook(write_only=True)
    counts: dict[str, int] = {}
    try:
        for lst, cols in _headings().items():
            ws = wb.create_sheet(lst.replace("_", " ").title())
            ws.append([c for c, _ in cols])
            if lst in _QUERIES:
                sql = _QUERIES[lst]
                used = {k: v for k, v in params.items() if f"${k}" in sql}
                res = con.sql(sql, params={"la": la, **used})
                names = res.columns
                rows = res.fetchall()
                for r in rows:
                    got = dict(zip(names, r, strict=True))
                    ws.append(_full_width(ws, safe_row(_label(c, got.get(c), labels) for c, labels in cols)))
                counts[lst] = len(rows)
            else:
                ws.append([f"Not filled: {NOT_FILLED.get(lst, 'not in the analytical schema')}"])
                counts[lst] = 0
    finally:
        con.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path, counts
