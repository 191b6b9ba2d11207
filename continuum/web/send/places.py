"""The place-planning page (``/send/places/``): EHC plans and specialist places projected ahead.

Why a page of figures with its method in words: the strategy's risk is that place planning "rests
on projections" (seed 001 line 2997), so the page says how the numbers were made, how wide their
band is, what each scenario assumes, and how the same method did when run from a past year. It
shows counts only, no person's record, so it asks ``send.figures`` (managers, analysts, SEND
caseworkers) and logs no record view. ``?years=5`` (5 to 10) sets how far ahead it looks.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from continuum.core import clock
from continuum.send import places
from continuum.send.models import PrimaryNeed
from continuum.web.access import requires

__all__ = ["place_planning"]


def _horizon(request: HttpRequest) -> int:
    raw = request.GET.get("years", "")
    return int(raw) if raw.isdigit() and 5 <= int(raw) <= 10 else 10


@requires("send.figures")
def place_planning(request: HttpRequest) -> HttpResponse:
    horizon = _horizon(request)
    censuses = places.history_from_records(clock.today())
    context: dict[str, object] = {
        "horizon": horizon,
        "censuses": censuses,
        "phases": list(places.PHASES.items()),
        "specialist": places.SPECIALIST,
        # Only the expected file names, as a hint: the page says what each file is in words.
        "population_file": places.POPULATION_CSV.name,
        "capacity_file": places.CAPACITY_CSV.name,
    }
    if len(censuses) < 2:
        return render(request, "send/places.html", {**context, "too_few": True})
    try:
        population = places.population_from_csv(places.POPULATION_CSV)
        capacity = places.capacity_from_csv(places.CAPACITY_CSV)
    except (OSError, ValueError) as err:  # a council's replaced file: say which row, never a traceback
        return render(request, "send/places.html", {**context, "file_problem": str(err)})
    scenarios = places.scenario_table(censuses, population, horizon)
    central = scenarios[0].projection
    held = places.project(censuses, population, horizon, rate_held=True)
    last = censuses[-1]
    needs = sorted(
        {n for (_, n) in last.by_need},
        key=lambda n: (-sum(v for (_, m), v in last.by_need.items() if m == n), n),
    )
    context.update(
        projection=central,
        rows=[
            {
                "year": y,
                "central": central.central[y],
                "low": central.low[y],
                "high": central.high[y],
                "phases": [central.by_phase[y][p] for p in places.PHASES],
            }
            for y in central.years
        ],
        history_rows=[
            {"year": c.year, "total": c.total, "phases": [c.by_phase.get(p, 0) for p in places.PHASES]}
            for c in censuses
        ],
        needs=[(n, dict(PrimaryNeed.choices).get(n, n)) for n in needs],
        need_rows=[
            {"year": y, "values": [central.by_need[y].get(n, 0) for n in needs]} for y in central.years
        ],
        chart=_chart(censuses, central),
        capacity=[
            {
                "setting": label,
                "places": capacity.get(key, 0),
                "now": sum(v for (_, s), v in last.by_setting.items() if s == key),
                "projected": [central.specialist[y][key] for y in central.years],
                "gap_last": central.specialist[central.years[-1]][key] - capacity.get(key, 0),
            }
            for key, label in places.SPECIALIST.items()
        ],
        scenarios=[
            {
                "name": s.name,
                "assumes": s.assumes,
                "cells": [
                    _cell(
                        s.projection.central[y],
                        sum(s.projection.specialist[y].values()),
                        sum(capacity.values()),
                    )
                    for y in _milestones(central.years)
                ],
            }
            for s in scenarios
        ],
        milestones=_milestones(central.years),
        # A phase whose projection starts far from its last count, explained beside the table.
        jumps=places.jumps(censuses, population, central, held),
        total_capacity=sum(capacity.values()),
        backtest=places.backtest(censuses, population, held_back=min(2, len(censuses) - 2) or 1),
    )
    return render(request, "send/places.html", context)


def _chart(censuses: list[places.Census], p: places.Projection) -> dict[str, object]:
    """An SVG line of the plans on each census day, the projection and its band (the tables say the
    same in words and numbers, for anyone who cannot see the chart)."""
    width, height, pad = 640, 240, 40
    years = [c.year for c in censuses] + p.years
    top = max([c.total for c in censuses] + list(p.high.values()) + [1]) * 1.1

    def x(year: int) -> float:
        return pad + (year - years[0]) * (width - 2 * pad) / max(years[-1] - years[0], 1)

    def y(v: float) -> float:
        return height - pad - v * (height - 2 * pad) / top

    def pts(items: list[tuple[int, float]]) -> str:
        return " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in items)

    joined = (censuses[-1].year, float(censuses[-1].total))
    band = (
        [joined, *[(k, p.high[k]) for k in p.years]] + [(k, p.low[k]) for k in reversed(p.years)] + [joined]
    )
    return {
        "width": width,
        "height": height,
        "history": pts([(c.year, c.total) for c in censuses]),
        "projection": pts([joined, *[(k, p.central[k]) for k in p.years]]),
        "band": pts(band),
        "ticks": [{"x": f"{x(k):.1f}", "label": k} for k in years if k % 2 == 0],
        "levels": [{"y": f"{y(v):.1f}", "label": round(v)} for v in (0, top / 2, top / 1.1)],
        "base": height - pad,
        "left": pad,
        "right": width - pad,
    }


def _cell(plans: float, needed: float, places_now: int) -> dict[str, object]:
    """One scenario cell: plans, specialist places needed, and how many short of (or spare in) today's."""
    gap = round(needed) - places_now
    return {"plans": plans, "needed": needed, "short": gap > 0, "by": abs(gap)}


def _milestones(years: list[int]) -> list[int]:
    """The scenario table's columns: one, three and five years ahead, and the last year shown."""
    picks = [years[i] for i in (0, 2, 4) if i < len(years)]
    return picks + ([years[-1]] if years[-1] not in picks else [])
