"""Small distributions and date helpers shared by the phases of the journey."""

from __future__ import annotations

import bisect
import math
import random
from datetime import date, timedelta

DAY = timedelta(days=1)


class Table:
    """A categorical distribution over a fixed, ordered list of values."""

    __slots__ = ("cum", "total", "values")

    def __init__(self, pairs: tuple[tuple[str, float], ...] | list[tuple[str, float]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum: list[float] = []
        running = 0.0
        for _, w in pairs:
            running += w
            self.cum.append(running)
        self.total = running

    def draw(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw: Knuth's product of uniforms, a normal approximation above a mean of 60."""
    if mean <= 0:
        return 0
    if mean > 60:  # normal approximation; never reached with daily rates
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    """A lognormal draw given its median and the sigma of its logarithm."""
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))


def reception(dob: date) -> date:
    """The day a child starts school, and gets a UPN: the September after turning 4."""
    return date(dob.year + 4 + (1 if (dob.month, dob.day) >= (9, 1) else 0), 9, 1)


def add_years(d: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)
