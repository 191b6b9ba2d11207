"""The one clock for "today" and "now" in the case record's rules and pages.

Why one module: a demo borough simulated up to a given day (``./run demo
--as-of``) must look like that day everywhere at once, in the work trays,
the statutory clocks, the MASH queue, the dashboards and the services'
"not in the future" checks; otherwise a borough that ends on a Monday is
months overdue on the following Friday. With the ``CONTINUUM_AS_OF`` setting
(``YYYY-MM-DD``) that day is today, and :func:`now` is that day at the real
time of day (so durations within a session still run), but never before
:data:`END_OF_WORKING_DAY`: a demo borough's records run to the end of that
day's working hours (continuum/synth/simulate.py), and what a user records
must not come before what is already there (a decision before the contact
it decides). Without the setting, both are the real clock.

Record-keeping times (``created_at``, the access log, sessions, tokens) keep
the real clock: they say when something happened, not which day it is in the
borough's story.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

__all__ = ["END_OF_WORKING_DAY", "as_of", "now", "today"]

#: The end of a working day's hours: with ``CONTINUUM_AS_OF``, the earliest time :func:`now` reads.
END_OF_WORKING_DAY = time(17, 30)


@lru_cache(maxsize=8)
def _parse(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ImproperlyConfigured(
            "CONTINUUM_AS_OF must be a date written YYYY-MM-DD (for example 2026-11-30)"
        ) from None


def as_of() -> date | None:
    """The day set by ``CONTINUUM_AS_OF``, or None when the real clock is used."""
    if not settings.configured:  # plain Python use (Parquet, benchmarks): no setting, the real clock
        return None
    return _parse(getattr(settings, "CONTINUUM_AS_OF", "") or "")


def today() -> date:
    """Today in the service's time zone, or the ``CONTINUUM_AS_OF`` day."""
    day = as_of()
    if day is not None:
        return day
    return timezone.localdate() if settings.configured else date.today()


def now() -> datetime:
    """The current moment (aware), on the ``CONTINUUM_AS_OF`` day if one is set."""
    real = timezone.now()
    day = as_of()
    if day is None:
        return real
    local = timezone.localtime(real)
    moment = datetime.combine(day, max(local.time(), END_OF_WORKING_DAY))
    return timezone.make_aware(moment, local.tzinfo)
