"""Rules on Section 47 enquiries (<Section47>).

Tables in scope are described in :mod:`continuum.returns.cin.engine`.
"""

from __future__ import annotations

from continuum.returns.cin.registry import rule


@rule(
    "2889",
    table="section47",
    fields=["S47ActualStartDate", "CINreferralDate"],
)
def r2889() -> str:
    """An S47 enquiry follows the referral that opened its episode."""
    return """
    SELECT s.child_id, s.line FROM section47 s JOIN cin_details d USING (cin_details_id)
    WHERE s.s47_actual_start_date < d.cin_referral_date
    """


@rule(
    "2991Q",
    table="section47",
    fields=["Section47", "Assessments"],
)
def r2991q() -> str:
    """An S47 enquiry normally sits alongside an assessment in the same episode."""
    return """
    SELECT s.child_id, s.line FROM section47 s
    WHERE NOT EXISTS (SELECT 1 FROM assessments a WHERE a.cin_details_id = s.cin_details_id)
    """


@rule(
    "8615",
    table="section47",
    fields=["S47ActualStartDate", "DateOfInitialCPC"],
)
def r8615() -> str:
    """The conference follows the enquiry that led to it."""
    return """
    SELECT child_id, line FROM section47
    WHERE date_of_initial_cpc IS NOT NULL
      AND (s47_actual_start_date IS NULL OR s47_actual_start_date > date_of_initial_cpc)
    """


@rule(
    "8675Q",
    table="section47",
    fields=["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired", "ReferenceDate"],
)
def r8675q() -> str:
    """A conference is due within 15 working days; an S47 still waiting for one after that is queried.

    The DfE logic text stops after the condition; the rest is read as "then
    S47ActualStartDate should not be before ReferenceDate minus 15 working
    days", from the working-day table (census.ref_minus_15wd).
    """
    return """
    SELECT s.child_id, s.line FROM section47 s, census c
    WHERE s.date_of_initial_cpc IS NULL AND is_false(s.icpc_not_required)
      AND s.s47_actual_start_date < c.ref_minus_15wd
    """


@rule(
    "8740",
    table="section47",
    fields=["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"],
)
def r8740() -> str:
    """An S47 still waiting for its conference must have started in this census year."""
    return """
    SELECT s.child_id, s.line FROM section47 s, census c
    WHERE s.date_of_initial_cpc IS NULL AND is_false(s.icpc_not_required)
      AND s.s47_actual_start_date NOT BETWEEN c.collection_start AND c.reference_date
    """


@rule(
    "8839",
    table="section47",
    fields=["DateOfInitialCPC", "ICPCnotRequired"],
)
def r8839() -> str:
    """Only one S47 enquiry at a time can be open in an episode.

    "Open" is read as no DateOfInitialCPC *and* ICPCnotRequired not true: an
    enquiry that concluded without needing a conference is not open. (The
    DfE logic text mentions only the conference date.)
    """
    return """
    SELECT child_id, line FROM (
        SELECT child_id, line, count(*) OVER (PARTITION BY cin_details_id) AS open_s47
        FROM section47 WHERE date_of_initial_cpc IS NULL AND NOT is_true(icpc_not_required))
    WHERE open_s47 > 1
    """


@rule(
    "8868",
    table="section47",
    fields=["DateOfInitialCPC", "ICPCnotRequired", "CINclosureDate"],
)
def r8868() -> str:
    """In a closed episode each S47 has ended: either a conference date or ICPCnotRequired true."""
    return """
    SELECT s.child_id, s.line FROM section47 s JOIN cin_details d USING (cin_details_id)
    WHERE d.cin_closure_date IS NOT NULL
      AND s.date_of_initial_cpc IS NULL AND NOT is_true(s.icpc_not_required)
    """


@rule(
    "8870Q",
    table="section47",
    fields=["InitialCPCtarget"],
)
def r8870q() -> str:
    """A target date is a working day; a weekend target is usually a miscalculation."""
    return "SELECT child_id, line FROM section47 WHERE is_weekend(initial_cpc_target)"


@rule(
    "8890",
    table="section47",
    fields=["S47ActualStartDate", "DateOfInitialCPC"],
)
def r8890() -> str:
    """Within one episode, no S47 may start on or between the start and conference date of another.

    An S47 with no conference date is ongoing (open-ended) unless
    ICPCnotRequired is true, when it is taken to have ended on its start day.
    """
    return """
    SELECT DISTINCT b.child_id, b.line FROM section47 a JOIN section47 b
      ON a.cin_details_id = b.cin_details_id AND a.s47_id <> b.s47_id
    WHERE b.s47_actual_start_date >= a.s47_actual_start_date
      AND b.s47_actual_start_date <= coalesce(
            a.date_of_initial_cpc,
            CASE WHEN is_true(a.icpc_not_required) THEN a.s47_actual_start_date ELSE DATE 'infinity' END)
    """
