"""The synthetic borough's children: a population estimate consistent with the simulated children.

Why: rates per 10,000 and the disproportionality view need the borough's
0-17 population, and a demo whose rates said "no population figures" would
show nothing. The figures are made, not sampled, so they are the same on
every run:

* **Total**: ``SimConfig.child_population`` (91,600, from seed 001 L1544: 347
  children in care at 37.9 per 10,000) in every mid-year estimate year the
  borough's periods need, so the simulator's calibrated rates hold.
* **Age and sex**: single years 0-17, slightly more young children than
  older ones (a London shape), 51.3% boys.
* **Wards**: the simulator draws the children it knows from ward ``i`` with
  weight ``1.0 + (i % 4) * 0.4``; the population is spread more evenly
  (``1.0 + (i % 4) * 0.1``), so children in the heaviest wards, which are the
  deprived areas (:func:`deprived_wards`), appear in the cohorts at about 1.2
  times their share of the population, as the borough's papers describe
  ("a significant correlation between areas of higher social deprivation ...
  and children subject to child protection plans", seed 000 L788).
* **Ethnicity**: 48% White British and 52% minority ethnic (seed 001 L621:
  "children and young people from minority ethnic groups account for 52%"),
  largest minority groups White Other, Indian and Black African (seed 000
  L1441); the simulated children's mix (``journey.arrivals._ETHNICITY``) has 30% White
  British, so minority groups are over-represented among known children, as
  the same paper reports (61% of children in need). No cells for "refused" or
  "not obtained": those are not groups of the population.

Cells are age x sex x ward x ethnicity, each the product of those shares,
rounded by largest remainder so that every year sums to the total exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pyarrow as pa

__all__ = [
    "AGE_WEIGHTS",
    "ETHNICITY_SHARES",
    "borough_rows",
    "deprived_wards",
    "estimate_years",
    "load_population",
    "population_of",
    "population_rows",
    "population_table",
]

#: Percent of children 0-17 by DfE ethnicity code (sums to 100).
ETHNICITY_SHARES: tuple[tuple[str, float], ...] = (
    ("WBRI", 48.0),
    ("WIRI", 1.0),
    ("WIRT", 0.2),
    ("WOTH", 12.0),
    ("WROM", 0.3),
    ("MWBC", 1.5),
    ("MWBA", 1.0),
    ("MWAS", 2.0),
    ("MOTH", 2.5),
    ("AIND", 7.0),
    ("APKN", 1.5),
    ("ABAN", 0.5),
    ("AOTH", 5.0),
    ("BCRB", 1.0),
    ("BAFR", 7.0),
    ("BOTH", 1.0),
    ("CHNE", 1.5),
    ("OOTH", 7.0),
)
#: Relative number of children of each single year of age 0-17.
AGE_WEIGHTS: tuple[float, ...] = (1.06,) * 5 + (1.02,) * 6 + (0.98,) * 5 + (0.93,) * 2
SEX_SHARES: tuple[tuple[str, float], ...] = (("M", 51.3), ("F", 48.7))


def deprived_wards(wards: Sequence[str]) -> tuple[str, ...]:
    """The wards in the borough's most deprived areas: those the simulator weights most (``i % 4 == 3``)."""
    return tuple(w for i, w in enumerate(wards) if i % 4 == 3)


def _ward_weights(wards: Sequence[str]) -> list[tuple[str, float]]:
    return [(w, 1.0 + (i % 4) * 0.1) for i, w in enumerate(wards)]


def estimate_years(first_day: date, last_day: date) -> list[int]:
    """Mid-year estimate years covering ``first_day..last_day``: the 30 June on or before each day."""
    first = first_day.year if first_day >= date(first_day.year, 6, 30) else first_day.year - 1
    return list(range(first, last_day.year + 1))


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers proportional to ``weights`` summing to ``total`` exactly (ties: first cell first)."""
    whole = sum(weights)
    quotas = [total * w / whole for w in weights]
    counts = [int(q) for q in quotas]
    short = total - sum(counts)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[:short]:
        counts[i] += 1
    return counts


def population_rows(
    *, wards: Sequence[str], total: int, years: Sequence[int], la_code: str
) -> list[dict[str, Any]]:
    """One row per year, age, sex, ward and ethnicity (the ``population`` schema's columns).

    The total is split by ethnicity, each group by ward, each of those by sex
    and then by age, rounding exactly at every level: so each ethnic group's
    and each ward's share is as set, even for groups of a few dozen children.
    """
    levels: list[list[tuple[Any, float]]] = [
        list(ETHNICITY_SHARES),
        _ward_weights(wards),
        list(SEX_SHARES),
        list(enumerate(AGE_WEIGHTS)),
    ]
    split: list[tuple[tuple[Any, ...], int]] = [((), total)]
    for level in levels:
        split = [
            ((*key, value), n)
            for key, count in split
            for (value, _), n in zip(level, _largest_remainder(count, [w for _, w in level]), strict=True)
        ]
    cells = [(age, sex, ward, ethnicity) for (ethnicity, ward, sex, age), _ in split]
    counts = [n for _, n in split]
    return [
        {
            "la_code": la_code,
            "year": year,
            "age": age,
            "sex": sex,
            "ward": ward,
            "ethnicity": ethnicity,
            "population": n,
        }
        for year in years
        for (age, sex, ward, ethnicity), n in zip(cells, counts, strict=True)
    ]


def borough_rows(
    *, la_code: str, total: int, first_year_start: date, last_day: date, wards: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The rows for a borough whose first reported year starts ``first_year_start``.

    The estimates start a year earlier, as the simulation keeps a year of
    history before its first reported year.
    """
    from continuum.synth.names import DEFAULT_WARDS

    years = estimate_years(date(first_year_start.year - 1, first_year_start.month, 1), last_day)
    return population_rows(wards=wards or DEFAULT_WARDS, total=total, years=years, la_code=la_code)


def population_of(borough: Any, wards: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows for a simulated :class:`~continuum.synth.model.Borough`."""
    return borough_rows(
        la_code=borough.la_code,
        total=borough.child_population,
        first_year_start=min(start for start, _ in borough.years),
        last_day=borough.extracted_on,
        wards=wards,
    )


def population_table(borough: Any, wards: Sequence[str] | None = None) -> pa.Table:
    """The borough's population as an analytical ``population`` table (for Parquet and the engine)."""
    from continuum.metrics.population import estimates_table

    return estimates_table(population_of(borough, wards))


def load_population(rows: Sequence[dict[str, Any]]) -> dict[int, int]:
    """Write population rows (:func:`borough_rows`) to the database, replacing those years."""
    from continuum.metrics.population import Estimate, replace_estimates

    return replace_estimates(
        [
            Estimate(r["year"], r["age"], r["sex"], r["population"], r["ward"], r["ethnicity"])
            for r in rows
            if r["population"]
        ]
    )
