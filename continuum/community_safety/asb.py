"""Anti-social behaviour figures: calls by type and month, year on year, by ward, repeat callers and victims.

Why repeats are counted by key: a repeat caller is a caller key with more than one call in the period
(the seed's "repeat calls", line 146), a repeat victim likewise by victim key; no name is needed or held.
Keys are compared in capitals without spaces round them, as they are stored.
Year on year compares the period with the same months a year earlier.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from continuum.community_safety.models import AsbCall, key_as_stored
from continuum.core.timescales import add_months
from continuum.metrics.periods import months_between


def _month(day: date) -> date:
    return day.replace(day=1)


@dataclass
class AsbFigures:
    first: date
    last: date
    months: list[date]
    types: list[str]
    by_type_month: dict[tuple[str, date], int]
    month_totals: dict[date, int]
    type_totals: dict[str, int]
    total: int
    total_last_year: int
    by_ward: dict[str, tuple[int, int]]
    repeat_callers: int
    repeat_caller_calls: int
    repeat_victims: int

    @property
    def change(self) -> float | None:
        if not self.total_last_year:
            return None
        return round(100 * (self.total - self.total_last_year) / self.total_last_year, 1)

    def monthly_totals(self) -> list[int]:
        """The seed's "Monthly Total" row."""
        return [self.month_totals.get(m, 0) for m in self.months]

    def rows(self) -> list[tuple[str, list[int], int]]:
        return [
            (t, [self.by_type_month.get((t, m), 0) for m in self.months], self.type_totals[t])
            for t in self.types
        ]


def _repeats(keys: list[str]) -> tuple[int, int]:
    """(keys with more than one call, calls made by them), a key compared as it is kept
    (``key_as_stored``, the MARAC victim keys' rule), so "v0348" and "V0348 " are one person."""
    counted = Counter(key for key in map(key_as_stored, keys) if key)
    repeat = [n for n in counted.values() if n > 1]
    return len(repeat), sum(repeat)


def figures(first: date, last: date) -> AsbFigures:
    """The ASB tables for ``first``..``last`` (days, inclusive) against the same days a year earlier."""
    calls = list(AsbCall.objects.filter(received__gte=first, received__lte=last))
    before = list(
        AsbCall.objects.filter(received__gte=add_months(first, -12), received__lte=add_months(last, -12))
    )
    by_type_month = Counter((c.call_type, _month(c.received)) for c in calls)
    type_totals = Counter(c.call_type for c in calls)
    month_totals = Counter(_month(c.received) for c in calls)
    now_ward, then_ward = Counter(c.ward for c in calls), Counter(c.ward for c in before)
    callers, caller_calls = _repeats([c.caller_key for c in calls])
    victims, _ = _repeats([c.victim_key for c in calls])
    return AsbFigures(
        first=first,
        last=last,
        months=[m.start for m in months_between(first, last)],
        types=sorted(type_totals),
        by_type_month=dict(by_type_month),
        month_totals=dict(month_totals),
        type_totals=dict(type_totals),
        total=len(calls),
        total_last_year=len(before),
        by_ward={w: (now_ward[w], then_ward[w]) for w in sorted(set(now_ward) | set(then_ward))},
        repeat_callers=callers,
        repeat_caller_calls=caller_calls,
        repeat_victims=victims,
    )
