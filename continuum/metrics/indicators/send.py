"""SEND: EHC plans issued within 20 weeks of the request (seed 001 L2892-3135; SEN2).

The SEND strategy's first measure of success is "the timely completion and reviews of Education,
Health and Care Plans". The DfE publishes two figures (SEN2, "EHC plans issued within 20 weeks"):
all plans issued in the period, and the same leaving out plans where an exception the SEND
Regulations 2014 reg 13(3) allow applied. The 20 weeks is the timescale rule ``ehc_final_plan``,
so a council's edit moves the indicator and the caseworker's list together.
"""

from __future__ import annotations

from continuum.core.timescales import RuleStep
from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register

AREA = "SEND"

_SQL = """
    SELECT la_child_id, ehc_request_id AS record_id, final_issued_on AS ref_date,
           CASE WHEN final_issued_on <= add_step(received_on, $final_n, $final_unit) THEN 1 ELSE 0 END AS num,
           1 AS den
    FROM ehc_requests
    WHERE final_issued_on BETWEEN $start AND $end {extra}
"""
_BREAKDOWNS = ("age_band", "sex", "ethnicity", "ward", "deprived_area")
_TARGET = "The target and RAG bands are Continuum's defaults (the seeds give none): set the council's own."

for code, title, extra, definition in (
    (
        "ehc_plans_within_20_weeks",
        "EHC plans issued within 20 weeks (with exceptions)",
        "",
        "Of new EHC plans issued in the period, the percentage issued within 20 weeks of the request for "
        "an EHC needs assessment (timescale rule ehc_final_plan), with plans where an exception applied.",
    ),
    (
        "ehc_plans_within_20_weeks_excl_exceptions",
        "EHC plans issued within 20 weeks (excluding exceptions)",
        "AND NOT coalesce(allowed_exception, false)",
        "As EHC plans issued within 20 weeks, leaving out plans where an exception the SEND Regulations "
        "2014 reg 13(3) allow applied (school closure, exceptional personal circumstances, absence from "
        "the area). Late advice from a partner is not an exception (Code of Practice 9.42).",
    ),
):
    register(
        Indicator(
            code=code,
            title=title,
            area=AREA,
            definition=definition,
            source="seed 001 L2892-3135 (SEND strategy: timely completion of EHC plans); DfE SEN2",
            unit=Unit.PERCENT,
            polarity=Polarity.HIGHER,
            tables=("ehc_requests",),
            numerator="EHC plans issued within 20 weeks of the request",
            denominator="EHC plans issued in the period",
            target=60,
            rag=RagThresholds(green=60, amber=50),
            caveats=(_TARGET,),
            breakdowns=_BREAKDOWNS,
            parameters={"final": RuleStep("ehc_final_plan")},
            sql=_SQL.format(extra=extra),
        )
    )
