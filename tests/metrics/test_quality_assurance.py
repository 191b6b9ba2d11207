"""Known answers for the case-audit grade indicators (June 2024), and the extraction from the record."""

from __future__ import annotations

from tests.metrics.builders import ids, run, table

AUDITS = table(
    "case_audits",
    # Graded Good, not moderated: counts as Good.
    {"case_audit_id": "a1", "la_child_id": "k1", "audit_kind": "CASE_FILE", "team_id": "T1",
     "completed_on": "2024-06-03", "overall_grade": "GOOD"},
    # Graded Good by the auditor, moderated to Requires improvement: the moderated grade counts.
    {"case_audit_id": "a2", "la_child_id": "k2", "audit_kind": "CASE_FILE", "team_id": "T1",
     "completed_on": "2024-06-10", "overall_grade": "GOOD", "moderated_grade": "REQUIRES_IMPROVEMENT"},
    # Graded Requires improvement, moderated up to Outstanding.
    {"case_audit_id": "a3", "la_child_id": "k3", "audit_kind": "FRONT_DOOR", "team_id": "T2",
     "completed_on": "2024-06-30", "overall_grade": "REQUIRES_IMPROVEMENT", "moderated_grade": "OUTSTANDING"},
    {"case_audit_id": "a4", "la_child_id": "k4", "audit_kind": "MULTI_AGENCY", "team_id": "T2",
     "completed_on": "2024-06-01", "overall_grade": "INADEQUATE", "immediate_harm": True},
    # Completed in May and July: outside June.
    {"case_audit_id": "a5", "la_child_id": "k5", "audit_kind": "CASE_FILE", "team_id": "T1",
     "completed_on": "2024-05-31", "overall_grade": "GOOD"},
    {"case_audit_id": "a6", "la_child_id": "k6", "audit_kind": "CASE_FILE", "team_id": "T1",
     "completed_on": "2024-07-01", "overall_grade": "INADEQUATE"},
)  # fmt: skip
TABLES = {"case_audits": AUDITS}


def test_good_or_better_counts_the_moderated_grade_where_there_is_one() -> None:
    r = run(TABLES, "case_audits_good_or_better", "2024-06")
    assert ids(r) == ["a1", "a2", "a3", "a4"]
    # a1 Good, a3 moderated to Outstanding; a2 moderated down, a4 Inadequate: 2 of 4.
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)


def test_inadequate_share() -> None:
    r = run(TABLES, "case_audits_inadequate", "2024-06")
    assert (r.numerator, r.denominator, r.value) == (1, 4, 25.0)
    year = run(TABLES, "case_audits_inadequate", "2024-25")
    assert (year.numerator, year.denominator) == (2, 6)


def test_by_team_from_the_audits_own_team() -> None:
    from tests.metrics.builders import engine

    r = engine(TABLES).run_one("case_audits_good_or_better", "2024-06", breakdown="team")
    groups = {g["group"]: (g["numerator"], g["denominator"]) for g in r.breakdown or []}
    assert groups == {"T1": (1, 2), "T2": (1, 2)}
