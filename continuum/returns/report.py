"""Failures and reports shared by every statutory return (CIN census now, SSDA903 next).

Why a shared shape: a local authority's data team works through validation
failures in a spreadsheet, one row per failure, and wants the same columns
whichever return raised them (rule code, severity, message, child, table,
field, and where in the file). Keeping the report as one Arrow table means a
national-scale file with hundreds of thousands of failures is written to CSV
or summarised without building a Python object per failure.

Two kinds of problem exist and are kept apart on purpose:

* :class:`ReturnFileError` -- the file cannot be read at all (malformed XML,
  wrong root element, bad encoding, unparseable date). It names the file and
  line and says what was expected. Nothing is validated.
* :class:`Report` -- the file was read; it lists the DfE rule failures, and
  apart from them those of Continuum's own checks (codes ``CONTINUUM-...``,
  such as an unknown element skipped in a CIN file).
"""

from __future__ import annotations

import csv
import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from continuum.core.safe_cells import safe_arrow_table, safe_row

__all__ = [
    "FAILURE_SCHEMA",
    "HEADERS",
    "OWN_PREFIX",
    "Failure",
    "Report",
    "ReturnChecked",
    "ReturnFileError",
    "Severity",
    "empty_failures",
    "is_own",
    "person_header",
]


#: The start of the code of every check of Continuum's own (not a DfE rule); reports list them apart.
OWN_PREFIX = "CONTINUUM-"


class Severity(enum.StrEnum):
    """DfE severities: an *error* blocks the return; a *query* needs an answer or a fix."""

    ERROR = "error"
    QUERY = "query"


class ReturnFileError(Exception):
    """A return file that cannot be read: names the file, the line and what was expected.

    Raised instead of letting an lxml, Unicode or date error escape as a
    traceback, because the person running the return is an analyst who needs
    to know where to look in the file, not where the parser stopped.
    """

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {problem}")


#: One row per failure. ``line`` is the source line of the element (XML) or
#: the row number (CSV returns); ``element`` names the XML element or CSV row.
FAILURE_SCHEMA = pa.schema(
    [
        pa.field("file", pa.string()),
        pa.field("rule", pa.string()),
        pa.field("severity", pa.string()),
        pa.field("message", pa.string()),
        pa.field("child_id", pa.string()),
        pa.field("table", pa.string()),
        pa.field("field", pa.string()),
        pa.field("element", pa.string()),
        pa.field("line", pa.int64()),
    ]
)


@dataclass(frozen=True)
class Failure:
    """One failure, for callers and tests that want Python objects rather than Arrow."""

    file: str
    rule: str
    severity: str
    message: str
    child_id: str | None
    table: str
    field: str
    element: str | None
    line: int | None
    #: Where a spreadsheet input's failure is, as Excel names the cell ("D12"): :meth:`Report.with_cells`.
    cell: str | None = None


@dataclass(frozen=True)
class ReturnChecked:
    """One return among the files checked: its kind, collection year, files and what was done.

    Why: a council checks several years at once (five years' files for trends), and an older
    year's file must be checked with that year's rules or said plainly to be "read, not
    validated" -- never passed off as checked by the nearest year's rules.
    """

    kind: str
    year: str | None
    files: str
    validated: bool
    #: "validated with the 2025-26 rules" or "read, not validated: no rule set for 2021-22".
    outcome: str

    @property
    def line(self) -> str:
        return f"{self.kind} {self.year or '(year unknown)'} ({self.files}): {self.outcome}"


def empty_failures() -> pa.Table:
    """An empty failure table with the shared schema."""
    return FAILURE_SCHEMA.empty_table()


@dataclass
class Report:
    """The failures found in one or more return files, with summaries and exports.

    ``failures`` follows :data:`FAILURE_SCHEMA`. ``rules`` maps each rule code
    that was run to its (severity, message), so the summary can also say which
    rules passed; ``files`` lists the files validated.
    """

    failures: pa.Table
    rules: dict[str, tuple[str, str]]
    files: list[str]
    children: int = 0
    #: Rules that could not run, by code, with why (e.g. no provider file): never shown as passed.
    not_checked: dict[str, str] = field(default_factory=dict)
    #: Each return among the files, with its year and whether its year's rules ran.
    returns: list[ReturnChecked] = field(default_factory=list)

    @classmethod
    def merge(cls, reports: Sequence[Report]) -> Report:
        """Join the reports of several files into one (each row keeps its file)."""
        rules: dict[str, tuple[str, str]] = {}
        not_checked: dict[str, str] = {}
        for r in reports:
            rules.update(r.rules)
            not_checked.update(r.not_checked)
        tables = [r.failures for r in reports] or [empty_failures()]
        return cls(
            failures=pa.concat_tables(tables),
            rules=rules,
            files=[f for r in reports for f in r.files],
            children=sum(r.children for r in reports),
            not_checked=not_checked,
            returns=[c for r in reports for c in r.returns],
        )

    # -- reading -------------------------------------------------------------

    def __len__(self) -> int:
        return self.failures.num_rows

    def iter_failures(self) -> Iterable[Failure]:
        """Every failure as a :class:`Failure` (use for small reports and tests)."""
        known = set(Failure.__dataclass_fields__)
        for row in self.failures.to_pylist():
            yield Failure(**{k: v for k, v in row.items() if k in known})

    def codes(self) -> set[str]:
        """The rule codes that failed at least once."""
        return set(pc.unique(self.failures["rule"]).to_pylist())

    def counts(self) -> Counter[str]:
        """Failures per rule code."""
        if not self.failures.num_rows:
            return Counter()
        vc = pc.value_counts(self.failures["rule"])
        return Counter({v["values"].as_py(): v["counts"].as_py() for v in vc})

    def count(self, severity: Severity) -> int:
        """Failures of one severity."""
        return pc.sum(pc.equal(self.failures["severity"], severity.value)).as_py() or 0

    @property
    def has_errors(self) -> bool:
        """True when any error-severity rule failed: the return would be rejected."""
        return self.count(Severity.ERROR) > 0

    def with_file_names(self, names: dict[str, str]) -> Report:
        """The same report with each ``file`` replaced by ``names[file]`` (others unchanged).

        The web app validates files saved under a private folder; the report
        shows the names the analyst uploaded, never where they are stored.
        """
        files = [names.get(f, f) for f in self.failures["file"].to_pylist()]
        column = pa.array(files, pa.string())
        failures = self.failures.set_column(0, FAILURE_SCHEMA.field("file"), column)
        return Report(
            failures,
            self.rules,
            [names.get(f, f) for f in self.files],
            self.children,
            self.not_checked,
            self.returns,
        )

    def with_cells(self, headers: dict[str, list[str]]) -> Report:
        """The same report with a ``cell`` column: where a failure of a spreadsheet input (CSV) is,
        as Excel names it ("D12"), from ``headers`` (file -> its header row's column names).

        Why letters: the analyst opens the file in Excel and goes to the cell; a row number and
        a column name make them count columns. A failure naming several columns gets each cell
        ("B3, P3"); one in a file not in ``headers`` (an XML file: it has a line) gets none.
        """
        failures = self.failures
        cells = pa.nulls(failures.num_rows, pa.string())
        if headers and failures.num_rows:
            cells = _cells_of(failures, headers)
        if "cell" in failures.schema.names:
            failures = failures.drop_columns(["cell"])
        failures = failures.append_column("cell", cells)
        return Report(failures, self.rules, self.files, self.children, self.not_checked, self.returns)

    # -- writing -------------------------------------------------------------

    def write_all(self, out_dir: Path, stem: str = "validation") -> dict[str, Path]:
        """Every format at once: ``failures``/``summary`` CSV, ``xlsx`` and ``parquet``.

        Parquet is for reading the failures back a page at a time (the web
        report); the CSV and XLSX are the downloads.
        """
        import pyarrow.parquet as pq

        failures_csv, summary_csv = self.write_csv(out_dir, stem)
        xlsx = self.write_xlsx(out_dir, stem)
        own = {"continuum_checks": out_dir / f"{stem}_{OWN_FILE}.csv"} if self.has_own_checks else {}
        parquet = out_dir / f"{stem}_failures.parquet"
        pq.write_table(self.failures, parquet)
        # Rules that could not run (e.g. no provider information): written so a reader of the
        # stored report - the web page - can say so rather than imply they passed.
        not_checked = out_dir / f"{stem}_not_checked.csv"
        with not_checked.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["rule", "why"])
            writer.writerows(_cells_of_row(r) for r in sorted(self.not_checked.items()))
        returns = out_dir / f"{stem}_returns.csv"
        with returns.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["kind", "year", "files", "validated", "outcome"])
            writer.writerows(
                _cells_of_row((r.kind, r.year or "", r.files, "yes" if r.validated else "no", r.outcome))
                for r in self.returns
            )
        return {
            "failures": failures_csv,
            "summary": summary_csv,
            "xlsx": xlsx,
            "parquet": parquet,
            "not_checked": not_checked,
            "returns": returns,
            **own,
        }

    @property
    def has_own_checks(self) -> bool:
        """True when checks of Continuum's own were run (SSDA903): they are then reported apart."""
        return any(is_own(code) for code in self.rules)

    def failures_of(self, *, own: bool) -> pa.Table:
        """The failures under DfE rules (``own=False``) or under Continuum's own checks."""
        if not self.has_own_checks or not self.failures.num_rows:
            return self.failures.slice(0, 0) if own else self.failures
        mask = pc.fill_null(pc.starts_with(self.failures["rule"], OWN_PREFIX), False)
        if not pc.any(mask).as_py():
            return self.failures.slice(0, 0) if own else self.failures
        return self.failures.filter(mask if own else pc.invert(mask))

    def summary_rows(self, *, own: bool = False) -> list[tuple[str, str, int, str]]:
        """(rule, severity, count, message) for each failing DfE rule (``own``: each of
        Continuum's own checks), errors first then by count."""
        counts = self.counts()
        rows = [(code, *self.rules.get(code, ("?", "?"))) for code in counts if is_own(code) is own]
        out = [(code, sev, counts[code], msg) for code, sev, msg in rows]
        out.sort(key=lambda r: (r[1] != Severity.ERROR.value, -r[2], r[0]))
        return out

    def summary_text(self) -> str:
        """A plain-text summary for the terminal: totals, then one line per failing rule, the
        DfE's first and Continuum's own checks apart."""
        errors, queries = self.count(Severity.ERROR), self.count(Severity.QUERY)
        lines = [
            f"Files: {', '.join(self.files)}",
            f"Children: {self.children:,}; rules run: {len(self.rules)}; failing rules: {len(self.counts())}",
            f"Failures: {errors:,} error(s), {queries:,} query(ies)",
        ]
        own = self.failures_of(own=True).num_rows if self.has_own_checks else 0
        if own:
            lines.append(f"  of which {own:,} under Continuum's own checks (not DfE rules)")
        lines.extend(f"  {r.line}" for r in self.returns)
        for why in sorted(set(self.not_checked.values())):
            codes = ", ".join(c for c, w in sorted(self.not_checked.items()) if w == why)
            lines.append(f"Not checked: {why}: {codes}")
        for heading, rows in (("", self.summary_rows()), (OWN_HEADING, self.summary_rows(own=True))):
            if not rows:
                continue
            lines.append("")
            if heading:
                lines.append(heading)
            width = max(7, *(len(r[0]) for r in rows))
            lines.append(f"{'rule':<{width}} {'severity':<8} {'count':>9}  message")
            for code, sev, n, msg in rows:
                short = msg if len(msg) <= 100 else msg[:97] + "..."
                lines.append(f"{code:<{width}} {sev:<8} {n:>9,}  {short}")
        lines.extend(self._own_details())
        return "\n".join(lines)

    #: Failures of Continuum's own checks the terminal summary spells out, with their lines.
    OWN_DETAILS = 10

    def _own_details(self) -> list[str]:
        """The first failures of Continuum's own checks, each with its line (an element skipped in
        a CIN file is otherwise only in the files)."""
        own = self.failures_of(own=True)
        if not own.num_rows:
            return []
        shown = own.slice(0, self.OWN_DETAILS).to_pylist()
        out = [
            f"  {r['rule']}, {r['file']} line {r['line']}{f' ({c})' if (c := r.get('cell')) else ''}: "
            f"{r['message']}"
            for r in shown
        ]
        if own.num_rows > self.OWN_DETAILS:
            out.append(f"  ... and {own.num_rows - self.OWN_DETAILS:,} more (see the report files)")
        return out

    def _summary_table(self) -> pa.Table:
        """Every failing rule, the DfE's first then Continuum's own, as one table (``source``)."""
        rows = [(*r, "DfE") for r in self.summary_rows()] + [
            (*r, "Continuum") for r in self.summary_rows(own=True)
        ]
        names = ["rule", "severity", "count", "message", "source"]
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        types = [pa.string(), pa.string(), pa.int64(), pa.string(), pa.string()]
        return pa.table([pa.array(c, t) for c, t in zip(columns, types, strict=True)], names=names)

    def write_csv(self, out_dir: Path, stem: str = "validation") -> tuple[Path, Path]:
        """Write ``<stem>_failures.csv`` (every failure under a DfE rule) and ``<stem>_summary.csv``;
        when Continuum's own checks ran, their failures go to ``<stem>_continuum_checks.csv``."""
        out_dir.mkdir(parents=True, exist_ok=True)
        failures_path = out_dir / f"{stem}_failures.csv"
        _write_csv(self._for_people(self.failures_of(own=False)), failures_path)
        if self.has_own_checks:
            _write_csv(self._for_people(self.failures_of(own=True)), out_dir / f"{stem}_{OWN_FILE}.csv")
        summary_path = out_dir / f"{stem}_summary.csv"
        _write_csv(self._for_people(self._summary_table()), summary_path)
        return failures_path, summary_path

    def _for_people(self, table: pa.Table) -> pa.Table:
        """A table as the report files show it (CSV and XLSX alike): headers in words
        (:data:`HEADERS`), the person's named for the returns read, internal numbers left out."""
        table = table.drop_columns([c for c in NOT_IN_FILES if c in table.schema.names])
        headers = {**HEADERS, "child_id": person_header({r.kind for r in self.returns})}
        return table.rename_columns([headers.get(name, name) for name in table.schema.names])

    #: Excel's sheet limit, less the header row. Bigger reports are cut, and
    #: the summary sheet says so; the CSV always has every row.
    XLSX_MAX_ROWS = 1_048_575

    def write_xlsx(self, out_dir: Path, stem: str = "validation") -> Path:
        """Write ``<stem>.xlsx``: a Summary sheet, a Failures sheet (DfE rules) and, when
        Continuum's own checks ran, a sheet of theirs.

        Why not openpyxl: it builds a Python object per cell, and a national file's few
        hundred thousand failures took several times the validation's own time to write.
        The sheets are written straight from the Arrow table (:mod:`.xlsx`), a batch of
        rows at a time, so writing stays a fraction of validating. A sheet holds at most
        :attr:`XLSX_MAX_ROWS` rows; the Summary sheet says when one was cut.
        """
        from continuum.returns.xlsx import write_workbook

        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"{stem}.xlsx"
        sheets = [("Failures", self.failures_of(own=False))]
        if self.has_own_checks:
            sheets.append((OWN_SHEET, self.failures_of(own=True)))
        summary = _cells(self._summary_table())
        notes = [
            f"{name} sheet cut at {self.XLSX_MAX_ROWS:,} rows of {table.num_rows:,}; see the CSV for all."
            for name, table in sheets
            if table.num_rows > self.XLSX_MAX_ROWS
        ]
        if notes:
            note = pa.table({"rule": [None, *notes]}).cast(pa.schema([pa.field("rule", pa.string())]))
            summary = pa.concat_tables([summary, note], promote_options="default")
        write_workbook(
            path,
            [("Summary", self._for_people(summary))]
            + [
                (name, self._for_people(_cells(table.slice(0, self.XLSX_MAX_ROWS)))) for name, table in sheets
            ],
        )
        return path


#: The report files' column headers (CSV and XLSX alike), in words: the analyst filters and sorts
#: on them in a spreadsheet. The Arrow table keeps its keys, which the web report reads.
HEADERS: dict[str, str] = {
    "file": "File",
    "rule": "Rule",
    "severity": "Severity",
    "message": "Message",
    "child_id": "Child (LAchildID)",
    "table": "Table",
    "field": "Field",
    "element": "Element",
    "line": "Line",
    "cell": "Cell",
    "team": "Team",
    "count": "Failures",
    "source": "Source",
}
#: Columns the web report adds for its own use and the files leave out: Continuum's internal
#: numbers for the child's record and the team (the team's name is in "Team").
NOT_IN_FILES = ("record", "team_id")
#: How a SEN2 return names a person (no LAchildID): UPN, else UniqueLearnerNumber.
SEN2_PERSON = "Person (UPN, else UniqueLearnerNumber)"


def person_header(kinds: set[str]) -> str:
    """The person's column for the returns read: a SEN2 file names no LAchildID, and a column
    saying "LAchildID" over a UPN sends the analyst looking in the wrong system."""
    if "SEN2" not in kinds:
        return HEADERS["child_id"]
    if kinds == {"SEN2"}:
        return SEN2_PERSON
    return f"{HEADERS['child_id']} or {SEN2_PERSON[0].lower()}{SEN2_PERSON[1:]}"


#: Continuum's own checks, as reported apart: the summary heading, the XLSX sheet and the CSV name.
OWN_HEADING = "Continuum's own checks (not DfE rules):"
OWN_SHEET = "Continuum checks"
OWN_FILE = "continuum_checks"


def _cells_of(failures: pa.Table, headers: dict[str, list[str]]) -> pa.Array:
    """Each failure's cell name ("D12"), worked out once per distinct file and field rather than
    per row: a national return's hundreds of thousands of failures name a few dozen columns."""
    letters = {
        f: {name.strip().upper(): column_letter(i) for i, name in enumerate(h)} for f, h in headers.items()
    }
    keys = pc.binary_join_element_wise(
        pc.fill_null(failures["file"], ""), pc.fill_null(failures["field"], ""), "\x00"
    )
    encoded = pc.dictionary_encode(keys).combine_chunks()
    columns_of = []
    for key in encoded.dictionary.to_pylist():
        file, _, fields = key.partition("\x00")
        known = letters.get(file, {})
        columns_of.append([known[f.strip().upper()] for f in fields.split(",") if f.strip().upper() in known])
    lines = failures["line"].combine_chunks().to_pylist()
    out: list[str | None] = []
    for index, line in zip(encoded.indices.to_pylist(), lines, strict=True):
        columns = columns_of[index]
        out.append(", ".join(f"{c}{line}" for c in columns) if columns and line is not None else None)
    return pa.array(out, pa.string())


def column_letter(index: int) -> str:
    """A spreadsheet column's letters from its 0-based index, as Excel names it: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def is_own(code: str) -> bool:
    """True for the code of a check of Continuum's own, which is not a DfE rule."""
    return code.startswith(OWN_PREFIX)


def _cells(table: pa.Table) -> pa.Table:
    """The one place every cell of a report file passes through on its way out (CSV and XLSX):
    text a spreadsheet would run as a formula is made inert (:func:`safe_arrow_table`).

    Why dictionary-encoded: most columns of a report (file, rule, severity, message, table,
    field) hold a handful of values repeated over hundreds of thousands of rows. Encoded, each
    distinct value is made safe (and, in the XLSX, written) once; the CSV writer and
    :mod:`.xlsx` take dictionary columns as they are.
    """
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) and table.num_rows:
            encoded = pc.dictionary_encode(column).combine_chunks()
            if len(encoded.dictionary) * 2 <= table.num_rows:
                safe = safe_arrow_table(pa.table({"v": encoded.dictionary}))["v"].combine_chunks()
                column = pa.chunked_array([pa.DictionaryArray.from_arrays(encoded.indices, safe)])
            else:
                column = safe_arrow_table(pa.table({"v": column}))["v"]
        columns.append(column)
    return pa.table(columns, names=table.schema.names)


def _cells_of_row(row: Iterable[object]) -> list[object]:
    """One Python row through the same guard as :func:`_cells`."""
    return safe_row(row)


def _write_csv(table: pa.Table, path: Path) -> None:
    pacsv.write_csv(_cells(table), path)
