"""The monthly audit sample (stratified by team and status) and the moderation sample (a share of each
auditor's audits, every Inadequate), each reproducible from a seed. Pure functions.

Why stratified: a plain random draw of 40 from a service of 1,500 cases can miss a small team or all
the looked-after children in a month; drawing from each (team, status) group in proportion to its size
keeps every part of the service in view month after month. Why a seed: the sample must be reproducible
("why was this child picked?"), so the same live cases, exclusions and seed give the same sample.

Quotas are by the largest-remainder method: each group gets the whole part of its proportional share,
and the cases left over go to the groups with the largest fractions (ties to the first group in order).
Children audited in the last six months are excluded before anything is counted.
"""

from __future__ import annotations

import math
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


#: The share of each auditor's completed audits a QA officer moderates, in percent (a default the
#: moderation page lets QA change month by month).
MODERATION_SHARE = 10
INADEQUATE = "inadequate"


@dataclass(frozen=True, order=True)
class Completed:
    """A completed case audit that could be moderated: who audited it and the grade they gave."""

    auditor_id: int
    audit_id: int
    grade: str


def moderation_sample(audits: Iterable[Completed], share: int, seed: int) -> list[tuple[int, str]]:
    """The audits to moderate as (audit id, reason), by audit id: every Inadequate audit ("inadequate"),
    and from each auditor's other audits ``share`` percent of all their audits, rounded up, so every
    auditor is moderated at least once ("share").

    Why per auditor: moderation checks that auditors grade alike, so each auditor must be in it, not
    only the busiest. Why every Inadequate: the grade that triggers a follow-up must be sound. Each
    auditor's draw has its own generator from ``seed`` and the auditor, so adding an auditor does not
    change who else is drawn; the input's order does not matter.
    """
    everyone = sorted(set(audits))
    picks = {a.audit_id: INADEQUATE for a in everyone if a.grade == INADEQUATE}
    by_auditor: dict[int, list[Completed]] = {}
    for audit in everyone:
        by_auditor.setdefault(audit.auditor_id, []).append(audit)
    for auditor_id, theirs in sorted(by_auditor.items()):
        quota = math.ceil(Fraction(len(theirs) * share, 100))
        pool = [a.audit_id for a in theirs if a.audit_id not in picks]
        rng = random.Random(f"{seed}:{auditor_id}")  # noqa: S311 - a reproducible sample, not a secret
        for audit_id in rng.sample(pool, min(quota, len(pool))):
            picks[audit_id] = "share"
    return sorted(picks.items())
