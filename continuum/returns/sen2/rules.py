"""The SEN2 validation rules, one SQL query each over the tables of :mod:`.parser`.

What a rule's SQL can use (set up by :mod:`.engine`): the tables ``header``, ``persons``,
``requests``, ``assessments``, ``named_plans``, ``plan_details``, ``active_plans``,
``placements``, ``sen_needs`` (every value text; keys ``id``, ``parent``, ``person_id``,
``request_id``, ``line``); ``census`` (one row: ``reference_date`` from the header, or the year's
census date if unreadable, and ``expected``, the year's census date); ``codes(element, code)``
from the year's layout; ``la_codes(la_code)`` (every LA number a UPN may carry) and
``councils(la_code)`` (the councils' own); ``named_settings`` (``plan_details`` and ``placements``
together, with ``tbl`` naming which); the macros ``d(x)`` (text to date, NULL if not a
date), ``valid_code(element, x)`` and ``upn_check_letter(upn)``.

What it gives back: ``child_id`` (the person's ``person_id``; NULL for the header), ``line``, and
optionally ``field`` and ``tbl`` (for rules that look in two tables).

Each docstring says how the guide's wording was read: the codes are Continuum's (the DfE's
validation workbook was not available), so the reading is written down where it is used.

Why the codes are still Continuum's: the DfE publishes its SEN2 rules as a workbook beside the
technical specification on GOV.UK, and no search reaches its contents. Searched again on
6 December 2026 (documentation: "SEN2 validation rules error codes collection guide", "SEN2 error
codes EHC plan return DfE COLLECT", "special educational needs person level survey validation rules
workbook error query SEN2 2024"; web pages: "SEN2 data collection validation rules 2026 error code
message", "SEN2 collection guide special educational needs person level return validation", "SEN2
person level technical specification validation checks rule number message ReceivedDate
RequestOutcomeDate"; public code: "SEN2 validation rule code UPN EHC plan", the string "SEN2 person
level validation", and MastodonC/witan.sen2): only the GOV.UK pages naming the workbook and a 2022
specification's table of contents came back, no rule number with its message. The rule list, as data,
is ``continuum/specs/sen2_validation_rules_2025_26.csv`` with its source per rule.
"""

from __future__ import annotations

from continuum.returns.sen2.registry import rule

# --- Header -------------------------------------------------------------------------------


@rule("SEN2-100", table="header")
def r100() -> str:
    """The census date names the return's year; a wrong one puts every date rule out."""
    return """
    SELECT NULL::BIGINT AS child_id, h.line FROM header h, census c
    WHERE d(h.referencedate) IS NULL OR d(h.referencedate) <> c.expected
    """


@rule("SEN2-101", table="header")
def r101() -> str:
    """The LEA is a council's three-digit number (not one of the pseudo LA numbers UPNs may carry)."""
    return """
    SELECT NULL::BIGINT AS child_id, line FROM header
    WHERE lea IS NULL OR lea NOT IN (SELECT la_code FROM councils)
    """


# --- Person -------------------------------------------------------------------------------


@rule("SEN2-200", table="persons")
def r200() -> str:
    return "SELECT person_id AS child_id, line FROM persons WHERE surname IS NULL OR forename IS NULL"


@rule("SEN2-201", table="persons")
def r201() -> str:
    return """
    SELECT p.person_id AS child_id, p.line FROM persons p, census c
    WHERE d(p.personbirthdate) IS NULL OR d(p.personbirthdate) > c.reference_date
    """


@rule("SEN2-202", table="persons")
def r202() -> str:
    return "SELECT person_id AS child_id, line FROM persons WHERE sex IS NULL OR NOT valid_code('Sex', sex)"


@rule("SEN2-203", table="persons")
def r203() -> str:
    return """
    SELECT person_id AS child_id, line FROM persons
    WHERE ethnicity IS NOT NULL AND NOT valid_code('Ethnicity', ethnicity)
    """


@rule("SEN2-204", table="persons")
def r204() -> str:
    """The school census UPN: a check letter over characters 2-13, an LA number, 13 characters."""
    return """
    SELECT person_id AS child_id, line FROM persons
    WHERE upn IS NOT NULL AND (
        NOT regexp_full_match(upper(upn), '[A-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]')
        OR substr(upper(upn), 1, 1) <> upn_check_letter(upper(upn))
        OR substr(upn, 2, 3) NOT IN (SELECT la_code FROM la_codes))
    """


@rule("SEN2-205", table="persons")
def r205() -> str:
    return """
    SELECT person_id AS child_id, line FROM persons
    WHERE upn IS NULL AND uniquelearnernumber IS NULL AND upnunknown IS NULL
    """


@rule("SEN2-206", table="persons")
def r206() -> str:
    return """
    SELECT person_id AS child_id, line FROM persons
    WHERE uniquelearnernumber IS NOT NULL AND NOT regexp_full_match(uniquelearnernumber, '[0-9]{10}')
    """


@rule("SEN2-207Q", table="persons")
def r207q() -> str:
    """The Act's duties run to 25; someone 26 or over on the census date is probably a wrong date."""
    return """
    SELECT p.person_id AS child_id, p.line FROM persons p, census c
    WHERE d(p.personbirthdate) + INTERVAL 26 YEAR <= c.reference_date
    """


@rule("SEN2-208", table="persons")
def r208() -> str:
    return """
    SELECT p.person_id AS child_id, p.line FROM persons p
    WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.parent = p.id)
    """


# --- Requests -----------------------------------------------------------------------------


@rule("SEN2-300", table="requests")
def r300() -> str:
    return """
    SELECT r.person_id AS child_id, r.line FROM requests r, census c
    WHERE d(r.receiveddate) IS NULL OR d(r.receiveddate) > c.reference_date
    """


@rule("SEN2-301", table="requests")
def r301() -> str:
    return """
    SELECT r.person_id AS child_id, r.line FROM requests r, census c
    WHERE r.requestoutcomedate IS NOT NULL AND (d(r.requestoutcomedate) IS NULL
        OR d(r.requestoutcomedate) < d(r.receiveddate) OR d(r.requestoutcomedate) > c.reference_date)
    """


@rule("SEN2-302", table="requests")
def r302() -> str:
    return """
    SELECT person_id AS child_id, line FROM requests
    WHERE (requestoutcome IS NULL) <> (requestoutcomedate IS NULL)
    """


@rule("SEN2-303", table="requests")
def r303() -> str:
    return """
    SELECT person_id AS child_id, line FROM requests
    WHERE requestoutcome IS NOT NULL AND NOT valid_code('RequestOutcome', requestoutcome)
    """


@rule("SEN2-304", table="requests")
def r304() -> str:
    return """
    SELECT person_id AS child_id, line FROM requests
    WHERE requestsource IS NOT NULL AND NOT valid_code('RequestSource', requestsource)
    """


@rule("SEN2-305", table="requests")
def r305() -> str:
    """An assessment follows only an agreement to assess."""
    return """
    SELECT r.person_id AS child_id, r.line FROM requests r
    WHERE coalesce(r.requestoutcome, '') <> 'A'
      AND EXISTS (SELECT 1 FROM assessments a WHERE a.parent = r.id)
    """


# --- Assessment ---------------------------------------------------------------------------


@rule("SEN2-400", table="assessments")
def r400() -> str:
    return """
    SELECT a.person_id AS child_id, a.line FROM assessments a JOIN requests r ON a.parent = r.id, census c
    WHERE a.assessmentoutcomedate IS NOT NULL AND (d(a.assessmentoutcomedate) IS NULL
        OR d(a.assessmentoutcomedate) < d(r.receiveddate)
        OR d(a.assessmentoutcomedate) > c.reference_date)
    """


@rule("SEN2-401", table="assessments")
def r401() -> str:
    return """
    SELECT person_id AS child_id, line FROM assessments
    WHERE (assessmentoutcome IS NULL) <> (assessmentoutcomedate IS NULL)
    """


@rule("SEN2-402", table="assessments")
def r402() -> str:
    return """
    SELECT person_id AS child_id, line FROM assessments
    WHERE assessmentoutcome IS NOT NULL AND NOT valid_code('AssessmentOutcome', assessmentoutcome)
    """


@rule("SEN2-403", table="assessments")
def r403() -> str:
    return """
    SELECT a.person_id AS child_id, a.line FROM assessments a
    WHERE coalesce(a.assessmentoutcome, '') <> 'Y'
      AND EXISTS (SELECT 1 FROM named_plans n WHERE n.parent = a.id)
    """


@rule("SEN2-404Q", table="assessments")
def r404q() -> str:
    """The 20 weeks run from the day the request was received to the day the final plan was issued."""
    return """
    SELECT a.person_id AS child_id, a.line FROM assessments a JOIN requests r ON a.parent = r.id
    WHERE a.week20 = '1' AND a.assessmentoutcome = 'Y'
      AND d(a.assessmentoutcomedate) <= d(r.receiveddate) + INTERVAL 20 WEEK
    """


# --- Named plan ---------------------------------------------------------------------------


@rule("SEN2-500", table="named_plans")
def r500() -> str:
    return """
    SELECT n.person_id AS child_id, n.line FROM named_plans n JOIN requests r ON n.request_id = r.id, census c
    WHERE d(n.startdate) IS NULL OR d(n.startdate) < d(r.receiveddate) OR d(n.startdate) > c.reference_date
    """


@rule("SEN2-501", table="named_plans")
def r501() -> str:
    return """
    SELECT person_id AS child_id, line FROM named_plans WHERE (ceasedate IS NULL) <> (ceasereason IS NULL)
    """


@rule("SEN2-502", table="named_plans")
def r502() -> str:
    return """
    SELECT n.person_id AS child_id, n.line FROM named_plans n, census c
    WHERE n.ceasedate IS NOT NULL AND (d(n.ceasedate) IS NULL OR d(n.ceasedate) < d(n.startdate)
        OR d(n.ceasedate) > c.reference_date)
    """


@rule("SEN2-503", table="named_plans")
def r503() -> str:
    return """
    SELECT person_id AS child_id, line FROM named_plans
    WHERE ceasereason IS NOT NULL AND NOT valid_code('CeaseReason', ceasereason)
    """


@rule("SEN2-504", table="plan_details")
def r504() -> str:
    return """
    SELECT person_id AS child_id, line, tbl FROM named_settings
    WHERE urn IS NULL AND ukprn IS NULL AND sensetting IS NULL
    """


@rule("SEN2-505", table="plan_details")
def r505() -> str:
    return """
    SELECT person_id AS child_id, line, tbl FROM named_settings
    WHERE sensetting IS NOT NULL AND NOT valid_code('SENsetting', sensetting)
    """


@rule("SEN2-506", table="plan_details")
def r506() -> str:
    return """
    SELECT person_id AS child_id, line, tbl FROM named_settings
    WHERE sensetting = 'OTH' AND sensettingother IS NULL
    """


@rule("SEN2-508", table="plan_details")
def r508() -> str:
    """A URN is the 6-digit GIAS number: a typing slip would name another school or none."""
    return """
    SELECT person_id AS child_id, line, tbl FROM named_settings
    WHERE urn IS NOT NULL AND NOT regexp_full_match(trim(urn), '[0-9]{6}')
    """


@rule("SEN2-509", table="plan_details")
def r509() -> str:
    """A UKPRN is 8 digits starting with 1 (UK Register of Learning Providers)."""
    return """
    SELECT person_id AS child_id, line, tbl FROM named_settings
    WHERE ukprn IS NOT NULL AND NOT regexp_full_match(trim(ukprn), '1[0-9]{7}')
    """


@rule("SEN2-507", table="named_plans")
def r507() -> str:
    """A plan names one main setting; the others (ranked 2 on) are shared or dual placements."""
    return """
    SELECT n.person_id AS child_id, n.line, 'named_plans' AS tbl FROM named_plans n
    WHERE (SELECT count(*) FROM plan_details p WHERE p.parent = n.id AND trim(p.placementrank) = '1') <> 1
    UNION ALL
    SELECT a.person_id, a.line, 'active_plans' FROM active_plans a
    WHERE (SELECT count(*) FROM placements p WHERE p.parent = a.id AND trim(p.placementrank) = '1') <> 1
    """


# --- Active plans -------------------------------------------------------------------------


@rule("SEN2-600", table="active_plans")
def r600() -> str:
    return """
    SELECT a.person_id AS child_id, a.line FROM active_plans a, census c
    WHERE EXISTS (SELECT 1 FROM named_plans n
                  WHERE n.request_id = a.request_id AND d(n.ceasedate) <= c.reference_date)
    """


@rule("SEN2-601", table="sen_needs")
def r601() -> str:
    return """
    SELECT a.person_id AS child_id, a.line FROM active_plans a
    WHERE (SELECT count(*) FROM sen_needs s WHERE s.parent = a.id AND trim(s.sentyperank) = '1') <> 1
    """


@rule("SEN2-602", table="sen_needs")
def r602() -> str:
    return """
    SELECT person_id AS child_id, line FROM sen_needs
    WHERE sentype IS NULL OR NOT valid_code('SENtype', sentype)
    """


@rule("SEN2-603", table="placements")
def r603() -> str:
    return """
    SELECT p.person_id AS child_id, p.line FROM placements p, census c
    WHERE (p.entrydate IS NOT NULL AND (d(p.entrydate) IS NULL OR d(p.entrydate) > c.reference_date))
       OR (p.leavingdate IS NOT NULL AND (d(p.leavingdate) IS NULL OR d(p.leavingdate) < d(p.entrydate)))
    """


@rule("SEN2-604", table="placements")
def r604() -> str:
    return """
    SELECT person_id AS child_id, line FROM placements
    WHERE attendancepattern IS NOT NULL AND NOT valid_code('AttendancePattern', attendancepattern)
    """


@rule("SEN2-605Q", table="active_plans")
def r605q() -> str:
    """Counted from the last review, or from the plan's start when it has had none."""
    return """
    SELECT a.person_id AS child_id, a.line FROM active_plans a, census c
    WHERE coalesce(d(a.lastreview),
                   (SELECT max(d(n.startdate)) FROM named_plans n WHERE n.request_id = a.request_id))
          + INTERVAL 12 MONTH < c.reference_date
    """
