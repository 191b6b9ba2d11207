"""Quality assurance: the grades of case audits (seed 002, the QA annual report).

The QA annual report counts audits by Ofsted grade (Outstanding, Good, Requires
improvement, Inadequate) and asks for the share judged Good or better. Where a
QA officer has moderated an audit, the moderated grade is the one that counts:
moderation exists to correct an auditor's grade, and the report states the
agreement rate separately (continuum/assurance). Local measure: the DfE
publishes no statistic of case-audit grades.
"""

from __future__ import annotations

from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.papers import QA_REPORT_2015

AREA = "Quality assurance"

#: Neither the seeds nor the DfE give a target for audit grades.
_LOCAL_TARGET = (
    "The target and RAG bands are Continuum's defaults, not a published standard: set the council's own."
)

register(
    Indicator(
        code="case_audits_good_or_better",
        title="Case audits judged Good or better",
        area=AREA,
        definition="Of case audits completed in the period (any kind: monthly case-file, MASH threshold, "
        "multi-agency, thematic, dip sample, re-audit), the percentage whose grade is Outstanding or Good. "
        "The grade is the moderator's where the audit was moderated, otherwise the auditor's overall grade.",
        source=QA_REPORT_2015.at(
            "'2.0 Summary of findings' and '4.0 Key findings and journey travelled'",
            "audits judged against Ofsted's grades; moderation of audits",
        ),  # seed 002 L369-569
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("case_audits",),
        numerator="case audits graded Outstanding or Good",
        denominator="case audits completed in the period",
        target=60,
        rag=RagThresholds(green=60, amber=45),
        caveats=(_LOCAL_TARGET,),
        breakdowns=("team", "age_band", "sex", "ethnicity", "ward", "deprived_area"),
        sql="""
            SELECT la_child_id, case_audit_id AS record_id, completed_on AS ref_date, team_id AS team,
                   CASE WHEN coalesce(moderated_grade, overall_grade) IN ('OUTSTANDING', 'GOOD')
                        THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM case_audits
            WHERE completed_on BETWEEN $start AND $end
        """,
    )
)

register(
    Indicator(
        code="case_audits_inadequate",
        title="Case audits judged Inadequate",
        area=AREA,
        definition="Of case audits completed in the period, the percentage whose grade is Inadequate "
        "(each is followed up by a review; see the QA dashboard). The grade is the moderator's where the "
        "audit was moderated, otherwise the auditor's overall grade.",
        source=QA_REPORT_2015.at(
            "'3.0 QA Schedule 2014 - 2015' and '4.0 Key findings and journey travelled'",
            "Inadequate audits and their re-audits",
        ),  # seed 002 L384-569
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        tables=("case_audits",),
        numerator="case audits graded Inadequate",
        denominator="case audits completed in the period",
        target=5,
        rag=RagThresholds(green=5, amber=10),
        caveats=(_LOCAL_TARGET,),
        breakdowns=("team", "age_band", "sex", "ethnicity", "ward", "deprived_area"),
        sql="""
            SELECT la_child_id, case_audit_id AS record_id, completed_on AS ref_date, team_id AS team,
                   CASE WHEN coalesce(moderated_grade, overall_grade) = 'INADEQUATE' THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM case_audits
            WHERE completed_on BETWEEN $start AND $end
        """,
    )
)
