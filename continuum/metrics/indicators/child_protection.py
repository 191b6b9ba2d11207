"""Child protection plans, reviews and visits (Working Together 2023; seed 004 L2474-2485)."""

from __future__ import annotations

from continuum.metrics.definitions import CHILD_BREAKDOWNS, Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.clocks import plan_visit_parameters, plan_visits_on_time_sql
from continuum.metrics.indicators.papers import (
    BOARD_REPORT_2011_12,
    BOARD_REPORT_2016_17,
    BOARD_TABLE_2011_12,
    FAMILY_SERVICES_UPDATE_2020,
    PARTNERSHIP_REPORT_2020,
    PROGRESS_REPORT_2017,
    SAFEGUARDING_PAPER_2015,
)

AREA = "Child protection"

_CP_OPEN = """
    SELECT la_child_id, min(cp_plan_id) AS record_id, CAST($end AS DATE) AS ref_date, 1 AS num
    FROM cp_plans
    WHERE cpp_start_date <= $end AND (cpp_end_date IS NULL OR cpp_end_date > $end)
    GROUP BY la_child_id
"""

_CP_STARTED = """
    SELECT la_child_id, cp_plan_id AS record_id, cpp_start_date AS ref_date,
           initial_category_of_abuse AS category, number_of_previous_cpp
    FROM cp_plans
    WHERE cpp_start_date BETWEEN $start AND $end
"""

_CP_ENDED = """
    SELECT la_child_id, cp_plan_id AS record_id, cpp_end_date AS ref_date, cpp_start_date, cpp_end_date,
           CAST(cpp_start_date + INTERVAL 2 YEAR AS DATE) AS two_years_on
    FROM cp_plans
    WHERE cpp_end_date BETWEEN $start AND $end
"""

register(
    Indicator(
        code="cp_open",
        title="Children on a child protection plan at the period end",
        area=AREA,
        definition="Children with a child protection (CP) plan open at the end of the period's last day "
        "(started on or before it, not ended on or before it), counted once each; unborn children "
        "included.",
        source="; ".join(
            (
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12,
                    'row "Number of children subject to a child protection plan at 31 March"',
                ),  # seed 004 L2481
                PARTNERSHIP_REPORT_2020.at(
                    FAMILY_SERVICES_UPDATE_2020, "162 children in July 2020"
                ),  # seed 003 L464
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        measure="snapshot",
        tables=("cp_plans",),
        numerator="children with an open CP plan",
        national="DfE, Characteristics of children in need (children subject to a plan at 31 March)",
        sql=_CP_OPEN,
    )
)

register(
    Indicator(
        code="cp_rate",
        title="Children on a child protection plan per 10,000 children",
        area=AREA,
        definition="The number of children on a child protection plan (see 'Children on a child protection "
        "plan at the period end') per 10,000 children aged 0 to 17 in the ONS mid-year population estimate "
        "for the last 30 June on or before the period end.",
        source="; ".join(
            (
                BOARD_REPORT_2016_17.at(
                    "'Children in Need of Help and Protection: Key Statistics'",
                    "143 children, 15.6 per 10,000",
                ),  # seed 001 L1490
                SAFEGUARDING_PAPER_2015.at(
                    "'2.1 Safeguarding Activity', 'Children who are the subject of a Child Protection Plan - "
                    "rate per 10,000'"
                ),  # seed 002 L49-51
            )
        ),
        unit=Unit.RATE,
        polarity=Polarity.NEUTRAL,
        measure="snapshot",
        tables=("cp_plans",),
        numerator="children with an open CP plan",
        denominator="children aged 0-17 (ONS mid-year estimate)",
        national="DfE, Characteristics of children in need (children subject to a plan per 10,000 at 31 "
        "March)",
        sql=_CP_OPEN,
    )
)

# Children, where the DfE counts children (a child with two plans started in the year is
# one child who became subject to a plan); the plans themselves are kept as event counts.
register(
    Indicator(
        code="cp_started",
        title="Children who became subject to a child protection plan",
        area=AREA,
        definition="Children with a child protection (CP) plan starting (CPPstartDate) in the period, "
        "counted once each however many plans started; the plans themselves are counted in 'Child "
        "protection plans started (plans, not children)'.",
        source="; ".join(
            (
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12,
                    'row "Number of children who became subject to a child protection plan during the year"',
                ),  # seed 004 L2482
                "DfE, Characteristics of children in need (children who became the subject of a plan)",
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cp_plans",),
        numerator="children with a plan started in the period",
        national="DfE, Characteristics of children in need (children who became the subject of a child "
        "protection plan in the year)",
        sql=f"SELECT *, 1 AS num, la_child_id AS num_key FROM ({_CP_STARTED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cp_plans_started",
        title="Child protection plans started (plans, not children)",
        area=AREA,
        definition="Child protection plans starting (CPPstartDate) in the period: an event count, so a "
        "child with two plans in the period counts twice ('Children who became subject to a child "
        "protection plan' counts children).",
        source="; ".join(
            (
                "CIN census ChildProtectionPlans (CPPstartDate)",
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12,
                    'row "Number of children who became subject to a child protection plan during the year"',
                ),  # seed 004 L2482
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cp_plans",),
        numerator="plans started in the period",
        sql=f"SELECT *, 1 AS num FROM ({_CP_STARTED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cp_ended",
        title="Children whose child protection plan ended",
        area=AREA,
        definition="Children with a child protection (CP) plan ending (CPPendDate) in the period, counted "
        "once each however many plans ended; the plans themselves are counted in 'Child protection plans "
        "ended (plans, not children)'.",
        source="; ".join(
            (
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12,
                    'row "Number of children with a child protection plan ceasing during the year"',
                ),  # seed 004 L2484
                "DfE, Characteristics of children in need (children who ceased to be the subject of a plan)",
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cp_plans",),
        numerator="children with a plan ended in the period",
        national="DfE, Characteristics of children in need (children who ceased to be the subject of a "
        "child protection plan in the year)",
        sql=f"SELECT *, 1 AS num, la_child_id AS num_key FROM ({_CP_ENDED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cp_plans_ended",
        title="Child protection plans ended (plans, not children)",
        area=AREA,
        definition="Child protection plans ending (CPPendDate) in the period: an event count ('Children "
        "whose child protection plan ended' counts children).",
        source="; ".join(
            (
                "CIN census ChildProtectionPlans (CPPendDate)",
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12,
                    'row "Number of children with a child protection plan ceasing during the year"',
                ),  # seed 004 L2484
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cp_plans",),
        numerator="plans ended in the period",
        sql=f"SELECT *, 1 AS num FROM ({_CP_ENDED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cp_by_category",
        title="Child protection plans started, by category of abuse",
        area=AREA,
        definition="Child protection plans started in the period; break down by category of abuse "
        "(InitialCategoryOfAbuse: neglect, physical abuse, sexual abuse, emotional abuse or multiple) for "
        "the category mix (the breakdown's share of numerator).",
        source=SAFEGUARDING_PAPER_2015.at(
            "'Table 1: Barnet children subject to a CPP by initial category'",
            "2014/15: Neglect 48%, Emotional Abuse 31%, Physical Abuse 18%, Sexual Abuse 3%",
        ),  # seed 002 L57-65
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cp_plans",),
        numerator="plans started in the period",
        breakdowns=(*CHILD_BREAKDOWNS, "category"),
        national="DfE, Characteristics of children in need (plans started by initial category of abuse)",
        sql=f"SELECT *, 1 AS num FROM ({_CP_STARTED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cp_repeat",
        title="Child protection plans that are a second or subsequent plan",
        area=AREA,
        definition="Of child protection plans started in the period, the percentage for a child who had a "
        "previous plan at any time, in any authority (NumberOfPreviousCPP more than 0).",
        source=BOARD_REPORT_2011_12.at(
            BOARD_TABLE_2011_12,
            "35 (13.78%) of those becoming subject to a plan had a previous plan at any time",
        ),  # seed 004 L2483
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        tables=("cp_plans",),
        numerator="plans started for a child who had a plan before",
        denominator="plans started in the period",
        national="DfE, Characteristics of children in need (children becoming subject to a plan for a "
        "second or subsequent time)",
        sql=f"""
            SELECT *, CASE WHEN number_of_previous_cpp > 0 THEN 1 ELSE 0 END AS num, 1 AS den
            FROM ({_CP_STARTED})
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="cp_ended_2yr",
        title="Child protection plans ended that lasted 2 years or more",
        area=AREA,
        definition="Of child protection plans ended in the period, the percentage that had lasted 2 years "
        "or more: ended (CPPendDate) on or after the day 2 calendar years after they started "
        "(CPPstartDate).",
        source=BOARD_REPORT_2011_12.at(
            BOARD_TABLE_2011_12, "plans ceasing during the year that had lasted 2 years or more"
        ),  # seed 004 L2485
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        tables=("cp_plans",),
        numerator="plans ended that lasted 2 years or more",
        denominator="plans ended in the period",
        national="DfE, Characteristics of children in need (plans ceasing that lasted 2 years or more)",
        sql=f"""
            SELECT *, CASE WHEN cpp_end_date >= two_years_on THEN 1 ELSE 0 END AS num, 1 AS den
            FROM ({_CP_ENDED})
        """,  # noqa: S608
    )
)


def _review_clocks(plans_where: str) -> str:
    """The CTEs ``plans`` (those ``plans_where`` selects) and ``clocks``: each review's due date.

    The first review is due 3 months after the plan started (the ICPC), each later one 6
    months after the review actually held before it; ``held`` is the review that answered
    that due date (null if none yet). Shared by the board's cohort and the DfE's.

    A plan's clocks do not depend on the period, so they are worked out for every plan, once
    (not once per period of a batched query), and the period's plans are chosen by joining
    ``plans``.
    """
    return f"""
            WITH plans AS (
              SELECT * FROM cp_plans WHERE {plans_where}
            ), reviews AS (
              SELECT c.cp_plan_id, c.conference_date
              FROM conferences c JOIN cp_plans p ON p.cp_plan_id = c.cp_plan_id
              WHERE c.conference_type = 'RCPC' AND c.conference_date > p.cpp_start_date
            ), anchors AS (
              SELECT cp_plan_id, cpp_start_date AS anchor, 0 AS k FROM cp_plans
              UNION ALL
              SELECT cp_plan_id, conference_date,
                     row_number() OVER (PARTITION BY cp_plan_id ORDER BY conference_date)
              FROM reviews
            ), clocks AS (
              SELECT cp_plan_id, k, anchor,
                     CAST(anchor + CASE WHEN k = 0 THEN INTERVAL 3 MONTH ELSE INTERVAL 6 MONTH END AS DATE)
                       AS due,
                     lead(anchor) OVER (PARTITION BY cp_plan_id ORDER BY k) AS held
              FROM anchors
            )"""  # noqa: S608  (fixed fragments only)


register(
    Indicator(
        code="cp_reviews_on_time",
        title="Child protection plans reviewed on time",
        area=AREA,
        definition="Of child protection plans with a review conference due in the period (while the plan "
        "was still open), the percentage whose every review due in the period was held on or before its "
        "due date. The first review is due 3 months after the plan started (the initial child protection "
        "conference), then 6 months after the previous review actually held. A plan that ends on or before "
        "a due date needs no review then. The cohort of the Barnet Safeguarding Children Board's "
        "indicators (plans which should have been reviewed during the year); the DfE's statistic uses "
        "another cohort (see 'Child protection plans lasting 3 months or more, every review on time (DfE "
        "cohort)').",
        source="; ".join(
            (
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12,
                    'row "Of the child protection plans which should have been reviewed during the year, the '
                    'percentage reviewed on time"',
                ),  # seed 004 L2486
                "Working Together 2023 (first review within 3 months, then every 6 months)",
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("cp_plans", "conferences"),
        numerator="plans with every due review on time",
        denominator="plans with a review due in the period",
        target=100,
        rag=RagThresholds(green=98, amber=95),
        sql=_review_clocks("cpp_start_date <= $end AND (cpp_end_date IS NULL OR cpp_end_date > $start)")  # noqa: S608
        + """, due_now AS (
              SELECT c.*, p.la_child_id
              FROM clocks c JOIN plans p ON p.cp_plan_id = c.cp_plan_id
              WHERE c.due BETWEEN $start AND $end AND (p.cpp_end_date IS NULL OR p.cpp_end_date > c.due)
            )
            SELECT la_child_id, cp_plan_id AS record_id, max(due) AS ref_date,
                   count(*) AS reviews_due,
                   count(*) FILTER (WHERE held IS NULL OR held > due) AS reviews_late,
                   CASE WHEN bool_and(held IS NOT NULL AND held <= due) THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM due_now
            GROUP BY la_child_id, cp_plan_id
        """,
    )
)

register(
    Indicator(
        code="cp_reviews_on_time_dfe",
        title="Child protection plans lasting 3 months or more, every review on time (DfE cohort)",
        area=AREA,
        definition="Of child protection plans that had lasted at least 3 months and either ended in the "
        "period or were open at its end, the percentage whose every review over the whole plan (to its "
        "end, or to the period end while open) was held on or before its due date (first review 3 months "
        "after the start, then 6 months after the review held before). The cohort of the DfE's statistic, "
        "children reviewed within the required timescales; the Safeguarding Children Board's cohort is "
        "'Child protection plans reviewed on time'.",
        source="DfE, Characteristics of children in need (child protection cases reviewed within "
        "required timescales); CIN census CPPreviewDate; Working Together 2023",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("cp_plans", "conferences"),
        numerator="plans with every review over the plan on time",
        denominator="plans of 3 months or more ended in the period or open at its end",
        target=100,
        rag=RagThresholds(green=98, amber=95),
        national="DfE, Characteristics of children in need (child protection plans lasting 3 months or "
        "more reviewed within required timescales)",
        sql=_review_clocks(  # noqa: S608  (fixed fragments only)
            "cpp_start_date <= $end AND (cpp_end_date IS NULL OR cpp_end_date >= $start)"
            " AND coalesce(least(cpp_end_date, CAST($end AS DATE)), CAST($end AS DATE))"
            " >= CAST(cpp_start_date + INTERVAL 3 MONTH AS DATE)"
        )
        + """, cohort AS (
              SELECT * FROM plans WHERE cpp_end_date IS NULL OR cpp_end_date > $end
                                        OR cpp_end_date BETWEEN $start AND $end
            ), due_in_plan AS (
              SELECT c.*, p.la_child_id, p.cpp_start_date, p.cpp_end_date
              FROM clocks c JOIN cohort p ON p.cp_plan_id = c.cp_plan_id
              WHERE c.due <= coalesce(least(p.cpp_end_date, CAST($end AS DATE)), CAST($end AS DATE))
                AND (p.cpp_end_date IS NULL OR p.cpp_end_date > c.due)
            )
            SELECT p.la_child_id, p.cp_plan_id AS record_id,
                   coalesce(least(p.cpp_end_date, CAST($end AS DATE)), CAST($end AS DATE)) AS ref_date,
                   p.cpp_start_date, p.cpp_end_date,
                   count(d.due) AS reviews_due,
                   count(d.due) FILTER (WHERE d.held IS NULL OR d.held > d.due) AS reviews_late,
                   CASE WHEN count(d.due) FILTER (WHERE d.held IS NULL OR d.held > d.due) = 0
                        THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM cohort p LEFT JOIN due_in_plan d ON d.cp_plan_id = p.cp_plan_id
            GROUP BY p.la_child_id, p.cp_plan_id, p.cpp_start_date, p.cpp_end_date
        """,
    )
)

register(
    Indicator(
        code="cp_repeat_2yr",
        title="Child protection plans that are a repeat within 2 years",
        area=AREA,
        definition="Of child protection plans started in the period, the percentage for a child whose "
        "previous plan (in the data held) ended within 2 years before this one started: on or after the "
        "day 2 calendar years before the start. Beside 'Child protection plans that are a second or "
        "subsequent plan', which counts a previous plan at any time in any authority "
        "(NumberOfPreviousCPP); this one sees only plans this council holds.",
        source="; ".join(
            (
                "Annex A list 7 / ChAT (repeat plans within 2 years)",
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12, "the measure of a previous plan at any time, beside it"
                ),  # seed 004 L2483
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        tables=("cp_plans",),
        numerator="plans started within 2 years of the end of the child's previous plan",
        denominator="plans started in the period",
        sql=f"""
            SELECT s.*, prev.previous_end,
                   CASE WHEN prev.previous_end >= CAST(s.ref_date - INTERVAL 2 YEAR AS DATE)
                        THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM ({_CP_STARTED}) s
            LEFT JOIN LATERAL (
              SELECT max(p.cpp_end_date) AS previous_end FROM cp_plans p
              WHERE p.la_child_id = s.la_child_id AND p.cp_plan_id <> s.record_id
                AND p.cpp_end_date IS NOT NULL AND p.cpp_end_date <= s.ref_date
            ) prev ON true
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="cp_open_2yr",
        title="Children on a child protection plan for 2 years or more at the period end",
        area=AREA,
        definition="Of children with a child protection plan open at the period end, the percentage whose "
        "plan had been open 2 years or more by then: started (CPPstartDate) on or before the day 2 "
        "calendar years before the period end.",
        source="; ".join(
            (
                "DfE, Characteristics of children in need (children subject to a plan at 31 March for 2 "
                "years or more)",
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12, "the plans ceasing after 2 years or more, beside it"
                ),  # seed 004 L2485
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        measure="snapshot",
        tables=("cp_plans",),
        numerator="children whose open plan started 2 years or more before the period end",
        denominator="children with an open CP plan",
        national="DfE, Characteristics of children in need (children subject to a child protection plan "
        "at 31 March, by length of time on the plan: 2 years or more)",
        sql="""
            SELECT la_child_id, min(cp_plan_id) AS record_id, CAST($end AS DATE) AS ref_date,
                   min(cpp_start_date) AS cpp_start_date,
                   CASE WHEN min(cpp_start_date) <= CAST(CAST($end AS DATE) - INTERVAL 2 YEAR AS DATE)
                        THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM cp_plans
            WHERE cpp_start_date <= $end AND (cpp_end_date IS NULL OR cpp_end_date > $end)
            GROUP BY la_child_id
        """,
    )
)

register(
    Indicator(
        code="cp_visits_on_time",
        title="Children on CP plans visited within timescale",
        area=AREA,
        definition="Of children with a child protection (CP) plan open at the period end, the percentage "
        "not overdue for a visit: the period end is on or before the due date of their next CP visit under "
        "the council's timescale rule 'Child protection visit' (by default every 10 working days), counted "
        "from their latest CP visit where they were seen after the plan started, or from the plan start if "
        "none. A local standard: the work tray counts with the same rule, so an edit in the admin moves "
        "both.",
        source="; ".join(
            (
                "CP visits every 10 working days (Barnet's local setting)",
                PROGRESS_REPORT_2017.at("'Quantitative performance data', paragraph 1.74"),  # seed 001 L539
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        measure="snapshot",
        tables=("cp_plans", "visits"),
        numerator="children not overdue for a visit",
        denominator="children with an open CP plan",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        parameters=plan_visit_parameters("cp_visit"),
        sql=plan_visits_on_time_sql(
            plans="cp_plans",
            plan_id="cp_plan_id",
            plan_start="cpp_start_date",
            plan_end="cpp_end_date",
            visit_type="CP",
        ),
    )
)
