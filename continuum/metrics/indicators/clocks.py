"""SQL for "visited within timescale" indicators that count with the council's own timescale rules.

Why a module of its own: the CP and CIN visit indicators ask the same question
of different plans ("is the child overdue for a visit at the period end?"), and
both must answer it exactly as the work tray does, with the rule the council
set in the admin (see ``docs/timescales.md``). One builder keeps the two from
drifting apart.
"""

from __future__ import annotations

from continuum.core.timescales import RuleStep

__all__ = ["plan_visit_parameters", "plan_visits_on_time_sql"]


def plan_visit_parameters(rule_code: str) -> dict[str, object]:
    """The parameters :func:`plan_visits_on_time_sql` reads: the rule's first and repeat steps."""
    return {"first_visit": RuleStep(rule_code), "visit": RuleStep(rule_code, "repeat")}


def plan_visits_on_time_sql(
    *, plans: str, plan_id: str, plan_start: str, plan_end: str, visit_type: str
) -> str:
    """One row per child with a plan open at the period end, and whether a visit is overdue.

    It follows :func:`continuum.core.timescales.evaluate` for a recurring rule
    walked from the plan start: the first visit is due one *first* step after
    the start, each later one a *repeat* step after the latest visit where the
    child was seen. A visit on the start day itself does not count (it is not
    the first of the plan's visits), and the due day is in time.
    """
    return f"""
            WITH p AS (
              SELECT la_child_id, min({plan_id}) AS record_id, min({plan_start}) AS plan_start
              FROM {plans}
              WHERE {plan_start} <= $end AND ({plan_end} IS NULL OR {plan_end} > $end)
              GROUP BY la_child_id
            ), v AS (
              SELECT p.la_child_id, max(v.visit_date) AS last_seen
              FROM p JOIN visits v
                ON v.la_child_id = p.la_child_id AND v.visit_type = '{visit_type}' AND v.seen
               AND v.visit_date > p.plan_start AND v.visit_date <= $end
              GROUP BY p.la_child_id
            ), d AS (
              SELECT p.*, v.last_seen,
                     CASE WHEN v.last_seen IS NULL
                          THEN add_step(p.plan_start, $first_visit_n, $first_visit_unit)
                          ELSE add_step(v.last_seen, $visit_n, $visit_unit) END AS next_due
              FROM p LEFT JOIN v ON v.la_child_id = p.la_child_id
            )
            SELECT la_child_id, record_id, CAST($end AS DATE) AS ref_date, plan_start, last_seen, next_due,
                   CASE WHEN $end <= next_due THEN 1 ELSE 0 END AS num, 1 AS den
            FROM d
        """  # noqa: S608  (fixed table and column names only)
