"""The workforce: caseloads, agency staff and changes of social worker (seed 001 L1194-1203)."""

from __future__ import annotations

from continuum.metrics.definitions import CHILD_BREAKDOWNS, Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.papers import BOARD_REPORT_2016_17, IMPROVEMENT_PLAN_2017

AREA = "Workforce"

register(
    Indicator(
        code="caseload_avg",
        title="Average caseload of social workers",
        area=AREA,
        definition="At the period end, the number of children allocated to social workers (role SW) "
        "divided by the number of social workers holding at least one case. An allocation is held from its "
        "start date (SW_DECOM) up to the day before its end date (SW_DEC).",
        source=IMPROVEMENT_PLAN_2017.at(
            "'Priority 2: Governance, Leadership and Partnerships', action 2a(i), and 'Appendix 3 Data "
            "Dashboard'",
            "caseload numbers; caseloads reduced to 12-16",
        ),  # seed 001 L822-849, L1201
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
        source="; ".join(
            (
                BOARD_REPORT_2016_17.at(
                    "'Children in Need of Help and Protection: Key Statistics'",
                    "agency staff reduced from 30% in June 2016 to 10.9% in June 2017",
                ),  # seed 001 L1495-1497
                IMPROVEMENT_PLAN_2017.at(
                    "'Appendix 3 Data Dashboard'", 'measure "Vacant posts/Agency staff numbers/Secondments"'
                ),  # seed 001 L1200
            )
        ),
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
        definition="Allocations that ended in the period because the worker changed while the case stayed "
        "open (an allocation ending in the period, SW_DEC, with a reason for the change recorded, "
        "SW_REASON; an allocation ended with no reason is a case closure, not a change).",
        source="; ".join(
            (
                "SSDA903 social worker episodes (SWEpisodes: SW_REASON)",
                IMPROVEMENT_PLAN_2017.at(
                    "'Appendix 3 Data Dashboard'", 'measure "Caseload numbers and transfer numbers"'
                ),  # seed 001 L1201
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.LOWER,
        tables=("allocations",),
        numerator="changes of social worker in the period",
        breakdowns=CHILD_BREAKDOWNS,
        sql="""
            SELECT la_child_id, allocation_id AS record_id, sw_dec AS ref_date, sw_id, team_id, sw_reason,
                   1 AS num
            -- The period's days joined (period_days), not a BETWEEN: the same rows, a lookup
            -- rather than a sort of every allocation in the engine's batched query.
            FROM allocations JOIN period_days($start, $end) p ON p.day = sw_dec
            WHERE sw_reason IS NOT NULL
        """,
    )
)


# --- The workforce as the DfE counts it: FTE at 30 September ----------------------------------------

#: The full-time week FTE is measured against (a setting: councils' standard weeks differ).
FULL_TIME: dict[str, object] = {"full_time_hours": 37}

#: The DfE's child and family social workers: qualified social workers in children's services,
#: managers included (team and service managers, IROs and CP chairs); not personal advisers or
#: early help and family support workers.
_ROLE_GROUP = "('SW', 'TM', 'SERVICE_MANAGER', 'IRO')"

# The snapshot day: the latest 30 September on or before the period's last day.
_SNAPSHOT = """make_date(year(CAST($end AS DATE))
                         - CASE WHEN CAST($end AS DATE) < make_date(year(CAST($end AS DATE)), 9, 30)
                                THEN 1 ELSE 0 END, 9, 30)"""

# Each worker of the role group in post on the snapshot day, with their FTE (contracted hours
# over the full-time week, capped at 1; no hours recorded reads as full time).
_IN_POST = f"""
    SELECT *, {_SNAPSHOT} AS snapshot,
           least(coalesce(contracted_hours, $full_time_hours) / $full_time_hours, 1.0) AS fte
    FROM workers
    WHERE role IN {_ROLE_GROUP} AND start_date <= {_SNAPSHOT}
      AND (end_date IS NULL OR end_date >= {_SNAPSHOT})
"""  # noqa: S608

_DFE_WORKFORCE = "DfE, Children's social work workforce (full-time equivalents at 30 September)"

register(
    Indicator(
        code="agency_share_fte",
        title="Agency child and family social workers (FTE, 30 September)",
        area=AREA,
        definition="Of the full-time equivalent (FTE) child and family social workers (social workers, "
        "team managers, service managers and independent reviewing officers) in post on 30 "
        "September (the latest on or before the period end), the percentage of FTE who are agency workers. "
        "FTE is contracted hours over the full-time week (a council setting, by default 37 hours); no "
        "hours recorded counts as full time.",
        source=f"{_DFE_WORKFORCE}: agency worker rate",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        measure="snapshot",
        tables=("workers",),
        numerator="agency FTE",
        denominator="all child and family social worker FTE",
        target=15,
        rag=RagThresholds(green=15, amber=20),
        breakdowns=("team",),
        parameters=FULL_TIME,
        national=f"{_DFE_WORKFORCE}: agency worker rate (agency FTE over all FTE)",
        sql=f"""
            SELECT CAST(NULL AS VARCHAR) AS la_child_id, sw_id AS record_id, snapshot AS ref_date,
                   team_id AS team, role, agency, contracted_hours, fte,
                   CASE WHEN agency THEN fte ELSE 0 END AS num, fte AS den
            FROM ({_IN_POST})
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="caseload_per_fte",
        title="Average caseload per FTE case-holding social worker (30 September)",
        area=AREA,
        definition="On 30 September (the latest on or before the period end), the children allocated "
        "to case-holding child and family social workers divided by those workers' full-time "
        "equivalents: a case holder is a worker of the role group holding at least one case that "
        "day. A part-timer on 18.5 of 37 hours with 8 cases is half a worker with 8 cases.",
        source=f"{_DFE_WORKFORCE}: average caseload per FTE case-holding social worker",
        unit=Unit.AVERAGE,
        polarity=Polarity.LOWER,
        measure="snapshot",
        tables=("allocations", "workers"),
        numerator="children allocated to case holders",
        denominator="FTE of case-holding social workers",
        target=16,
        rag=RagThresholds(green=16, amber=18),
        breakdowns=("team",),
        parameters=FULL_TIME,
        national=f"{_DFE_WORKFORCE}: average caseload per FTE case-holding children and family social worker",
        sql=f"""
            WITH w AS ({_IN_POST}),
            held AS (
              SELECT a.la_child_id, a.allocation_id, a.sw_id, a.team_id, w.snapshot
              FROM allocations a JOIN w ON w.sw_id = a.sw_id
              WHERE a.sw_decom <= w.snapshot AND (a.sw_dec IS NULL OR a.sw_dec > w.snapshot)
            )
            SELECT la_child_id, allocation_id AS record_id, snapshot AS ref_date, team_id AS team,
                   sw_id AS worker, CAST(NULL AS DOUBLE) AS fte, 1.0 AS num, 0.0 AS den
            FROM held
            UNION ALL
            SELECT CAST(NULL AS VARCHAR), w.sw_id, w.snapshot, w.team_id, w.sw_id, w.fte, 0.0, w.fte
            FROM w WHERE w.sw_id IN (SELECT sw_id FROM held)
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="vacancy_rate_fte",
        title="Vacancy rate of child and family social worker posts (FTE, 30 September)",
        area=AREA,
        definition="On 30 September (the latest on or before the period end), of the establishment "
        "(funded posts in FTE) of teams that record it, the percentage not filled by permanent "
        "staff: per team, establishment minus the FTE of permanent workers of the role group in "
        "post (never below 0). Posts covered by agency workers are vacancies, as the DfE counts them. "
        "Teams with no establishment recorded are left out; none recorded: no value.",
        source=f"{_DFE_WORKFORCE}: vacancy rate; the team's establishment in full-time equivalents, "
        "as recorded on the team's workforce page",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        measure="snapshot",
        tables=("teams", "workers"),
        numerator="vacant FTE (establishment not filled by permanent staff)",
        denominator="establishment FTE of teams that record it",
        target=15,
        rag=RagThresholds(green=15, amber=20),
        breakdowns=("team",),
        parameters=FULL_TIME,
        national=f"{_DFE_WORKFORCE}: vacancy rate (FTE vacancies over vacancies plus permanent FTE)",
        sql=f"""
            WITH w AS ({_IN_POST}),
            permanent AS (SELECT team_id, sum(fte) AS fte FROM w WHERE NOT agency GROUP BY team_id)
            SELECT CAST(NULL AS VARCHAR) AS la_child_id, t.team_id AS record_id,
                   {_SNAPSHOT} AS ref_date, t.team_id AS team, t.establishment_fte,
                   coalesce(p.fte, 0) AS permanent_fte,
                   greatest(t.establishment_fte - coalesce(p.fte, 0), 0) AS num,
                   t.establishment_fte AS den
            FROM teams t LEFT JOIN permanent p ON p.team_id = t.team_id
            WHERE t.establishment_fte IS NOT NULL
        """,  # noqa: S608
    )
)
