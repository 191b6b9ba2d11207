"""Read SSDA903 CSV files into Arrow tables, one per DfE table, keeping each row's number.

Why identify a file by its columns: local authorities name their 903 files
any way they like (``episodes.csv``, ``903_EP_2026.csv``, ``Copy of
header(2).csv``), but the columns of each DfE table are fixed. A file's
header row, compared case-, space- and underscore-insensitively, says which
table it is. The best-matching table is used for the message when a column
is missing or extra, so the analyst reads "the Episodes file has no column
REC" rather than "unknown table".

Why strict about bad input: a file that cannot be read (not UTF-8, empty, a
row with the wrong number of values, a date that is not dd/mm/yyyy, a
column the table does not have) stops with one :class:`ReturnFileError`
naming the file, the row and the column and saying what was expected. Wrong
*values* (a blank date, an unknown code) are left to the DfE rules, so that
one report lists all of them.

Row numbers are spreadsheet rows: the header is row 1, the first record row
2. They go into each table as ``line`` (the report's shared column).

Dates become ``date32``; every other column stays a string with surrounding
spaces removed and blanks as NULL, because the DfE rules decide what a
wrong code or number means.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from continuum.returns.report import ReturnFileError
from continuum.returns.ssda903.schema import TABLES, Column, Table, normalise

__all__ = ["Ssda903Tables", "build_table", "parse_903", "read_903_csv", "read_providers", "scan_903_csv"]

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_HINT = "expected a date as dd/mm/yyyy (e.g. 01/04/2025)"


@dataclass
class Ssda903Tables:
    """One SSDA903 return: this year's tables, last year's (optional), earlier years' episodes
    (optional), and which file held each.

    Every table exists (empty when no file held it), so rules can always
    join on it. ``files[name]`` is the path of the file a current table came
    from, and ``files[name + "_last"]`` for last year's.

    ``history`` is the Episodes rows of the years before last year, all
    files in one table (``history_files`` names them). Only the rules whose
    DfE note says they "can only test the current and previous year data
    loaded into the tool" read it (through the engine's ``all_episodes``):
    a care leaver who left care three years ago is not a false failure of
    rule 1002 when the years of their care are loaded.
    """

    current: dict[str, pa.Table]
    last: dict[str, pa.Table]
    files: dict[str, str] = field(default_factory=dict)
    history: pa.Table = field(default_factory=lambda: empty_table(TABLES["episodes"]))
    history_files: list[str] = field(default_factory=list)

    @property
    def children(self) -> int:
        """Distinct children in this year's header and episodes (counted in Arrow: as a set of
        Python strings they cost a 26,750-child return's validation 50 ms)."""
        both = pa.chunked_array(
            [c for name in ("header", "episodes") for c in self.current[name]["child"].chunks], pa.string()
        )
        return pc.count_distinct(both, mode="only_valid").as_py()

    @property
    def paths(self) -> list[str]:
        return sorted(set(self.files.values()) | set(self.history_files))


def _arrow_type(kind: str) -> pa.DataType:
    return pa.date32() if kind == "date" else pa.string()


@functools.cache
def empty_table(table: Table) -> pa.Table:
    """A table with the DfE columns and no rows (made once a table: a return wants a dozen, at
    0.2 ms each; Arrow tables are immutable, so one serves every caller)."""
    fields = [pa.field(c.sql_name, _arrow_type(c.kind)) for c in table.columns]
    return pa.schema([*fields, pa.field("line", pa.int64())]).empty_table()


def _parse_date(text: str) -> date | None:
    m = _DATE.fullmatch(text)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def build_table(
    table: Table,
    rows: Sequence[Mapping[str, str | None]],
    lines: Sequence[int] | None = None,
    path: str = "<data>",
) -> pa.Table:
    """Turn rows of DfE column -> text into an Arrow table (dates parsed, blanks NULL).

    Used by the CSV reader and by tests that build returns from dicts. A
    column missing from a row is blank. Raises ReturnFileError for a date
    that is not dd/mm/yyyy, naming row and column.
    """
    lines = list(lines) if lines is not None else list(range(2, len(rows) + 2))
    arrays: dict[str, pa.Array] = {}
    for col in table.columns:
        values: list[object] = []
        for row, line in zip(rows, lines, strict=True):
            raw = row.get(col.name)
            text = raw.strip() if raw is not None else ""
            if not text:
                values.append(None)
            elif col.kind == "date":
                parsed = _parse_date(text)
                if parsed is None:
                    raise ReturnFileError(
                        path, line, f"column {col.name} holds {text!r}, which is not a date; {_DATE_HINT}"
                    )
                values.append(parsed)
            else:
                values.append(text)
        arrays[col.sql_name] = pa.array(values, _arrow_type(col.kind))
    arrays["line"] = pa.array(lines, pa.int64())
    return pa.table(arrays)


def _decode(path: Path, data: bytes) -> str:
    """The text of a small file read whole (the provider list), with the checks of :func:`_check_bytes`."""
    _check_start(path, data[:4096], bool(data.strip()))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row = data[: err.start].count(b"\n") + 1
        raise _not_utf8(path, row, data[err.start : err.start + 1], err.start) from None


def _not_utf8(path: Path, row: int, byte: bytes, offset: int) -> ReturnFileError:
    return ReturnFileError(
        path,
        row,
        f"the file is not valid UTF-8 text (byte 0x{byte.hex().upper()} at character {offset}); "
        "expected UTF-8 (save it as 'CSV UTF-8')",
    )


def _check_start(path: Path, head: bytes, has_text: bool) -> None:
    """Reject an empty, UTF-16 or binary file from its first bytes."""
    if not has_text:
        raise ReturnFileError(
            path, 1, "the file is empty; expected an SSDA903 CSV file with a header row of column names"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReturnFileError(path, 1, "the file is UTF-16 encoded; expected UTF-8 (save it as 'CSV UTF-8')")
    if b"\x00" in head:
        raise ReturnFileError(path, 1, "the file holds binary data (NUL bytes); expected a CSV text file")


def _check_bytes(path: Path) -> None:
    """The byte-level checks, streamed: empty, UTF-16, binary, then the first byte that is not UTF-8.

    Line by line, so a 100 MB file costs one line of memory; the row is the
    physical line and the position the byte offset, as a text editor shows them.
    """
    with path.open("rb") as fh:
        head = fh.read(4096)
        has_text = bool(head.strip())
        while not has_text:
            more = fh.read(1 << 20)
            if not more:
                break
            has_text = bool(more.strip())
        _check_start(path, head, has_text)
        fh.seek(0)
        offset = 0
        for row, line in enumerate(fh, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as err:
                raise _not_utf8(path, row, line[err.start : err.start + 1], offset + err.start) from None
            offset += len(line)


@functools.cache
def _column_keys(name: str) -> tuple[dict[str, Column], frozenset[str]]:
    """A table's columns by their compared names (:func:`normalise`), and those of its required
    columns: worked out once, not for every table at every file (a return's 14 files, 4 ms)."""
    table = TABLES[name]
    return {normalise(c.name): c for c in table.columns}, frozenset(normalise(c.name) for c in table.required)


def identify(path: Path | str, headers: Sequence[str]) -> tuple[Table, dict[str, int]]:
    """The table whose columns the header row holds, and each DfE column's position.

    The best match (most columns in common) names the table in messages
    about missing or extra columns; a header sharing fewer than half of any
    table's columns is an unknown table.
    """
    keys = [normalise(h) for h in headers]
    for i, (h, k) in enumerate(zip(headers, keys, strict=True)):
        if not k:
            raise ReturnFileError(
                path, 1, f"column {i + 1} has no name; expected a column name in every header cell"
            )
        if k in keys[:i]:
            raise ReturnFileError(path, 1, f"column {h.strip()!r} appears twice; expected each column once")

    given = set(keys)

    def score(t: Table) -> tuple[float, int]:
        known, required = _column_keys(t.name)
        return (len(required & given) / len(required), -len(given - known.keys()))

    best = max(TABLES.values(), key=score)
    if score(best)[0] < 0.5:
        shown = ", ".join(h.strip() for h in headers)
        tables = "; ".join(f"{t.display} ({t.column_list()})" for t in TABLES.values())
        raise ReturnFileError(
            path, 1, f"the columns ({shown}) match no SSDA903 table; expected the columns of one of: {tables}"
        )
    by_key = _column_keys(best.name)[0]
    for h, k in zip(headers, keys, strict=True):
        if k not in by_key:
            raise ReturnFileError(
                path,
                1,
                f"column {h.strip()!r} is not one of the {best.display} columns; "
                f"expected only the {best.display} columns: {best.column_list()}",
            )
    positions = {by_key[k].name: i for i, k in enumerate(keys)}
    missing = [c.name for c in best.required if c.name not in positions]
    if missing:
        raise ReturnFileError(
            path,
            1,
            f"the {best.display} file has no column {', '.join(missing)}; "
            f"expected the {best.display} columns: {best.column_list()}",
        )
    return best, positions


def read_903_csv(path: str | Path) -> tuple[Table, pa.Table]:
    """Read one SSDA903 CSV file: which table it is, and its rows as Arrow (see :func:`scan_903_csv`)."""
    pieces: list[pa.Table] = []
    table = scan_903_csv(path, lambda _table, piece: pieces.append(piece), pieces.clear)
    return table, pa.concat_tables(pieces) if pieces else empty_table(table)


def scan_903_csv(
    path: str | Path, emit: Callable[[Table, pa.Table], None], restart: Callable[[], None]
) -> Table:
    """Read one SSDA903 CSV file block by block: which table it is, each block handed to ``emit``.

    Why blocks: so a caller can put each block where it is going (the
    validator puts it in DuckDB, :func:`~continuum.returns.ssda903.engine.validate_903`)
    and a 100 MB file never sits in memory whole.

    Why two readers: Arrow's CSV reader parses in C++ and streams the file
    block by block, so a national-size file is read in a fraction of a second
    and in little more memory than a block; but its errors name neither
    the row nor the column as an analyst needs them. So the file is read by
    Arrow (:func:`_scan_fast`), and at the first thing it or the checks here
    refuse (a row with the wrong number of values, a date that is not
    dd/mm/yyyy, a byte that is not UTF-8, a broken quote) ``restart`` is
    called (drop the blocks handed so far) and the file is read again by the
    exact reader (:func:`_scan_exact`, Python's csv module, also streamed),
    which stops at the first error and says where it is and what was
    expected. The two give the same rows for every file both accept.
    """
    path = Path(path)
    try:
        table = _scan_fast(path, emit)
    except OSError as err:
        raise ReturnFileError(
            path, None, f"cannot open the file: {err.strerror}; expected a readable CSV file"
        ) from None
    if table is None:
        restart()
        table = _scan_exact(path, emit)
    return table


#: The fast reader's block: Arrow parses and converts one block at a time.
_BLOCK_BYTES = 1 << 20
#: Rows per Arrow table built by the exact reader (so it never holds the file as Python lists).
_CHUNK_ROWS = 20_000
_DMY = r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"


@functools.cache
def _reading_pool() -> pa.MemoryPool:
    """The memory pool the fast reader parses and converts blocks in: jemalloc where Arrow has it.

    Why not the default (mimalloc): a block is freed as soon as it is
    converted, but mimalloc kept most of a 100 MB file's blocks resident
    (about 100 MB more at the end of reading); jemalloc gives them back.
    """
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:
        return pa.default_memory_pool()


def _first_record(path: Path) -> list[str] | None:
    """The header row as the csv module reads it; None if it is not readable text."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh, strict=True), None)
    except (UnicodeDecodeError, csv.Error):
        return None


def _scan_fast(path: Path, emit: Callable[[Table, pa.Table], None]) -> Table | None:
    """Arrow's streamed reading, each block to ``emit``; None when the exact reader must say what
    is wrong."""
    with path.open("rb") as fh:
        head = fh.read(4096)
        has_text = bool(head.strip())
        while not has_text and (more := fh.read(1 << 20)):
            has_text = bool(more.strip())
    _check_start(path, head, has_text)
    headers = _first_record(path)
    if headers is None:
        return None
    if not any(cell.strip() for cell in headers):
        raise ReturnFileError(path, 1, "the first row is blank; expected a header row of column names")
    table, positions = identify(path, headers)
    names = [f"f{i}" for i in range(len(headers))]
    read = 0  # records read so far, the header included (the header is row 1)
    try:
        reader = pa_csv.open_csv(
            path,
            memory_pool=_reading_pool(),
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=False, block_size=_BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, check_utf8=False
            ),  # UTF-8 is checked by :func:`_cells`, only in the columns that have a byte not ASCII
        )
        for batch in reader:
            lines = pa.array(np.arange(read + 1, read + batch.num_rows + 1, dtype=np.int64))
            if read == 0:
                batch, lines = batch.slice(1), lines.slice(1)
            read += len(lines) + (1 if read == 0 else 0)
            converted = _convert(table, positions, batch, lines)
            if converted is None:
                return None
            emit(table, converted)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return table


def _read_fast(path: Path) -> tuple[Table, pa.Table] | None:
    """The fast reader's table whole (tests compare it with the exact reader's)."""
    pieces: list[pa.Table] = []
    table = _scan_fast(path, lambda _table, piece: pieces.append(piece))
    return None if table is None else (table, pa.concat_tables(pieces) if pieces else empty_table(table))


def _convert(
    table: Table, positions: Mapping[str, int], batch: pa.RecordBatch, lines: pa.Array
) -> pa.Table | None:
    """One block as the table's columns (trimmed, blanks NULL, dates parsed, blank rows dropped);
    None at a bad date, a line break in a value or a byte that is not UTF-8.

    The columns keep the buffers Arrow read them into (see :func:`_cells`); the block is copied
    (filtered) only when it has a blank row to drop."""
    cells: dict[str, tuple[pa.Array, np.ndarray]] = {}
    for name, i in positions.items():
        cell = _cells(batch.column(i))
        if cell is None:
            return None  # a quoted line break, or a quote never closed: the exact reader decides
        cells[name] = cell
    arrays: dict[str, pa.Array] = {}
    for col in table.columns:
        if col.name not in cells:
            arrays[col.sql_name] = pa.nulls(len(lines), _arrow_type(col.kind))
            continue
        text = cells[col.name][0]
        if col.kind == "date":
            text = _dates(text)
            if text is None:
                return None
        arrays[col.sql_name] = text
    arrays["line"] = lines
    keep = np.logical_or.reduce([filled for _, filled in cells.values()])
    block = pa.table(arrays)
    return block if keep.all() else pc.filter(block, pa.array(keep), memory_pool=_reading_pool())


def _cells(raw: pa.Array) -> tuple[pa.Array, np.ndarray] | None:
    """One column of a block as read (strings, no NULLs): its values trimmed with blanks as NULL,
    and which rows hold a value; None if a value holds a line break. Raises ArrowInvalid at a
    byte that is not UTF-8 (the caller leaves the file to the exact reader).

    Why from the buffers rather than by Arrow's compute functions: most columns hold no value
    with a space at either end, and then the trimmed column is the column as read under a
    validity bitmap of its non-empty values. Trimming (and then nulling the blanks) copied every
    string of every column, and the calls' own cost was most of a small return's reading; here
    a column's lowest and highest byte say whether it can hold a line break, a byte above ASCII
    (the only place UTF-8 can be wrong, so Arrow's reader does not check it) or white space, and
    only then are the values' first and last bytes looked at. A column where some value starts
    or ends with a space, a control character or a non-ASCII byte (which may be Unicode white
    space) is trimmed by ``utf8_trim_whitespace`` as before.
    """
    offsets, data = _string_buffers(raw)
    used = data[offsets[0] : offsets[-1]]
    lowest, highest = (int(used.min()), int(used.max())) if len(used) else (ord("!"), ord("~"))
    if lowest <= ord("\r") and ((used == ord("\n")) | (used == ord("\r"))).any():
        return None
    if highest > 127:
        raw.validate(full=True)  # ArrowInvalid at a byte that is not UTF-8: the exact reader names it
    filled = offsets[1:] != offsets[:-1]
    if (lowest <= ord(" ") or highest > ord("~")) and _space_at_an_end(offsets, data, filled):
        raw = pc.utf8_trim_whitespace(raw, memory_pool=_reading_pool())
        offsets, data = _string_buffers(raw)
        filled = offsets[1:] != offsets[:-1]
    count = int(np.count_nonzero(filled))
    validity = None if count == len(raw) else pa.py_buffer(np.packbits(filled, bitorder="little"))
    buffers = raw.buffers()
    text = pa.Array.from_buffers(
        pa.string(),
        len(raw),
        [
            validity,
            buffers[1].slice(raw.offset * 4),
            buffers[2] if buffers[2] is not None else pa.py_buffer(b""),
        ],
        null_count=len(raw) - count,
    )
    return text, filled


def _space_at_an_end(offsets: np.ndarray, data: np.ndarray, filled: np.ndarray) -> bool:
    """Whether a value starts or ends with a byte that is not a printable ASCII character other
    than the space (so perhaps white space, of ASCII or Unicode)."""
    edges = np.concatenate((data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]))
    return bool((np.subtract(edges, 33, dtype=np.uint8) > 93).any())  # not "!" to "~"


def _string_buffers(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's offsets (from its first value to past its last) and bytes, as numpy views."""
    _, offsets, data = text.buffers()
    return (
        np.frombuffer(offsets, dtype=np.int32, count=len(text) + 1, offset=text.offset * 4),
        np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8),
    )


def _dates(text: pa.Array) -> pa.Array | None:
    """dd/mm/yyyy (day and month of one or two digits) as date32; None if any value is not one."""
    if text.null_count == len(text):
        return pa.nulls(len(text), pa.date32())  # a column left blank (as :func:`_dates_matched` reads it)
    quick = _dates_of_ten(text)
    return quick if quick is not None else _dates_matched(text)


@functools.cache
def _months() -> tuple[np.ndarray, np.ndarray]:
    """Each month of the years 0-9999 (at ``year * 12 + month - 1``): its first day as days since
    1970-01-01 (as date32 counts them), and its number of days, none in year 0 (no date's year)."""
    firsts = (np.datetime64("0000-01", "M") + np.arange(10_000 * 12 + 1)).astype("datetime64[D]")
    days = firsts.astype(np.int64) - np.datetime64("1970-01-01", "D").astype(np.int64)
    lengths = np.diff(days).astype(np.uint8)
    lengths[:12] = 0
    return days[:-1].astype(np.int32), lengths


@functools.cache
def _ten_pattern(rows: int) -> tuple[np.ndarray, np.ndarray]:
    """``rows`` dates' worth of ``00/00/0000`` and of each character's most above it (9 for a
    digit, 0 for the slash), to check ten-character values in one pass over their bytes."""
    return np.tile(np.frombuffer(b"00/00/0000", np.uint8), rows), np.tile(
        np.array([9, 9, 0, 9, 9, 0, 9, 9, 9, 9], np.uint8), rows
    )


def _dates_of_ten(text: pa.Array) -> pa.Array | None:
    """The dates where every value is ten characters, ``dd/mm/yyyy`` (as a return writes them),
    read from the characters' bytes at their fixed places rather than matched: a fraction of the
    cost of :func:`_dates_matched`, which decides wherever this returns None (a shorter or
    other value, a year 0000, a day not in its month). Where this gives dates they are that
    function's: two digits, a slash, two digits, a slash and four digits match its pattern,
    and the day is checked against the month (29 February in leap years, from the calendar of
    :func:`_months`) as its cast does."""
    if text.type != pa.string() or len(text) == text.null_count:
        return None
    n = len(text)
    offsets, data = _string_buffers(text)
    lengths = offsets[1:] - offsets[:-1]
    valid = None
    if text.null_count:
        bits = np.frombuffer(text.buffers()[0], dtype=np.uint8)
        valid = np.unpackbits(bits, count=text.offset + n, bitorder="little")[text.offset :].view(bool)
    if (lengths != (10 if valid is None else valid * np.int32(10))).any():
        return None  # a value not of ten characters, or a NULL over some bytes
    days = _days_of_ten(data[offsets[0] : offsets[-1]])
    if days is None:
        return None
    validity = None
    if valid is not None:  # the values' days at their rows, 0 under a NULL
        every = np.zeros(n, dtype=np.int32)
        np.place(every, valid, days)
        days = every
        validity = (
            text.buffers()[0] if text.offset == 0 else pa.py_buffer(np.packbits(valid, bitorder="little"))
        )
    return pa.Array.from_buffers(pa.date32(), n, [validity, pa.py_buffer(days)], null_count=text.null_count)


def _days_of_ten(chars: np.ndarray) -> np.ndarray | None:
    """Ten bytes a date, each ``dd/mm/yyyy``: their days since 1970-01-01 (``int32``, as date32
    holds them); None if any is not such a date of the calendar."""
    count = len(chars) // 10
    template, most = _ten_pattern(1 << max(10, (count - 1).bit_length()))
    digits = np.subtract(chars, template[: len(chars)])  # a byte below its character wraps round
    if (digits > most[: len(chars)]).any():
        return None
    digits = digits.reshape(count, 10)
    day = digits[:, 0] * np.uint8(10) + digits[:, 1]
    month = digits[:, 3] * np.uint8(10) + digits[:, 4]
    year = digits[:, 6].astype(np.int32) * 1000 + digits[:, 7] * np.int32(100)
    year += digits[:, 8] * np.int32(10) + digits[:, 9]
    if (np.subtract(month, 1, dtype=np.uint8) > 11).any():
        return None
    firsts, days_in = _months()
    at = year * 12 + month - 1
    day_of_month = np.subtract(day, 1, dtype=np.uint8)
    if (day_of_month >= days_in[at]).any():
        return None
    return firsts[at] + day_of_month


def _dates_matched(text: pa.Array) -> pa.Array | None:
    """:func:`_dates` by the pattern :data:`_DMY`, for any values."""
    pool = _reading_pool()
    parts = pc.extract_regex(text, _DMY, memory_pool=pool)
    if parts.null_count != text.null_count:
        return None
    day, month, year = (pc.struct_field(parts, k) for k in ("d", "m", "y"))
    if pc.any(pc.equal(year, "0000")).as_py():
        return None
    iso = pc.binary_join_element_wise(
        year, pc.utf8_lpad(month, 2, "0", memory_pool=pool), pc.utf8_lpad(day, 2, "0", memory_pool=pool), "-",
        memory_pool=pool,
    )  # fmt: skip
    try:
        return pc.cast(iso, pa.date32(), memory_pool=pool)
    except pa.ArrowInvalid:
        return None


def _scan_exact(path: Path, emit: Callable[[Table, pa.Table], None]) -> Table:
    """Python's csv module, record by record: the reader that names the first error exactly.

    Row numbers are records (a quoted value may hold a line break); a blank
    record is skipped but keeps its number.
    """
    _check_bytes(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, strict=True)
        try:
            headers = next(reader, None)
            if not headers or not any(cell.strip() for cell in headers):
                raise ReturnFileError(
                    path, 1, "the first row is blank; expected a header row of column names"
                )
            table, positions = identify(path, headers)
            rows: list[dict[str, str]] = []
            lines: list[int] = []
            for number, record in enumerate(reader, start=2):
                if not any(cell.strip() for cell in record):
                    continue  # blank rows (often trailing) hold nothing
                if len(record) != len(headers):
                    raise ReturnFileError(
                        path,
                        number,
                        f"row {number} has {len(record)} values; expected {len(headers)}, "
                        "one per column of the header",
                    )
                rows.append({name: record[i] for name, i in positions.items()})
                lines.append(number)
                if len(rows) == _CHUNK_ROWS:
                    emit(table, build_table(table, rows, lines, str(path)))
                    rows, lines = [], []
        except csv.Error as err:
            raise ReturnFileError(
                path, reader.line_num, f"the file is not valid CSV ({err}); expected comma-separated values"
            ) from None
    emit(table, build_table(table, rows, lines, str(path)))
    return table


def _read_exact(path: Path) -> tuple[Table, pa.Table]:
    """The exact reader's table whole (tests compare it with the fast reader's)."""
    pieces: list[pa.Table] = []
    table = _scan_exact(path, lambda _table, piece: pieces.append(piece))
    return table, pa.concat_tables(pieces)


def _collect(paths: Iterable[str | Path], which: str) -> tuple[dict[str, pa.Table], dict[str, str]]:
    tables = {name: empty_table(t) for name, t in TABLES.items()}
    files: dict[str, str] = {}
    for p in paths:
        table, arrow = read_903_csv(p)
        if table.name in files:
            raise ReturnFileError(
                p,
                1,
                f"{files[table.name]} already holds {which} {table.display} table; "
                f"expected one file per table",
            )
        files[table.name] = str(p)
        tables[table.name] = arrow
    return tables, files


def _collect_history(paths: Iterable[str | Path]) -> tuple[pa.Table, list[str]]:
    """Earlier years' Episodes files, one table (any number of files: one per year, or not)."""
    pieces = [empty_table(TABLES["episodes"])]
    names: list[str] = []
    for p in paths:
        table, arrow = read_903_csv(p)
        if table.name != "episodes":
            raise ReturnFileError(
                p,
                1,
                f"this is a {table.display} file; expected an Episodes file "
                "(only earlier years' episodes are read as history)",
            )
        pieces.append(arrow)
        names.append(str(p))
    return pa.concat_tables(pieces), names


def parse_903(
    paths: Iterable[str | Path],
    previous: Iterable[str | Path] = (),
    history: Iterable[str | Path] = (),
) -> Ssda903Tables:
    """Read this year's SSDA903 CSV files (optionally last year's, and earlier years' Episodes
    files as ``history``) into one return."""
    current, files = _collect(paths, "this year's")
    last, last_files = _collect(previous, "last year's")
    files.update({f"{k}_last": v for k, v in last_files.items()})
    older, older_files = _collect_history(history)
    return Ssda903Tables(current=current, last=last, files=files, history=older, history_files=older_files)


def tables_from_rows(
    current: Mapping[str, Sequence[Mapping[str, str | None]]],
    last: Mapping[str, Sequence[Mapping[str, str | None]]] | None = None,
    history: Sequence[Mapping[str, str | None]] = (),
) -> Ssda903Tables:
    """A return built from rows of DfE column -> text (tests and callers with data in hand);
    ``history`` is earlier years' Episodes rows."""

    def build(data: Mapping[str, Sequence[Mapping[str, str | None]]]) -> dict[str, pa.Table]:
        out = {name: empty_table(t) for name, t in TABLES.items()}
        for name, rows in data.items():
            out[name] = build_table(TABLES[name], rows, path=name)
        return out

    cur = build(current)
    files = {name: f"{TABLES[name].display}.csv" for name in TABLES}
    files.update({f"{name}_last": f"{TABLES[name].display}_last.csv" for name in TABLES})
    older = build_table(TABLES["episodes"], history, path="Episodes_history")
    return Ssda903Tables(
        current=cur,
        last=build(last or {}),
        files=files,
        history=older,
        history_files=["Episodes_history.csv"] if history else [],
    )


#: The provider-information file (docs/returns.md): column -> (what a value must be, required).
PROVIDER_COLUMNS: dict[str, tuple[str, bool]] = {
    "URN": ("an Ofsted URN, once per file", True),
    "PLACE_CODES": ("PLACE codes separated by spaces (e.g. K2 S1)", False),
    "PROVIDER_CODES": ("PLACE_PROVIDER codes separated by spaces (e.g. PR4 PR5)", False),
    "POSTCODE": ("the provider's postcode", False),
    "REG_DATE": (_DATE_HINT, True),
    "REG_END": ("blank while open; " + _DATE_HINT, False),
    "LA_CODE": ("the 3-digit DfE code of the provider's local authority (e.g. 302)", False),
}


def _provider_codes(path: Path, line: int, column: str, text: str, table_column: str) -> str | None:
    """Space-separated codes, each checked against the Episodes column's DfE codes."""
    spec = next(c for c in TABLES["episodes"].columns if c.name == table_column)
    codes = text.upper().split()
    bad = [c for c in codes if c not in spec.codes]
    if bad:
        raise ReturnFileError(
            path,
            line,
            f"column {column} holds {', '.join(bad)}, not {table_column} code(s); "
            f"expected {table_column} codes separated by spaces, from: {' '.join(spec.codes)}",
        )
    return " ".join(codes) or None


def _provider_value(path: Path, line: int, column: str, text: str) -> object:
    """One checked cell of the provider file (dates parsed, codes upper-cased, blanks None)."""
    what, required = PROVIDER_COLUMNS[column]
    if not text:
        if required:
            raise ReturnFileError(path, line, f"column {column} is blank; expected {what}")
        return None
    if column in ("REG_DATE", "REG_END"):
        parsed = _parse_date(text)
        if parsed is None:
            raise ReturnFileError(path, line, f"column {column} holds {text!r}, which is not a date; {what}")
        return parsed
    if column == "PLACE_CODES":
        return _provider_codes(path, line, column, text, "PLACE")
    if column == "PROVIDER_CODES":
        return _provider_codes(path, line, column, text, "PLACE_PROVIDER")
    if column == "LA_CODE" and not re.fullmatch(r"\d{3}", text):
        raise ReturnFileError(path, line, f"column {column} holds {text!r}; expected {what}")
    return text.upper() if column in ("URN", "POSTCODE") else text


def read_providers(path: str | Path) -> pa.Table:
    """Read a provider-information CSV (one row per Ofsted URN) for rules 219-229.

    Every cell is checked before anything runs: one :class:`ReturnFileError`
    names the row and column of the first bad value, so the rules never run
    on a half-read list.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReturnFileError(
            path, None, f"cannot open the file: {err.strerror}; expected a readable CSV file"
        ) from None
    records = list(csv.reader(io.StringIO(_decode(path, data), newline="")))
    if not records or not any(cell.strip() for cell in records[0]):
        raise ReturnFileError(path, 1, "the first row is blank; expected a header row of column names")
    keys = [normalise(h) for h in records[0]]
    wanted = {normalise(c): c for c in PROVIDER_COLUMNS}
    expected = "expected the provider-information columns: " + ", ".join(PROVIDER_COLUMNS)
    for h, k in zip(records[0], keys, strict=True):
        if k not in wanted or keys.count(k) > 1:
            raise ReturnFileError(path, 1, f"column {h.strip()!r} is unknown or repeated; {expected}")
    missing = [c for k, c in wanted.items() if k not in keys]
    if missing:
        raise ReturnFileError(path, 1, f"the provider file has no column {', '.join(missing)}; {expected}")
    columns: dict[str, list[object]] = {c: [] for c in PROVIDER_COLUMNS}
    lines: list[int] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(keys):
            raise ReturnFileError(
                path, number, f"row {number} has {len(record)} values; expected {len(keys)}, one per column"
            )
        for k, cell in zip(keys, record, strict=True):
            columns[wanted[k]].append(_provider_value(path, number, wanted[k], cell.strip()))
        urn = str(columns["URN"][-1])
        if urn in seen:
            raise ReturnFileError(
                path, number, f"URN {urn} is also on row {seen[urn]}; expected one row per URN"
            )
        seen[urn] = number
        lines.append(number)
    arrays = {
        c.lower(): pa.array(v, pa.date32() if c.startswith("REG_") else pa.string())
        for c, v in columns.items()
    }
    return pa.table({**arrays, "line": pa.array(lines, pa.int64())})
