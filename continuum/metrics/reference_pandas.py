"""Five indicators written the way an analyst would in pandas: the yardstick for the engine.

Why it exists: issue 5 asks how much faster the SQL engine is than "a
straightforward pandas implementation" of five headline indicators, with both
answers shown to be equal. So this module is deliberately plain: each
indicator is a few DataFrame steps following the definition in
``continuum/metrics/indicators/``, with working days from NumPy's business-day
functions and the borough's bank holidays. It is not used to publish figures;
``bench/bench_indicators_pandas.py`` times it against the engine and
``tests/metrics/test_reference_pandas.py`` checks it agrees.

Each function takes the analytical tables (Arrow, as the engine does) and a
period, and returns ``(numerator, denominator)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa

from continuum.core.working_days import WorkingDayCalendar, default_calendar
from continuum.metrics.periods import Period, parse_period

__all__ = ["INDICATORS", "WorkingDays", "compute", "compute_all"]

Parts = tuple[int, int]


class WorkingDays:
    """NumPy business days with the calendar's bank holidays (what an analyst would reach for)."""

    def __init__(self, calendar: WorkingDayCalendar, first_year: int, last_year: int) -> None:
        calendar.preload(first_year, last_year)
        holidays = []
        d, last = date(first_year, 1, 1), date(last_year, 12, 31)
        while d <= last:
            if d.weekday() < 5 and not calendar.is_working_day(d):
                holidays.append(d)
            d += timedelta(days=1)
        self.days = np.busdaycalendar(holidays=np.array(holidays, dtype="datetime64[D]"))

    def add(self, start: pd.Series, n: int) -> pd.Series:
        """The n-th working day strictly after each date (NaT stays NaT)."""
        known = start.notna()
        out = pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns]")
        days = start[known].to_numpy().astype("datetime64[D]")
        # Roll a weekend or bank holiday back to the working day before it: the
        # n-th working day after that is the n-th working day after the date.
        due = np.busday_offset(days, n, roll="backward", busdaycal=self.days)
        out[known] = due.astype("datetime64[ns]")
        return out


def _frame(tables: Mapping[str, pa.Table], name: str) -> pd.DataFrame:
    df = tables[name].to_pandas()
    for col, typ in zip(tables[name].column_names, tables[name].schema.types, strict=True):
        if pa.types.is_date(typ) or pa.types.is_timestamp(typ):
            df[col] = pd.to_datetime(df[col])
    return df


def _between(s: pd.Series, period: Period) -> pd.Series:
    return (s >= pd.Timestamp(period.start)) & (s <= pd.Timestamp(period.end))


def rereferral_12m(tables: Mapping[str, pa.Table], period: Period, wd: WorkingDays) -> Parts:
    """Referrals in the period whose child's previous (strictly earlier) referral was within 12 months."""
    refs = _frame(tables, "referrals")
    cur = refs[_between(refs["cin_referral_date"], period)]
    pairs = cur[["referral_id", "la_child_id", "cin_referral_date"]].merge(
        refs[["la_child_id", "cin_referral_date"]], on="la_child_id", suffixes=("", "_prev")
    )
    pairs = pairs[pairs["cin_referral_date_prev"] < pairs["cin_referral_date"]]
    previous = pairs.groupby("referral_id")["cin_referral_date_prev"].max()
    cur = cur.assign(previous=cur["referral_id"].map(previous))
    year_before = cur["cin_referral_date"].apply(lambda d: d - pd.DateOffset(months=12))
    return int((cur["previous"] >= year_before).sum()), len(cur)


def assessments_45wd_from_referral(tables: Mapping[str, pa.Table], period: Period, wd: WorkingDays) -> Parts:
    """Assessments authorised in the period within 45 working days of the referral (or own start)."""
    a = _frame(tables, "assessments").sort_values(["assessment_actual_start_date", "assessment_id"])
    a["nth"] = a.groupby("referral_id", dropna=False).cumcount() + 1
    a = a[_between(a["assessment_authorisation_date"], period)]
    refs = _frame(tables, "referrals")[["referral_id", "cin_referral_date"]]
    a = a.merge(refs, on="referral_id", how="left")
    first = (a["nth"] == 1) & a["cin_referral_date"].notna()
    clock = a["cin_referral_date"].where(first, a["assessment_actual_start_date"])
    on_time = a["assessment_authorisation_date"] <= wd.add(clock, 45)
    return int(on_time.sum()), len(a)


def icpc_15wd(tables: Mapping[str, pa.Table], period: Period, wd: WorkingDays) -> Parts:
    """Initial conferences in the period held within 15 working days of the strategy discussion."""
    s = _frame(tables, "s47")
    s = s[_between(s["date_of_initial_cpc"], period)]
    clock = s["strategy_discussion_date"].fillna(s["s47_actual_start_date"])
    on_time = s["date_of_initial_cpc"] <= wd.add(clock, 15)
    return int(on_time.sum()), len(s)


def cp_repeat(tables: Mapping[str, pa.Table], period: Period, wd: WorkingDays) -> Parts:
    """CP plans started in the period for a child with a previous plan."""
    p = _frame(tables, "cp_plans")
    p = p[_between(p["cpp_start_date"], period)]
    return int((p["number_of_previous_cpp"].fillna(0) > 0).sum()), len(p)


def cla_3plus_placements(tables: Mapping[str, pa.Table], period: Period, wd: WorkingDays) -> Parts:
    """Children looked after at the period end with 3 or more placements during the period."""
    e = _frame(tables, "cla_episodes")
    e = e[~e["ls"].isin(["V3", "V4"])].sort_values(["period_of_care_id", "decom", "episode_id"])
    new = (e["episode_id"] == e["period_of_care_id"]) | e["rne"].isin(["S", "P", "T", "B", "U"])
    e["placement_no"] = new.astype(int).groupby(e["period_of_care_id"]).cumsum()
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    open_at_end = (e["decom"] <= end) & (e["dec"].isna() | (e["dec"] > end))
    children = e.loc[open_at_end, "la_child_id"].unique()
    during = e[(e["decom"] <= end) & (e["dec"].isna() | (e["dec"] > start)) & e["la_child_id"].isin(children)]
    placements = during.drop_duplicates(["la_child_id", "period_of_care_id", "placement_no"])
    per_child = placements.groupby("la_child_id").size()
    return int((per_child >= 3).sum()), len(per_child)


INDICATORS: dict[str, Callable[[Mapping[str, pa.Table], Period, WorkingDays], Parts]] = {
    "rereferral_12m": rereferral_12m,
    "assessments_45wd_from_referral": assessments_45wd_from_referral,
    "icpc_15wd": icpc_15wd,
    "cp_repeat": cp_repeat,
    "cla_3plus_placements": cla_3plus_placements,
}


def compute(
    tables: Mapping[str, pa.Table],
    code: str,
    period: str | Period,
    wd: WorkingDays | None = None,
) -> Parts:
    """One indicator's ``(numerator, denominator)`` for a period."""
    period = parse_period(period)
    wd = wd or WorkingDays(default_calendar(), period.start.year - 25, period.end.year + 2)
    return INDICATORS[code](tables, period, wd)


def compute_all(tables: Mapping[str, pa.Table], period: str | Period) -> dict[str, Parts]:
    """All five indicators for a period, sharing one working-day calendar."""
    period = parse_period(period)
    wd = WorkingDays(default_calendar(), period.start.year - 25, period.end.year + 2)
    return {code: compute(tables, code, period, wd) for code in INDICATORS}
