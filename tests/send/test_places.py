"""Place planning: the projection, its band, the split by need and setting, and the backtest, worked
by hand on a made-up series (population 1,000 in every phase, so a count is a rate per 1,000)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from continuum.send import places
from continuum.send.places import Census, Plan

POP = {y: dict.fromkeys(places.PHASES, 1000) for y in range(2015, 2040)}
# Primary plans on five census days; 2024 holds 12 with ASD and 6 with SLCN, 9 in special schools.
COUNTS = {2020: 10, 2021: 13, 2022: 13, 2023: 16, 2024: 18}


def _series() -> list[Census]:
    out = []
    for year, n in COUNTS.items():
        c = Census(year)
        c.by_phase["Primary"] = n
        c.by_need[("Primary", "ASD")] = 12 if year == 2024 else n
        c.by_need[("Primary", "SLCN")] = 6 if year == 2024 else 0
        c.by_setting[("Primary", "special")] = 9 if year == 2024 else 0
        out.append(c)
    return out


def test_the_line_and_its_80_percent_band_worked_by_hand() -> None:
    # mean year 2022, mean 14; Sxy 19, Sxx 10: slope 1.9, so 2025 is 14 + 3 * 1.9 = 19.7.
    # Residuals -0.2, 0.9, -1.0, 0.1, 0.2: SSE 1.9, s = sqrt(1.9 / 3) = 0.79582.
    # New point at 2025: s * sqrt(1 + 1/5 + 9/10) = 1.15326; t(80%, 3 df) = 1.638: half-width 1.88904.
    p = places.project(_series(), POP, horizon=5)
    assert p.years == [2025, 2026, 2027, 2028, 2029]
    assert p.central[2025] == pytest.approx(19.7)
    assert p.high[2025] - p.central[2025] == pytest.approx(1.88904, abs=1e-4)
    assert p.central[2025] - p.low[2025] == pytest.approx(1.88904, abs=1e-4)
    assert p.central[2029] == pytest.approx(14 + 7 * 1.9)
    assert (p.high[2029] - p.low[2029]) > (p.high[2025] - p.low[2025])  # wider further ahead
    assert p.by_need[2025] == pytest.approx({"ASD": 19.7 * 12 / 18, "SLCN": 19.7 * 6 / 18})
    assert p.specialist[2025]["special"] == pytest.approx(19.7 / 2)
    assert p.by_phase[2025]["Secondary"] == 0


def test_an_exact_line_has_no_band_and_population_growth_scales_it() -> None:
    series = []
    for i, year in enumerate(range(2020, 2024)):
        c = Census(year)
        c.by_phase["Secondary"] = 10 + 2 * i
        series.append(c)
    grown = {y: dict.fromkeys(places.PHASES, 1000 if y < 2024 else 2000) for y in range(2015, 2040)}
    p = places.project(series, grown, horizon=2)
    assert p.central == pytest.approx({2024: 36.0, 2025: 40.0})  # rate 18 then 20, twice the people
    assert p.low == p.central
    assert p.high == p.central


def test_scenarios_hold_the_rate_or_move_the_specialist_share() -> None:
    table = {s.name: s.projection for s in places.scenario_table(_series(), POP, horizon=5)}
    assert table["Rate held"].central[2029] == pytest.approx(18)
    trend = table["Trend continues"]
    assert table["More mainstream inclusion"].central == trend.central
    # Five points less specialist within five years: 0.5 -> 0.45 of the 2029 projection.
    assert table["More mainstream inclusion"].specialist[2029]["special"] == pytest.approx(
        0.45 * trend.central[2029]
    )
    assert table["Specialist share rises"].specialist[2027]["special"] == pytest.approx(
        0.53 * trend.central[2027]
    )


def test_the_backtest_projects_from_the_earlier_years_and_scores_what_followed() -> None:
    # Fitted on 2020-2022 (10, 13, 13): slope 1.5, 12 at 2021, so 15 in 2023 and 16.5 in 2024.
    bt = places.backtest(_series(), POP, held_back=2)
    assert bt is not None
    assert bt.origin == 2022
    assert [(y, round(p, 6), a) for y, p, _, _, a in bt.rows] == [(2023, 15.0, 16), (2024, 16.5, 18)]
    assert bt.mean_abs_pct_error == pytest.approx((1 / 16 + 1.5 / 18) / 2 * 100)
    assert bt.inside_band == 2  # one degree of freedom: a wide band (t = 3.078)
    assert places.backtest(_series()[:3], POP, held_back=2) is None


def test_census_days_and_phases_from_birthdays() -> None:
    assert places.census_day(2026) == date(2026, 1, 15)
    assert places.census_day(2027) == date(2027, 1, 21)
    # Read from the SEN2 year file where it names the year; its rule (third Thursday) before and after.
    from continuum.returns.sen2 import layout

    assert {places.census_day(y.census_date.year) for y in layout.years().values()} == {
        y.census_date for y in layout.years().values()
    }
    assert places.census_day(2020) == date(2020, 1, 16)
    assert places.census_day(2030) == date(2030, 1, 17)
    plans = [
        Plan(date(2015, 1, 16), date(2024, 3, 1), None, "ASD", "special"),  # 10 on 15 Jan 2026
        Plan(date(2015, 1, 15), date(2024, 3, 1), None, "SEMH", "mainstream"),  # 11 that day
        Plan(date(2012, 6, 1), date(2024, 3, 1), date(2026, 1, 15), "MLD", "special"),  # ceased that day
        Plan(date(2012, 6, 1), date(2026, 1, 16), None, "MLD", "special"),  # after the census
    ]
    (c,) = places.history(plans, [2026])
    assert dict(c.by_phase) == {"Primary": 1, "Secondary": 1}
    assert dict(c.by_setting) == {("Primary", "special"): 1, ("Secondary", "mainstream"): 1}


def test_the_files_are_read_and_a_bad_row_is_named(tmp_path: Path) -> None:
    pop = places.population_from_csv()
    assert min(pop) <= 2020
    assert max(pop) >= 2036
    assert pop[2026]["Primary"] > 10_000
    assert set(places.capacity_from_csv()) == set(places.SPECIALIST)
    bad = tmp_path / "pop.csv"
    bad.write_text("year,age,population\n2026,7,many\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"population projection file pop\.csv, row 2"):
        places.population_from_csv(bad)
    cap = tmp_path / "cap.csv"
    cap.write_text("setting,places\nhospital,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"specialist places file cap\.csv, row 2: setting must be one of"):
        places.capacity_from_csv(cap)
