"""Rules on CIN episodes (<CINdetails>): referral, closure, no-further-action, overlap.

Tables in scope are described in :mod:`continuum.returns.cin.engine`.
"""

from __future__ import annotations

from continuum.returns.cin.registry import rule


@rule(
    "8590",
    table="children",
    fields=["CINdetails"],
)
def r8590() -> str:
    """The census is a return of episodes; a child with none has no reason to be in it."""
    return """
    SELECT ch.child_id, ch.line FROM children ch
    WHERE NOT EXISTS (SELECT 1 FROM cin_details d WHERE d.child_id = ch.child_id)
    """


@rule(
    "8600",
    table="cin_details",
    fields=["CINreferralDate", "ReferenceDate"],
)
def r8600() -> str:
    """Every episode starts with a referral on or before the ReferenceDate."""
    return """
    SELECT d.child_id, d.line FROM cin_details d, census c
    WHERE d.cin_referral_date IS NULL OR d.cin_referral_date > c.reference_date
    """


@rule(
    "8606",
    table="cin_details",
    fields=["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"],
)
def r8606() -> str:
    """A pre-birth referral can come at most 280 days (40 weeks, a pregnancy) before the birth."""
    return """
    SELECT d.child_id, d.line FROM cin_details d JOIN children ch USING (child_id)
    WHERE d.cin_referral_date < coalesce(ch.person_birth_date, ch.expected_person_birth_date) - 280
    """


@rule(
    "8555Q",
    table="cin_details",
    fields=["CINreferralDate", "PersonDeathDate"],
)
def r8555q() -> str:
    """A referral after death is a keying error in one of the dates."""
    return """
    SELECT d.child_id, d.line FROM cin_details d JOIN children ch USING (child_id)
    WHERE d.cin_referral_date > ch.person_death_date
    """


@rule(
    "8866",
    table="cin_details",
    fields=["ReferralSource", "CINreferralDate"],
)
def r8866() -> str:
    """ReferralSource has been collected for referrals from 1 April 2013."""
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE d.cin_referral_date >= DATE '2013-04-01'
      AND (d.referral_source IS NULL OR NOT valid_code('ReferralSource', d.referral_source))
    """


@rule(
    "8568",
    table="cin_details",
    fields=["ReferralNFA"],
)
def r8568() -> str:
    """ReferralNFA is required: 1 or 0, true or false."""
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE d.referral_nfa IS NULL OR NOT (is_true(d.referral_nfa) OR is_false(d.referral_nfa))
    """


@rule(
    "8569Q",
    table="cin_details",
    fields=["CINreferralDate", "ReferralNFA"],
)
def r8569q() -> str:
    """An NFA referral is closed within a day, so one from before the census year (less one working
    day, from the working-day calendar) should not be in this year's return as NFA.
    """
    return """
    SELECT d.child_id, d.line FROM cin_details d, census c
    WHERE d.cin_referral_date < c.start_minus_1wd AND is_true(d.referral_nfa)
    """


@rule(
    "8610",
    table="cin_details",
    fields=["PrimaryNeedCode", "ReferralNFA"],
)
def r8610() -> str:
    """Once a referral goes on to further action, the child's primary need has been identified."""
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE is_false(d.referral_nfa) AND d.primary_need_code IS NULL
    """


@rule(
    "8650",
    table="cin_details",
    fields=["PrimaryNeedCode"],
)
def r8650() -> str:
    """PrimaryNeedCode, when given, uses the code set (N0-N9)."""
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE d.primary_need_code IS NOT NULL AND NOT valid_code('PrimaryNeedCode', d.primary_need_code)
    """


@rule(
    "8620",
    table="cin_details",
    fields=["CINclosureDate"],
)
def r8620() -> str:
    """Episodes closed before the census year belong to an earlier return."""
    return """
    SELECT d.child_id, d.line FROM cin_details d, census c
    WHERE d.cin_closure_date NOT BETWEEN c.collection_start AND c.reference_date
    """


@rule(
    "8630",
    table="cin_details",
    fields=["CINclosureDate", "CINreferralDate"],
)
def r8630() -> str:
    """An episode cannot close before it opened."""
    return "SELECT child_id, line FROM cin_details WHERE cin_closure_date < cin_referral_date"


@rule(
    "8640",
    table="cin_details",
    fields=["ReasonForClosure"],
)
def r8640() -> str:
    """ReasonForClosure, when given, uses the code set (RC1-RC9)."""
    return """
    SELECT child_id, line FROM cin_details
    WHERE reason_for_closure IS NOT NULL AND NOT valid_code('ReasonForClosure', reason_for_closure)
    """


@rule(
    "8805",
    table="cin_details",
    fields=["CINclosureDate", "ReasonForClosure"],
)
def r8805() -> str:
    """Closure date and reason come together."""
    return """
    SELECT child_id, line FROM cin_details
    WHERE cin_closure_date IS NOT NULL AND reason_for_closure IS NULL
    """


@rule(
    "8810",
    table="cin_details",
    fields=["ReasonForClosure", "CINclosureDate"],
)
def r8810() -> str:
    """Closure reason and date come together."""
    return """
    SELECT child_id, line FROM cin_details
    WHERE reason_for_closure IS NOT NULL AND cin_closure_date IS NULL
    """


@rule(
    "8585Q",
    table="cin_details",
    fields=["ReasonForClosure", "PersonDeathDate"],
)
def r8585q() -> str:
    """RC2 means the child died, so PersonDeathDate should be recorded."""
    return """
    SELECT d.child_id, d.line FROM cin_details d JOIN children ch USING (child_id)
    WHERE d.reason_for_closure = 'RC2' AND ch.person_death_date IS NULL
    """


@rule(
    "8815",
    table="cin_details",
    fields=["CINclosureDate", "ReferralNFA"],
)
def r8815() -> str:
    """A child has at most one open episode that went on to further action."""
    return """
    SELECT child_id, line FROM (
        SELECT child_id, line, count(*) OVER (PARTITION BY child_id) AS open_episodes
        FROM cin_details WHERE cin_closure_date IS NULL AND is_false(referral_nfa))
    WHERE open_episodes > 1
    """


@rule(
    "8816",
    table="cin_details",
    fields=["CINclosureDate", "ReferralNFA", "CINreferralDate"],
)
def r8816() -> str:
    """An open episode must be the child's latest (the one with the latest referral date)."""
    return """
    SELECT child_id, line FROM (
        SELECT child_id, line, cin_closure_date, referral_nfa, cin_referral_date,
               max(cin_referral_date) OVER (PARTITION BY child_id) AS latest
        FROM cin_details)
    WHERE cin_closure_date IS NULL AND is_false(referral_nfa) AND cin_referral_date < latest
    """


@rule(
    "8820",
    table="cin_details",
    fields=["CINreferralDate", "CINclosureDate"],
)
def r8820() -> str:
    """No episode may start while another episode of the same child is open.

    The DfE: a referral date must not fall "between the <CINreferralDate> and
    the <CINclosureDate> if present", nor "between the <CINreferralDate> and
    the <ReferenceDate> if the <CINclosureDate> is not present and
    <ReferralNFA> = false or 0", with the note that "the end date of one
    referral may be the same as the start date of the following referral". So
    a referral on the other episode's start day overlaps it, one on its closure
    day does not, and an open episode that was a referral with no further
    action holds no time open. An episode opened and closed on the day another
    starts is the one before it (it ends on the day the following one starts),
    not inside it.
    """
    return """
    SELECT DISTINCT b.child_id, b.line FROM cin_details a JOIN cin_details b
      ON a.child_id = b.child_id AND a.cin_details_id <> b.cin_details_id
    WHERE b.cin_referral_date >= a.cin_referral_date
      AND NOT (b.cin_closure_date IS NOT NULL AND b.cin_closure_date = a.cin_referral_date)
      AND CASE WHEN a.cin_closure_date IS NOT NULL THEN b.cin_referral_date < a.cin_closure_date
               ELSE is_false(a.referral_nfa)
                    AND b.cin_referral_date <= (SELECT reference_date FROM census) END
    """


@rule(
    "8825Q",
    table="cin_details",
    fields=["ReasonForClosure", "Assessments"],
)
def r8825q() -> str:
    """RC8 and RC9 say an assessment happened, so one should be recorded."""
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE d.reason_for_closure IN ('RC8', 'RC9')
      AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.cin_details_id = d.cin_details_id)
    """


@rule(
    "2990",
    table="cin_details",
    fields=["ReasonForClosure", "Section47", "ChildProtectionPlans", "DateOfInitialCPC", "CINPlanDates"],
)
def r2990() -> str:
    """An episode closed after assessment (RC8/RC9) cannot have had an S47, a conference, a CP plan
    or a CIN plan.
    """
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE d.reason_for_closure IN ('RC8', 'RC9')
      AND (d.date_of_initial_cpc IS NOT NULL
           OR EXISTS (SELECT 1 FROM section47 s WHERE s.cin_details_id = d.cin_details_id)
           OR EXISTS (SELECT 1 FROM cp_plans p WHERE p.cin_details_id = d.cin_details_id)
           OR EXISTS (SELECT 1 FROM cin_plan_dates q WHERE q.cin_details_id = d.cin_details_id))
    """


@rule(
    "8831",
    table="cin_details",
    fields=[
        "ReferralNFA",
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        "S47ActualStartDate",
        "DateOfInitialCPC",
    ],
)
def r8831() -> str:
    """A referral with no further action has no assessment, S47 enquiry or conference."""
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE is_true(d.referral_nfa)
      AND (d.date_of_initial_cpc IS NOT NULL
           OR EXISTS (SELECT 1 FROM assessments a WHERE a.cin_details_id = d.cin_details_id
                      AND (a.assessment_actual_start_date IS NOT NULL
                           OR a.assessment_authorisation_date IS NOT NULL))
           OR EXISTS (SELECT 1 FROM section47 s WHERE s.cin_details_id = d.cin_details_id
                      AND (s.s47_actual_start_date IS NOT NULL OR s.date_of_initial_cpc IS NOT NULL)))
    """


@rule(
    "8832",
    table="cin_details",
    fields=["ReferralNFA", "ChildProtectionPlans"],
)
def r8832() -> str:
    """A referral with no further action cannot lead to a child protection plan."""
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE is_true(d.referral_nfa)
      AND EXISTS (SELECT 1 FROM cp_plans p WHERE p.cin_details_id = d.cin_details_id)
    """


@rule(
    "8565",
    table="cin_details",
    fields=[
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        "S47ActualStartDate",
        "DateOfInitialCPC",
        "CPPendDate",
        "CINPlanStartDate",
        "CINPlanEndDate",
    ],
)
def r8565() -> str:
    """Nothing can happen in an episode after its CINclosureDate. Each late date is reported
    on its own element, with the field named.
    """
    return """
    WITH closed AS (SELECT cin_details_id, cin_closure_date AS closed_on FROM cin_details
                    WHERE cin_closure_date IS NOT NULL)
    SELECT a.child_id, a.line, 'AssessmentActualStartDate' AS field, 'assessments' AS tbl
      FROM assessments a JOIN closed USING (cin_details_id) WHERE a.assessment_actual_start_date > closed_on
    UNION ALL
    SELECT a.child_id, a.line, 'AssessmentAuthorisationDate', 'assessments'
      FROM assessments a JOIN closed USING (cin_details_id) WHERE a.assessment_authorisation_date > closed_on
    UNION ALL
    SELECT s.child_id, s.line, 'S47ActualStartDate', 'section47'
      FROM section47 s JOIN closed USING (cin_details_id) WHERE s.s47_actual_start_date > closed_on
    UNION ALL
    SELECT s.child_id, s.line, 'DateOfInitialCPC', 'section47'
      FROM section47 s JOIN closed USING (cin_details_id) WHERE s.date_of_initial_cpc > closed_on
    UNION ALL
    SELECT d.child_id, d.line, 'DateOfInitialCPC', 'cin_details'
      FROM cin_details d WHERE d.date_of_initial_cpc > d.cin_closure_date
    UNION ALL
    SELECT p.child_id, p.line, 'CPPendDate', 'cp_plans'
      FROM cp_plans p JOIN closed USING (cin_details_id) WHERE p.cpp_end_date > closed_on
    UNION ALL
    SELECT q.child_id, q.line, 'CINPlanStartDate', 'cin_plan_dates'
      FROM cin_plan_dates q JOIN closed USING (cin_details_id) WHERE q.cin_plan_start_date > closed_on
    UNION ALL
    SELECT q.child_id, q.line, 'CINPlanEndDate', 'cin_plan_dates'
      FROM cin_plan_dates q JOIN closed USING (cin_details_id) WHERE q.cin_plan_end_date > closed_on
    """


@rule(
    "1104",
    table="cin_details",
    fields=["DateOfInitialCPC", "CINreferralDate"],
)
def r1104() -> str:
    """DateOfInitialCPC sits at CINdetails level and in Section47; both are checked against
    the episode's referral date.
    """
    return """
    SELECT d.child_id, d.line, 'cin_details' AS tbl FROM cin_details d
    WHERE d.date_of_initial_cpc < d.cin_referral_date
    UNION ALL
    SELECT s.child_id, s.line, 'section47' FROM section47 s JOIN cin_details d USING (cin_details_id)
    WHERE s.date_of_initial_cpc < d.cin_referral_date
    """


@rule(
    "8715",
    table="cin_details",
    fields=["DateOfInitialCPC"],
)
def r8715() -> str:
    """Conferences in this return were held in this census year (both places DateOfInitialCPC sits)."""
    return """
    SELECT d.child_id, d.line, 'cin_details' AS tbl FROM cin_details d, census c
    WHERE d.date_of_initial_cpc NOT BETWEEN c.collection_start AND c.reference_date
    UNION ALL
    SELECT s.child_id, s.line, 'section47' FROM section47 s, census c
    WHERE s.date_of_initial_cpc NOT BETWEEN c.collection_start AND c.reference_date
    """


@rule(
    "8875",
    table="cin_details",
    fields=["DateOfInitialCPC"],
)
def r8875() -> str:
    """Conferences are held on working days (both places DateOfInitialCPC sits)."""
    return """
    SELECT child_id, line, 'cin_details' AS tbl FROM cin_details WHERE is_weekend(date_of_initial_cpc)
    UNION ALL
    SELECT child_id, line, 'section47' FROM section47 WHERE is_weekend(date_of_initial_cpc)
    """


@rule(
    "2884",
    table="cin_details",
    fields=["DateOfInitialCPC"],
)
def r2884() -> str:
    """The same conference (the same DateOfInitialCPC) given both in <CINdetails> and in one of its
    <Section47> groups is double-counted in the DfE's conference figures.

    The DfE logic text is empty; "recorded at both levels" is read as the
    same date at both levels. Different dates are different conferences.
    """
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE d.date_of_initial_cpc IS NOT NULL
      AND EXISTS (SELECT 1 FROM section47 s WHERE s.cin_details_id = d.cin_details_id
                  AND s.date_of_initial_cpc = d.date_of_initial_cpc)
    """
