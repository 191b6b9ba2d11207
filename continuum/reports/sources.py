"""Where a report's tables come from: a Parquet folder, or the live database.

Why both: a council can run a report from an export (or the synthetic
borough) without a database, and the production service runs it from the case
record. Both give the same mapping of table name to Arrow table that the
indicator engine takes, so the report cannot tell them apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from continuum.core import clock
from continuum.failures import Failure

__all__ = ["EVENT_COLUMNS", "SourceError", "earliest_event_date", "latest_event_date", "load_tables"]


class SourceError(Failure, RuntimeError):
    """The tables could not be loaded; the message says what to do instead."""


def load_tables(parquet: Path | None) -> tuple[dict[str, pa.Table], str]:
    """The analytical tables and a description of their source for the report's footnote.

    With ``parquet`` the folder's ``<table>.parquet`` files are read.
    Without it the live database is read through
    :func:`continuum.metrics.snapshot.refresh` (files kept under ``var/analytics``
    are mapped; only tables written since are copied out of PostgreSQL), imported
    lazily because that module is newer than this one and may not exist in every installation.
    """
    if parquet is not None:
        from continuum.metrics.cli import read_parquet_dir

        try:
            tables = read_parquet_dir(parquet)
        except FileNotFoundError as exc:
            raise SourceError(str(exc)) from exc
        if not tables:
            raise SourceError(f"no <table>.parquet files of the analytical schema in {parquet}")
        return tables, f"Parquet files in {parquet}"
    try:
        from continuum.metrics.extract import extract_tables  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
        from continuum.metrics.snapshot import refresh  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise SourceError(
            "Reading the live database needs continuum.metrics.extract, which this installation "
            "does not have yet. Pass --parquet DIR with the analytical tables instead "
            "(for example: ./run synth --parquet /tmp/borough)."
        ) from exc
    from continuum.commands import with_database

    with with_database():
        tables = dict(refresh().tables)
    return tables, "the live case record"


#: The columns whose latest value says how far the data runs: things that happen
#: every working day in any authority (a due date or a planned end would overshoot).
EVENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "contacts": ("contact_datetime",),
    "referrals": ("cin_referral_date",),
    "assessments": ("assessment_actual_start_date", "assessment_authorisation_date"),
    "visits": ("visit_date",),
    "cp_plans": ("cpp_start_date", "cpp_end_date"),
    "cla_episodes": ("decom",),
}


def _event_dates(tables: Mapping[str, pa.Table], pick: str) -> list[date]:
    """Each event column's earliest (``pick="min"``) or latest (``"max"``) date, as dates."""
    found: list[date] = []
    for name, columns in EVENT_COLUMNS.items():
        table = tables.get(name)
        if table is None:
            continue
        for col in columns:
            if col not in table.column_names:
                continue
            value = getattr(pc, pick)(table.column(col)).as_py()
            if isinstance(value, datetime):
                value = value.date()
            if value is not None:
                found.append(value)
    return found


def latest_event_date(tables: Mapping[str, pa.Table]) -> date | None:
    """The latest date on which anything was recorded, capped at today.

    Used as "data up to" when the user does not say: it decides whether the
    current financial year is provisional and whether a month is complete.
    """
    found = _event_dates(tables, "max")
    if not found:
        return None
    return min(max(found), clock.today())


def earliest_event_date(tables: Mapping[str, pa.Table]) -> date | None:
    """The earliest date on which anything was recorded: where the borough's records begin.

    Used to refuse a report for a period wholly before it (:func:`continuum.reports.reportable.check_begun`),
    which would print noughts that read as a quiet year rather than no data.
    """
    found = _event_dates(tables, "min")
    return min(found) if found else None
