"""Assessments, section 47 enquiries and initial child protection conferences (Working Together 2023)."""

from __future__ import annotations

from continuum.core.timescales import RuleStep
from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.papers import (
    BOARD_REPORT_2011_12,
    BOARD_REPORT_2016_17,
    BOARD_TABLE_2011_12,
    PROGRESS_REPORT_2017,
)

AREA = "Assessment and enquiries"

# Assessments of a period are chosen by joining its days (period_days, see
# continuum.metrics.calendar_table), not by a BETWEEN: the same rows, but a lookup rather than
# a sort of every assessment when the engine counts a dozen periods at once.

# Two clocks, because practice and the national statistic count differently.
# Working Together's 45 working days start at the referral for the first assessment
# of a CIN episode (a later assessment in the same episode, or one whose referral is
# not in the data, runs from its own start): that is ``clock_start``. The DfE's
# statistic (Characteristics of children in need; CIN census rule 8670Q) counts from
# the assessment's own start (AssessmentActualStartDate) to its authorisation: that is
# ``assessment_actual_start_date``.
_ASSESSMENTS_COMPLETED = """
    WITH ranked AS (
      SELECT *, row_number() OVER (
                  PARTITION BY referral_id ORDER BY assessment_actual_start_date, assessment_id) AS nth
      FROM assessments
    )
    SELECT a.la_child_id, a.assessment_id, a.assessment_authorisation_date AS completed, a.nth,
           a.assessment_actual_start_date,
           CASE WHEN a.nth = 1 AND r.cin_referral_date IS NOT NULL THEN r.cin_referral_date
                ELSE a.assessment_actual_start_date END AS clock_start
    FROM ranked a
    JOIN period_days($start, $end) p ON p.day = a.assessment_authorisation_date
    LEFT JOIN referrals r ON r.referral_id = a.referral_id
"""

#: The DfE's statistic on assessments, for the indicators that follow it.
_DFE_ASSESSMENTS = (
    "DfE, Characteristics of children in need (assessments completed in the year: within 45 working "
    "days of the assessment's start, and their duration)"
)

register(
    Indicator(
        code="assessments_completed",
        title="Assessments completed",
        area=AREA,
        definition="Single assessments authorised (AssessmentAuthorisationDate) in the period.",
        source="; ".join(
            (
                "CIN census Assessments",
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12,
                    'rows "Number of initial assessments completed in the year" and "Number of core '
                    'assessments completed in the year"',
                ),  # seed 004 L2477-2478 / seed 000 L1716-1717
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("assessments",),
        numerator="assessments authorised in the period",
        national="DfE, Characteristics of children in need (assessments completed in the year)",
        sql="""
            SELECT la_child_id, assessment_id AS record_id, assessment_authorisation_date AS ref_date,
                   1 AS num
            FROM assessments JOIN period_days($start, $end) p ON p.day = assessment_authorisation_date
        """,
    )
)


def _assessments_on_time_sql(due: str, start: str = "clock_start") -> str:
    """Assessments authorised in the period, each on time if authorised on or before ``due``.

    ``start`` names the clock's first day (``clock_start`` for practice's clock, from the
    referral; ``assessment_actual_start_date`` for the DfE's); ``due`` may use ``clock_start``,
    which is set to it.
    """
    return f"""
            WITH a AS ({_ASSESSMENTS_COMPLETED}),
                 s AS (SELECT * REPLACE ({start} AS clock_start) FROM a),
                 d AS (SELECT *, {due} AS due FROM s)
            SELECT la_child_id, assessment_id AS record_id, completed AS ref_date, clock_start, completed,
                   due,
                   CASE WHEN completed <= due THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM d
        """  # noqa: S608  (fixed fragments only)


_PRACTICE_CLOCK = (
    "of the referral (CINreferralDate) for the first assessment of a child in need (CIN) episode, or of "
    "the assessment's own start date for a later assessment in the episode or when the referral is "
    "missing. Bank holidays are not working days."
)

register(
    Indicator(
        code="assessments_45wd",
        title="Assessments completed within 45 working days of their start (DfE)",
        area=AREA,
        definition="Of assessments authorised in the period, the percentage authorised within 45 working "
        "days (on or before the 45th working day) of the assessment's own start "
        "(AssessmentActualStartDate), as the DfE counts it for Characteristics of children in need and as "
        "CIN census rule 8670Q checks it. Bank holidays are not working days. The figure to set beside "
        "England's; practice's clock, from the referral, is 'Assessments completed within 45 working days "
        "of the referral'. Until 2026 this figure counted from the referral.",
        source="DfE, Characteristics of children in need (assessments completed within 45 working days); "
        "CIN census guide, AssessmentActualStartDate and AssessmentAuthorisationDate; CIN census rule 8670Q",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("assessments", "referrals"),
        numerator="assessments authorised within 45 working days of their start",
        denominator="assessments authorised in the period",
        target=90,
        rag=RagThresholds(green=90, amber=85),
        national=_DFE_ASSESSMENTS,
        # statutory: not a setting
        sql=_assessments_on_time_sql("add_wd(clock_start, 45)", start="assessment_actual_start_date"),
    )
)

register(
    Indicator(
        code="assessments_45wd_from_referral",
        title="Assessments completed within 45 working days of the referral",
        area=AREA,
        definition="Of assessments authorised in the period, the percentage authorised within 45 "
        f"working days (on or before the 45th working day) {_PRACTICE_CLOCK} Practice's clock "
        "(Working Together's wording), the one the borough's monthly report has always shown; not "
        "comparable with the DfE's statistic, which counts from the assessment's start (see "
        "'Assessments completed within 45 working days of their start (DfE)').",
        source="; ".join(
            (
                "Working Together to Safeguard Children (statutory guidance), ch. 1 (45 working days from "
                "the referral)",
                PROGRESS_REPORT_2017.at(
                    "'Quantitative performance data', paragraph 1.72", "target 90%"
                ),  # seed 001 L534
                BOARD_REPORT_2016_17.at(
                    "'Children in Need of Help and Protection'", "89% in June 2017"
                ),  # seed 001 L1539
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("assessments", "referrals"),
        numerator="assessments authorised within 45 working days of the referral",
        denominator="assessments authorised in the period",
        target=90,
        rag=RagThresholds(green=90, amber=85),
        sql=_assessments_on_time_sql("add_wd(clock_start, 45)"),  # statutory: not a setting
    )
)

register(
    Indicator(
        code="assessments_local_standard",
        title="Assessments completed within the council's own timescale",
        area=AREA,
        definition="Of assessments authorised in the period, the percentage authorised within the "
        "council's timescale rule 'Single assessment completed' (by default 45 working days) "
        f"{_PRACTICE_CLOCK} A local standard: the work tray counts with the same rule, so a council "
        "that tightens it in the admin sees the work tray and this figure move together, while "
        "'Assessments completed within 45 working days of their start (DfE)' stays the national measure.",
        source="; ".join(
            (
                "The council's timescale rule 'Single assessment completed' (docs/timescales.md)",
                "by default Working Together to Safeguard Children, ch. 1",
                PROGRESS_REPORT_2017.at("'Quantitative performance data', paragraph 1.72"),  # seed 001 L534
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("assessments", "referrals"),
        numerator="assessments authorised within the council's timescale",
        denominator="assessments authorised in the period",
        target=90,
        rag=RagThresholds(green=90, amber=85),
        parameters={"standard": RuleStep("assessment_45wd")},
        sql=_assessments_on_time_sql("add_step(clock_start, $standard_n, $standard_unit)"),
    )
)

register(
    Indicator(
        code="assessment_avg_days",
        title="Average working days to complete an assessment (from the referral)",
        area=AREA,
        definition="For assessments authorised in the period, the mean number of working days from the "
        "referral (as for 'Assessments completed within 45 working days of the referral') to "
        "authorisation. A local measure, as the Barnet Safeguarding Children Board annual report 2016/17 "
        "gives it; the DfE publishes the median from the assessment's start (see 'Median working days "
        "to complete an assessment (DfE)', with its quartiles).",
        source=BOARD_REPORT_2016_17.at(
            "'Children in Need of Help and Protection'",
            'chart "Average timeliness of assessments - number of days"',
        ),  # seed 001 L1535
        unit=Unit.DAYS,
        polarity=Polarity.LOWER,
        tables=("assessments", "referrals"),
        numerator="total working days from referral to authorisation",
        denominator="assessments authorised in the period",
        sql=f"""
            WITH a AS ({_ASSESSMENTS_COMPLETED})
            SELECT la_child_id, assessment_id AS record_id, completed AS ref_date, clock_start, completed,
                   wd_between(clock_start, completed) AS num,
                   1 AS den
            FROM a
        """,  # noqa: S608
    )
)


def _assessment_quantile_sql(fraction: float) -> str:
    """Rows whose numerators add up to N times the quantile of working days start-to-authorisation.

    Each of the N assessments carries the quantile itself as ``num`` and 1 as ``den``, so the
    engine's sum-over-sum gives the quantile (continuous, as the median of an even count is the
    mean of the middle two) while every row still names the assessment behind it and its days.
    """
    return f"""
            WITH a AS ({_ASSESSMENTS_COMPLETED}),
                 d AS (SELECT *, wd_between(assessment_actual_start_date, completed) AS days FROM a)
            SELECT la_child_id, assessment_id AS record_id, completed AS ref_date,
                   assessment_actual_start_date, completed, days,
                   quantile_cont(days, {fraction}) OVER () AS num,
                   1 AS den
            FROM d
        """  # noqa: S608  (fixed fragments only)


for _code, _fraction, _name in (
    ("assessment_median_days", 0.5, "Median"),
    ("assessment_days_lower_quartile", 0.25, "Lower quartile of"),
    ("assessment_days_upper_quartile", 0.75, "Upper quartile of"),
):
    register(
        Indicator(
            code=_code,
            title=f"{_name} working days to complete an assessment (DfE)",
            area=AREA,
            definition=f"For assessments authorised in the period, the {_name.lower().removesuffix(' of')} "
            "(continuous: between the two middle values when they fall between) of the working days "
            "from the assessment's start (AssessmentActualStartDate) to its authorisation, the clock "
            "of the DfE's statistic on the duration of assessments. Bank holidays are not working days.",
            source="DfE, Characteristics of children in need (duration of assessments, working days); "
            "CIN census guide, AssessmentActualStartDate and AssessmentAuthorisationDate",
            unit=Unit.DAYS,
            polarity=Polarity.LOWER,
            tables=("assessments", "referrals"),
            numerator=f"the {_name.lower().removesuffix(' of')} times the number of assessments",
            denominator="assessments authorised in the period",
            national=_DFE_ASSESSMENTS,
            breakdowns=(),
            sql=_assessment_quantile_sql(_fraction),
        )
    )

register(
    Indicator(
        code="s47_started",
        title="Section 47 enquiries started",
        area=AREA,
        definition="Section 47 enquiries with an S47ActualStartDate in the period.",
        source="; ".join(
            (
                "CIN census Section47",
                BOARD_REPORT_2011_12.at(
                    BOARD_TABLE_2011_12, 'row "Number of section 47 enquiries initiated during the year"'
                ),  # seed 004 L2479 / seed 000 L1718
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("s47",),
        numerator="s47 enquiries started in the period",
        national="DfE, Characteristics of children in need (section 47 enquiries started in the year)",
        sql="""
            SELECT la_child_id, s47_id AS record_id, s47_actual_start_date AS ref_date, 1 AS num
            FROM s47
            WHERE s47_actual_start_date BETWEEN $start AND $end
        """,
    )
)

register(
    Indicator(
        code="s47_to_icpc",
        title="Section 47 enquiries leading to an initial conference",
        area=AREA,
        definition="Of s47 enquiries started in the period, the percentage that led to an initial child "
        "protection conference (DateOfInitialCPC recorded).",
        source=PROGRESS_REPORT_2017.at(
            "'Quantitative performance data', paragraph 1.79",
            "section 47 enquiries leading to a decision to progress to an initial child protection "
            "conference",
        ),  # seed 001 L549
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        tables=("s47",),
        numerator="enquiries with an ICPC",
        denominator="s47 enquiries started in the period",
        sql="""
            SELECT la_child_id, s47_id AS record_id, s47_actual_start_date AS ref_date,
                   date_of_initial_cpc, icpc_not_required,
                   CASE WHEN date_of_initial_cpc IS NOT NULL THEN 1 ELSE 0 END AS num, 1 AS den
            FROM s47
            WHERE s47_actual_start_date BETWEEN $start AND $end
        """,
    )
)

register(
    Indicator(
        code="icpc_held",
        title="Children subject to an initial child protection conference",
        area=AREA,
        definition="Children with an initial child protection conference (ICPC) held in the period; a "
        "child with two ICPCs in the period is counted once.",
        source=BOARD_REPORT_2011_12.at(
            BOARD_TABLE_2011_12,
            'row "Number of children subject to an initial child protection conference during the year"',
        ),  # seed 004 L2480 / seed 000 L1719
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("conferences",),
        numerator="children with an ICPC in the period",
        national="DfE, Characteristics of children in need (initial child protection conferences)",
        sql="""
            SELECT la_child_id, conference_id AS record_id, conference_date AS ref_date, plan_outcome,
                   1 AS num, la_child_id AS num_key
            FROM conferences
            WHERE conference_type = 'ICPC' AND conference_date BETWEEN $start AND $end
        """,
    )
)


def _icpcs_on_time_sql(due: str) -> str:
    """ICPCs held in the period, each on time if held on or before ``due`` (from ``clock_start``)."""
    return f"""
            WITH s AS (
              SELECT la_child_id, s47_id, date_of_initial_cpc,
                     coalesce(strategy_discussion_date, s47_actual_start_date) AS clock_start
              FROM s47
              WHERE date_of_initial_cpc BETWEEN $start AND $end
            ), d AS (SELECT *, {due} AS due FROM s)
            SELECT la_child_id, s47_id AS record_id, date_of_initial_cpc AS ref_date, clock_start,
                   due, date_of_initial_cpc,
                   CASE WHEN date_of_initial_cpc <= due THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM d
        """  # noqa: S608  (fixed fragments only)


register(
    Indicator(
        code="icpc_15wd",
        title="Initial conferences held within 15 working days",
        area=AREA,
        definition="Of initial child protection conferences held in the period (DateOfInitialCPC), the "
        "percentage held within 15 working days of the strategy discussion that started the section 47 "
        "enquiry (S47ActualStartDate when no strategy discussion date is recorded). A national figure: the "
        "15 working days are the statutory guidance's and the DfE's, fixed here so the figure compares "
        "with England's, whatever the council's timescale rule 'Initial child protection conference held' "
        "says ('Initial conferences held within the council's own timescale' counts with that).",
        source="; ".join(
            (
                "Working Together to Safeguard Children (statutory guidance), ch. 1 (ICPC within 15 working "
                "days of the strategy discussion)",
                "DfE, Characteristics of children in need (ICPCs within 15 working days)",
                PROGRESS_REPORT_2017.at(
                    "'Quantitative performance data', paragraphs 1.79 and 1.80"
                ),  # seed 001 L549-550
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("s47",),
        numerator="ICPCs held on or before the 15th working day",
        denominator="ICPCs held in the period",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        national="DfE, Characteristics of children in need (ICPCs within 15 working days of the strategy "
        "discussion)",
        sql=_icpcs_on_time_sql("add_wd(clock_start, 15)"),  # statutory: not a setting
    )
)

register(
    Indicator(
        code="icpc_local_standard",
        title="Initial conferences held within the council's own timescale",
        area=AREA,
        definition="Of initial child protection conferences held in the period (DateOfInitialCPC), the "
        "percentage held within the council's timescale rule 'Initial child protection conference held' "
        "(by default 15 working days) of the strategy discussion that started the section 47 enquiry "
        "(S47ActualStartDate when no strategy discussion date is recorded). A local standard: the work "
        "tray counts with the same rule, while 'Initial conferences held within 15 working days' stays the "
        "national measure.",
        source="; ".join(
            (
                "The council's timescale rule 'Initial child protection conference held' "
                "(docs/timescales.md)",
                "by default Working Together to Safeguard Children, ch. 1",
                PROGRESS_REPORT_2017.at(
                    "'Quantitative performance data', paragraphs 1.79 and 1.80"
                ),  # seed 001 L549-550
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("s47",),
        numerator="ICPCs held within the council's timescale",
        denominator="ICPCs held in the period",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        parameters={"standard": RuleStep("icpc_15wd")},
        sql=_icpcs_on_time_sql("add_step(clock_start, $standard_n, $standard_unit)"),
    )
)
