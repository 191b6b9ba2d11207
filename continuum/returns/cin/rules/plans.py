"""Rules on CIN plans (<CINPlanDates>) and child protection plans (<ChildProtectionPlans>, reviews).

Tables in scope are described in :mod:`continuum.returns.cin.engine`.
"""

from __future__ import annotations

from continuum.returns.cin.registry import rule

# --- CIN plans ----------------------------------------------------------------------


@rule(
    "4000",
    table="cin_plan_dates",
    fields=["CINPlanStartDate", "ReferralNFA"],
)
def r4000() -> str:
    """A referral with no further action cannot lead to a CIN plan."""
    return """
    SELECT q.child_id, q.line FROM cin_plan_dates q JOIN cin_details d USING (cin_details_id)
    WHERE is_true(d.referral_nfa)
    """


@rule(
    "4001",
    table="cin_plan_dates",
    fields=["CINPlanEndDate", "CPPendDate"],
)
def r4001() -> str:
    """An episode cannot hold an open CP plan and an open CIN plan at once: the CP plan replaces
    the CIN plan.
    """
    return """
    SELECT q.child_id, q.line FROM cin_plan_dates q
    WHERE q.cin_plan_end_date IS NULL
      AND EXISTS (SELECT 1 FROM cp_plans p
                  WHERE p.cin_details_id = q.cin_details_id AND p.cpp_end_date IS NULL)
    """


@rule(
    "4003",
    table="cp_reviews",
    fields=["CPPreviewDate", "CINPlanStartDate", "CINPlanEndDate"],
)
def r4003() -> str:
    """A CP review means a CP plan is running, so no CIN plan can be open that day -- unless the
    review is the one that ended the CP plan (review date = CPPendDate).
    """
    return """
    SELECT DISTINCT r.child_id, r.line
    FROM cp_reviews r
    JOIN cp_plans p USING (cp_plan_id)
    JOIN cin_plan_dates q ON q.cin_details_id = r.cin_details_id
    WHERE r.cpp_review_date >= q.cin_plan_start_date
      AND r.cpp_review_date <= coalesce(q.cin_plan_end_date, DATE 'infinity')
      AND r.cpp_review_date IS DISTINCT FROM p.cpp_end_date
    """


@rule(
    "4004",
    table="cin_plan_dates",
    fields=["CINPlanEndDate"],
)
def r4004() -> str:
    """A child has at most one open CIN plan, across all of their episodes."""
    return """
    SELECT child_id, line FROM (
        SELECT child_id, line, count(*) OVER (PARTITION BY child_id) AS open_plans
        FROM cin_plan_dates WHERE cin_plan_end_date IS NULL)
    WHERE open_plans > 1
    """


@rule(
    "4008",
    table="cin_plan_dates",
    fields=["CINPlanStartDate", "PersonDeathDate"],
)
def r4008() -> str:
    """No plan can start after the child died."""
    return """
    SELECT q.child_id, q.line FROM cin_plan_dates q JOIN children ch USING (child_id)
    WHERE q.cin_plan_start_date > ch.person_death_date
    """


@rule(
    "4009Q",
    table="cin_plan_dates",
    fields=["CINPlanEndDate", "PersonDeathDate"],
)
def r4009q() -> str:
    """A plan ends on or before the child's death."""
    return """
    SELECT q.child_id, q.line FROM cin_plan_dates q JOIN children ch USING (child_id)
    WHERE q.cin_plan_end_date > ch.person_death_date
    """


@rule(
    "4010",
    table="cin_plan_dates",
    fields=["CINPlanStartDate", "ReferenceDate"],
)
def r4010() -> str:
    """Every CIN plan has a start date, on or before the ReferenceDate."""
    return """
    SELECT q.child_id, q.line FROM cin_plan_dates q, census c
    WHERE q.cin_plan_start_date IS NULL OR q.cin_plan_start_date > c.reference_date
    """


@rule(
    "4011",
    table="cin_plan_dates",
    fields=["CINPlanEndDate", "CINPlanStartDate"],
)
def r4011() -> str:
    """A plan cannot end before it starts."""
    return "SELECT child_id, line FROM cin_plan_dates WHERE cin_plan_end_date < cin_plan_start_date"


@rule(
    "4012Q",
    table="cin_plan_dates",
    fields=["CINPlanStartDate", "CINPlanEndDate"],
)
def r4012q() -> str:
    """A one-day CIN plan is usually a keying error."""
    return "SELECT child_id, line FROM cin_plan_dates WHERE cin_plan_end_date = cin_plan_start_date"


@rule(
    "4013",
    table="cin_plan_dates",
    fields=["CINPlanEndDate"],
)
def r4013() -> str:
    """Plans ended before the census year belong to an earlier return."""
    return """
    SELECT q.child_id, q.line FROM cin_plan_dates q, census c
    WHERE q.cin_plan_end_date NOT BETWEEN c.collection_start AND c.reference_date
    """


@rule(
    "4014",
    table="cin_plan_dates",
    fields=["CINPlanStartDate", "CINPlanEndDate"],
)
def r4014() -> str:
    """No CIN plan of a child may start on or between the start and end of another of the child's
    CIN plans (a plan with no end date is still open).

    The DfE logic text is cut short; plans are compared across all of the
    child's episodes, since one child cannot have two CIN plans at once.
    """
    return """
    SELECT DISTINCT b.child_id, b.line FROM cin_plan_dates a JOIN cin_plan_dates b
      ON a.child_id = b.child_id AND (a.cin_details_id, a.cin_plan_id) <> (b.cin_details_id, b.cin_plan_id)
    WHERE b.cin_plan_start_date >= a.cin_plan_start_date
      AND b.cin_plan_start_date <= coalesce(a.cin_plan_end_date, DATE 'infinity')
    """


@rule(
    "4015",
    table="cin_plan_dates",
    fields=["CINPlanStartDate", "CINreferralDate"],
)
def r4015() -> str:
    """A CIN plan follows the referral that opened its episode."""
    return """
    SELECT q.child_id, q.line FROM cin_plan_dates q JOIN cin_details d USING (cin_details_id)
    WHERE q.cin_plan_start_date < d.cin_referral_date
    """


@rule(
    "4016",
    table="cin_plan_dates",
    fields=["CINPlanStartDate", "CPPstartDate", "CPPendDate"],
)
def r4016() -> str:
    """A CIN plan may not start within a child protection plan. DfE: "The <CINPlanStartDate>
    for any CIN Plan group cannot fall within either: <CPPstartDate> or <CPPendDate>; or
    <CPPstartDate> and <ReferenceDate> if <CPPendDate> is not present - for any CPP group;
    unless <CINPlanStartDate> is equal to <CPPendDate>".

    Read as: "within" includes both ends, so a CIN plan starting on the CP plan's start day
    fails, one starting on its end day passes (the exception), and an open CP plan runs to
    the ReferenceDate inclusive. "Any CPP group" is any of the child's CP plans, in whichever
    episode. Only the CIN plan's start is looked at (its end is 4017's business in reverse:
    a CP plan starting inside it).
    """
    return """
    SELECT DISTINCT q.child_id, q.line, 'CINPlanStartDate' AS field
    FROM cin_plan_dates q JOIN cp_plans p USING (child_id), census c
    WHERE q.cin_plan_start_date >= p.cpp_start_date
      AND (q.cin_plan_start_date < p.cpp_end_date
           OR (p.cpp_end_date IS NULL AND q.cin_plan_start_date <= c.reference_date))
    """


@rule(
    "4017",
    table="cp_plans",
    fields=["CPPstartDate", "CINPlanStartDate", "CINPlanEndDate"],
)
def r4017() -> str:
    """A child protection plan may not start within a CIN plan. DfE: "The <CPPstartDate> for
    any CPP group cannot fall within either: <CINPlanStartDate> or <CINPlanEndDate>; or
    <CINPlanStartDate> and <ReferenceDate> if <CINPlanEndDate> is not present - for any CIN
    Plan Group; unless <CPPstartDate> is equal to <CINPlanEndDate>".

    The mirror of 4016, read the same way: both ends included, the CIN plan's end day
    excepted (a CP plan replacing a CIN plan that day is a hand-over), an open CIN plan
    running to the ReferenceDate inclusive, any of the child's CIN plans.
    """
    return """
    SELECT DISTINCT p.child_id, p.line, 'CPPstartDate' AS field
    FROM cp_plans p JOIN cin_plan_dates q USING (child_id), census c
    WHERE p.cpp_start_date >= q.cin_plan_start_date
      AND (p.cpp_start_date < q.cin_plan_end_date
           OR (q.cin_plan_end_date IS NULL AND p.cpp_start_date <= c.reference_date))
    """


# --- Child protection plans ------------------------------------------------------------


@rule(
    "1105",
    table="cp_plans",
    fields=["CPPstartDate", "CINreferralDate"],
)
def r1105() -> str:
    """A CP plan follows the referral that opened its episode."""
    return """
    SELECT p.child_id, p.line FROM cp_plans p JOIN cin_details d USING (cin_details_id)
    WHERE p.cpp_start_date < d.cin_referral_date
    """


@rule(
    "2885",
    table="cp_plans",
    fields=["CPPstartDate", "DateOfInitialCPC"],
)
def r2885() -> str:
    """A CP plan starts at the initial conference: a plan starting in the census year must start
    on the episode's DateOfInitialCPC, or on that of one of the episode's S47 enquiries.
    """
    return """
    SELECT p.child_id, p.line FROM cp_plans p JOIN cin_details d USING (cin_details_id), census c
    WHERE p.cpp_start_date BETWEEN c.collection_start AND c.reference_date
      AND p.cpp_start_date IS DISTINCT FROM d.date_of_initial_cpc
      AND NOT EXISTS (SELECT 1 FROM section47 s WHERE s.cin_details_id = p.cin_details_id
                      AND s.date_of_initial_cpc = p.cpp_start_date)
    """


@rule(
    "8720",
    table="cp_plans",
    fields=["CPPstartDate", "ReferenceDate"],
)
def r8720() -> str:
    """Every CP plan has a start date, on or before the ReferenceDate."""
    return """
    SELECT p.child_id, p.line FROM cp_plans p, census c
    WHERE p.cpp_start_date IS NULL OR p.cpp_start_date > c.reference_date
    """


@rule(
    "8730",
    table="cp_plans",
    fields=["NumberOfPreviousCPP"],
)
def r8730() -> str:
    """NumberOfPreviousCPP is a whole number, zero or more."""
    return """
    SELECT child_id, line FROM cp_plans
    WHERE TRY_CAST(trim(number_of_previous_cpp) AS BIGINT) IS NULL
       OR TRY_CAST(trim(number_of_previous_cpp) AS BIGINT) < 0
    """


@rule(
    "8840",
    table="cp_plans",
    fields=["CPPstartDate", "CPPendDate"],
)
def r8840() -> str:
    """A one-day CP plan is a keying error."""
    return "SELECT child_id, line FROM cp_plans WHERE cpp_start_date = cpp_end_date"


@rule(
    "8905",
    table="cp_plans",
    fields=["InitialCategoryOfAbuse"],
)
def r8905() -> str:
    """Every CP plan gives the category of abuse it started with."""
    return """
    SELECT child_id, line FROM cp_plans
    WHERE initial_category_of_abuse IS NULL
       OR NOT valid_code('InitialCategoryOfAbuse', initial_category_of_abuse)
    """


@rule(
    "8910",
    table="cp_plans",
    fields=["LatestCategoryOfAbuse"],
)
def r8910() -> str:
    """Every CP plan gives its latest category of abuse."""
    return """
    SELECT child_id, line FROM cp_plans
    WHERE latest_category_of_abuse IS NULL
       OR NOT valid_code('LatestCategoryOfAbuse', latest_category_of_abuse)
    """


@rule(
    "8915",
    table="cp_plans",
    fields=["CPPstartDate", "PersonDeathDate"],
)
def r8915() -> str:
    """No plan can start after the child died."""
    return """
    SELECT p.child_id, p.line FROM cp_plans p JOIN children ch USING (child_id)
    WHERE p.cpp_start_date > ch.person_death_date
    """


@rule(
    "8920",
    table="cp_plans",
    fields=["CPPendDate", "PersonDeathDate"],
)
def r8920() -> str:
    """A plan ends on or before the child's death."""
    return """
    SELECT p.child_id, p.line FROM cp_plans p JOIN children ch USING (child_id)
    WHERE p.cpp_end_date > ch.person_death_date
    """


@rule(
    "8925",
    table="cp_plans",
    fields=["CPPendDate", "CPPstartDate"],
)
def r8925() -> str:
    """A plan cannot end before it starts."""
    return "SELECT child_id, line FROM cp_plans WHERE cpp_end_date < cpp_start_date"


@rule(
    "8930",
    table="cp_plans",
    fields=["CPPendDate"],
)
def r8930() -> str:
    """Plans ended before the census year belong to an earlier return."""
    return """
    SELECT p.child_id, p.line FROM cp_plans p, census c
    WHERE p.cpp_end_date NOT BETWEEN c.collection_start AND c.reference_date
    """


@rule(
    "8935",
    table="cp_plans",
    fields=["CPPendDate"],
)
def r8935() -> str:
    """A child has at most one open CP plan, across all of their episodes."""
    return """
    SELECT child_id, line FROM (
        SELECT child_id, line, count(*) OVER (PARTITION BY child_id) AS open_plans
        FROM cp_plans WHERE cpp_end_date IS NULL)
    WHERE open_plans > 1
    """


@rule(
    "8940",
    table="cp_plans",
    fields=["CPPstartDate", "CPPendDate"],
)
def r8940() -> str:
    """No CP plan of a child may start on or between the start and end of another of the child's
    CP plans (a plan with no end date is still open). Compared across the child's episodes.
    """
    return """
    SELECT DISTINCT b.child_id, b.line FROM cp_plans a JOIN cp_plans b
      ON a.child_id = b.child_id AND a.cp_plan_id <> b.cp_plan_id
    WHERE b.cpp_start_date >= a.cpp_start_date
      AND b.cpp_start_date <= coalesce(a.cpp_end_date, DATE 'infinity')
    """


# --- Reviews ------------------------------------------------------------------------------


@rule(
    "8841",
    table="cp_reviews",
    fields=["CPPreviewDate", "CPPstartDate"],
)
def r8841() -> str:
    """Reviews come after the plan has started."""
    return """
    SELECT r.child_id, r.line FROM cp_reviews r JOIN cp_plans p USING (cp_plan_id)
    WHERE r.cpp_review_date <= p.cpp_start_date
    """


@rule(
    "8842Q",
    table="cp_reviews",
    fields=["CPPreviewDate"],
)
def r8842q() -> str:
    """An empty <CPPreviewDate/>, or a <Reviews> group with none, is a review with no date."""
    return "SELECT child_id, line FROM cp_reviews WHERE cpp_review_date IS NULL"
