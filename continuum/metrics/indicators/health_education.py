"""Looked-after children's health and education: PEPs, health assessments and dental checks.

Why snapshots: each asks "is this child's plan or check up to date today?", so
each is measured on the period's last day for the children looked after then.
The health and dental cohort is the SSDA903 OC2 one (looked after continuously
for at least 12 months), so a child who has just come into care is not counted
as overdue for a check that is not yet due. Short breaks (V3/V4) are left out,
as in every looked-after figure.
"""

from __future__ import annotations

import textwrap

from continuum.core.timescales import RuleStep
from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.looked_after import _EPISODES as CLA_EPISODES
from continuum.metrics.indicators.papers import PROGRESS_REPORT_2017

AREA = "Looked-after children: health and education"


def _nest(sql: str, spaces: int = 4) -> str:
    """``sql`` dedented and indented by ``spaces``, so the composed SQL reads well in the docs."""
    return textwrap.indent(textwrap.dedent(sql).strip("\n"), " " * spaces)


# Children looked after at the end of the period's last day, once each, with the
# start of their current period of care and their age that day (null birth date:
# left out, since every age rule needs it).
_LOOKED_AFTER_AT_END = f"""
SELECT e.la_child_id, min(e.episode_id) AS record_id, min(p.care_start) AS care_start,
       min(ch.person_birth_date) AS person_birth_date,
       min(date_part('year', age(CAST($end AS DATE), ch.person_birth_date))) AS age_at_end
FROM {CLA_EPISODES} e
JOIN (SELECT period_of_care_id, min(decom) AS care_start FROM cla_episodes GROUP BY period_of_care_id) p
  ON p.period_of_care_id = e.period_of_care_id
JOIN children ch ON ch.la_child_id = e.la_child_id
WHERE e.decom <= $end AND (e.dec IS NULL OR e.dec > $end) AND ch.person_birth_date IS NOT NULL
GROUP BY e.la_child_id
"""  # noqa: S608  (fixed fragments only)


def _cohort(condition: str) -> str:
    """The children looked after at the period end who meet ``condition`` (a fixed SQL fragment)."""
    return f"SELECT * FROM (\n{_nest(_LOOKED_AFTER_AT_END)}\n)\nWHERE {condition}"  # noqa: S608


# The OC2 cohort: looked after at the period end and for the whole 12 months up
# to it (a period of care that started on 1 April 2024 covers the year to
# 31 March 2025).
_OC2_COHORT = _cohort("care_start <= CAST(CAST($end AS DATE) - INTERVAL 12 MONTH AS DATE) + 1")

_OC2_CAVEAT = (
    "Measured on the period's last day for children looked after for at least 12 months then; the "
    "DfE's figures (from the SSDA903 OC2 return) use 31 March only, so a financial-year figure is the "
    "one to compare.",
)


def _up_to_date_sql(cohort: str, table: str, date_column: str, next_due: str) -> str:
    """One row per child in ``cohort``: the latest record and the day the next one is due.

    The latest record is the latest on or before the period end. ``next_due`` is
    an SQL expression for the next due day from ``l.latest``; the due day itself
    is in time, as for every timescale.
    """
    return f"""
WITH c AS (
{_nest(cohort, 2)}
), l AS (
  -- The cohort's children only (each once in c), not every child's records of every period.
  SELECT t.la_child_id, max(t.{date_column}) AS latest
  FROM {table} t JOIN c ON c.la_child_id = t.la_child_id
  WHERE t.{date_column} <= $end
  GROUP BY t.la_child_id
), d AS (
  SELECT c.*, l.latest, {next_due} AS next_due
  FROM c LEFT JOIN l ON l.la_child_id = c.la_child_id
)
SELECT la_child_id, record_id, CAST($end AS DATE) AS ref_date, care_start, age_at_end, latest, next_due,
       CASE WHEN next_due >= CAST($end AS DATE) THEN 1 ELSE 0 END AS num, 1 AS den
FROM d
"""  # noqa: S608  (fixed table and column names and fragments only)


register(
    Indicator(
        code="pep_up_to_date",
        title="Children in care aged 5-16 with a PEP in the last 6 months",
        area=AREA,
        definition="Of children looked after at the period end and aged 5 to 16 that day, the percentage "
        "whose next Personal Education Plan (PEP) meeting is not yet overdue: the next is due after the "
        "latest by the council's timescale rule 'Personal Education Plan reviewed' (by default 6 months: a "
        "PEP on 30 September is due again by 30 March, so is out of date on 31 March), the same rule the "
        "work tray counts with. Children in care for 20 working days or fewer are left out: their first "
        "PEP is not yet due (20 school days, from the statutory guidance; not a rule in the table).",
        source=PROGRESS_REPORT_2017.at(
            "'Quantitative performance data', paragraph 1.76",
            '"5 to 16-year-old children in care with a Personal Education Plan meeting completed in the last '
            '6 months is 84%"',
        ),  # seed 001 L541
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        measure="snapshot",
        tables=("cla_episodes", "children", "peps"),
        numerator="children with a PEP in the last 6 months",
        denominator="children looked after at the period end, aged 5-16, in care over 20 working days",
        target=95,
        rag=RagThresholds(green=95, amber=85),
        parameters={"pep": RuleStep("pep_review", "repeat"), "first_pep_working_days": 20},
        caveats=(
            "The first PEP is due within 20 school days of coming into care; working days are used, "
            "so school holidays are not allowed for.",
        ),
        sql=_up_to_date_sql(
            _cohort(
                "age_at_end BETWEEN 5 AND 16\n"
                "  AND wd_between(care_start, $end) > CAST($first_pep_working_days AS INTEGER)"
            ),
            "peps",
            "pep_date",
            "add_step(l.latest, $pep_n, $pep_unit)",
        ),
    )
)

register(
    Indicator(
        code="health_assessment_up_to_date",
        title="Children in care with an up-to-date health assessment",
        area=AREA,
        definition="Of children looked after at the period end who had been looked after for at least "
        "12 months, the percentage whose next health assessment is not yet overdue: due 12 months "
        "after the latest, or 6 months for a child under 5 on the period's last day (the due day "
        "itself is in time). A national figure: the statutory intervals are fixed here, not read from "
        "the council's timescale rules, because it is compared with England's.",
        source="SSDA903 OC2 HEALTH_ASSESSMENT (children looked after for at least 12 months), as "
        "published in DfE, Children looked after in England including adoptions (outcomes); the "
        "intervals are statute: Care Planning, Placement and Case Review (England) Regulations 2010, "
        "reg 7 and Schedule 1",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        measure="snapshot",
        tables=("cla_episodes", "children", "health_assessments"),
        numerator="children with an up-to-date health assessment",
        denominator="children looked after at the period end for at least 12 months",
        target=95,
        rag=RagThresholds(green=95, amber=85),
        caveats=_OC2_CAVEAT,
        national="DfE, Children looked after in England including adoptions (health assessments up to date, "
        "OC2)",
        sql=_up_to_date_sql(
            _OC2_COHORT,
            "health_assessments",
            "health_assessment_date",
            "CAST(l.latest + to_months(CASE WHEN age_at_end < 5 THEN 6 ELSE 12 END) AS DATE)",
        ),
    )
)

register(
    Indicator(
        code="dental_up_to_date",
        title="Children in care with a dental check in the last 12 months",
        area=AREA,
        definition="Of children looked after at the period end who had been looked after for at least "
        "12 months, the percentage whose latest dental check was on or after the same day 12 months "
        "before the period's last day. A national figure, compared with England's: its 12 months is "
        "the DfE's, and no timescale rule of the council's changes it.",
        source="SSDA903 OC2 TEETH_CHECK (children looked after for at least 12 months), as published "
        "in DfE, Children looked after in England including adoptions (outcomes)",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        measure="snapshot",
        tables=("cla_episodes", "children", "dental_checks"),
        numerator="children with a dental check in the last 12 months",
        denominator="children looked after at the period end for at least 12 months",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        caveats=_OC2_CAVEAT,
        national="DfE, Children looked after in England including adoptions (teeth checked by a dentist, "
        "OC2)",
        sql=_up_to_date_sql(
            _OC2_COHORT,
            "dental_checks",
            "dental_check_date",
            "CAST(l.latest + to_months(12) AS DATE)",
        ),
    )
)
