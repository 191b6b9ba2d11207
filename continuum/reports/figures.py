"""Monthly series and exact comparisons for a report month (an adapter over the engine).

Why not ``Engine.run(..., compare=True)``: the monthly report needs the
13 months ending with the report month for its charts anyway, and those
13 monthly results already hold everything the comparisons need (the
previous month, the same month last year, the 12-month rolling average).
Computing each month once (all 13 in one query per indicator, see
:meth:`Engine.run_series`) and deriving the comparisons here saves work
and keeps the comparison values exact (the engine's comparisons are floats),
so the narrative rounds exactly like the table. The rules are the engine's:
the rolling average is the mean of the 12 monthly figures ending with the
month, and only when all 12 are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from continuum.metrics import definitions
from continuum.metrics.engine import Engine, IndicatorResult
from continuum.metrics.periods import Period, month_period

from .narrative import Figure

__all__ = ["Series", "figures_from_series", "monthly_series"]

_KNOWN = ("ok", "incomplete")


@dataclass
class Series:
    """One indicator over consecutive months, oldest first; ``results[-1]`` is the report month."""

    code: str
    months: list[Period]
    results: list[IndicatorResult]

    def exact(self, i: int) -> Fraction | None:
        r = self.results[i]
        return r.exact if r.status in _KNOWN else None

    @property
    def current(self) -> IndicatorResult:
        return self.results[-1]


def _months_ending(month: Period, count: int) -> list[Period]:
    index = month.start.year * 12 + month.start.month - 1
    return [month_period(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def monthly_series(
    engine: Engine, month: Period, codes: Sequence[str], months: int = 13
) -> dict[str, Series]:
    """Each indicator for the ``months`` months ending with ``month`` (13: a year and its month)."""
    periods = _months_ending(month, months)
    # One query per indicator for all the months (Engine.run_series), remembered by
    # the engine, so a dashboard or another report on the same engine reuses them.
    return {c: Series(c, periods, engine.run_series(c, periods)) for c in codes}


def figures_from_series(series: dict[str, Series]) -> dict[str, Figure]:
    """A :class:`Figure` per indicator for the last month of each series, with exact comparisons."""
    out: dict[str, Figure] = {}
    for code, s in series.items():
        cur = s.current
        n = len(s.results)
        previous = s.exact(n - 2) if n >= 2 else None
        last_year = s.exact(n - 13) if n >= 13 else None
        last12 = [s.exact(i) for i in range(max(0, n - 12), n)]
        known = [v for v in last12 if v is not None]
        average = sum(known, Fraction(0)) / 12 if len(known) == 12 else None
        out[code] = Figure(
            code=code,
            title=cur.title,
            unit=cur.unit,
            polarity=cur.polarity,
            period=s.months[-1],
            value=cur.exact if cur.status in _KNOWN else None,
            previous=previous,
            previous_period=s.months[-2] if n >= 2 else s.months[-1].previous(),
            last_year=last_year,
            average=average,
            target=cur.target,
            rag=cur.rag if cur.status in _KNOWN else None,
            places=cur.places,
            measure=definitions.get(code).measure,
            numerator=cur.numerator,
            denominator=cur.denominator,
        )
    return out
