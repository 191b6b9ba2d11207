"""The workforce: caseloads, agency staff and changes of social worker (seed 001 L1194-1203)."""

from __future__ import annotations

from continuum.metrics.definitions import CHILD_BREAKDOWNS, Indicator, Polarity, RagThresholds, Unit, register

AREA = "Workforce"

register(
    Indicator(
        code="caseload_avg",
        title="Average caseload of social workers",
        area=AREA,
        definition="At the period end, the number of children allocated to social workers (role SW) "
        "divided by the number of social workers holding at least one case. An allocation is held "
        "from SW_DECOM and ended by SW_DEC (not held on the SW_DEC day).",
        source="seed 001 L849 and L1201 (caseload numbers; Barnet target 12-16)",
        unit=Unit.AVERAGE,
        polarity=Polarity.LOWER,
        measure="snapshot",
        tables=("allocations", "workers"),
        numerator="children allocated to social workers",
        denominator="social workers holding at least one case",
        target=16,
        rag=RagThresholds(green=16, amber=18),
        breakdowns=("team", "worker"),
        sql="""
            SELECT a.la_child_id, a.allocation_id AS record_id, CAST($end AS DATE) AS ref_date,
                   a.sw_id AS worker, a.team_id AS team,
                   1 AS num, 1 AS den, a.sw_id AS den_key
            FROM allocations a
            JOIN workers w ON w.sw_id = a.sw_id
            WHERE w.role = 'SW' AND a.sw_decom <= $end AND (a.sw_dec IS NULL OR a.sw_dec > $end)
        """,
    )
)

register(
    Indicator(
        code="agency_worker_share",
        title="Social workers who are agency staff",
        area=AREA,
        definition="Of social workers (role SW) in post on the period's last day, the percentage who "
        "are agency (locum) rather than permanent staff.",
        source="seed 001 L1495-1497 (agency staff reduced from 30% to 10.9%); seed 001 L1200",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        measure="snapshot",
        tables=("workers",),
        numerator="agency social workers in post",
        denominator="social workers in post",
        target=15,
        rag=RagThresholds(green=15, amber=20),
        breakdowns=("team",),
        sql="""
            SELECT CAST(NULL AS VARCHAR) AS la_child_id, sw_id AS record_id, CAST($end AS DATE) AS ref_date,
                   team_id AS team, agency,
                   CASE WHEN agency THEN 1 ELSE 0 END AS num, 1 AS den
            FROM workers
            WHERE role = 'SW' AND start_date <= $end AND (end_date IS NULL OR end_date >= $end)
        """,
    )
)

register(
    Indicator(
        code="sw_changes",
        title="Changes of social worker",
        area=AREA,
        definition="Allocations that ended in the period because the worker changed while the case "
        "stayed open (SW_DEC in the period with a SW_REASON; an allocation ended with no reason is a "
        "case closure, not a change).",
        source="SSDA903 social_worker table (SW_REASON); seed 001 L1201 (transfer numbers)",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER,
        tables=("allocations",),
        numerator="changes of social worker in the period",
        breakdowns=CHILD_BREAKDOWNS,
        sql="""
            SELECT la_child_id, allocation_id AS record_id, sw_dec AS ref_date, sw_id, team_id, sw_reason,
                   1 AS num
            FROM allocations
            WHERE sw_dec BETWEEN $start AND $end AND sw_reason IS NOT NULL
        """,
    )
)
