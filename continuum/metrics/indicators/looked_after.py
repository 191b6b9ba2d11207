"""Looked-after children: numbers, stability, reviews, visits and missing episodes (SSDA903).

Children looked after only under an agreed series of short-term placements
(legal status V3 or V4, short breaks) are left out of every figure here, as
in the DfE's own looked-after statistics.
"""

from __future__ import annotations

from continuum.core.timescales import RuleStep
from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.papers import (
    BOARD_REPORT_2016_17,
    FAMILY_SERVICES_UPDATE_2020,
    IMPROVEMENT_PLAN_2017,
    PARTNERSHIP_REPORT_2020,
    PROGRESS_REPORT_2017,
    SAFEGUARDING_PAPER_2015,
)

AREA = "Looked-after children"

_EPISODES = "(SELECT * FROM cla_episodes WHERE ls NOT IN ('V3', 'V4'))"

_CLA_OPEN = f"""
    SELECT la_child_id, min(episode_id) AS record_id, CAST($end AS DATE) AS ref_date, 1 AS num
    FROM {_EPISODES}
    WHERE decom <= $end AND (dec IS NULL OR dec > $end)
    GROUP BY la_child_id
"""  # noqa: S608

# Each episode numbered with its placement within the period of care: a new
# placement starts at the first episode of a period of care and at every change
# of placement, RNE P, T, B or U (T and B are moves to the same carers, which the
# SSDA903 still records as a new placement). RNE L (legal status only) continues
# the same placement.
_PLACEMENTS = f"""
    SELECT *,
           sum(CASE WHEN episode_id = period_of_care_id OR rne IN ('S', 'P', 'T', 'B', 'U') THEN 1 ELSE 0 END)
             OVER (PARTITION BY period_of_care_id ORDER BY decom, episode_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS placement_no,
           min(decom) OVER (PARTITION BY period_of_care_id) AS care_start
    FROM {_EPISODES}
"""  # noqa: S608

register(
    Indicator(
        code="cla_open",
        title="Looked-after children at the period end",
        area=AREA,
        definition="Children with a looked-after episode open at the end of the period's last day, counted "
        "once each: the date the episode started (DECOM) is on or before that day, and the date it ceased "
        "(DEC) is blank or after it. Short breaks (legal status V3 or V4) are left out. A child whose care "
        "ended on their 18th birthday before the period end is not counted.",
        source="; ".join(
            (
                "SSDA903 (looked after at 31 March)",
                BOARD_REPORT_2016_17.at(
                    "'Children in Care, Permanence and Transitions: Key Statistics'",
                    "347 children, 37.9 per 10,000, at 30 June 2017",
                ),  # seed 001 L1544
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        measure="snapshot",
        tables=("cla_episodes",),
        numerator="children looked after at the period end",
        national="DfE, Children looked after in England including adoptions (children looked after at 31 "
        "March)",
        sql=_CLA_OPEN,
    )
)

register(
    Indicator(
        code="cla_rate",
        title="Looked-after children per 10,000 children",
        area=AREA,
        definition="The number of looked-after children (see 'Looked-after children at the period end') "
        "per 10,000 children aged 0 to 17 in the ONS mid-year population estimate for the last 30 June on "
        "or before the period end.",
        source=SAFEGUARDING_PAPER_2015.at(
            "'2.1 Safeguarding Activity'", "34.6 per 10,000 in 2014/15; England 60, London 54"
        ),  # seed 002 L92
        unit=Unit.RATE,
        polarity=Polarity.NEUTRAL,
        measure="snapshot",
        tables=("cla_episodes",),
        numerator="children looked after at the period end",
        denominator="children aged 0-17 (ONS mid-year estimate)",
        national="DfE, Children looked after in England including adoptions (children looked after per "
        "10,000 at 31 March)",
        sql=_CLA_OPEN,
    )
)

_PERIODS_STARTED = f"""
    SELECT la_child_id, episode_id AS record_id, decom AS ref_date, rne, ls
    FROM {_EPISODES}
    WHERE episode_id = period_of_care_id AND decom BETWEEN $start AND $end
"""  # noqa: S608

_PERIODS_CEASED = f"""
    SELECT la_child_id, episode_id AS record_id, dec AS ref_date, rec
    FROM {_EPISODES}
    WHERE dec BETWEEN $start AND $end AND rec IS DISTINCT FROM 'X1'
"""  # noqa: S608

# Children, where the DfE counts children: a child with two periods of care starting (or
# ending) in the year is one child who started (or ceased) to be looked after. The periods
# of care are kept as event counts.
register(
    Indicator(
        code="cla_started",
        title="Children who started to be looked after",
        area=AREA,
        definition="Children with a period of care starting in the period (the date its first episode "
        "started (DECOM) is in the period), excluding short breaks, counted once each however many "
        "periods started; the periods themselves are counted in 'Periods of care started (periods, not "
        "children)'.",
        source="; ".join(
            (
                PARTNERSHIP_REPORT_2020.at(
                    "'The safeguarding context in Barnet', 'Our services'",
                    '"New looked-after children totalled 13 children during September"',
                ),  # seed 003 L135
                "DfE, Children looked after in England (children who started to be looked after)",
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cla_episodes",),
        numerator="children with a period of care started",
        national="DfE, Children looked after in England including adoptions (children who started to "
        "be looked after during the year)",
        sql=f"SELECT *, 1 AS num, la_child_id AS num_key FROM ({_PERIODS_STARTED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cla_periods_started",
        title="Periods of care started (periods, not children)",
        area=AREA,
        definition="Periods of care that started in the period, excluding short breaks: an event count, so "
        "a child who came into care twice counts twice ('Children who started to be looked after' counts "
        "children).",
        source="SSDA903 episodes: the first episode of each period of care (reason for new episode (RNE) "
        "S, started to be looked after) and the date it started (DECOM)",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cla_episodes",),
        numerator="periods of care started",
        sql=f"SELECT *, 1 AS num FROM ({_PERIODS_STARTED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cla_ceased",
        title="Children who ceased to be looked after",
        area=AREA,
        definition="Children with a period of care ending in the period (its last episode ceases for a "
        "reason other than a new episode following in the same period of care: the reason episode ceased "
        "(REC) is not X1, a new episode the same day), counted once each however many periods ended; the "
        "periods themselves are counted in 'Periods of care ended "
        "(periods, not children)'.",
        source="SSDA903 episodes: the date the episode ceased (DEC) and the reason episode ceased (REC); "
        "DfE, Children looked after in England (children who ceased to be "
        "looked after)",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cla_episodes",),
        numerator="children with a period of care ended",
        national="DfE, Children looked after in England including adoptions (children who ceased to "
        "be looked after during the year)",
        sql=f"SELECT *, 1 AS num, la_child_id AS num_key FROM ({_PERIODS_CEASED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cla_periods_ceased",
        title="Periods of care ended (periods, not children)",
        area=AREA,
        definition="Periods of care that ended in the period: an event count ('Children who ceased to be "
        "looked after' counts children).",
        source="SSDA903 episodes: the date the episode ceased (DEC) and the reason episode ceased (REC)",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("cla_episodes",),
        numerator="periods of care ended",
        sql=f"SELECT *, 1 AS num FROM ({_PERIODS_CEASED})",  # noqa: S608
    )
)

register(
    Indicator(
        code="cla_3plus_placements",
        title="Looked-after children with 3 or more placements",
        area=AREA,
        definition="Of children looked after at the period end, the percentage who had 3 or more "
        "placements during the period (use a 12-month period: a financial year or a rolling 12 months). A "
        "placement counts if it was open at some time after the period's first day began (one that ended "
        "on the first day does not count); every change of placement (reason for new episode P, T, B or U: "
        "RNE) starts a new placement, a change of legal status only (reason L) does not.",
        source=SAFEGUARDING_PAPER_2015.at(
            "'2.1 Safeguarding Activity'",
            "3 or more placements during the previous 12 months, 4.4% in June 2015; England 11%",
        ),  # seed 002 L100
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        measure="snapshot",
        tables=("cla_episodes",),
        numerator="children with 3 or more placements in the period",
        denominator="children looked after at the period end",
        target=10,
        rag=RagThresholds(green=10, amber=12),
        national="DfE, Children looked after in England including adoptions (3 or more placements during "
        "the year)",
        sql=f"""
            WITH e AS ({_PLACEMENTS}),
            at_end AS (
              SELECT DISTINCT la_child_id FROM e WHERE decom <= $end AND (dec IS NULL OR dec > $end)
            ), counted AS (
              SELECT e.la_child_id,
                     count(DISTINCT e.period_of_care_id || '#' || e.placement_no) AS placements
              FROM e JOIN at_end ON at_end.la_child_id = e.la_child_id
              WHERE e.decom <= $end AND (e.dec IS NULL OR e.dec > $start)
              GROUP BY e.la_child_id
            )
            SELECT la_child_id, la_child_id AS record_id, CAST($end AS DATE) AS ref_date, placements,
                   CASE WHEN placements >= 3 THEN 1 ELSE 0 END AS num, 1 AS den
            FROM counted
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="cla_long_term_stability",
        title="Long-term placement stability",
        area=AREA,
        definition="Of children aged under 16 at the period end who had been looked after continuously "
        "for 2.5 years or more (the period of care open at the end started 30 months or more before "
        "it), the percentage in the same placement for 2 years or more, or placed for adoption "
        "(PLACE A3-A6).",
        source="; ".join(
            (
                "DfE long-term stability measure (SSDA903)",
                PARTNERSHIP_REPORT_2020.at(
                    FAMILY_SERVICES_UPDATE_2020 + ", 'Supporting corporate parenting'", "placement stability"
                ),  # seed 003 L476-480
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        measure="snapshot",
        tables=("cla_episodes", "children"),
        numerator="children in the same placement 2 years or more, or placed for adoption",
        denominator="children under 16 looked after continuously for 2.5 years or more",
        target=70,
        rag=RagThresholds(green=70, amber=65),
        caveats=(
            "Placed for adoption counts whatever the length of the adoptive placement; the DfE also "
            "asks that the adoptive and the previous placement together last 2 years.",
        ),
        national="DfE, Children looked after in England including adoptions (children under 16 looked "
        "after for "
        "2.5 years or more living with the same carer for at least 2 years)",
        sql=f"""
            WITH e AS ({_PLACEMENTS}),
            placement AS (
              SELECT period_of_care_id, placement_no, min(decom) AS placement_start
              FROM e GROUP BY period_of_care_id, placement_no
            ), cur AS (
              SELECT * FROM e WHERE decom <= $end AND (dec IS NULL OR dec > $end)
            )
            SELECT cur.la_child_id, cur.episode_id AS record_id, CAST($end AS DATE) AS ref_date,
                   cur.care_start, placement.placement_start, cur.place, ch.person_birth_date,
                   CASE WHEN placement.placement_start <= CAST($end - INTERVAL 2 YEAR AS DATE)
                          OR cur.place IN ('A3', 'A4', 'A5', 'A6')
                        THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM cur
            JOIN placement
              ON placement.period_of_care_id = cur.period_of_care_id
             AND placement.placement_no = cur.placement_no
            JOIN children ch ON ch.la_child_id = cur.la_child_id
            WHERE cur.care_start <= CAST($end - INTERVAL 30 MONTH AS DATE)
              AND ch.person_birth_date IS NOT NULL
              AND CAST(ch.person_birth_date + INTERVAL 16 YEAR AS DATE) > $end
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="cla_reviews_on_time",
        title="Looked-after children's reviews held on time",
        area=AREA,
        definition="Of periods of care with a looked-after child's review due in the period (while still "
        "looked after), the percentage whose every review due in the period was held on or before its due "
        "date. The reviews are due as the council's timescale rules 'First looked-after review', 'Second "
        "looked-after review' and 'Looked-after review' say, each counted from the previous review held: "
        "by default the first 20 working days after the child became looked after, the second 3 months "
        "after the first, then every 6 months. The work tray counts with the same rules, so an edit in the "
        "admin moves both.",
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33 "
        "(reviews within 20 working days, then 3 months, then every 6 months)",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("cla_episodes", "reviews"),
        numerator="periods of care with every due review on time",
        denominator="periods of care with a review due in the period",
        target=95,
        rag=RagThresholds(green=95, amber=90),
        parameters={
            "first_review": RuleStep("cla_first_review"),
            "second_review": RuleStep("cla_second_review"),
            "third_review": RuleStep("cla_review_repeat"),
            "later_review": RuleStep("cla_review_repeat", "repeat"),
        },
        national="DfE, Children looked after in England including adoptions (reviews held within timescales)",
        sql=f"""
            WITH poc AS (
              SELECT la_child_id, period_of_care_id, min(decom) AS care_start,
                     CASE WHEN bool_or(dec IS NULL) THEN NULL ELSE max(dec) END AS care_end
              FROM {_EPISODES}
              GROUP BY la_child_id, period_of_care_id
            ), revs AS (
              SELECT poc.*, r.review
              FROM poc JOIN reviews r
                ON r.la_child_id = poc.la_child_id AND r.review_type = 'CLA'
               AND r.review > poc.care_start AND (poc.care_end IS NULL OR r.review <= poc.care_end)
            ), anchors AS (
              SELECT *, care_start AS anchor, 0 AS k FROM poc
              UNION ALL
              SELECT la_child_id, period_of_care_id, care_start, care_end, review,
                     row_number() OVER (PARTITION BY period_of_care_id ORDER BY review)
              FROM revs
            )
            -- A period of care's reviews and due dates do not depend on the period asked about:
            -- worked out once (not once per period of a batched query), then filtered by the
            -- period. A subquery, not a CTE: DuckDB cannot plan a working-day macro in a CTE
            -- that a batched query's periods then filter.
            SELECT la_child_id, period_of_care_id AS record_id, max(due) AS ref_date,
                   count(*) AS reviews_due,
                   count(*) FILTER (WHERE held IS NULL OR held > due) AS reviews_late,
                   CASE WHEN bool_and(held IS NOT NULL AND held <= due) THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM (
              SELECT *,
                     CASE WHEN k = 0 THEN add_step(anchor, $first_review_n, $first_review_unit)
                          WHEN k = 1 THEN add_step(anchor, $second_review_n, $second_review_unit)
                          WHEN k = 2 THEN add_step(anchor, $third_review_n, $third_review_unit)
                          ELSE add_step(anchor, $later_review_n, $later_review_unit) END AS due,
                     lead(anchor) OVER (PARTITION BY period_of_care_id ORDER BY k) AS held
              FROM anchors
            ) clocks
            WHERE care_start <= $end AND (care_end IS NULL OR care_end > $start)
              AND due BETWEEN $start AND $end AND (care_end IS NULL OR care_end > due)
            GROUP BY la_child_id, period_of_care_id
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="cla_visits_on_time",
        title="Looked-after children visited within timescale",
        area=AREA,
        definition="Of children looked after at the period end, the percentage not overdue for a visit, "
        "counted as the work tray counts it, with the council's timescale rules: 'Visit to a child in a "
        "new placement' (by default within 1 week of the current placement starting) if not yet seen in "
        "it, then 'Visit to a looked-after child (first year of placement)' (by default every 6 weeks from "
        "the latest visit where they were seen); in a placement intended to last until 18 (long-term "
        "fostering), a visit from the end of its first year onwards (that rule's 'ends after', by default "
        "12 months) makes the next due as 'Visit to a looked-after child (long-term placement)' says (by "
        "default 3 months later). An edit in the admin moves the work tray and this figure together.",
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2) "
        "(visits within 1 week of each placement, then every 6 weeks, then every 3 months "
        "in a long-term placement); "
        + PROGRESS_REPORT_2017.at(
            "'Quantitative performance data', paragraph 1.75", "CiC visits within timescale, 84%"
        ),  # seed 001 L540
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        measure="snapshot",
        tables=("cla_episodes", "visits"),
        numerator="children not overdue for a visit",
        denominator="children looked after at the period end",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        parameters={
            "first_visit": RuleStep("cla_visit_new_placement"),
            "second_visit": RuleStep("cla_visit_year_one"),
            "visit": RuleStep("cla_visit_year_one", "repeat"),
            "year_one": RuleStep("cla_visit_year_one", "ends_after"),
            "long_term_first": RuleStep("cla_visit_long_term", optional=True),
            "long_term": RuleStep("cla_visit_long_term", "repeat", optional=True),
        },
        caveats=(
            "Only the case record says which placements are intended to be long-term; SSDA903 return files "
            "do not, so from them every placement is due a visit every 6 weeks.",
        ),
        sql=f"""
            WITH e AS ({_PLACEMENTS}),
            placement AS (
              SELECT period_of_care_id, placement_no, min(decom) AS placement_start
              FROM e GROUP BY period_of_care_id, placement_no
            ), cur AS (
              SELECT e.la_child_id, e.episode_id, placement.placement_start,
                     coalesce(e.long_term, false) AS long_term,
                     add_step(placement.placement_start, $year_one_n, $year_one_unit) AS year_one_ends
              FROM e JOIN placement
                ON placement.period_of_care_id = e.period_of_care_id
               AND placement.placement_no = e.placement_no
              WHERE e.decom <= $end AND (e.dec IS NULL OR e.dec > $end)
            ), seen AS (
              -- Each day's visits once: the first visit answers the placement's first step
              -- and may be on its first day; each later one is counted from the last.
              SELECT cur.la_child_id, v.visit_date, v.visit_date >= cur.year_one_ends AS after_year_one
              FROM cur JOIN (SELECT DISTINCT la_child_id, visit_date FROM visits
                             WHERE visit_type = 'CLA' AND seen) v
                ON v.la_child_id = cur.la_child_id
               AND v.visit_date BETWEEN cur.placement_start AND $end
            ), v AS (
              -- Long-term visits: the visits after the first that are on or after year one's
              -- end. That is those on or after it, less one if the first visit is: and the
              -- first is exactly when all are (the later ones are later). Counted so, not by
              -- numbering the visits: a window over every period's visits was most of a
              -- batched query's time.
              SELECT la_child_id, max(visit_date) AS last_seen, count(*) AS visits,
                     count(*) FILTER (WHERE after_year_one)
                       - CASE WHEN bool_and(after_year_one) THEN 1 ELSE 0 END AS long_term_visits
              FROM seen GROUP BY la_child_id
            ), d AS (
              -- As the work tray's chain: a long-term placement's first visit on or after the
              -- end of year one moves it to the long-term step, and later ones to its repeat.
              SELECT cur.*, v.last_seen,
                     CASE WHEN v.last_seen IS NULL
                            THEN add_step(cur.placement_start, $first_visit_n, $first_visit_unit)
                          WHEN v.visits = 1 THEN add_step(v.last_seen, $second_visit_n, $second_visit_unit)
                          WHEN cur.long_term AND $long_term_n IS NOT NULL AND v.long_term_visits = 1
                            THEN add_step(v.last_seen, $long_term_first_n, $long_term_first_unit)
                          WHEN cur.long_term AND $long_term_n IS NOT NULL AND v.long_term_visits > 1
                            THEN add_step(v.last_seen, $long_term_n, $long_term_unit)
                          ELSE add_step(v.last_seen, $visit_n, $visit_unit) END AS next_due
              FROM cur LEFT JOIN v ON v.la_child_id = cur.la_child_id
            )
            SELECT la_child_id, episode_id AS record_id, CAST($end AS DATE) AS ref_date,
                   placement_start, long_term, last_seen, next_due,
                   CASE WHEN $end <= next_due THEN 1 ELSE 0 END AS num, 1 AS den
            FROM d
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="missing_episodes",
        title="Missing episodes",
        area=AREA,
        definition="Missing episodes (police definition; recorded as missing, not absent: MISSING) that "
        "started in the period, for any child in the data (from home or from care together, as Barnet's "
        "safeguarding reports count them). Absences are not counted. Apart: 'Missing episodes from care' "
        "and 'Missing episodes from home'; the DfE's headline is 'Looked-after children who went missing "
        "in the year'.",
        source="; ".join(
            (
                IMPROVEMENT_PLAN_2017.at(
                    "'Appendix 3 Data Dashboard'", 'measure "Overall number of missing episodes"'
                ),  # seed 001 L1227
                PARTNERSHIP_REPORT_2020.at(
                    "'Safeguarding concerns'", "missing episodes up 22% in 2019/20"
                ),  # seed 003 L146
                SAFEGUARDING_PAPER_2015.at(
                    "'6.4 Missing', 'Table 5: Children Missing and Absent'",
                    "missing and absent told apart since January 2015",
                ),  # seed 002 L293-324
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("missing",),
        numerator="missing episodes started in the period",
        sql="""
            SELECT la_child_id, missing_id AS record_id, mis_start AS ref_date, mis_end, missing_from,
                   1 AS num
            FROM missing
            WHERE missing = 'M' AND mis_start BETWEEN $start AND $end
        """,
    )
)

register(
    Indicator(
        code="rhi_offered_72h",
        title="Return home interviews offered after a missing episode",
        area=AREA,
        definition="Of missing episodes (not absences) that ended in the period, the percentage where a "
        "return home interview was offered within the council's timescale rule 'Return home interview "
        "offered' (by default 72 hours) of the moment the child returned, the rule the work tray counts "
        "with (clock hours: weekends and bank holidays do not stop the clock; exactly 72 hours is in "
        "time). The hours are real elapsed hours in UK time, so across a change of the clocks the deadline "
        "reads an hour earlier (October) or later (March) on the clock. If the council sets the rule in "
        "days instead, an offer on or before the due day is in time.",
        source="DfE statutory guidance, Children who run away or go missing from home or care (2014), "
        "(RHI offered within 72 hours of return)",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("missing",),
        numerator="episodes with an RHI offered",
        denominator="missing episodes ended in the period",
        target=95,
        rag=RagThresholds(green=95, amber=85),
        parameters={"rhi": RuleStep("rhi_offer")},
        caveats=(
            "Where only the date of return is held (no time), the clock starts at the start of that "
            "day; an offer recorded without its time counts as not offered within 72 hours.",
        ),
        sql="""
            WITH m AS (
              -- Times are UK local; the hours are counted in absolute time and read back as local.
              SELECT *, CASE WHEN $rhi_unit = 'hours' THEN timezone('Europe/London',
                          timezone('Europe/London', coalesce(mis_end_datetime, CAST(mis_end AS TIMESTAMP)))
                          + to_hours(CAST($rhi_n AS BIGINT))) END AS rhi_due,
                        CASE WHEN $rhi_unit <> 'hours'
                             THEN add_step(mis_end, $rhi_n, $rhi_unit) END AS rhi_due_day
              FROM missing
              WHERE missing = 'M' AND mis_end BETWEEN $start AND $end
            )
            SELECT la_child_id, missing_id AS record_id, mis_end AS ref_date, mis_start, mis_end,
                   mis_end_datetime, rhi_due, rhi_due_day, rhi_offered, rhi_offered_datetime, rhi_accepted,
                   CASE WHEN rhi_offered_datetime <= rhi_due
                          OR CAST(rhi_offered_datetime AS DATE) <= rhi_due_day THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM m
        """,
    )
)


# --- Missing from care and from home apart; the DfE's measures -----------------------------------

# Each missing or absent episode with whether the child was looked after (not on short breaks)
# on the day it started: the DfE's missing statistics are about looked-after children, the
# borough's safeguarding reports count every child.
_MISSING_WITH_CARE = f"""
    SELECT m.*, EXISTS (
             SELECT 1 FROM {_EPISODES} e
             WHERE e.la_child_id = m.la_child_id AND e.decom <= m.mis_start
               AND (e.dec IS NULL OR e.dec > m.mis_start)
           ) AS from_care
    FROM missing m
"""  # noqa: S608

for _code, _title, _care, _other in (
    ("missing_from_care_episodes", "Missing episodes from care", True, "Missing episodes from home"),
    ("missing_from_home_episodes", "Missing episodes from home", False, "Missing episodes from care"),
):
    register(
        Indicator(
            code=_code,
            title=_title,
            area=AREA,
            definition="Missing episodes (recorded as missing, not absent: MISSING) that started in the "
            f"period for a child who {'was' if _care else 'was not'} looked after (short breaks aside) on "
            f"the day the episode started. Together with '{_other}' they make 'Missing episodes'.",
            source="SSDA903 Missing (MISSING, MIS_START) and episodes; DfE statutory guidance, Children who "
            "run away or go missing from home or care (2014)",
            unit=Unit.COUNT,
            polarity=Polarity.NEUTRAL,
            tables=("missing", "cla_episodes"),
            numerator=f"missing episodes from {'care' if _care else 'home'} started in the period",
            sql=f"""
                SELECT la_child_id, missing_id AS record_id, mis_start AS ref_date, mis_end, missing_from,
                       1 AS num
                FROM ({_MISSING_WITH_CARE})
                WHERE missing = 'M' AND mis_start BETWEEN $start AND $end
                  AND {"" if _care else "NOT "}from_care
            """,  # noqa: S608
        )
    )


def _cla_who_went_sql(kind: str) -> str:
    """Children looked after at some time in the period, each 1 if an episode of ``kind`` started then."""
    return f"""
        WITH cla AS (
          SELECT la_child_id, min(episode_id) AS record_id
          FROM {_EPISODES}
          WHERE decom <= $end AND (dec IS NULL OR dec > $start)
          GROUP BY la_child_id
        ), went AS (
          SELECT la_child_id, count(*) AS episodes
          FROM ({_MISSING_WITH_CARE})
          WHERE missing = '{kind}' AND from_care AND mis_start BETWEEN $start AND $end
          GROUP BY la_child_id
        )
        SELECT c.la_child_id, c.record_id, CAST($end AS DATE) AS ref_date,
               coalesce(w.episodes, 0) AS episodes,
               CASE WHEN w.episodes > 0 THEN 1 ELSE 0 END AS num, 1 AS den
        FROM cla c LEFT JOIN went w ON w.la_child_id = c.la_child_id
    """  # noqa: S608  (fixed fragments only)


for _code, _kind, _word, _not in (
    ("cla_went_missing", "M", "missing", "absent"),
    ("cla_went_absent", "A", "absent", "missing"),
):
    register(
        Indicator(
            code=_code,
            title=f"Looked-after children who went {_word} in the year",
            area=AREA,
            definition=f"Of children looked after at any time in the period (short breaks aside), the "
            f"percentage with at least one {_word} episode (recorded as {_word}, not {_not}: MISSING) "
            "starting in the period while they were looked after. Use a financial year to set it beside the "
            "DfE's figure.",
            source="DfE, Children looked after in England including adoptions (children who had a "
            f"{_word} incident during the year); SSDA903 Missing",
            unit=Unit.PERCENT,
            polarity=Polarity.LOWER,
            tables=("missing", "cla_episodes"),
            numerator=f"looked-after children who went {_word}",
            denominator="children looked after at any time in the period",
            national="DfE, Children looked after in England including adoptions (percentage of children "
            f"looked after during the year who had a {_word} incident)",
            sql=_cla_who_went_sql(_kind),
        )
    )

register(
    Indicator(
        code="missing_episodes_per_child",
        title="Missing episodes per looked-after child who went missing",
        area=AREA,
        definition="Of looked-after children who went missing from care in the period, the mean number of "
        "missing episodes from care (recorded as missing, not absent: MISSING) that started in the period.",
        source="DfE, Children looked after in England including adoptions (average number of missing "
        "incidents per child who went missing); SSDA903 Missing",
        unit=Unit.AVERAGE,
        polarity=Polarity.LOWER,
        tables=("missing", "cla_episodes"),
        numerator="missing episodes from care",
        denominator="looked-after children who went missing",
        national="DfE, Children looked after in England including adoptions (missing incidents per child "
        "who went missing)",
        sql=f"""
            SELECT la_child_id, missing_id AS record_id, mis_start AS ref_date, mis_end,
                   1 AS num, 1 AS den, la_child_id AS den_key
            FROM ({_MISSING_WITH_CARE})
            WHERE missing = 'M' AND from_care AND mis_start BETWEEN $start AND $end
        """,  # noqa: S608
    )
)

register(
    Indicator(
        code="rhi_held_72h",
        title="Return home interviews held within 72 hours",
        area=AREA,
        definition="Of missing episodes (not absences) that ended in the period, from home or from care, "
        "the percentage where a return home interview was held within 72 hours of the moment the child "
        "returned (exactly 72 hours is in time). The statutory guidance times the interview held, not the "
        "offer ('Return home interviews offered after a missing episode' times the offer, on the work "
        "tray's clock); the 72 hours are the guidance's, fixed here. Clock hours in UK time: weekends and "
        "bank holidays do not stop the clock. Each row says whether the interview was held, refused "
        "(offered, not accepted), offered and awaiting an answer, or not offered.",
        source="DfE statutory guidance, Children who run away or go missing from home or care (2014): "
        "an independent return interview within 72 hours of the child's return",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("missing",),
        numerator="episodes with an interview held within 72 hours",
        denominator="missing episodes ended in the period",
        target=95,
        rag=RagThresholds(green=95, amber=85),
        caveats=(
            "Where only the date of return is held (no time), the clock starts at the start of that "
            "day. Interviews recorded before 2026 have no time held and count as not held.",
        ),
        sql="""
            WITH m AS (
              SELECT *, timezone('Europe/London',
                          timezone('Europe/London', coalesce(mis_end_datetime, CAST(mis_end AS TIMESTAMP)))
                          + INTERVAL 72 HOUR) AS rhi_due
              FROM missing
              WHERE missing = 'M' AND mis_end BETWEEN $start AND $end
            )
            SELECT la_child_id, missing_id AS record_id, mis_end AS ref_date, mis_start, mis_end,
                   mis_end_datetime, rhi_due, rhi_offered_datetime, rhi_held_datetime,
                   CASE WHEN rhi_held_datetime IS NOT NULL THEN 'held'
                        WHEN rhi_accepted IS FALSE THEN 'refused'
                        WHEN rhi_offered THEN 'offered'
                        ELSE 'not offered' END AS rhi_outcome,
                   CASE WHEN rhi_held_datetime <= rhi_due THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM m
        """,
    )
)
