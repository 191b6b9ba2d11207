"""Small hand-built analytical tables for known-answer tests.

Each helper fills the schema's required columns with harmless defaults, so a
test only spells out the columns its answer depends on. Dates may be given as
ISO strings for readability.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from continuum.core.timescale_defaults import DEFAULT_RULES
from continuum.core.timescales import Rule
from continuum.core.working_days import WorkingDayCalendar
from continuum.metrics.engine import Engine
from continuum.metrics.schema import schema_for

LA = "999"
CALENDAR = WorkingDayCalendar()
CALENDAR.preload(2000, 2030)

_DEFAULTS: dict[str, dict[str, Any]] = {
    "children": {"sex": "F", "ethnicity": "WBRI", "disabilities": ["NONE"], "uasc": False},
    "contacts": {"contact_source": "1A"},
    "referrals": {"referral_source": "1A", "referral_nfa": False},
    "s47": {"icpc_not_required": False},
    "conferences": {"plan_outcome": True},
    "cp_plans": {
        "initial_category_of_abuse": "NEG",
        "latest_category_of_abuse": "NEG",
        "number_of_previous_cpp": 0,
    },
    "cla_episodes": {"rne": "S", "ls": "C2", "cin": "N1", "place": "U1"},
    "visits": {"seen": True},
    "care_leavers": {"eligibility_category": "FORMER_RELEVANT", "staying_put": False},
    "workers": {"worker_name": "A Worker", "role": "SW", "agency": False, "start_date": "2015-01-01"},
    "teams": {"team_name": "Team", "service": "DAT"},
}


def _coerce(value: Any, typ: pa.DataType) -> Any:
    if isinstance(value, str) and pa.types.is_date(typ):
        return date.fromisoformat(value)
    if isinstance(value, str) and pa.types.is_timestamp(typ):
        return datetime.fromisoformat(value)
    return value


def table(name: str, *rows: dict[str, Any]) -> pa.Table:
    """An Arrow table of the analytical schema ``name`` from row dicts."""
    schema = schema_for(name)
    defaults = _DEFAULTS.get(name, {})
    out: dict[str, list[Any]] = {f.name: [] for f in schema}
    for i, row in enumerate(rows):
        unknown = set(row) - set(out)
        assert not unknown, f"{name}: unknown columns {unknown}"
        for f in schema:
            if f.name in row:
                value = row[f.name]
            elif f.name == "la_code":
                value = LA
            elif f.name in defaults:
                value = defaults[f.name]
            elif not f.nullable and f.name.endswith("_id"):
                value = f"{name}-{i}"
            else:
                value = None
            out[f.name].append(_coerce(value, f.type))
    return pa.table(out, schema=schema)


def engine(tables: dict[str, pa.Table] | None = None, **kwargs: Any) -> Engine:
    """An engine over the given tables with the plain English calendar (no local closures)."""
    kwargs.setdefault("calendar", CALENDAR)
    return Engine(tables or {}, **kwargs)


def rules_with(code: str, **changes: Any) -> tuple[Rule, ...]:
    """The default timescale rules with one rule edited, as a council would edit it in the admin."""
    return tuple(replace(r, **changes) if r.code == code else r for r in DEFAULT_RULES)


def run(tables: dict[str, pa.Table], code: str, period: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    """Compute one indicator and fail loudly if it errored."""
    breakdown = kwargs.pop("breakdown", None)
    result = engine(tables, **kwargs).run_one(code, period, breakdown=breakdown)
    assert result.status != "error", result.error
    return result


def ids(result: Any, column: str = "record_id", where_num: bool | None = None) -> list[Any]:
    """Sorted record ids from a result's drill-down rows (optionally only numerator rows)."""
    rows = result.rows.to_pylist()
    if where_num is not None:
        rows = [r for r in rows if (r["num"] > 0) == where_num]
    return sorted(r[column] for r in rows)
