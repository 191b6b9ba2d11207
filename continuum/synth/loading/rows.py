"""What every section builder of the bulk load shares: tables of rows, ids, date indexes, the context.

Why one context object: each section (:mod:`continuum.synth.loading`) maps its
simulated records to rows with explicit ids, and later sections point at them
(a visit at the CP plan open that day, a CLA review at its IRO). The
:class:`LoadContext` carries those ids from one section to the next, so each
builder reads what it needs by name instead of through a long argument list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from continuum.core.working_days import WorkingDayCalendar
from continuum.synth.adoption import LOAD_TABLES as ADOPTION_LOAD_TABLES
from continuum.synth.iro import IroPlan
from continuum.synth.model import Borough

LONDON = ZoneInfo("Europe/London")

# The people and journey tables, in load order (the FKs are deferrable, so the
# order only matters for readability).
TABLES: tuple[str, ...] = (
    "people_team",
    "people_worker",
    "people_child",
    "people_address",
    "people_childaddress",
    "people_allocation",
    "journey_contact",
    "journey_cinepisode",
    "journey_assessment",
    "journey_strategydiscussion",
    "journey_section47",
    "journey_conference",
    "journey_cpplan",
    "journey_coregroup",
    "journey_cinplan",
    "journey_placement",
    "journey_claepisode",
    "journey_clareview",
    "journey_visit",
    "journey_missingepisode",
    "journey_careleaver",
    "journey_careleavercontact",
    "journey_earlyhelpepisode",
    "journey_pep",
    "journey_healthassessment",
    "journey_dentalcheck",
    *ADOPTION_LOAD_TABLES,  # looked_after app (adoption, PrevPerm, OC2, motherhood) and journey_sdq
)


@dataclass
class Table:
    """Rows for one database table, with the columns they fill."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    #: SQL (over alias ``r``) for the chronology: child id, practice date, what.
    chronology: tuple[str, str, str] | None = None


def versioned(*cols: str) -> tuple[str, ...]:
    """The columns of a versioned model's row: id first, version and timestamps last."""
    return ("id", *cols, "version", "created_at", "updated_at")


def aware(value: datetime | None) -> datetime | None:
    """Simulated moments are London local time; the database stores UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=LONDON).astimezone(UTC)


def array(values: Iterable[str]) -> str:
    """A text[] literal; DfE codes never need quoting."""
    return "{" + ",".join(values) + "}"


def urn_valid(value: str) -> bool:
    """SSDA903 rule 1008's format: SC and 6 or 7 digits, or 6-7 digits, or XXXXXXX."""
    return bool(re.fullmatch(r"(SC)?[0-9]{6,7}|X{7}", value.upper()))


def urn(value: str | None) -> str:
    """An Ofsted URN as loaded: at most 8 characters, in SSDA903 rule 1008's format.

    The simulator writes ``SC`` and six digits. Safety net for anything else
    (counted by :func:`continuum.synth.loading.repairs.repairs_needed`): ``SC``
    and its last six digits.
    """
    if not value:
        return ""
    if urn_valid(value) and len(value) <= 8:
        return value
    digits = "".join(ch for ch in value if ch.isdigit())
    return "SC" + digits[-6:].rjust(6, "0")


class Ids:
    """Hands out explicit primary keys, starting after whatever the table holds."""

    def __init__(self, cursor: Any) -> None:
        self._next: dict[str, int] = {}
        for table in TABLES:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - fixed table names
            self._next[table] = cursor.fetchone()[0] + 1

    def take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value


def open_on(start: date, end: date | None, day: date) -> bool:
    """Whether a record running from ``start`` to ``end`` (None: still open) is open on ``day``."""
    return start <= day and (end is None or day <= end)


class Index:
    """Per-child records by date, to find "the plan / episode / referral open that day"."""

    def __init__(self) -> None:
        self._by_child: dict[str, list[tuple[date, date | None, int]]] = defaultdict(list)

    def add(self, child: str, start: date, end: date | None, pk: int) -> None:
        self._by_child[child].append((start, end, pk))

    def find(self, child: str, day: date) -> int | None:
        """The latest-starting record open on ``day`` (on a changeover day, the new one)."""
        found = None
        for start, end, pk in self._by_child.get(child, ()):
            if open_on(start, end, day) and (found is None or start >= found[0]):
                found = (start, pk)
        return found[1] if found else None


@dataclass
class LoadContext:
    """The borough being mapped, and the database ids each section hands to the later ones."""

    borough: Borough
    ids: Ids
    #: The trailing ``version, created_at, updated_at`` of every row.
    stamp: tuple[Any, ...]
    iro: IroPlan
    calendar: WorkingDayCalendar = field(default_factory=WorkingDayCalendar)
    #: What was repaired or left out, by kind (printed as notes after the load).
    skipped: dict[str, int] = field(default_factory=dict)
    # Filled by the workforce section.
    team_pk: dict[str, int] = field(default_factory=dict)
    iro_team: int | None = None
    worker_pk: dict[str, int] = field(default_factory=dict)
    worker_role: dict[str, str] = field(default_factory=dict)
    post: dict[str, tuple[date, date | None]] = field(default_factory=dict)
    # Filled by the children section.
    child_pk: dict[str, int] = field(default_factory=dict)
    pa_of_child: dict[str, tuple[date, int]] = field(default_factory=dict)
    iro_of_child: Index = field(default_factory=Index)
    # Filled by the front door, referrals, child protection and looked after sections.
    contact_pk: dict[str, int] = field(default_factory=dict)
    ref_pk: dict[str, int] = field(default_factory=dict)
    ref_by_child: Index = field(default_factory=Index)
    referral_of: dict[str, Any] = field(default_factory=dict)
    s47_pk: dict[str, int] = field(default_factory=dict)
    s47_target: dict[str, date | None] = field(default_factory=dict)
    cp_by_child: Index = field(default_factory=Index)
    cla_by_child: Index = field(default_factory=Index)

    @property
    def tables(self) -> dict[str, list[Any]]:
        """The borough's simulated records, by kind."""
        return self.borough.tables

    def note(self, what: str) -> None:
        """Count one repair or left-out record of kind ``what``."""
        self.skipped[what] = self.skipped.get(what, 0) + 1
