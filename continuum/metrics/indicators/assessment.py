"""Assessments, section 47 enquiries and initial child protection conferences (Working Together 2023)."""

from __future__ import annotations

from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register

AREA = "Assessment and enquiries"

# The 45-working-day clock starts at the referral (Working Together 2023)
# for the first assessment of a CIN episode. A later assessment in the same episode
# (a re-assessment) runs from its own start date, as does any assessment whose
# referral is not in the data (an imported file with a partial history).
_ASSESSMENTS_COMPLETED = """
    WITH ranked AS (
      SELECT *, row_number() OVER (
                  PARTITION BY referral_id ORDER BY assessment_actual_start_date, assessment_id) AS nth
      FROM assessments
    )
    SELECT a.la_child_id, a.assessment_id, a.assessment_authorisation_date AS completed, a.nth,
           CASE WHEN a.nth = 1 AND r.cin_referral_date IS NOT NULL THEN r.cin_referral_date
                ELSE a.assessment_actual_start_date END AS clock_start
    FROM ranked a
    LEFT JOIN referrals r ON r.referral_id = a.referral_id
    WHERE a.assessment_authorisation_date BETWEEN $start AND $end
"""

register(
    Indicator(
        code="assessments_completed",
        title="Assessments completed",
        area=AREA,
        definition="Single assessments authorised (AssessmentAuthorisationDate) in the period.",
        source="CIN census Assessments; seed 004 L2476 / seed 000 L1715 (assessments completed in the year)",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("assessments",),
        numerator="assessments authorised in the period",
        sql="""
            SELECT la_child_id, assessment_id AS record_id, assessment_authorisation_date AS ref_date,
                   1 AS num
            FROM assessments
            WHERE assessment_authorisation_date BETWEEN $start AND $end
        """,
    )
)

register(
    Indicator(
        code="assessments_45wd",
        title="Assessments completed within 45 working days",
        area=AREA,
        definition="Of assessments authorised in the period, the percentage authorised within 45 "
        "working days (on or before the 45th working day) of the referral (CINreferralDate) for the "
        "first assessment of a CIN episode, or of the assessment's own start date for a later "
        "assessment in the episode or when the referral is missing. Bank holidays are not working days.",
        source="domain.md §1; seed 001 L534 (target 90%); seed 001 L1539 (89% in June 2017)",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("assessments", "referrals"),
        numerator="assessments authorised within 45 working days",
        denominator="assessments authorised in the period",
        target=90,
        rag=RagThresholds(green=90, amber=85),
        parameters={"interval_wd": 45},
        sql=f"""
            WITH a AS ({_ASSESSMENTS_COMPLETED})
            SELECT la_child_id, assessment_id AS record_id, completed AS ref_date, clock_start, completed,
                   add_wd(clock_start, $interval_wd) AS due,
                   CASE WHEN completed <= add_wd(clock_start, $interval_wd) THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM a
        """,  # noqa: S608  (a fixed fragment, no user input)
    )
)

register(
    Indicator(
        code="assessment_avg_days",
        title="Average working days to complete an assessment",
        area=AREA,
        definition="For assessments authorised in the period, the mean number of working days from "
        "the referral (as for assessments_45wd) to authorisation.",
        source='seed 001 L1535 ("Average timeliness of assessments - number of days")',
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

register(
    Indicator(
        code="s47_started",
        title="Section 47 enquiries started",
        area=AREA,
        definition="Section 47 enquiries with an S47ActualStartDate in the period.",
        source="CIN census Section47; seed 004 L2477 / seed 000 L1716",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("s47",),
        numerator="s47 enquiries started in the period",
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
        source="seed 001 L549 (s47 enquiries leading to a decision to progress to ICPC)",
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
        source="seed 004 L2478 / seed 000 L1717",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("conferences",),
        numerator="children with an ICPC in the period",
        sql="""
            SELECT la_child_id, conference_id AS record_id, conference_date AS ref_date, plan_outcome,
                   1 AS num, la_child_id AS num_key
            FROM conferences
            WHERE conference_type = 'ICPC' AND conference_date BETWEEN $start AND $end
        """,
    )
)

register(
    Indicator(
        code="icpc_15wd",
        title="Initial conferences held within 15 working days",
        area=AREA,
        definition="Of initial child protection conferences held in the period (DateOfInitialCPC), the "
        "percentage held within 15 working days of the strategy discussion that started the s47 "
        "enquiry (S47ActualStartDate when no strategy discussion date is recorded).",
        source="domain.md §1 (ICPC within 15 working days of the strategy discussion); seed 001 L549-550",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("s47",),
        numerator="ICPCs held on or before the 15th working day",
        denominator="ICPCs held in the period",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        parameters={"interval_wd": 15},
        sql="""
            WITH s AS (
              SELECT la_child_id, s47_id, date_of_initial_cpc,
                     coalesce(strategy_discussion_date, s47_actual_start_date) AS clock_start
              FROM s47
              WHERE date_of_initial_cpc BETWEEN $start AND $end
            )
            SELECT la_child_id, s47_id AS record_id, date_of_initial_cpc AS ref_date, clock_start,
                   add_wd(clock_start, $interval_wd) AS due, date_of_initial_cpc,
                   CASE WHEN date_of_initial_cpc <= add_wd(clock_start, $interval_wd)
                        THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM s
        """,
    )
)
