"""Rules on the header and on the return as a whole (counts and proportions across children).

Return-level rules report one failure with no child and no line, because
no single record is wrong: the pattern across the return is unlikely.
"""

from __future__ import annotations

from continuum.returns.cin.registry import rule


@rule("100", table="header", fields=["ReferenceDate"])
def r100() -> str:
    """The header's ReferenceDate must be the census date of the collection year being validated.

    The DfE logic text says "must equal 2022-03-31": that is the year the
    text was written for, not a fixed date. Here the expected date comes from
    the rule set's collection year (31 March at its end: 2026-03-31 for
    2025-26), via census.expected_reference_date.
    """
    return """
    SELECT NULL AS child_id, h.line FROM header h, census c
    WHERE h.reference_date IS NULL OR h.reference_date <> c.expected_reference_date
    """


@rule(
    "2883",
    table="return",
    fields=["CPPstartDate", "DateOfInitialCPC"],
)
def r2883() -> str:
    """Every CP plan starts at a conference, so plans starting in the census year cannot outnumber
    the conferences held in it (DateOfInitialCPC at CINdetails level plus at Section47 level).
    """
    return """
    WITH plans AS (
        SELECT count(*) AS n FROM cp_plans p, census c
        WHERE p.cpp_start_date BETWEEN c.collection_start AND c.reference_date),
    conferences AS (
        SELECT (SELECT count(*) FROM cin_details d, census c
                WHERE d.date_of_initial_cpc BETWEEN c.collection_start AND c.reference_date)
             + (SELECT count(*) FROM section47 s, census c
                WHERE s.date_of_initial_cpc BETWEEN c.collection_start AND c.reference_date) AS n)
    SELECT NULL AS child_id, NULL AS line FROM plans, conferences WHERE plans.n > conferences.n
    """


@rule(
    "2886Q",
    table="return",
    fields=["Sex"],
)
def r2886q() -> str:
    """More than 2% of born children with sex U (or missing) suggests sex is not being recorded.

    Unborn children (ExpectedPersonBirthDate and no PersonBirthDate) must be
    U (rule 8750) and are left out of the count.
    """
    return """
    SELECT NULL AS child_id, NULL AS line FROM (
        SELECT count(*) FILTER (WHERE sex IS NULL OR sex = 'U') AS no_sex, count(*) AS born
        FROM children
        WHERE NOT (person_birth_date IS NULL AND expected_person_birth_date IS NOT NULL))
    WHERE born > 0 AND no_sex * 100.0 / born > 2
    """


@rule(
    "2887Q",
    table="return",
    fields=["Disability"],
)
def r2887q() -> str:
    """A return of any size normally uses most disability codes; fewer than 8 distinct ones
    (not counting NONE) suggests disability is being recorded coarsely.
    """
    return """
    SELECT NULL AS child_id, NULL AS line
    FROM (SELECT count(DISTINCT disability) AS used FROM disabilities
          WHERE disability <> 'NONE' AND valid_code('Disability', disability))
    WHERE used < 8
    """


@rule(
    "2888Q",
    table="return",
    fields=["Disability"],
)
def r2888q() -> str:
    """If children have disabilities recorded but no child has more than one, multiple
    disabilities are probably not being recorded.
    """
    return """
    SELECT NULL AS child_id, NULL AS line FROM (
        SELECT count(*) AS with_disability, count(*) FILTER (WHERE n > 1) AS with_several
        FROM (SELECT child_id, count(DISTINCT disability) AS n FROM disabilities
              WHERE disability <> 'NONE' GROUP BY child_id))
    WHERE with_disability > 0 AND with_several = 0
    """
