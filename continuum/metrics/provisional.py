"""Which financial years are provisional: until the return is submitted or England's figures are out.

Why a rule of its own: in the seed's board pack of May 2012 the 2011-12 column is
"Provisional" although the year had ended: a finished year's figures still move while
the records are completed and the return validated, and they are only final once the
council has submitted its return (CIN census, SSDA903) or the DfE has published the
national figures built from it. A year cut short by the data date is provisional too.

A council marks each year in its indicator settings (``CONTINUUM_INDICATOR_SETTINGS``)::

    {"years": {"2024-25": "submitted", "2023-24": "published", "2025-26": "provisional"}}

A year not marked is provisional until the data runs to the day the national figures are
usually published for it (``national_publication``: month-day after the year's end,
by default 30 November, when the DfE's children in need and looked-after statistics are
out), so old years are final without anyone marking them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

__all__ = ["FINAL", "STATUSES", "council_settings", "is_provisional", "publication_day"]

#: The marks that make a year final, and the one that keeps it provisional whatever the date.
FINAL = ("submitted", "published")
STATUSES = (*FINAL, "provisional")
DEFAULT_PUBLICATION = "11-30"


def council_settings() -> dict[str, Any]:
    """The council's indicator settings (targets, years marked), ``{}`` when none are set.

    The one place they are read, for the web, the jobs and the commands alike: a command reading
    Parquet files has not set Django up, and asking its settings then raised ImproperlyConfigured
    (``./run report board-annual --parquet DIR``), so the project's settings module is named first.
    """
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
    from django.conf import settings

    return dict(getattr(settings, "CONTINUUM_INDICATOR_SETTINGS", None) or {})


def publication_day(year_end: date, settings: Mapping[str, Any]) -> date:
    """The day after ``year_end`` (31 March) by which the national figures are usually published."""
    text = str(settings.get("national_publication") or DEFAULT_PUBLICATION)
    try:
        month, day = (int(part) for part in text.split("-"))
        return date(year_end.year, month, day)
    except ValueError:
        raise ValueError(
            f"indicator setting national_publication: {text!r} is not a month and day such as 11-30"
        ) from None


def is_provisional(label: str, year_end: date, data_up_to: date, settings: Mapping[str, Any] | None) -> bool:
    """Whether the financial year ``label`` (ending ``year_end``) is still provisional.

    Cut short by the data date: always provisional. Otherwise the council's mark for the
    year decides; with no mark, the year is provisional until the data reaches the usual
    publication day of the national figures.
    """
    if data_up_to < year_end:
        return True
    settings = settings or {}
    mark = (settings.get("years") or {}).get(label)
    if mark is not None:
        if mark not in STATUSES:
            raise ValueError(
                f"indicator setting years[{label!r}]: {mark!r} must be one of {', '.join(STATUSES)}"
            )
        return mark == "provisional"
    return data_up_to < publication_day(year_end, settings)
