"""The SSDA903 tables and columns, read from the DfE's published column list.

Why read the list rather than write it out: ``continuum/specs/ssda903_2025_26_columns.csv``
is the DfE's own statement of each table's columns, types, blank rules and
codes. Taking the tables from it means a new year's list is a new file, not
an edit in several places; the parser, the code lists and the rules all use
this one module.

Names: ``TABLES`` maps the analytical (DuckDB) table name, e.g.
``placed_adoption``, to a :class:`Table` that knows its DfE display name
(``PlacedAdoption``, as the DfE tool calls the file) and its columns. Rule
SQL uses lower-case column names (``decom``, ``child``); the report uses the
DfE names (``DECOM``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from continuum.core import specs

__all__ = ["COLUMNS_CSV", "TABLES", "Column", "Table", "codes_of", "normalise", "tables_of"]

COLUMNS_FILE = "ssda903_2025_26_columns.csv"
COLUMNS_CSV = specs.path(COLUMNS_FILE)

#: Tables added in a later collection year, from that year's column changes
#: (provisional for 2026-27: the DoLo table; its DfE file name is not known yet).
LATER_COLUMNS_FILES: dict[str, str] = {"2026-27": "2026_27/ssda903_columns_2026_27_changes.csv"}

#: The DfE's file names for each table, in the order the DfE lists them.
DISPLAY_NAMES = {
    "header": "Header",
    "episodes": "Episodes",
    "reviews": "Reviews",
    "uasc": "UASC",
    "oc2": "OC2",
    "oc3": "OC3",
    "ad1": "AD1",
    "placed_adoption": "PlacedAdoption",
    "prev_perm": "PrevPerm",
    "missing": "Missing",
    "social_worker": "SWEpisodes",
    "dolo": "DoLo",
}

#: Deprivation of liberty orders: one row per DoLO, columns and types as the
#: 2026-27 changes list gives them in words (``date, DD/MM/YYYY``).
_LATER_KINDS = {"CHILD": "string", "DOB": "date", "DOLO_START": "date", "DOLO_END": "date"}

#: Columns the DfE rules refer to but the 2025-26 column list leaves out:
#: placement LA, location and distance are worked out from the postcodes by
#: the DfE (and by many case-management exports), and older header files
#: carry UASC. A file may have them; if it does not, they are blank and the
#: rules on them pass.
OPTIONAL_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "episodes": (("PL_LA", "string"), ("PL_LOCATION", "code"), ("PL_DISTANCE", "numeric")),
    "header": (("UASC", "code"),),
}


@dataclass(frozen=True)
class Column:
    """One DfE column: its name, type (``date``, ``code``, ``string``, ``numeric``) and blank rule."""

    name: str
    kind: str
    can_be_blank: bool
    codes: tuple[str, ...]
    optional: bool = False

    @property
    def sql_name(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Table:
    """One SSDA903 table: analytical name, DfE file name and columns in DfE order."""

    name: str
    display: str
    columns: tuple[Column, ...]
    #: The first collection year whose return has this table (None: every year's).
    since: str | None = None

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.optional)

    def column_list(self) -> str:
        """The required column names, for messages that say what was expected."""
        return ", ".join(c.name for c in self.required)


def normalise(header: str) -> str:
    """A column header compared case-, space- and underscore-insensitively ("Pl Post" = PL_POST)."""
    return "".join(ch for ch in header.upper() if not ch.isspace() and ch != "_")


@cache
def _load() -> dict[str, Table]:
    cols: dict[str, list[Column]] = {}
    for row in specs.rows(COLUMNS_FILE):
        kind = row["type"].split()[0]
        cols.setdefault(row["table"], []).append(
            Column(
                name=row["column"],
                kind=kind,
                can_be_blank=row["can_be_blank"] == "True",
                codes=tuple(row["codes"].split()),
            )
        )
    for table, extra in OPTIONAL_COLUMNS.items():
        cols[table].extend(Column(n, k, True, (), optional=True) for n, k in extra)
    since: dict[str, str | None] = dict.fromkeys(cols)
    for year, name_of_file in LATER_COLUMNS_FILES.items():
        for row in specs.rows(name_of_file):
            name = next(k for k, v in DISPLAY_NAMES.items() if v == row["table"])
            if row["column"] == "(table)":
                since[name] = year
                continue
            cols.setdefault(name, []).append(
                Column(
                    name=row["column"],
                    kind=_LATER_KINDS[row["column"]],
                    can_be_blank="blank" in row["allowed_codes_or_format"],
                    codes=(),
                )
            )
    return {name: Table(name, DISPLAY_NAMES[name], tuple(cols[name]), since[name]) for name in DISPLAY_NAMES}


TABLES: dict[str, Table] = _load()


def tables_of(year: str) -> dict[str, Table]:
    """The tables of the ``year`` collection (``"2025-26"``): those it had, not later ones."""
    return {name: t for name, t in TABLES.items() if t.since is None or t.since <= year}


def codes_of(table: str, column: str) -> tuple[str, ...]:
    """The DfE's allowed codes for a coded column (empty for other columns)."""
    for c in TABLES[table].columns:
        if c.name == column:
            return c.codes
    raise KeyError(f"{table}.{column} is not an SSDA903 column")
