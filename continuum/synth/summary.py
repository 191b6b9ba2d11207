"""The yearly lines ``./run synth`` prints, computed by the indicator library.

Why the library and not the generator's own counts: the printed summary is what people
quote, and a figure that disagrees with the dashboard for the same borough (the generator
counted missing and absent episodes from home and care together, 144 where the indicator
gave 112) makes both look wrong. So each figure here is an indicator, run by the same
engine over the same analytical tables, under its indicator's code; the generator's
calibration against the seed targets stays in ``--table``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyarrow as pa

from continuum.metrics.engine import Engine, IndicatorResult
from continuum.metrics.periods import financial_year_period

__all__ = ["SUMMARY", "summary_lines", "year_summary"]

#: (label, indicator code) in the order of the line.
SUMMARY: tuple[tuple[str, str], ...] = (
    ("contacts", "contacts"),
    ("referrals", "referrals"),
    ("conversion", "referral_conversion"),
    ("re-referrals", "rereferral_12m"),
    ("assessments", "assessments_completed"),
    ("in 45 wd of start", "assessments_45wd"),
    ("of referral", "assessments_45wd_from_referral"),
    ("s47", "s47_started"),
    ("ICPC children", "icpc_held"),
    ("children starting CP", "cp_started"),
    ("repeat plans", "cp_repeat"),
    ("CP at year end", "cp_open"),
    ("CLA at year end", "cla_open"),
    ("3+ placements", "cla_3plus_placements"),
    ("children starting care", "cla_started"),
    ("ceasing", "cla_ceased"),
    ("missing episodes", "missing_episodes"),
    ("from care", "missing_from_care_episodes"),
    ("CLA who went missing", "cla_went_missing"),
    ("caseload", "caseload_avg"),
    ("agency", "agency_worker_share"),
)


def year_summary(engine: Engine, year_start: int) -> str:
    """One financial year's line: each figure as the dashboard shows it, labelled."""
    period = financial_year_period(year_start)
    results: dict[str, IndicatorResult] = {r.code: r for r in engine.run(period, [c for _, c in SUMMARY])}
    parts = [f"{label} {results[code].display}" for label, code in SUMMARY]
    return f"{period.label}  " + "  ".join(parts)


def summary_lines(tables: Mapping[str, pa.Table], years: Iterable[int]) -> list[str]:
    """The lines for the financial years starting in ``years``, from one engine over ``tables``."""
    engine = Engine(tables)
    return [year_summary(engine, y) for y in years]
