"""The indicator engine: runs indicator SQL on DuckDB over Arrow tables.

Why it is shaped like this:

* **Any source.** The engine takes a mapping of table name to
  ``pyarrow.Table`` in the analytical schema, so the live database (through an
  extractor), imported CIN census / SSDA903 files, Parquet files and the
  synthetic borough all give the same figures. A table may also be given as
  the path of a Parquet file of the schema, which DuckDB then reads as
  queries need it (national-scale data that would not fit in memory as Arrow).
* **Traceable figures.** Each indicator's SQL returns child-level rows; the
  engine aggregates them and hands back both the figure and the rows, so a
  manager can drill from "82%" to the children behind it.
* **Honest gaps.** If a table's data stops before the period ends the result
  says "data up to 14 July 2024" instead of showing a silent low count, and a
  figure without population data is null with a note rather than a made-up
  rate. One failing indicator gives an error result for itself only.
* **Exact until display.** Numerators and denominators are exact numbers and
  values are unrounded; :func:`format_value` rounds half-up only for display.
* **Nothing counted twice.** A month with comparisons is one query per
  indicator over its 13 periods, run on two connections at once; and an
  engine given the very same table objects as an earlier one (the snapshot
  keeps them until their data changes) takes that engine's figures without a
  query, so a change recomputes only the indicators whose SQL names the table
  (``Engine._known``). The database itself opens only when a query needs it.

Settings (a plain dict, so a council's own settings can be passed in):

``indicators``
    ``{code: {"target": 90, "green": 90, "amber": 85, "parameters": {...}}}``:
    per-indicator overrides of the target, RAG thresholds (``"rag": None``
    switches RAG off) and SQL parameters such as visit intervals.
``deprived_wards``
    wards counted as deprived areas for the ``deprived_area`` breakdown.
``trend_threshold_points`` (default 1.0) and ``trend_threshold_relative`` (default 0.02)
    below these changes a trend is ↔: for percentages, a change of less than
    1 percentage point; for other units, a change of less than 2% of the
    earlier value (and no change at all when the earlier value is 0).
``display_places`` (default 1)
    decimal places shown for percentages, rates and averages (counts: 0).
``engine_threads`` (default 2)
    DuckDB cursors running different indicators' queries at once.

The council's timescale rules (``rules=``, by default :func:`load_rules`, read
once when the engine is built) give the intervals of the indicators that report
the council's own standards: see ``docs/timescales.md``.

The population table (optional, for rates): one row per year and single year
of age, with columns ``year`` (int, the ONS mid-year estimate year), ``age``
(int 0-17; other ages are ignored), ``population`` (int), and optionally
``la_code``, ``sex`` and ``ward`` for rates by those breakdowns.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from continuum.core.dates import day_words
from continuum.core.timescales import Rule, RuleStep, load_rules, rules_by_code
from continuum.core.working_days import WorkingDayCalendar, default_calendar
from continuum.failures import Failure, safe_detail
from continuum.metrics import definitions
from continuum.metrics.calendar_table import build_calendar_table, install_calendar, specialise_steps
from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit
from continuum.metrics.periods import Period, parse_period
from continuum.metrics.schema import TABLES, table_words

try:  # DuckDB's runner for one statement (see _arrow)
    from duckdb import _seam
except ImportError:  # pragma: no cover  (another DuckDB build)
    _seam = None  # type: ignore[assignment]

__all__ = [
    "Comparison",
    "Engine",
    "IndicatorResult",
    "format_value",
    "trend_arrow",
]

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_REQUIRED_ROW_COLUMNS = ("la_child_id", "record_id", "ref_date", "num")
POPULATION_COLUMNS = {"year": pa.int32(), "age": pa.int32(), "population": pa.int64()}
POPULATION_OPTIONAL = {"la_code": pa.string(), "sex": pa.string(), "ward": pa.string()}

UP, DOWN, SAME = "↑", "↓", "↔"

log = logging.getLogger(__name__)


# --- Results ------------------------------------------------------------------------


@dataclass
class Comparison:
    """The figure for a comparison period and how the current figure moved from it."""

    label: str
    value: float | None
    change: float | None
    arrow: str | None
    good: bool | None
    #: The comparison's period in words for pages ("October 2026"); ``label`` stays the key machines read.
    words: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "value": self.value,
            "change": self.change,
            "arrow": self.arrow,
            "good": self.good,
        }


@dataclass
class IndicatorResult:
    """One indicator for one period: the figure, its parts, its RAG and the rows behind it.

    ``status`` is ``ok``; ``incomplete`` (the data stops before the period
    ends; the figure is shown with a note); ``no_data`` (no data for the
    period or no population figures; the value is null); or ``error`` (the
    indicator failed; ``error`` says why and other indicators are unaffected).
    """

    code: str
    title: str
    unit: str
    polarity: str
    period: str
    value: float | None = None
    numerator: int | float | None = None
    denominator: int | float | None = None
    target: float | None = None
    rag: str | None = None
    status: str = "ok"
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    rows: pa.Table | None = None
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    breakdown: list[dict[str, Any]] | None = None
    exact: Fraction | None = None
    places: int = 1
    #: The exception behind ``status == "error"``, for the caller to log (``error`` is safe to show).
    cause: BaseException | None = field(default=None, repr=False, compare=False)

    @property
    def display(self) -> str:
        """The value as shown: rounded half-up, with % for percentages; "–" when null."""
        return format_value(self.exact if self.exact is not None else self.value, self.unit, self.places)

    def to_dict(self, *, with_rows: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "title": self.title,
            "period": self.period,
            "value": self.value,
            "display": self.display,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "unit": self.unit,
            "polarity": self.polarity,
            "target": self.target,
            "rag": self.rag,
            "status": self.status,
            "notes": list(self.notes),
            "error": self.error,
            "comparators": {},
        }
        if self.comparisons:
            out["comparisons"] = {k: c.to_dict() for k, c in self.comparisons.items()}
        if self.breakdown is not None:
            out["breakdown"] = self.breakdown
        if with_rows and self.rows is not None:
            out["rows"] = self.rows.to_pylist()
        return out


def format_value(value: float | Fraction | None, unit: str, places: int = 1) -> str:
    """Round half-up for display only (0.05 -> 0.1, 2.5 -> 3), never in the engine.

    Fractions are converted exactly, so 2.675% shows as 2.68 at two places
    (a float would have drifted to 2.67499...).
    """
    if value is None:
        return "–"
    if unit == Unit.COUNT:
        places = 0
    with localcontext() as ctx:
        ctx.prec = 40
        if isinstance(value, Fraction):
            dec = Decimal(value.numerator) / Decimal(value.denominator)
        else:
            dec = Decimal(repr(float(value)))
        quantum = Decimal(1).scaleb(-places)
        text = f"{dec.quantize(quantum, rounding=ROUND_HALF_UP):,}"
    return f"{text}%" if unit == Unit.PERCENT else text


def _round_half_up(value: Fraction | float, places: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        if isinstance(value, Fraction):
            dec = Decimal(value.numerator) / Decimal(value.denominator)
        else:
            dec = Decimal(repr(float(value)))
        return dec.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rag_for(
    value: Fraction | float | None, rag: RagThresholds | None, polarity: str, places: int
) -> str | None:
    """R, A or G for a value; decided on the figure as displayed.

    Deciding on the displayed figure means a value shown as "90.0%" is never
    red against a 90% target, which would confuse every reader of the report.
    """
    if value is None or rag is None or polarity == Polarity.NEUTRAL:
        return None
    shown = _round_half_up(value, places)
    green, amber = Decimal(repr(float(rag.green))), Decimal(repr(float(rag.amber)))
    if polarity == Polarity.HIGHER:
        return "G" if shown >= green else "A" if shown >= amber else "R"
    return "G" if shown <= green else "A" if shown <= amber else "R"


def trend_arrow(
    current: float | None,
    earlier: float | None,
    unit: str,
    polarity: str,
    *,
    threshold_points: float = 1.0,
    threshold_relative: float = 0.02,
) -> tuple[str | None, bool | None]:
    """The trend arrow from ``earlier`` to ``current`` and whether that direction is good.

    ↔ means "no real change": for percentages a move of less than
    ``threshold_points`` percentage points, otherwise a move of less than
    ``threshold_relative`` of the earlier value (any move at all from 0
    counts). ↔ is neither good nor bad; for neutral indicators (volumes)
    no direction is good or bad either.
    """
    if current is None or earlier is None:
        return None, None
    change = current - earlier
    if unit == Unit.PERCENT:
        small = abs(change) < threshold_points
    elif earlier == 0:
        small = change == 0
    else:
        small = abs(change) < threshold_relative * abs(earlier)
    if small:
        return SAME, None
    arrow = UP if change > 0 else DOWN
    if polarity == Polarity.HIGHER:
        return arrow, arrow == UP
    if polarity == Polarity.LOWER:
        return arrow, arrow == DOWN
    return arrow, None


# --- Engine ------------------------------------------------------------------------


class Engine:
    """Computes indicators for periods over one set of analytical tables.

    Build one engine per data set: it registers the tables with an in-memory
    DuckDB and builds the working-day calendar table once.
    """

    def __init__(
        self,
        tables: Mapping[str, pa.Table | str | os.PathLike[str]],
        *,
        population: pa.Table | None = None,
        data_up_to: Mapping[str, date] | None = None,
        settings: Mapping[str, Any] | None = None,
        calendar: WorkingDayCalendar | None = None,
        rules: Mapping[str, Rule] | Iterable[Rule] | None = None,
    ) -> None:
        self.settings: Mapping[str, Any] = settings or {}
        # The council's timescale rules, read once (on this thread, before any
        # worker thread runs a query): indicators of the council's own standards
        # name a rule step instead of a number (see RuleStep), so the work tray
        # and the dashboard count with the same, admin-edited rule.
        self.rules: dict[str, Rule] = (
            dict(rules)
            if isinstance(rules, Mapping)
            else rules_by_code(load_rules() if rules is None else rules)
        )
        self.data_up_to: dict[str, date] = dict(data_up_to or {})
        self.calendar = calendar or default_calendar()
        self.warnings: list[str] = []
        self.supplied: set[str] = set()
        #: The DuckDB database, opened when a query first needs it (see _con).
        self._duck: duckdb.DuckDBPyConnection | None = None
        self._opening = threading.Lock()
        self._calendar_span: tuple[date, date] | None = None
        #: Arrow tables by name, registered on a connection when a query there first names one.
        self._registered: dict[str, pa.Table] = {}
        #: Tables read from Parquet: the SELECT of the temporary view each connection makes.
        self._views: dict[str, str] = {}
        #: Per connection (by identity): the names registered or viewed on it (see _prepare).
        self._on: dict[int, set[str]] = {}
        #: Further connections for queries run at once (see _cursors).
        self._spare: list[duckdb.DuckDBPyConnection] = []
        tables = dict(tables)
        if population is None:
            population = tables.pop("population", None)
        for name in sorted(set(tables) - set(TABLES)):
            self.warnings.append(f"table {name!r} is not in the analytical schema and was ignored")
        spans: list[tuple[date | None, date | None]] = []
        for name, schema in TABLES.items():
            given = tables.get(name)
            table = schema.empty_table()
            if isinstance(given, str | os.PathLike):
                try:
                    spans.append(self._attach_parquet(name, schema, Path(given)))
                    self.supplied.add(name)
                    continue
                except ValueError as exc:
                    self.warnings.append(_unused(name, exc))
            elif given is not None:
                try:
                    table, span = _conformed(given, schema, name)
                    self.supplied.add(name)
                    spans.append(span)
                except ValueError as exc:
                    self.warnings.append(_unused(name, exc))
            self._register(name, table)
        #: What was given, by table name: results are shared with engines given the same (see _known).
        self._inputs: dict[str, object] = {**tables, "population": population}
        self._setup = _setup_key(self.settings, self.rules, self.calendar, self.data_up_to)
        self.has_population = False
        if population is not None:
            try:
                self._register("population", conform_population(population))
                self.has_population = True
            except ValueError as exc:
                self.warnings.append(_unused("population", exc))
        if not self.has_population:
            self._register("population", pa.schema(POPULATION_COLUMNS).empty_table())
        self._population_totals: dict[tuple[Any, ...], int | None] = {}
        self._comparisons: dict[Period, list[Period]] = {}
        #: Results already computed, per indicator (keyed by identity) and period.
        self._results: dict[int, tuple[Indicator, dict[Period, IndicatorResult]]] = {}
        lows = [lo for lo, _ in spans if lo is not None]
        highs = [hi for _, hi in spans if hi is not None]
        self.ensure_calendar(min(lows, default=None), max(highs, default=None))

    def _attach_parquet(self, name: str, schema: pa.Schema, path: Path) -> tuple[date | None, date | None]:
        """Make ``name`` a view over a Parquet file, read by DuckDB as queries need it.

        Why: national-scale data (150 boroughs) is tens of millions of rows;
        read into Arrow first it would take gigabytes, while DuckDB streams the
        file column by column. The file must already have the schema's column
        types (``./run synth`` writes it so); missing nullable columns are null.
        Returns the earliest and latest date in its date columns.
        """
        if not path.is_file():
            raise ValueError(f"table {name!r}: no such file {path}")
        found = pq.read_schema(path)
        present = []
        for f in schema:
            if f.name in found.names:
                if not found.field(f.name).type.equals(f.type):
                    raise ValueError(
                        f"table {name!r}: column {f.name!r} is {found.field(f.name).type}, not {f.type}"
                    )
                present.append(f'"{f.name}"')
            elif not f.nullable:
                raise ValueError(f"table {name!r} lacks required column {f.name!r}; it was not used")
        quoted = str(path).replace("'", "''")
        source = f"SELECT {', '.join(present)} FROM read_parquet('{quoted}')"  # noqa: S608  (schema names, a path)
        if len(present) < len(schema):  # absent nullable columns: null, typed by an empty table
            self._register(f"_schema_{name}", schema.empty_table())
            source = f"SELECT * FROM _schema_{name} UNION ALL BY NAME {source}"  # noqa: S608
        self._views[name] = source
        return _parquet_date_span(path, schema)

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        """This engine's DuckDB connection: a cursor of the process's database for its calendar.

        Why opened on first use: when every figure asked for is already known
        from an engine given the same inputs (see :meth:`_known`), no query
        runs. Why a cursor of a shared database (:func:`_database`): opening a
        DuckDB database and building the working-day calendar and its macros
        took some 30 ms per engine, and every dashboard, chart image and report
        builds one. The tables are the engine's own: registered on its cursors
        only, as its queries name them (:meth:`_prepare`).
        """
        if self._duck is None:
            with self._opening:
                if self._duck is None:
                    calendar = None
                    if self._calendar_span is not None:
                        calendar = _calendar_table(self.calendar, *self._calendar_span)
                    self._duck = _database(calendar)
        return self._duck

    def _register(self, name: str, table: pa.Table) -> None:
        self._registered[name] = table
        for con in (self._duck, *self._spare):  # a table given again: replace it where it is
            if con is not None and name in self._on.get(id(con), ()):
                con.register(name, table)

    def _prepare(self, con: duckdb.DuckDBPyConnection, *sqls: str) -> duckdb.DuckDBPyConnection:
        """Make the engine's tables that ``sqls`` name visible on ``con``; returns ``con``.

        Why lazily: registering all thirty-odd tables on every connection costs
        about half a millisecond each, and an engine whose figures are mostly
        shared (:meth:`_known`) queries two or three of them.
        """
        on = self._on.setdefault(id(con), set())
        for sql in sqls:
            for name in _names_in(sql):
                if name in on or (name not in self._registered and name not in self._views):
                    continue
                on.add(name)
                if name in self._views:
                    self._prepare(con, self._views[name])
                    con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {self._views[name]}")
                else:
                    con.register(name, self._registered[name])
        return con

    def sql(self, query: str, **params: Any) -> pa.Table:
        """Run ad hoc SQL over the same tables and working-day macros (for analysts and tests)."""
        con = self._prepare(self._con, query)
        return con.sql(query, params=params or None).to_arrow_table()

    # -- calendar -------------------------------------------------------------------

    def ensure_calendar(self, first: date | None, last: date | None) -> None:
        """Make the calendar table cover ``first..last`` with margin; rebuild only if needed.

        The margin after ``last`` covers due dates that fall after the last
        recorded event (a 45-working-day clock started near the end). Building
        40 years of days takes about a tenth of a second.
        """
        today = date.today()
        # Twenty years back covers any child's history without looking at the data.
        first = min(first or today, today.replace(year=today.year - 20, day=1))
        last = max(last or today, today) + timedelta(days=731)
        if self._calendar_span is not None:
            have_first, have_last = self._calendar_span
            if have_first <= first and last <= have_last:
                return
            first, last = min(first, have_first), max(last, have_last)
        self._calendar_span = (first, last)
        if self._duck is not None:  # the calendar lives in the database: move to the span's one
            self._duck, self._spare, self._on = None, [], {}

    # -- settings ---------------------------------------------------------------------

    def _overrides(self, code: str) -> Mapping[str, Any]:
        return (self.settings.get("indicators") or {}).get(code) or {}

    def target_for(self, ind: Indicator) -> float | None:
        return self._overrides(ind.code).get("target", ind.target)

    def rag_for_indicator(self, ind: Indicator) -> RagThresholds | None:
        over = self._overrides(ind.code)
        if "rag" in over and over["rag"] is None:
            return None
        if "green" in over or "amber" in over:
            base = ind.rag or RagThresholds(green=over.get("green", 0), amber=over.get("amber", 0))
            return RagThresholds(green=over.get("green", base.green), amber=over.get("amber", base.amber))
        return ind.rag

    def places_for(self, ind: Indicator) -> int:
        return 0 if ind.unit == Unit.COUNT else int(self.settings.get("display_places", 1))

    def effective_end(self, ind: Indicator, period: Period) -> date:
        """The last day the indicator's ``$end`` stands for: the period's, or the data's if earlier.

        Why: "at the period end" figures (visits up to date, reviews on time,
        children open) asked of a month still in progress would otherwise judge
        every visit due between the data's last day and the month's end as
        missed: the current month showed 0% of CP visits on time on its sixth
        day. Counts within the period are the same either way (nothing is
        recorded after the data's last day).
        """
        upto = [self.data_up_to[t] for t in ind.tables if t in self.data_up_to]
        latest = min(upto) if upto else None
        if latest is not None and period.start <= latest < period.end:
            return latest
        return period.end

    def parameters_for(self, ind: Indicator, period: Period) -> dict[str, Any]:
        """The SQL's parameter values: the period, the indicator's own, then settings.

        A parameter whose value is a :class:`RuleStep` becomes two, ``<name>_n``
        and ``<name>_unit``, read from this engine's timescale rules.
        """
        params: dict[str, Any] = {"start": period.start, "end": self.effective_end(ind, period)}
        from_rules: dict[str, RuleStep] = {}
        for name, value in ind.parameters.items():
            if isinstance(value, RuleStep):
                try:
                    params[f"{name}_n"], params[f"{name}_unit"] = value.resolve(self.rules)
                except (KeyError, ValueError) as exc:
                    raise IndicatorError(f"{ind.title} cannot be counted: {exc.args[0]}.") from None
                from_rules[f"{name}_n"] = from_rules[f"{name}_unit"] = value
            else:
                params[name] = value
        overrides = self._overrides(ind.code).get("parameters") or {}
        clash = sorted(set(overrides) & set(from_rules))
        if clash:  # one source: the work tray would not see a number set here
            raise IndicatorError(
                f"{ind.title}: set {clash[0]} in the {from_rules[clash[0]]}, not in settings."
            )
        params.update(overrides)
        used = set(_PARAM.findall(ind.sql))
        missing = used - set(params)
        if missing:
            raise IndicatorError(f"SQL uses parameters with no value: {sorted(missing)}")
        return {k: v for k, v in params.items() if k in used}

    # -- running -----------------------------------------------------------------------

    def run(
        self,
        period: str | Period,
        codes: Iterable[str] | None = None,
        *,
        compare: bool = False,
        breakdown: str | None = None,
    ) -> list[IndicatorResult]:
        """Compute indicators (all, or ``codes``) for ``period``; never raises for one indicator."""
        period = parse_period(period)
        chosen = definitions.all_indicators() if codes is None else [definitions.get(c) for c in codes]
        needed = [period, *self._comparison_periods(period)] if compare else [period]
        if breakdown is None:  # every query first, in parallel; run_one then finds them
            self.prefetch((ind, needed) for ind in chosen)
        return [self.run_one(ind, period, compare=compare, breakdown=breakdown) for ind in chosen]

    def run_one(
        self,
        indicator: Indicator | str,
        period: str | Period,
        *,
        compare: bool = False,
        breakdown: str | None = None,
    ) -> IndicatorResult:
        """One indicator for one period, with comparisons and a breakdown if asked."""
        ind = definitions.get(indicator) if isinstance(indicator, str) else indicator
        period = parse_period(period)
        if compare:  # every period the comparisons need, in one query with the period itself
            self._remembered(ind, [period, *self._comparison_periods(period)])
        if breakdown is not None:
            result = self._compute(ind, period, breakdown=breakdown)
        else:
            result = _copy(self._remembered(ind, [period])[0])
        if compare and result.status != "error":
            self._add_comparisons(ind, period, result)
        return result

    def run_series(
        self, indicator: Indicator | str, periods: Iterable[str | Period]
    ) -> list[IndicatorResult]:
        """One indicator for several periods (a chart's months), in one query; no comparisons.

        Each result equals ``run_one(indicator, period)``; they are computed
        together (see :meth:`_rows_many`) and remembered by this engine.
        """
        ind = definitions.get(indicator) if isinstance(indicator, str) else indicator
        return [_copy(r) for r in self._remembered(ind, [parse_period(p) for p in periods])]

    def _blank(self, ind: Indicator, period: Period) -> IndicatorResult:
        return IndicatorResult(
            code=ind.code,
            title=ind.title,
            unit=str(ind.unit),
            polarity=str(ind.polarity),
            period=period.label,
            target=self.target_for(ind),
            places=self.places_for(ind),
            notes=list(ind.caveats),
        )

    def _ready(self, ind: Indicator, period: Period, result: IndicatorResult) -> bool:
        """Whether there is data to run the SQL on; if not, ``result`` already says why."""
        missing = [t for t in ind.tables if t not in self.supplied]
        if missing:
            result.status = "no_data"
            result.notes.append("no data supplied for: " + table_words(missing))
            return False
        upto = [self.data_up_to[t] for t in ind.tables if t in self.data_up_to]
        latest = min(upto) if upto else None
        if latest is not None and latest < period.start:
            result.status = "no_data"
            result.notes.append(f"data up to {day_words(latest, long=True)}: nothing for this period yet")
            return False
        if latest is not None and latest < period.end:
            result.status = "incomplete"
            result.notes.append(f"data up to {day_words(latest, long=True)}")
        return True

    def _compute(self, ind: Indicator, period: Period, *, breakdown: str | None = None) -> IndicatorResult:
        """One indicator for one period with its own query: the reference path."""
        result = self._blank(ind, period)
        try:
            if not self._ready(ind, period, result):
                return result
            self.ensure_calendar(period.start, period.end)
            rows = self._rows(ind, period)
            result.rows = rows
            self._aggregate(ind, period, rows, result)
            if breakdown is not None:
                result.breakdown = self._breakdown(ind, period, rows, breakdown)
        except Exception as exc:  # one indicator failing must not stop the others
            _fail(result, exc)
        return result

    def _rows(self, ind: Indicator, period: Period) -> pa.Table:
        sql, params = specialise_steps(ind.sql, self.parameters_for(ind, period))
        rows = _arrow(self._prepare(self._con, sql), sql, params)
        _check_row_columns(ind, rows.column_names)
        return rows

    # -- many periods at once ----------------------------------------------------------

    def _remembered(self, ind: Indicator, periods: list[Period]) -> list[IndicatorResult]:
        """Results for ``periods`` (no breakdown), computing the ones not yet known together.

        The tables of an engine never change, so a figure once computed stays
        right for the engine's life: a dashboard's comparisons and its chart
        share the same 13 months instead of recomputing them.
        """
        entry = self._results.get(id(ind))
        if entry is None or any(p not in entry[1] for p in periods):
            self.prefetch([(ind, periods)])
            entry = self._results[id(ind)]
        return [entry[1][p] for p in periods]

    def prefetch(self, work: Iterable[tuple[Indicator, Iterable[Period]]]) -> None:
        """Compute and remember the results not yet known for each ``(indicator, periods)``.

        Each indicator's periods go in one batched query (:meth:`_rows_many`);
        with several indicators the queries run on ``threads`` DuckDB
        connections at once (setting ``engine_threads``, default 2): DuckDB
        releases the GIL while it works, and one small query rarely keeps two
        cores busy. The longest SQL starts first, so no thread is left with a
        heavy query at the end; each indicator's sums are done in this thread as
        soon as its rows arrive, while the others' queries still run.
        """
        jobs: list[tuple[Indicator, list[tuple[Period, IndicatorResult]]]] = []
        asked: list[Indicator] = []
        for ind, periods in work:
            known = self._known(ind)
            asked.append(ind)
            pending = []
            for period in dict.fromkeys(periods):
                if period in known:
                    continue
                result = self._blank(ind, period)
                if self._ready(ind, period, result):
                    pending.append((period, result))
                else:
                    known[period] = result
            if pending:
                jobs.append((ind, pending))
        self._query_all(jobs)
        for ind in asked:
            self._share(ind)

    def _query_all(self, jobs: list[tuple[Indicator, list[tuple[Period, IndicatorResult]]]]) -> None:
        """Run the jobs' queries (see :meth:`prefetch`) and sum their rows into the results."""
        if not jobs:
            return
        spans = [p for _, pending in jobs for p, _ in pending]
        self.ensure_calendar(min(p.start for p in spans), max(p.end for p in spans))
        groups = self._twins(jobs)
        threads = min(int(self.settings.get("engine_threads", 2)), len(groups))
        if threads <= 1:
            for group in groups:
                ind, pending = group[0]
                batch = self._query(ind, [p for p, _ in pending], self._con)
                for twin, twin_pending in group:
                    self._finish(twin, twin_pending, batch if batch is None or _fits(twin, batch) else None)
            return
        # The sums below read population totals on this engine's own connection, which
        # a worker uses too: read them first (they are remembered).
        for ind, pending in jobs:
            if ind.unit == Unit.RATE:
                for period, _ in pending:
                    self._population_total(period)
        connections = [self._con, *self._cursors(threads - 1)]
        local = threading.local()
        lock = threading.Lock()

        def query(ind: Indicator, periods: list[Period]) -> list[pa.Table] | None:
            if not hasattr(local, "con"):
                with lock:
                    local.con = connections.pop()
            return self._query(ind, periods, local.con)

        groups.sort(key=lambda group: len(group[0][0].sql), reverse=True)
        failed = []  # their reference path queries this engine's connection: after the workers
        with ThreadPoolExecutor(threads) as pool:
            running = {
                pool.submit(query, group[0][0], [p for p, _ in group[0][1]]): group for group in groups
            }
            for done in as_completed(running):
                batch = done.result()
                for ind, pending in running[done]:
                    if batch is None or not _fits(ind, batch):
                        failed.append((ind, pending))
                    else:
                        self._finish(ind, pending, batch)
        for ind, pending in failed:
            self._finish(ind, pending, None)

    def _twins(
        self, jobs: list[tuple[Indicator, list[tuple[Period, IndicatorResult]]]]
    ) -> list[list[tuple[Indicator, list[tuple[Period, IndicatorResult]]]]]:
        """The jobs grouped by identical query: same SQL, parameters and periods run once for all.

        Why: a count and its rate per 10,000 (children in need open and their rate, CP plans open
        and their rate...) are the same rows summed two ways. Their rows are immutable Arrow
        tables, so the group's indicators share them.
        """
        groups: dict[object, list[tuple[Indicator, list[tuple[Period, IndicatorResult]]]]] = {}
        for ind, pending in jobs:
            key: object = id(ind)
            try:
                params = self.parameters_for(ind, pending[0][0])
                spans = tuple((p.start, self.effective_end(ind, p)) for p, _ in pending)
                params.pop("start", None)
                params.pop("end", None)
                key = (ind.sql, spans, repr(sorted(params.items())))
            except ValueError:  # its own query reports why
                pass
            groups.setdefault(key, []).append((ind, pending))
        return list(groups.values())

    def _query(
        self, ind: Indicator, periods: list[Period], con: duckdb.DuckDBPyConnection
    ) -> list[pa.Table] | None:
        """The indicator's rows for each period, batched if it can be; None if any query fails.

        Never raises: on None, :meth:`_finish` takes the reference path, which
        reports the failure in the indicator's own result.
        """
        try:
            if len(periods) > 1:
                batch = self._rows_many(ind, periods, con)
                if batch is not None:
                    return batch
            self._prepare(con, ind.sql)
            out = []
            for period in periods:
                rows = _arrow(con, *specialise_steps(ind.sql, self.parameters_for(ind, period)))
                _check_row_columns(ind, rows.column_names)
                out.append(rows)
            return out
        except Exception:  # the reference path says what went wrong
            return None

    def _finish(
        self, ind: Indicator, pending: list[tuple[Period, IndicatorResult]], batch: list[pa.Table] | None
    ) -> None:
        """Sum each period's rows into its result, or fall back to the reference path."""
        known = self._results[id(ind)][1]
        if batch is None:  # a query failed: each period on its own, which reports why
            known.update({p: self._compute(ind, p) for p, _ in pending})
            return
        for (period, result), rows in zip(pending, batch, strict=True):
            try:
                result.rows = rows
                self._aggregate(ind, period, rows, result)
            except Exception as exc:  # as in _compute: the failure belongs to this result
                _fail(result, exc)
            known[period] = result

    def _known(self, ind: Indicator) -> dict[Period, IndicatorResult]:
        """This engine's results for ``ind``, starting from those of an engine given the same inputs.

        Why: each dashboard page, chart image and report builds an engine over
        the tables the snapshot keeps (:mod:`continuum.metrics.snapshot`), which
        are the very same objects until the data they hold changes. Results
        depend only on the tables the indicator's SQL names, the settings, the
        rules, the calendar, ``data_up_to`` and today's date, so an engine given
        the same of all of those gets the same results without a query: a new
        contact recomputes only the indicators that read contacts.
        """
        entry = self._results.get(id(ind))
        if entry is None:
            known: dict[Period, IndicatorResult] = {}
            key = self._share_key(ind)
            if key is not None:
                with _SHARED_LOCK:
                    shared = _SHARED.get(id(ind))
                    if shared is not None and shared.key == key:
                        known.update(shared.results)
            entry = self._results[id(ind)] = (ind, known)
        return entry[1]

    def _share(self, ind: Indicator) -> None:
        """Offer this engine's results for ``ind`` to later engines given the same inputs (see _known).

        Failed results are not offered: a later engine tries again.
        """
        key = self._share_key(ind)
        if key is None:
            return
        done = {p: r for p, r in self._results[id(ind)][1].items() if r.status != "error"}
        with _SHARED_LOCK:
            shared = _SHARED.get(id(ind))
            if shared is None or shared.key != key:  # the latest inputs only: old tables are let go
                pins = (ind, self.calendar, *(self._inputs.get(t) for t in _reads(ind)))
                shared = _SHARED[id(ind)] = _Shared(key, pins, {})
            shared.results.update(done)

    def _share_key(self, ind: Indicator) -> tuple[Any, ...] | None:
        """What ``ind``'s results depend on, as identities and values; None if not shareable.

        Tables are compared by identity (an Arrow table never changes), and the
        entry keeps them alive so an identity is never reused while it is kept.
        A table given as a Parquet path is not shareable: the file may change.
        """
        reads = _reads(ind)
        given = [self._inputs.get(t) for t in reads]
        if any(isinstance(g, str | os.PathLike) for g in given):
            return None
        return (id(ind), tuple(map(id, given)), self._setup, date.today())

    def _cursors(self, n: int) -> list[duckdb.DuckDBPyConnection]:
        """``n`` more connections to this engine's database, seeing the same tables and macros.

        Made once for the engine's life: registering every table on a new
        cursor costs about as much as a small query per table.
        """
        while len(self._spare) < n:
            self._spare.append(self._con.cursor())
        return self._spare[:n]

    def _rows_many(
        self, ind: Indicator, periods: list[Period], con: duckdb.DuckDBPyConnection | None = None
    ) -> list[pa.Table] | None:
        """The indicator's rows for each period from ONE query, or None to fall back.

        Why: a month with comparisons needs 13 months of every indicator, and
        13 separate queries cost 13 plans and 13 scans. Here the periods are a
        small table and the indicator SQL runs as a LATERAL subquery over it,
        ``$start``/``$end`` becoming that table's columns; DuckDB decorrelates
        it into one plan whose joins carry the period along. The SQL is the
        indicator's own, unchanged otherwise, so the rows are the same rows
        (tests/metrics/test_engine_fast.py checks this on random data). Any
        failure (a construct DuckDB cannot decorrelate, a bad parameter) falls
        back to one query per period, which then reports its own error. The
        caller has made the calendar cover the periods.
        """
        con = self._prepare(con or self._con, ind.sql)
        try:
            params = self.parameters_for(ind, periods[0])
        except ValueError:
            return None
        params.pop("start", None)
        params.pop("end", None)
        text, params = specialise_steps(ind.sql, params)
        sql = _PARAM.sub(lambda m: _PERIOD_COLUMNS.get(m[1], m[0]), text)
        # The periods as literal rows, not a registered table: nothing to register on the
        # cursor, and dates written by isoformat() are no one's input.
        spans = ", ".join(
            f"({i}, DATE '{p.start.isoformat()}', DATE '{self.effective_end(ind, p).isoformat()}')"
            for i, p in enumerate(periods)
        )
        try:
            batch = _arrow(
                con,
                f"SELECT _pp._period AS _period, _x.* "  # noqa: S608  (the indicator's own SQL, dates)
                f"FROM (VALUES {spans}) _pp(_period, _start, _end), LATERAL ({sql}) _x",
                params,
            )
            _check_row_columns(ind, batch.column_names)
        except (duckdb.Error, ValueError) as exc:
            # Not an error: the periods are then counted one by one (see above).
            log.debug("%s: %d periods counted one by one (%s)", ind.code, len(periods), type(exc).__name__)
            return None
        return _split(batch, len(periods))

    def _aggregate(self, ind: Indicator, period: Period, rows: pa.Table, result: IndicatorResult) -> None:
        num, den = _sum_parts(rows)
        result.numerator = num
        if ind.unit == Unit.RATE:
            pop = self._population_total(period)
            if pop is None:
                result.status = "no_data" if result.status == "ok" else result.status
                result.notes.append("no population figures: rate not calculated")
                return
            result.denominator = pop
            exact = Fraction(num) * 10000 / pop if pop else None
        elif ind.unit == Unit.COUNT:
            result.denominator = None
            exact = Fraction(num)
        else:
            result.denominator = den
            if not den:
                exact = None
                result.notes.append("denominator is 0: no value")
            else:
                exact = Fraction(num) / Fraction(den)
                if ind.unit == Unit.PERCENT:
                    exact *= 100
        result.exact = exact
        result.value = float(exact) if exact is not None else None
        result.rag = rag_for(exact, self.rag_for_indicator(ind), ind.polarity, result.places)

    # -- population ------------------------------------------------------------------

    def population_year(self, period: Period) -> int:
        """The mid-year estimate year for a period: the last 30 June on or before its end."""
        end = period.end
        return end.year if end >= date(end.year, 6, 30) else end.year - 1

    def _population_total(
        self, period: Period, where: str = "", params: dict[str, Any] | None = None
    ) -> int | None:
        """Children aged 0-17 in the estimate year (or the latest earlier year available).

        Remembered per year and filter: the tables never change, and a rate with
        comparisons asks for the same year's total for most of its 13 periods.
        """
        if not self.has_population:
            return None
        year = self.population_year(period)
        key = (year, where, tuple(sorted((params or {}).items())))
        if key not in self._population_totals:
            self._population_totals[key] = self._population_total_of(year, where, params)
        return self._population_totals[key]

    def _population_total_of(self, year: int, where: str, params: dict[str, Any] | None) -> int | None:
        # fetchall, not fetchone: DuckDB 2 keeps a half-read result open, which blocks register().
        found = (
            self._prepare(self._con, "population")
            .execute("SELECT max(year) FROM population WHERE year <= $year", {"year": year})
            .fetchall()
        )
        use_year = found[0][0] if found else None
        if use_year is None:
            return None
        sql = "SELECT sum(population) FROM population WHERE year = $year AND age BETWEEN 0 AND 17" + where  # noqa: S608  (where: fixed fragments)
        total = self._con.execute(sql, {"year": use_year, **(params or {})}).fetchall()
        return int(total[0][0]) if total and total[0][0] is not None else None

    # -- breakdowns -------------------------------------------------------------------

    def _breakdown(self, ind: Indicator, period: Period, rows: pa.Table, dim: str) -> list[dict[str, Any]]:
        """The figure split by one dimension; each group has its own numerator and denominator."""
        if dim not in ind.breakdowns:
            raise IndicatorError(f"{ind.code} has no breakdown {dim!r}; it has {', '.join(ind.breakdowns)}")
        labelled = self.label_rows(rows, dim)
        groups: dict[Any, list[int]] = {}
        keys = labelled.column("group").to_pylist()
        for i, key in enumerate(keys):
            groups.setdefault(key, []).append(i)
        total_num, _ = _sum_parts(rows)
        out = []
        for key in sorted(groups, key=lambda k: (k is None, str(k))):
            part = labelled.take(groups[key])
            den: int | float | None  # a count has none; a rate's is the group's population
            num, den = _sum_parts(part)
            exact: Fraction | None
            if ind.unit == Unit.COUNT:
                exact, den = Fraction(num), None
            elif ind.unit == Unit.RATE:
                den = self._group_population(period, dim, key)
                exact = Fraction(num) * 10000 / den if den else None
            else:
                exact = Fraction(num) / Fraction(den) if den else None
                if exact is not None and ind.unit == Unit.PERCENT:
                    exact *= 100
            out.append(
                {
                    "group": key,
                    "numerator": num,
                    "denominator": den,
                    "value": float(exact) if exact is not None else None,
                    "share_of_numerator": float(Fraction(num) * 100 / total_num) if total_num else None,
                }
            )
        return out

    def _group_population(self, period: Period, dim: str, key: Any) -> int | None:
        if dim in ("sex", "ward"):
            cols = self._prepare(self._con, "population").sql("SELECT * FROM population LIMIT 0").columns
            if dim not in cols:
                return None
            return self._population_total(period, f" AND {dim} = $key", {"key": key})
        if dim == "age_band":
            bounds = {"Under 1": (0, 0), "1-4": (1, 4), "5-9": (5, 9), "10-15": (10, 15), "16-17": (16, 17)}
            if key not in bounds:
                return None
            low, high = bounds[key]
            return self._population_total(
                period, " AND age BETWEEN $low AND $high", {"low": low, "high": high}
            )
        return None

    def label_rows(self, rows: pa.Table, dim: str) -> pa.Table:
        """The rows with a ``group`` column for ``dim``, derived from children and allocations.

        A column of the same name in the rows wins (workforce rows carry their
        own team; contact rows their own source).
        """
        if dim in rows.column_names:
            return rows.append_column("group", rows.column(dim))
        n = rows.num_rows
        indexed = rows.select(["la_child_id", "ref_date"]).append_column(
            "_row", pa.array(range(n), pa.int64())
        )
        self._con.register("_bd_rows", indexed)
        deprived = list(self.settings.get("deprived_wards") or [])
        try:
            if dim in ("team", "worker"):
                col = "team_id" if dim == "team" else "sw_id"
                sql = f"""
                    SELECT r._row, a.{col} AS grp
                    FROM _bd_rows r
                    LEFT JOIN allocations a
                      ON a.la_child_id = r.la_child_id
                     AND a.sw_decom <= r.ref_date
                     AND (a.sw_dec IS NULL OR a.sw_dec >= r.ref_date)
                    QUALIFY row_number() OVER (
                      PARTITION BY r._row ORDER BY a.sw_decom DESC, a.allocation_id DESC) = 1
                """  # noqa: S608  (col is one of two fixed names)
                params: dict[str, Any] = {}
            else:
                expr = {
                    "sex": "c.sex",
                    "ethnicity": "c.ethnicity",
                    "ward": "c.ward",
                    "deprived_area": "CASE WHEN c.ward IS NULL AND c.in_deprived_area IS NULL THEN NULL "
                    "WHEN c.in_deprived_area OR list_contains($deprived, c.ward) THEN 'Deprived' "
                    "ELSE 'Not deprived' END",
                    "age_band": _AGE_BAND_SQL,
                }.get(dim)
                if expr is None:
                    raise IndicatorError(f"rows have no {dim!r} column to break down by")
                sql = f"""
                    SELECT r._row, {expr} AS grp
                    FROM _bd_rows r LEFT JOIN children c ON c.la_child_id = r.la_child_id
                """  # noqa: S608  (expr is a fixed fragment chosen above)
                params = {"deprived": deprived} if dim == "deprived_area" else {}
            labels = self._prepare(self._con, sql).sql(sql, params=params).to_arrow_table().sort_by("_row")
        finally:
            self._con.unregister("_bd_rows")
        return rows.append_column("group", labels.column("grp"))

    # -- comparisons ----------------------------------------------------------------

    def _value(self, ind: Indicator, period: Period) -> float | None:
        r = self._remembered(ind, [period])[0]
        return r.value if r.status in ("ok", "incomplete") else None

    def _comparison_periods(self, period: Period) -> list[Period]:
        """:func:`comparison_periods`, worked out once per period for the engine's life."""
        if period not in self._comparisons:
            self._comparisons[period] = comparison_periods(period)
        return self._comparisons[period]

    def _add_comparisons(self, ind: Indicator, period: Period, result: IndicatorResult) -> None:
        """Previous period, same period last year, and the 12-month rolling average.

        The rolling average is the mean of the 12 monthly figures ending with
        the period's last month (for a count: the typical month; for a
        snapshot: the typical month-end), as in "just below the 12-month
        rolling average of 14" (seed 003 L135).
        """
        points = float(self.settings.get("trend_threshold_points", 1.0))
        relative = float(self.settings.get("trend_threshold_relative", 0.02))

        def make(label: str, earlier: float | None, words: str = "") -> Comparison:
            arrow, good = trend_arrow(
                result.value,
                earlier,
                ind.unit,
                ind.polarity,
                threshold_points=points,
                threshold_relative=relative,
            )
            change = result.value - earlier if result.value is not None and earlier is not None else None
            return Comparison(label=label, value=earlier, change=change, arrow=arrow, good=good, words=words)

        prev, last_year, *months = self._comparison_periods(period)
        result.comparisons["previous_period"] = make(prev.label, self._value(ind, prev), prev.words)
        result.comparisons["same_period_last_year"] = make(
            last_year.label, self._value(ind, last_year), last_year.words
        )
        monthly = [self._value(ind, m) for m in months]
        known = [v for v in monthly if v is not None]
        average = sum(known) / len(known) if len(known) == 12 else None
        result.comparisons["rolling_12_month_average"] = make("12-month average", average)


_AGE_BAND_SQL = """
    CASE
      WHEN c.la_child_id IS NULL THEN NULL
      WHEN c.person_birth_date IS NULL OR c.person_birth_date > r.ref_date THEN 'Unborn'
      WHEN date_part('year', age(r.ref_date, c.person_birth_date)) < 1 THEN 'Under 1'
      WHEN date_part('year', age(r.ref_date, c.person_birth_date)) < 5 THEN '1-4'
      WHEN date_part('year', age(r.ref_date, c.person_birth_date)) < 10 THEN '5-9'
      WHEN date_part('year', age(r.ref_date, c.person_birth_date)) < 16 THEN '10-15'
      WHEN date_part('year', age(r.ref_date, c.person_birth_date)) < 18 THEN '16-17'
      ELSE '18+'
    END
"""


def comparison_periods(period: Period) -> list[Period]:
    """Every period :meth:`Engine._add_comparisons` reads for ``period`` (13 for a month)."""
    return [period.previous(), period.same_period_last_year(), *period.last_12_months()]


#: In the batched query the period bounds come from the ``_pp`` rows.
_PERIOD_COLUMNS = {"start": "_pp._start", "end": "_pp._end"}


@dataclass
class _Shared:
    """The latest results of one indicator, with the key of the inputs they came from."""

    key: tuple[Any, ...]
    #: The objects whose identities are in the key, kept alive so no other object takes one.
    pins: tuple[object, ...]
    results: dict[Period, IndicatorResult]


#: Per indicator (by identity, kept alive by the entry's pins): see Engine._known.
_SHARED: dict[int, _Shared] = {}
_SHARED_LOCK = threading.Lock()


def forget_results() -> None:
    """Forget every figure engines share (see Engine._known): the next engine computes all afresh.

    For the benchmark that times the figures themselves, and for a process that
    wants its memory back; the shared figures are never wrong, only kept.
    """
    with _SHARED_LOCK:
        _SHARED.clear()


@lru_cache(maxsize=512)
def _reads_sql(sql: str, declared: tuple[str, ...]) -> tuple[str, ...]:
    return (*(n for n in TABLES if n in declared or re.search(rf"\b{n}\b", sql)), "population")


def _reads(ind: Indicator) -> tuple[str, ...]:
    """Every table ``ind`` may read: those it declares and any other whose name its SQL has.

    A name anywhere in the SQL counts (a column or alias of the same name too):
    reading too many only shares less, and ``tables`` alone is not complete.
    The population always counts: the engine reads it for every rate.
    """
    return _reads_sql(ind.sql, tuple(ind.tables))


def _setup_key(
    settings: Mapping[str, Any],
    rules: Mapping[str, Rule],
    calendar: WorkingDayCalendar,
    upto: Mapping[str, date],
) -> tuple[Any, ...]:
    """Everything but the tables that an engine's results depend on, comparable between engines."""
    return (
        json.dumps(settings, sort_keys=True, default=repr),
        repr(sorted(rules.items())),
        id(calendar),
        tuple(sorted(upto.items())),
    )


#: The last table given under each name, conformed, with its date span (see _conformed).
_CONFORMED: dict[str, tuple[pa.Table, pa.Schema, pa.Table, tuple[date | None, date | None]]] = {}


def _conformed(
    given: pa.Table, schema: pa.Schema, name: str
) -> tuple[pa.Table, tuple[date | None, date | None]]:
    """:func:`conform` and :func:`_date_span` of a given table, done once per table object.

    The snapshot hands every engine the same table objects until their data
    changes; casting them and scanning their dates again is then wasted. The
    entry keeps the given table alive, so ``is`` cannot match another one.
    """
    kept = _CONFORMED.get(name)
    if kept is not None and kept[0] is given and kept[1] is schema:
        return kept[2], kept[3]
    table = conform(given, schema, name)
    span = _date_span([table])
    _CONFORMED[name] = (given, schema, table, span)
    return table, span


#: DuckDB databases by the calendar table they hold (see _database), the most recent last.
_DATABASES: OrderedDict[int, tuple[pa.Table | None, duckdb.DuckDBPyConnection]] = OrderedDict()
_DATABASES_LOCK = threading.Lock()
#: Spans and calendars in use at once: a process normally has one.
_DATABASES_KEPT = 4


def _database(calendar: pa.Table | None) -> duckdb.DuckDBPyConnection:
    """A new connection (cursor) to an in-memory DuckDB database holding ``calendar`` and the macros.

    One database per calendar table (a calendar and a span: see :func:`_calendar_table`), made
    once and shared by the engines of this process; each engine's tables are registered on its
    own cursors only, so engines never see each other's. A database dropped from the pool lives
    on while a cursor of it does.
    """
    key = id(calendar)
    with _DATABASES_LOCK:
        found = _DATABASES.get(key)
        if found is None or found[0] is not calendar:
            # The cores shared among the engine's query threads (engine_threads, default 2): on
            # the 2-core machine two queries each asking for both cores ran slower together than
            # one thread each (the month's full set 0.45 s against 0.51 s).
            base = duckdb.connect(config={"threads": max(1, (os.cpu_count() or 2) // 2)})
            if calendar is not None:
                install_calendar(base, calendar)
            found = _DATABASES[key] = (calendar, base)
            while len(_DATABASES) > _DATABASES_KEPT:
                _DATABASES.popitem(last=False)
        _DATABASES.move_to_end(key)
        return found[1].cursor()


@lru_cache(maxsize=1024)
def _names_in(sql: str) -> frozenset[str]:
    """The identifiers of ``sql``: which of an engine's tables a query may read."""
    return frozenset(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", sql))


@lru_cache(maxsize=8)
def _calendar_table(calendar: WorkingDayCalendar, first: date, last: date) -> pa.Table:
    """The calendar table for a span, built once per calendar and span, not once per engine.

    Why: a dashboard, a chart image and the monthly report each build an engine,
    and building the table walks some 15,000 days in Python (most of an engine's
    build). The span depends only on today and the data's dates, and a calendar's
    closures are fixed when it is made (the shared one is rebuilt, as a new
    object, when the closure setting changes), so the table is the same each time.
    """
    return build_calendar_table(calendar, first, last)


def _copy(result: IndicatorResult) -> IndicatorResult:
    """A remembered result for a caller to add comparisons or notes to without touching the original."""
    return replace(result, notes=list(result.notes), comparisons={}, breakdown=None)


class IndicatorError(Failure, ValueError):
    """An indicator's definition does not fit the engine (a parameter, a column, a breakdown).

    Its message names only the indicator's own parts, so it is shown whole;
    other exceptions are shown by type alone (see :func:`_fail`).
    """


def _fail(result: IndicatorResult, exc: Exception) -> None:
    """Mark ``result`` failed: ``error`` is safe to show (a library's message may quote a value)."""
    result.status = "error"
    result.error = safe_detail(exc)
    result.cause = exc
    result.value = result.numerator = result.denominator = None
    result.exact = None
    result.rag = None


def _split(batch: pa.Table, n: int) -> list[pa.Table]:
    """The rows of a batched query per period, in the order the query gave them.

    One stable sort by period and a slice each, rather than ``n`` filters over
    the whole batch: a month with comparisons has 13 periods.
    """
    which = batch.column("_period")
    batch = batch.drop_columns(["_period"])
    counts = np.bincount(which.to_numpy(), minlength=n) if batch.num_rows else np.zeros(n, np.int64)
    if batch.num_rows:
        batch = batch.take(pc.sort_indices(which))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return [batch.slice(int(start), int(count)) for start, count in zip(starts, counts, strict=True)]


def _arrow(con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None) -> pa.Table:
    """The rows of one query as Arrow, planned once.

    Why not ``con.sql(sql).to_arrow_table()``: a relation binds its statement
    to learn its columns and binds it again when it runs, and binding (with
    the working-day macros and the LATERAL over periods) is most of an
    indicator query's cost on borough-sized data. ``con.execute`` then
    ``con.to_arrow_table()`` binds once but reads the result back through a
    second statement. The library's own runner (what a relation calls to run)
    does neither; the pinned DuckDB has it, and without it the relation is used.
    """
    values = dict(params) if params else None
    if _seam is None:  # pragma: no cover  (another DuckDB build)
        return con.sql(sql, params=values).to_arrow_table()
    return _seam.submit(con, sql, values, "arrow", _seam.DEFAULT_BATCH_SIZE).arrow_table()


def _fits(ind: Indicator, batch: list[pa.Table]) -> bool:
    """Whether rows another indicator's query gave (see Engine._twins) have the columns ``ind`` needs."""
    try:
        _check_row_columns(ind, batch[0].column_names if batch else [])
    except IndicatorError:
        return False
    return True


def _check_row_columns(ind: Indicator, columns: list[str]) -> None:
    absent = [c for c in _REQUIRED_ROW_COLUMNS if c not in columns]
    if absent:
        raise IndicatorError(f"indicator SQL must return columns {absent}")
    if ind.unit in (Unit.PERCENT, Unit.DAYS, Unit.AVERAGE) and "den" not in columns:
        raise IndicatorError("indicator SQL must return a 'den' column for this unit")


def _as_number(x: Any) -> int | float:
    """Keep whole numbers as int so numerators and denominators stay exact."""
    if x is None:
        return 0
    if isinstance(x, float) and x.is_integer():
        return int(x)
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    return x


def _sum_parts(rows: pa.Table) -> tuple[int | float, int | float]:
    """Numerator and denominator of a set of rows (distinct keys when given)."""

    def part(value_col: str, key_col: str) -> int | float:
        if value_col not in rows.column_names:
            return 0
        values = rows.column(value_col)
        if key_col in rows.column_names:
            mask = pc.fill_null(pc.greater(values, 0), False)
            return len(pc.unique(pc.drop_null(pc.filter(rows.column(key_col), mask))))
        return _as_number(pc.sum(values).as_py())

    return part("num", "num_key"), part("den", "den_key")


def _parquet_date_span(path: Path, schema: pa.Schema) -> tuple[date | None, date | None]:
    """Earliest and latest date in a Parquet file's date columns, from its row-group statistics.

    Reading the footer instead of the columns keeps opening national-scale
    files instant; a row group without statistics (some writers skip them) is read.
    """
    dates = {f.name for f in schema if pa.types.is_date(f.type) or pa.types.is_timestamp(f.type)}
    meta = pq.ParquetFile(path).metadata
    values: list[Any] = []
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            column = group.column(c)
            if column.path_in_schema not in dates:
                continue
            stats = column.statistics
            if stats is not None and stats.has_min_max:
                values += [stats.min, stats.max]
            elif group.num_rows and not (stats is not None and stats.null_count == group.num_rows):
                table = pq.ParquetFile(path).read_row_group(g, columns=[column.path_in_schema])
                values += [v for v in _date_span([table]) if v is not None]
    values = [v.date() if isinstance(v, datetime) else v for v in values]
    return (min(values), max(values)) if values else (None, None)


def _date_span(tables: Iterable[pa.Table]) -> tuple[date | None, date | None]:
    """Earliest and latest date in any date or timestamp column (for the calendar table)."""
    lows: list[date] = []
    highs: list[date] = []
    for table in tables:
        for col, typ in zip(table.column_names, table.schema.types, strict=True):
            if pa.types.is_date(typ) or pa.types.is_timestamp(typ):
                mm = pc.min_max(table.column(col)).as_py()
                for value, bucket in ((mm["min"], lows), (mm["max"], highs)):
                    if value is not None:
                        bucket.append(value.date() if hasattr(value, "date") else value)
    return (min(lows) if lows else None, max(highs) if highs else None)


def _unused(name: str, exc: ValueError) -> str:
    """Why a supplied table was not used: the engine's own words, never Arrow's (they quote values)."""
    if isinstance(exc, pa.ArrowException):
        return f"table {name!r} could not be read ({type(exc).__name__}); it was not used"
    return str(exc)


def conform(table: pa.Table, schema: pa.Schema, name: str) -> pa.Table:
    """Cast a supplied table to the analytical schema (column order and types).

    Columns the schema marks nullable may be absent (filled with nulls), so a
    source that lacks an optional column still works; a missing required
    column is an error for that table only.
    """
    columns = []
    for f in schema:
        if f.name in table.column_names:
            try:
                columns.append(table.column(f.name).cast(f.type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise ValueError(  # not Arrow's message: it quotes the value
                    f"table {name!r}: column {f.name!r} cannot be read as {f.type} ({type(exc).__name__})"
                ) from exc
        elif f.nullable:
            columns.append(pa.nulls(table.num_rows, f.type))
        else:
            raise ValueError(f"table {name!r} lacks required column {f.name!r}; it was not used")
    return pa.Table.from_arrays(columns, schema=schema)


def conform_population(table: pa.Table) -> pa.Table:
    """Check and cast the optional population table (see the module docstring)."""
    columns, names = [], []
    for name, typ in POPULATION_COLUMNS.items():
        if name not in table.column_names:
            raise ValueError(f"population table lacks column {name!r}; rates are not calculated")
        columns.append(table.column(name).cast(typ))
        names.append(name)
    for name, typ in POPULATION_OPTIONAL.items():
        if name in table.column_names:
            columns.append(table.column(name).cast(typ))
            names.append(name)
    return pa.Table.from_arrays(columns, names=names)
