"""Who is in the SSDA903 OC2 cohort, and for which year.

The OC2 outcomes are recorded for children looked after continuously for at
least 12 months at 31 March (SSDA903 rules 185, 190, 191), short breaks (legal
status V3/V4) not counting as care, as in every looked-after figure. The
casework form asks this of the episodes the child record already holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from continuum.journey.models import CLAEpisode

#: Legal statuses of short breaks, which do not make a child "looked after continuously".
SHORT_BREAKS = frozenset({"V3", "V4"})


def latest_year_end(today: date) -> date:
    """The latest 31 March on or before ``today``: the year the OC2 outcomes can now be recorded for."""
    year = today.year if (today.month, today.day) >= (3, 31) else today.year - 1
    return date(year, 3, 31)


def year_start(year_ending: date) -> date:
    """1 April of the year that ends on ``year_ending`` (a 31 March)."""
    return date(year_ending.year - 1, 4, 1)


def care_start_covering(episodes: Iterable[CLAEpisode], on: date) -> date | None:
    """When the child's continuous care that was still running at the end of ``on`` began.

    The episode covering ``on`` is the one open at the end of that day (it had
    not ended on or before it); the care runs back through episodes that
    ended the day the next began (a change of placement or legal status).
    Short breaks are left out, so a gap filled only by short breaks breaks
    the continuity.
    """
    counted = sorted(
        (e for e in episodes if e.ls not in SHORT_BREAKS), key=lambda e: (e.decom, e.pk), reverse=True
    )
    covering = next((e for e in counted if e.decom <= on and (e.dec is None or e.dec > on)), None)
    if covering is None:
        return None
    start = covering.decom
    for earlier in counted:
        if earlier.decom < start and earlier.dec == start:
            start = earlier.decom
    return start


def outcome_year_ending(episodes: Iterable[CLAEpisode], today: date) -> date | None:
    """The 31 March the child's OC2 outcomes are due for, or None if the child is not in the cohort.

    In the cohort means looked after continuously for at least 12 months at
    the latest 31 March: care that began on or before 1 April of the year
    before (care from 1 April 2024 covers the year to 31 March 2025).
    """
    year_ending = latest_year_end(today)
    started = care_start_covering(episodes, year_ending)
    if started is None or started > year_start(year_ending):
        return None
    return year_ending
