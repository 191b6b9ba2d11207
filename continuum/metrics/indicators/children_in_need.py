"""Children in need: open episodes (CIN census) and CIN visits (seed 001 L538)."""

from __future__ import annotations

from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.clocks import plan_visit_parameters, plan_visits_on_time_sql
from continuum.metrics.indicators.papers import (
    BOARD_REPORT_2016_17,
    PROGRESS_REPORT_2017,
    SAFEGUARDING_PAPER_2015,
)

AREA = "Children in need"

# Open "at the end of the period's last day": started on or before it and not
# closed on or before it. A referral closed on the last day is not open.
_CIN_OPEN = """
    SELECT la_child_id, min(referral_id) AS record_id, CAST($end AS DATE) AS ref_date, 1 AS num
    FROM referrals
    WHERE cin_referral_date <= $end AND (cin_closure_date IS NULL OR cin_closure_date > $end)
    GROUP BY la_child_id
"""

register(
    Indicator(
        code="cin_open",
        title="Children in need at the period end",
        area=AREA,
        definition="Children with a child in need (CIN) episode open at the end of the period's last day "
        "(referred on or before it, not closed on or before it), counted once each. Includes children on "
        "child protection plans and looked after (the statuses nest), unborn children, and anyone 18 or "
        "over whose episode is still open.",
        source="; ".join(
            (
                "CIN census (children in need at 31 March)",
                BOARD_REPORT_2016_17.at(
                    "'Children in Need of Help and Protection: Key Statistics'",
                    "1,818 children in need in June 2017",
                ),  # seed 001 L1489
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        measure="snapshot",
        tables=("referrals",),
        numerator="children with an open CIN episode",
        national="DfE, Characteristics of children in need (children in need at 31 March)",
        sql=_CIN_OPEN,
    )
)

register(
    Indicator(
        code="cin_rate",
        title="Children in need per 10,000 children",
        area=AREA,
        definition="The number of children in need (see 'Children in need at the period end') per 10,000 "
        "children aged 0 to 17 in the ONS mid-year population estimate for the last 30 June on or before "
        "the period end.",
        source=SAFEGUARDING_PAPER_2015.at(
            "'2.1 Safeguarding Activity'",
            "rates per 10,000 beside England, London and statistical neighbours",
        ),  # seed 002 L36-47
        unit=Unit.RATE,
        polarity=Polarity.NEUTRAL,
        measure="snapshot",
        tables=("referrals",),
        numerator="children with an open CIN episode",
        denominator="children aged 0-17 (ONS mid-year estimate)",
        national="DfE, Characteristics of children in need (children in need per 10,000 at 31 March)",
        sql=_CIN_OPEN,
    )
)

register(
    Indicator(
        code="cin_visits_on_time",
        title="Children on CIN plans visited within timescale",
        area=AREA,
        definition="Of children with a child in need (CIN) plan open at the period end, the percentage not "
        "overdue for a visit: the period end is on or before the due date of their next CIN visit under "
        "the council's timescale rule 'Child in need visit' (by default every 4 weeks), counted from their "
        "latest CIN visit where they were seen after the plan started, or from the plan start if there has "
        "been none. A local standard: the work tray counts with the same rule.",
        source="; ".join(
            (
                "CiN visits within 4 weeks (Barnet's local setting)",
                PROGRESS_REPORT_2017.at(
                    "'Quantitative performance data', paragraph 1.73", "CiN visits within 4 weeks, 55.7%"
                ),  # seed 001 L538
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        measure="snapshot",
        tables=("cin_plans", "visits"),
        numerator="children not overdue for a visit",
        denominator="children with an open CIN plan",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        parameters=plan_visit_parameters("cin_visit"),
        sql=plan_visits_on_time_sql(
            plans="cin_plans",
            plan_id="cin_plan_id",
            plan_start="cin_plan_start_date",
            plan_end="cin_plan_end_date",
            visit_type="CIN",
        ),
    )
)
