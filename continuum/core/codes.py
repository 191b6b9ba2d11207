"""DfE code sets, from the specification files in ``continuum/specs`` (read by :mod:`.specs`).

Why one parser: the allowed codes for the CIN census and the SSDA903 return
change from year to year, and analysts match on the DfE names. Keeping the
codes as data (the CSV files) and reading them in one place means a new
collection year is a new file, not a hunt through models and forms.

Use:

* ``cin("ReferralSource")`` gives the allowed codes of a CIN census element,
  found by the last part of its XML path (``Disability`` sits inside
  ``Disabilities``, ``AssessmentFactors`` inside ``FactorsIdentifiedAtAssessment``).
* ``ssda903("episodes", "PLACE")`` gives the allowed codes of an SSDA903 column.
* ``label(code_set, code)`` and ``choices(code_set)`` give the human labels
  shown to staff, for the code sets people commonly read. A code without a
  label here is shown as itself rather than with an invented description.
* ``cin_pattern("UPN")`` gives the XML schema pattern of an element.

The labels are DfE facts (from the CIN census and SSDA903 guides) and are kept
here as small dictionaries, separate from the allowed-code lists, so that a
code the DfE adds appears (as itself) before anyone writes its label.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from continuum.core import specs

CIN_FIELDS_FILE = "cin_census_2025_26_fields.csv"
SSDA903_COLUMNS_FILE = "ssda903_2025_26_columns.csv"

__all__ = [
    "CodeSetError",
    "choices",
    "cin",
    "cin_element",
    "cin_pattern",
    "codes_of",
    "is_valid",
    "label",
    "ssda903",
]


class CodeSetError(LookupError):
    """Asked for an element or column the specification does not have (a programming error)."""


@dataclass(frozen=True)
class CinElement:
    """One element of the CIN census XML, as the DfE field list describes it."""

    path: str
    name: str
    min_occurs: str
    max_occurs: str
    type: str
    codes: tuple[str, ...]

    @property
    def pattern(self) -> str | None:
        """The ``xs:string pattern`` of the element, if it has one."""
        marker = "pattern "
        return self.type.split(marker, 1)[1].strip() if marker in self.type else None


@dataclass(frozen=True)
class Ssda903Column:
    """One column of one SSDA903 table."""

    table: str
    column: str
    type: str
    can_be_blank: bool
    codes: tuple[str, ...]


def _split_codes(raw: str) -> tuple[str, ...]:
    return tuple(code for code in (raw or "").split() if code)


@functools.cache
def _cin_elements() -> dict[str, CinElement]:
    """Read the CIN census field list once, keyed by element name.

    An element name that appears at two paths (``DateOfInitialCPC`` sits both
    in ``CINdetails`` and in ``Section47``) keeps its first path; the codes
    are the same wherever it sits.
    """
    elements: dict[str, CinElement] = {}
    for row in specs.rows(CIN_FIELDS_FILE):
        path = row["path"].strip()
        name = path.rsplit("/", 1)[-1]
        element = CinElement(
            path=path,
            name=name,
            min_occurs=row["minOccurs"],
            max_occurs=row["maxOccurs"],
            type=row["type"],
            codes=_split_codes(row["allowed_values"]),
        )
        elements.setdefault(name, element)
    return elements


@functools.cache
def _ssda903_columns() -> dict[tuple[str, str], Ssda903Column]:
    """Read the SSDA903 column list once, keyed by (table, column)."""
    columns: dict[tuple[str, str], Ssda903Column] = {}
    for row in specs.rows(SSDA903_COLUMNS_FILE):
        table, column = row["table"].strip(), row["column"].strip()
        columns[(table, column)] = Ssda903Column(
            table=table,
            column=column,
            type=row["type"],
            can_be_blank=row["can_be_blank"].strip().lower() == "true",
            codes=_split_codes(row["codes"]),
        )
    return columns


def cin_element(name: str) -> CinElement:
    """The CIN census element called ``name`` (the last part of its XML path)."""
    try:
        return _cin_elements()[name]
    except KeyError:
        raise CodeSetError(f"The CIN census has no element called {name!r}.") from None


def cin(name: str) -> tuple[str, ...]:
    """The allowed codes of the CIN census element ``name``, in the DfE's order."""
    element = cin_element(name)
    if not element.codes:
        raise CodeSetError(f"The CIN census element {name!r} has no list of codes.")
    return element.codes


def cin_pattern(name: str) -> str:
    """The XML schema pattern of the CIN census element ``name`` (for example UPN)."""
    pattern = cin_element(name).pattern
    if pattern is None:
        raise CodeSetError(f"The CIN census element {name!r} has no pattern.")
    return pattern


def ssda903(table: str, column: str) -> tuple[str, ...]:
    """The allowed codes of the SSDA903 column ``table.column``, in the DfE's order."""
    try:
        found = _ssda903_columns()[(table, column)]
    except KeyError:
        raise CodeSetError(f"The SSDA903 return has no column {table}.{column}.") from None
    if not found.codes:
        raise CodeSetError(f"The SSDA903 column {table}.{column} has no list of codes.")
    return found.codes


# --- Labels ---------------------------------------------------------------------
# Keyed by a code-set name: the CIN element name, or "table.COLUMN" for SSDA903.

LABELS: dict[str, dict[str, str]] = {
    "Sex": {"M": "Male", "F": "Female", "U": "Unknown or indeterminate"},
    "Ethnicity": {
        "WBRI": "White British",
        "WIRI": "White Irish",
        "WIRT": "Traveller of Irish heritage",
        "WOTH": "Any other White background",
        "WROM": "Gypsy or Roma",
        "MWBC": "White and Black Caribbean",
        "MWBA": "White and Black African",
        "MWAS": "White and Asian",
        "MOTH": "Any other mixed background",
        "AIND": "Indian",
        "APKN": "Pakistani",
        "ABAN": "Bangladeshi",
        "AOTH": "Any other Asian background",
        "BCRB": "Black Caribbean",
        "BAFR": "Black African",
        "BOTH": "Any other Black background",
        "CHNE": "Chinese",
        "OOTH": "Any other ethnic group",
        "REFU": "Refused",
        "NOBT": "Information not yet obtained",
    },
    # Factors identified at the end of assessment (CIN census guide). "21" and the
    # retired 18A/19A are also named by DfE rules 8869, 8873Q, 8945Q and 8950Q.
    "AssessmentFactors": {
        **{
            f"{n}{who}": f"{topic}: concerns about {whom}"
            for n, topic in (
                (1, "Alcohol misuse"),
                (2, "Drug misuse"),
                (3, "Domestic abuse"),
                (4, "Mental health"),
                (5, "Learning disability"),
                (6, "Physical disability or illness"),
            )
            for who, whom in (
                ("A", "the child"),
                ("B", "the parent or carer"),
                ("C", "another person living in the household"),
            )
        },
        "7A": "Young carer",
        "8B": "Privately fostered: overseas child who intends to return",
        "8C": "Privately fostered: overseas child who intends to stay",
        "8D": "Privately fostered: UK child in an educational placement",
        "8E": "Privately fostered: UK child making alternative arrangements",
        "8F": "Privately fostered: other",
        "9A": "Unaccompanied asylum-seeking child",
        "10A": "Missing",
        "11A": "Child sexual exploitation",
        "12A": "Trafficking",
        "13A": "Gangs",
        "14A": "Socially unacceptable behaviour",
        "15A": "Self-harm",
        "16A": "Abuse or neglect: neglect",
        "17A": "Abuse or neglect: emotional abuse",
        "18A": "Abuse or neglect: physical abuse (no longer used; 18B or 18C)",
        "18B": "Abuse or neglect: physical abuse, child on child",
        "18C": "Abuse or neglect: physical abuse, adult on child",
        "19A": "Abuse or neglect: sexual abuse (no longer used; 19B or 19C)",
        "19B": "Abuse or neglect: sexual abuse, child on child",
        "19C": "Abuse or neglect: sexual abuse, adult on child",
        "20": "Other",
        "21": "No factors identified",
        "22A": "Female genital mutilation",
        "23A": "Abuse linked to faith or belief",
        "24A": "Child criminal exploitation",
    },
    "Disability": {
        "NONE": "No disability",
        "MOB": "Mobility",
        "HAND": "Hand function",
        "PC": "Personal care",
        "INC": "Incontinence",
        "COMM": "Communication",
        "LD": "Learning",
        "HEAR": "Hearing",
        "VIS": "Vision",
        "BEH": "Behaviour",
        "CON": "Consciousness",
        "AUT": "Diagnosed with autism or Asperger syndrome",
        "DDA": "Other disability (Equality Act definition)",
    },
    "ReferralSource": {
        "1A": "Individual: family member, relative or carer",
        "1B": "Individual: acquaintance (including neighbours and childminders)",
        "1C": "Individual: self",
        "1D": "Individual: other",
        "2A": "Schools",
        "2B": "Education services",
        "3A": "Health services: GP",
        "3B": "Health services: health visitor",
        "3C": "Health services: school nurse",
        "3D": "Health services: other primary health services",
        "3E": "Health services: A&E (emergency department)",
        "3F": "Health services: other",
        "4": "Housing",
        "5A": "LA services: social care (for example adults' social care)",
        "5B": "LA services: other internal",
        "5C": "LA services: external (for example another local authority)",
        "5D": "LA services: early help",
        "6": "Police",
        "7": "Other legal agency",
        "8": "Other",
        "9": "Anonymous",
        "10": "Unknown",
    },
    "PrimaryNeedCode": {
        "N1": "Abuse or neglect",
        "N2": "Child's disability",
        "N3": "Parental illness or disability",
        "N4": "Family in acute stress",
        "N5": "Family dysfunction",
        "N6": "Socially unacceptable behaviour",
        "N7": "Low income",
        "N8": "Absent parenting",
        "N9": "Cases other than children in need",
        "N0": "Not stated",
    },
    "ReasonForClosure": {
        "RC1": "Adopted",
        "RC2": "Died",
        "RC3": "Child arrangements order",
        "RC4": "Special guardianship order",
        "RC5": "Transferred to services of another local authority",
        "RC6": "Transferred to adult social care services",
        "RC7": "Services ceased for any other reason, including child no longer in need",
        "RC8": "Case closed after assessment, no further action",
        "RC9": "Case closed after assessment, referred to early help",
    },
    "InitialCategoryOfAbuse": {
        "NEG": "Neglect",
        "PHY": "Physical abuse",
        "SAB": "Sexual abuse",
        "EMO": "Emotional abuse",
        "MUL": "Multiple (more than one category)",
    },
    "episodes.RNE": {
        "S": "Started to be looked after",
        "L": "Change of legal status only",
        "P": "Change of placement and carer(s) only",
        "T": "Change of both legal status and placement and carer(s) at the same time",
        "B": "Change of placement but carer(s) stayed the same",
        "U": "Change of legal status and change of placement but carer(s) stayed the same",
    },
    "episodes.LS": {
        "C1": "Interim care order",
        "C2": "Full care order",
        "D1": "Freeing order granted",
        "E1": "Placement order granted",
        "V2": "Single period of accommodation under section 20",
        "V3": "Accommodated under an agreed series of short-term breaks (individual episodes recorded)",
        "V4": "Accommodated under an agreed series of short-term breaks (agreements recorded)",
        "L1": "Under police protection and in local authority accommodation",
        "L2": "Emergency protection order",
        "L3": "Under child assessment order and in local authority accommodation",
        "J1": "Remanded to local authority or youth detention accommodation",
        "J2": "Placed in local authority accommodation under PACE",
        "J3": "Sentenced to a youth rehabilitation order with residence or intensive fostering requirement",
    },
    "episodes.CIN": {
        "N1": "Abuse or neglect",
        "N2": "Child's disability",
        "N3": "Parental illness or disability",
        "N4": "Family in acute stress",
        "N5": "Family dysfunction",
        "N6": "Socially unacceptable behaviour",
        "N7": "Low income",
        "N8": "Absent parenting",
    },
    "episodes.PLACE": {
        "A3": "Placed for adoption with consent with current foster carer(s)",
        "A4": "Placed for adoption with consent not with current foster carer(s)",
        "A5": "Placed for adoption with placement order with current foster carer(s)",
        "A6": "Placed for adoption with placement order not with current foster carer(s)",
        "K1": "Secure children's home",
        "K2": "Children's home",
        "P1": "Placed with own parent(s) or other person(s) with parental responsibility",
        "P3": "Residential employment",
        "R1": "Residential care home",
        "R2": "NHS or health trust establishment providing medical or nursing care",
        "R3": "Family centre or mother and baby unit",
        "R5": "Young offender institution or prison",
        "S1": "All residential schools, except where dual-registered as a school and children's home",
        "T0": "Temporary move: all types",
        "T1": "Temporary period in hospital",
        "T2": "Temporary absence of the child on holiday",
        "T3": "Temporary accommodation while the usual foster carer(s) are on holiday",
        "T4": "Temporary accommodation of seven days or less, for any other reason",
        "U1": "Foster placement with relative or friend: long-term fostering",
        "U2": "Foster placement with relative or friend who is also an approved adopter (FFA or concurrent planning)",  # noqa: E501
        "U3": "Foster placement with relative or friend: not long-term, FFA or concurrent planning",
        "U4": "Foster placement with other foster carer: long-term fostering",
        "U5": "Foster placement with other foster carer who is also an approved adopter (FFA or concurrent planning)",  # noqa: E501
        "U6": "Foster placement with other foster carer: not long-term, FFA or concurrent planning",
        "Z1": "Other placement (listed in the schedule sent to the DfE)",
    },
    "episodes.PLACE_PROVIDER": {
        "PR0": "Parent(s) or other person(s) with parental responsibility",
        "PR1": "Own provision (by the local authority)",
        "PR2": "Other local authority provision",
        "PR3": "Other public provision",
        "PR4": "Private provision",
        "PR5": "Voluntary or third sector provision",
    },
    "episodes.REC": {
        "X1": "Episode ceases and a new one begins on the same day, for any reason",
        "E11": "Adopted: application for an adoption order unopposed",
        "E12": "Adopted: consent dispensed with by the court",
        "E2": "Died",
        "E3": "Care taken over by another local authority in the UK",
        "E4A": "Returned home to parent(s) or person(s) with parental responsibility as part of the care plan",  # noqa: E501
        "E4B": "Returned home to parent(s) or person(s) with parental responsibility, not as part of the care plan",  # noqa: E501
        "E13": "Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility",  # noqa: E501
        "E41": "Residence order or child arrangements order granted",
        "E45": "Special guardianship order to former foster carer(s) who are relatives or friends",
        "E46": "Special guardianship order to former foster carer(s) other than relatives or friends",
        "E47": "Special guardianship order to carer(s), not former foster carers, who are relatives or friends",  # noqa: E501
        "E48": "Special guardianship order to carer(s), not former foster carers, other than relatives or friends",  # noqa: E501
        "E5": "Moved into independent living with formalised advice or support",
        "E6": "Moved into independent living without formalised advice or support",
        "E7": "Transferred to residential care funded by adult social care",
        "E9": "Sentenced to custody",
        "E14": "Accommodation on remand ended",
        "E15": "Age assessment determined the child is aged 18 or over",
        "E16": "Child moved abroad",
        "E17": "Aged 18 or over and remained with current carers (including Staying Put)",
        "E8": "Period of being looked after ceased for any other reason",
    },
    "episodes.REASON_PLACE_CHANGE": {
        "CARPL": "Change to or implementation of the care plan",
        "CLOSE": "Resignation or closure of provision",
        "ALLEG": "Allegation (section 47)",
        "STAND": "Standards of care concern",
        "APPRR": "Approval removed",
        "CREQB": "Carer(s) requested the placement end because of the child's behaviour",
        "CREQO": "Carer(s) requested the placement end for another reason",
        "CHILD": "Child requested the placement end",
        "LAREQ": "Responsible or area authority requested the placement end",
        "PLACE": "Change in the status of the placement only",
        "CUSTOD": "Custody arrangement",
        "OTHER": "Other",
    },
    "reviews.REVIEW_CODE": {
        "PN0": "Child aged under 4 at the time of the review",
        "PN1": "Child attends and speaks for themselves",
        "PN2": "Child attends and an advocate speaks for them",
        "PN3": "Child attends and conveys their views non-verbally",
        "PN4": "Child attends but does not convey their views",
        "PN5": "Child does not attend but briefs an advocate to speak for them",
        "PN6": "Child does not attend but conveys their views by another medium",
        "PN7": "Child does not attend and their views are not conveyed",
    },
    "missing.MISSING": {"M": "Missing", "A": "Away from placement without authorisation (absent)"},
    "oc3.IN_TOUCH": {
        "YES": "In touch",
        "NO": "Not in touch",
        "DIED": "Died",
        "REFU": "Young person refuses contact",
        "NREQ": "Young person no longer requires services",
        "RHOM": "Young person has returned home to parents for more than 6 months",
    },
    "social_worker.SW_REASON": {
        "MANAGE": "Management decision",
        "FCONTA": "Family or child asked for a change of worker",
        "LEFTRL": "Worker left the role",
        "ORGRST": "Organisational restructure",
        "TSPROC": "Transfer to a new team or service as part of the normal process",
        "ABSENC": "Worker's long-term absence",
        "CHCHAN": "Child's circumstances changed",
        "PCCHAN": "Change of placement or care arrangements",
        "SWDIED": "Worker died",
        "OTHERS": "Other reason",
    },
    "oc3.ACTIV": {
        "F1": "Full-time in higher education",
        "P1": "Part-time in higher education",
        "F2": "Full-time in education other than higher education",
        "P2": "Part-time in education other than higher education",
        "F4": "Full-time in training or employment (not an apprenticeship)",
        "P4": "Part-time in training or employment (not an apprenticeship)",
        "F5": "Full-time apprenticeship",
        "P5": "Part-time apprenticeship",
        "G4": "Not in education, training or employment: illness or disability",
        "G5": "Not in education, training or employment: other reasons",
        "G6": "Not in education, training or employment: pregnancy or parenting",
        "0": "Not applicable",
    },
    # ACCOM is the type of accommodation (a letter) and whether it is suitable (1) or not (2).
    "oc3.ACCOM": {
        **{
            f"{letter}{digit}": f"{kind}: {suitable}"
            for letter, kind in (
                ("B", "With parents or relatives"),
                ("C", "Community home or other residential care"),
                ("D", "Semi-independent or transitional accommodation"),
                ("E", "Supported lodgings"),
                ("G", "Gone abroad"),
                ("H", "Deported"),
                ("K", "Ordinary lodgings, without formal support"),
                ("R", "Residence not known"),
                ("S", "No fixed abode or homeless"),
                ("T", "Foyer or similar supported accommodation"),
                ("U", "Independent living, for example a flat or tenancy"),
                ("V", "Emergency accommodation"),
                ("W", "Bed and breakfast"),
                ("X", "In custody"),
                ("Y", "Other accommodation"),
                ("Z", "With former foster carers (Staying Put)"),
            )
            for digit, suitable in (("1", "suitable"), ("2", "not suitable"))
        },
        "0": "Not applicable",
    },
    "prev_perm.PREV_PERM": {
        "P1": "Adopted",
        "P2": "Special guardianship order",
        "P3": "Residence order or child arrangements order naming with whom the child lives",
        "P4": "Not known whether the child had one of these orders",
        "Z1": "None: not adopted and no special guardianship, residence or child arrangements order",
    },
    # In the order of Ofsted's Annex A list 10 reasons a) to d).
    "placed_adoption.REASON_PLACED_CEASED": {
        "RD1": "The child's needs changed",
        "RD2": "The court did not make a placement order",
        "RD3": "Prospective adopters could not be found",
        "RD4": "Any other reason",
    },
    # Why a child in the OC2 cohort has no SDQ score (SSDA903 guide, OC2 SDQ_REASON).
    "oc2.SDQ_REASON": {
        "SDQ1": "No form returned as the child was aged under 4 or over 17 at the date of the assessment",
        "SDQ2": "Carer refused to complete and return the questionnaire",
        "SDQ3": "Not possible to complete the questionnaire because of the severity of the disability",
        "SDQ4": "Other",
        "SDQ5": "Child or young person refused to allow an SDQ to be completed",
    },
}
# The two CIN category-of-abuse elements share one list.
LABELS["LatestCategoryOfAbuse"] = LABELS["InitialCategoryOfAbuse"]


def codes_of(code_set: str) -> tuple[str, ...]:
    """The allowed codes of a code-set name: ``"table.COLUMN"`` for SSDA903, else a CIN element."""
    if "." in code_set:
        table, column = code_set.split(".", 1)
        return ssda903(table, column)
    return cin(code_set)


def label(code_set: str, code: str) -> str:
    """The DfE label of ``code`` in ``code_set``, or the code itself where none is held."""
    return LABELS.get(code_set, {}).get(code, code)


def choices(code_set: str, *, with_code: bool = True, exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Django ``choices`` for a code set, in the DfE order.

    ``with_code`` shows the code in front of its label ("N1 Abuse or neglect"),
    which practitioners and analysts both recognise.
    """
    skip = set(exclude)
    result = []
    for code in codes_of(code_set):
        if code in skip:
            continue
        text = label(code_set, code)
        result.append((code, f"{code} {text}" if with_code and text != code else text))
    return result


def is_valid(code_set: str, code: str) -> bool:
    """True if ``code`` is one of the allowed codes of ``code_set``."""
    return code in codes_of(code_set)
