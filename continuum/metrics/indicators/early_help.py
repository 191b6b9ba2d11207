"""Early help: Early Help Assessments (EHA, formerly CAF) opened, closed and open.

Early help sits before statutory social care and is not in the CIN census, so
these follow the borough's own reports: open CAFs against a target of 800 and
CAF episodes closed in a month (seed 001 L533), and Early Help Assessments
started (seed 003 L132: 1,303 between April and October 2020).
"""

from __future__ import annotations

from continuum.metrics.definitions import Indicator, Polarity, Unit, register
from continuum.metrics.indicators.papers import PARTNERSHIP_REPORT_2020, PROGRESS_REPORT_2017

# A period's assessments are chosen by joining its days (period_days, see
# continuum.metrics.calendar_table), not by a BETWEEN: the same rows, but a lookup rather
# than a sort of the whole table when the engine counts a dozen periods at once.

AREA = "Early help"

_COMMON = {
    "area": AREA,
    "unit": Unit.COUNT,
    "polarity": Polarity.NEUTRAL,
    "tables": ("early_help",),
}

register(
    Indicator(
        code="eh_opened",
        title="Early help assessments started",
        definition="Early help episodes whose Early Help Assessment started in the period, counted by "
        "the EHA start date. A child with two episodes started in the period counts twice. Unborn "
        "children with an assessment started before birth are counted.",
        source="; ".join(
            (
                PARTNERSHIP_REPORT_2020.at(
                    "'The safeguarding context in Barnet', 'Our services'",
                    "1,303 Early Help Assessments, April-October 2020",
                ),  # seed 003 L132
                PROGRESS_REPORT_2017.at(
                    "'Quantitative performance data', paragraph 1.71", "CAFs"
                ),  # seed 001 L533
            )
        ),
        numerator="early help assessments started in the period",
        sql="""
            SELECT la_child_id, early_help_id AS record_id, eha_start_date AS ref_date, eha_end_date,
                   lead_professional_agency, 1 AS num
            FROM early_help JOIN period_days($start, $end) p ON p.day = eha_start_date
        """,
        **_COMMON,  # type: ignore[arg-type]
    )
)

register(
    Indicator(
        code="eh_closed",
        title="Early help episodes closed",
        definition="Early help episodes closed in the period, counted by the end date, whenever the "
        "assessment started. Closing by stepping up to children's social care counts here too.",
        source=PROGRESS_REPORT_2017.at(
            "'Quantitative performance data', paragraph 1.71", '"190 CAF episodes were closed" in June 2017'
        ),  # seed 001 L533
        numerator="early help episodes closed in the period",
        sql="""
            SELECT la_child_id, early_help_id AS record_id, eha_end_date AS ref_date, eha_start_date,
                   stepped_up_to, 1 AS num
            FROM early_help JOIN period_days($start, $end) p ON p.day = eha_end_date
        """,
        **_COMMON,  # type: ignore[arg-type]
    )
)

register(
    Indicator(
        code="eh_open",
        title="Early help episodes open at the period end",
        definition="Early help episodes open at the end of the period's last day: started on or "
        "before it and not closed on or before it. An episode closed on the last day is not open.",
        source=PROGRESS_REPORT_2017.at(
            "'Quantitative performance data', paragraph 1.71", '"The number of open CAF\'s ... target of 800"'
        ),  # seed 001 L533
        numerator="early help episodes open at the period end",
        measure="snapshot",
        sql="""
            SELECT la_child_id, early_help_id AS record_id, CAST($end AS DATE) AS ref_date, eha_start_date,
                   1 AS num
            FROM early_help
            WHERE eha_start_date <= $end AND (eha_end_date IS NULL OR eha_end_date > $end)
        """,
        **_COMMON,  # type: ignore[arg-type]
    )
)
