"""The monthly audit sample: stratified by team and status, reproducible from a seed. Pure functions.

Why stratified: a plain random draw of 40 from a service of 1,500 cases can miss a small team or all
the looked-after children in a month; drawing from each (team, status) group in proportion to its size
keeps every part of the service in view month after month. Why a seed: the sample must be reproducible
("why was this child picked?"), so the same live cases, exclusions and seed give the same sample.

Quotas are by the largest-remainder method: each group gets the whole part of its proportional share,
and the cases left over go to the groups with the largest fractions (ties to the first group in order).
Children audited in the last six months are excluded before anything is counted.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

#: How long a child audited stays out of the sample.
EXCLUDE_MONTHS = 6


@dataclass(frozen=True, order=True)
class Candidate:
    """A live case that could be sampled: the child, the team holding it, its status, its worker."""

    team_id: int
    status: str
    child_id: int
    case_holder_id: int | None = None


def quotas(sizes: dict[tuple[int, str], int], n: int) -> dict[tuple[int, str], int]:
    """How many to draw from each group: proportional to size, largest remainder, never above size."""
    total = sum(sizes.values())
    if total == 0 or n <= 0:
        return {key: 0 for key in sizes}
    n = min(n, total)
    shares = {key: Fraction(size * n, total) for key, size in sizes.items()}
    result = {key: int(share) for key, share in shares.items()}
    left = n - sum(result.values())
    by_fraction = sorted(sizes, key=lambda key: (-(shares[key] - int(shares[key])), key))
    for key in by_fraction[:left]:
        result[key] += 1
    return result


def propose(
    candidates: Iterable[Candidate], n: int, seed: int, exclude: Iterable[int] = ()
) -> list[Candidate]:
    """Draw ``n`` cases from ``candidates`` (minus children in ``exclude``), stratified, from ``seed``.

    The order of ``candidates`` does not matter: they are sorted first, so the same set and seed give
    the same sample. The result is sorted by team, status and child.
    """
    excluded = set(exclude)
    eligible = sorted({c for c in candidates if c.child_id not in excluded})
    groups: dict[tuple[int, str], list[Candidate]] = {}
    for candidate in eligible:
        groups.setdefault((candidate.team_id, candidate.status), []).append(candidate)
    wanted = quotas({key: len(members) for key, members in groups.items()}, n)
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    chosen: list[Candidate] = []
    for key in sorted(groups):
        chosen.extend(rng.sample(groups[key], wanted[key]))
    return sorted(chosen)
