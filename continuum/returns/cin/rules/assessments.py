"""Rules on assessments (<Assessments>) and factors identified at assessment.

Tables in scope are described in :mod:`continuum.returns.cin.engine`.
"""

from __future__ import annotations

from continuum.returns.cin.registry import rule


@rule(
    "1103",
    table="assessments",
    fields=["AssessmentActualStartDate", "CINreferralDate"],
)
def r1103() -> str:
    """An assessment follows the referral that opened its episode."""
    return """
    SELECT a.child_id, a.line FROM assessments a JOIN cin_details d USING (cin_details_id)
    WHERE a.assessment_actual_start_date < d.cin_referral_date
    """


@rule(
    "8608",
    table="assessments",
    fields=["AssessmentAuthorisationDate", "AssessmentActualStartDate"],
)
def r8608() -> str:
    """An assessment is authorised (ends) on or after it starts."""
    return """
    SELECT child_id, line FROM assessments
    WHERE assessment_authorisation_date < assessment_actual_start_date
    """


@rule(
    "8696",
    table="assessments",
    fields=["AssessmentAuthorisationDate"],
)
def r8696() -> str:
    """Assessments completed before the census year belong to an earlier return."""
    return """
    SELECT a.child_id, a.line FROM assessments a, census c
    WHERE a.assessment_authorisation_date NOT BETWEEN c.collection_start AND c.reference_date
    """


@rule(
    "8736",
    table="assessments",
    fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
)
def r8736() -> str:
    """An assessment still open at the ReferenceDate must have started in this census year."""
    return """
    SELECT a.child_id, a.line FROM assessments a, census c
    WHERE a.assessment_authorisation_date IS NULL
      AND a.assessment_actual_start_date NOT BETWEEN c.collection_start AND c.reference_date
    """


@rule(
    "8670Q",
    table="assessments",
    fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate", "ReferenceDate"],
)
def r8670q() -> str:
    """The statutory timescale is 45 working days; an open assessment older than that is probably
    missing its authorisation date. "ReferenceDate minus 45 working days" comes from the
    working-day table (census.ref_minus_45wd).
    """
    return """
    SELECT a.child_id, a.line FROM assessments a, census c
    WHERE a.assessment_authorisation_date IS NULL
      AND a.assessment_actual_start_date < c.ref_minus_45wd
    """


@rule(
    "8867",
    table="assessments",
    fields=["AssessmentAuthorisationDate", "CINclosureDate"],
)
def r8867() -> str:
    """A closed episode cannot hold an assessment that is still open."""
    return """
    SELECT a.child_id, a.line FROM assessments a JOIN cin_details d USING (cin_details_id)
    WHERE d.cin_closure_date IS NOT NULL AND a.assessment_authorisation_date IS NULL
    """


@rule(
    "8896",
    table="assessments",
    fields=["AssessmentAuthorisationDate"],
)
def r8896() -> str:
    """Only one assessment at a time can be open in an episode."""
    return """
    SELECT child_id, line FROM (
        SELECT child_id, line, count(*) OVER (PARTITION BY cin_details_id) AS open_assessments
        FROM assessments WHERE assessment_authorisation_date IS NULL)
    WHERE open_assessments > 1
    """


@rule(
    "8863Q",
    table="assessments",
    fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
)
def r8863q() -> str:
    """Within one episode, no assessment may start on or between the start and authorisation dates
    of another (an assessment with no authorisation date is still ongoing).
    """
    return """
    SELECT DISTINCT b.child_id, b.line FROM assessments a JOIN assessments b
      ON a.cin_details_id = b.cin_details_id AND a.assessment_id <> b.assessment_id
    WHERE b.assessment_actual_start_date >= a.assessment_actual_start_date
      AND b.assessment_actual_start_date <= coalesce(a.assessment_authorisation_date, DATE 'infinity')
    """


# --- Factors identified at assessment --------------------------------------------------


@rule(
    "8614",
    table="assessments",
    fields=["AssessmentFactors", "AssessmentAuthorisationDate"],
)
def r8614() -> str:
    """Factors are the outcome of a completed (authorised) assessment."""
    return """
    SELECT a.child_id, a.line FROM assessments a
    WHERE a.assessment_authorisation_date IS NULL
      AND EXISTS (SELECT 1 FROM assessment_factors f WHERE f.assessment_id = a.assessment_id)
    """


@rule(
    "8897Q",
    table="assessments",
    fields=["AssessmentFactors", "AssessmentAuthorisationDate"],
)
def r8897q() -> str:
    """An assessment completed in this census year should record its factors (21 if none)."""
    return """
    SELECT a.child_id, a.line FROM assessments a, census c
    WHERE a.assessment_authorisation_date >= c.collection_start
      AND NOT EXISTS (SELECT 1 FROM assessment_factors f WHERE f.assessment_id = a.assessment_id)
    """


@rule(
    "8869",
    table="assessment_factors",
    fields=["AssessmentFactors"],
)
def r8869() -> str:
    """21 means "no factors identified", so it stands alone."""
    return """
    SELECT f.child_id, f.line FROM assessment_factors f
    WHERE f.assessment_factors = '21'
      AND EXISTS (SELECT 1 FROM assessment_factors g
                  WHERE g.assessment_id = f.assessment_id AND g.assessment_factors <> '21')
    """


@rule(
    "8873Q",
    table="cin_details",
    fields=["AssessmentFactors", "ReasonForClosure"],
)
def r8873q() -> str:
    """One assessment that found nothing (factor 21) should close the episode as RC8 or RC9."""
    return """
    SELECT d.child_id, d.line FROM cin_details d
    WHERE (d.reason_for_closure IS NULL OR d.reason_for_closure NOT IN ('RC8', 'RC9'))
      AND (SELECT count(*) FROM assessments a WHERE a.cin_details_id = d.cin_details_id) = 1
      AND EXISTS (SELECT 1 FROM assessment_factors f
                  WHERE f.cin_details_id = d.cin_details_id AND f.assessment_factors = '21')
    """


@rule(
    "8898",
    table="assessment_factors",
    fields=["AssessmentFactors"],
)
def r8898() -> str:
    """Each factor is listed once per assessment; the repeats are reported.

    The DfE message starts with a space; it is kept exactly as published.
    """
    return """
    SELECT child_id, line FROM (
        SELECT child_id, line,
               row_number() OVER (PARTITION BY assessment_id, assessment_factors ORDER BY line) AS n
        FROM assessment_factors)
    WHERE n > 1
    """


@rule(
    "8945Q",
    table="assessment_factors",
    fields=["AssessmentFactors"],
)
def r8945q() -> str:
    """18A (physical abuse) was split into 18B (by another child) and 18C (by an adult); the old code
    still validates but is queried."""
    return "SELECT child_id, line FROM assessment_factors WHERE assessment_factors = '18A'"


@rule(
    "8950Q",
    table="assessment_factors",
    fields=["AssessmentFactors"],
)
def r8950q() -> str:
    """19A (sexual abuse) was split into 19B (by another child) and 19C (by an adult); the old code is
    queried."""
    return "SELECT child_id, line FROM assessment_factors WHERE assessment_factors = '19A'"
