"""Which day a return runs to: the ReferenceDate for a complete year, today for the current one.

Why one place: the exporters cut the records at that day (a year-to-date
return holds what has happened so far) and the SSDA903 engine measures open
episodes to it (an open police-protection episode that started yesterday is
one day long, not "until 31 March"). Both must agree on "today", which is the
project's clock (:mod:`continuum.core.clock`, ``CONTINUUM_AS_OF`` in a demo)
when Django is set up, else the real date (an export from Parquet).
"""

from __future__ import annotations

from datetime import date

__all__ = ["records_up_to", "today"]


def today() -> date:
    """Today by the project's clock when Django is configured, else the real date."""
    from django.conf import settings

    if settings.configured:
        from continuum.core.clock import today as clock_today

        return clock_today()
    return date.today()


def records_up_to(reference_date: date, as_of: date | None = None) -> date:
    """The last day a return for the year ending ``reference_date`` covers.

    The ReferenceDate for a complete year; for the current year ``as_of``
    (default :func:`today`): a year-to-date return. Nothing later has happened yet.
    """
    return min(reference_date, as_of if as_of is not None else today())
