"""The registry of CIN census validation rules, and the rule set of each collection year.

Why one small unit per rule: the DfE publishes its rules as a numbered list,
and local authority analysts talk about them by number ("we have 400 8606s").
Each rule here is a function registered with :func:`rule`, carrying the DfE
code, severity and exact message, the table whose rows it reports and the
DfE element names it looks at. Its body returns one SQL query over the
analytical tables (see :mod:`continuum.returns.cin.engine` for what is in
scope) that selects the failing rows as ``child_id, line`` and, where a rule
looks at several fields and can say which one failed, ``field``.

Why rule sets built from the previous year: the DfE changes a handful of
rules each year. ``RULESETS["2026-27"] = RULESETS["2025-26"].next_year(
"2026-27").add(new_rule).remove("8945Q")`` says exactly what changed, and
keeps every earlier year reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from continuum.returns.report import Severity

__all__ = [
    "LATER_YEARS",
    "REGISTRY",
    "CinRule",
    "RuleSet",
    "choose_ruleset",
    "collection_year_of",
    "nearest_year",
    "rule",
]


@dataclass(frozen=True)
class CinRule:
    """One DfE CIN census validation rule."""

    code: str
    severity: Severity
    message: str
    table: str
    fields: tuple[str, ...]
    sql: str
    doc: str

    @property
    def is_return_level(self) -> bool:
        """True for rules about the whole return (counts, percentages), not one child."""
        return self.table == "return"


#: Every rule of the first year kept in code (2025-26), by DfE code.
REGISTRY: dict[str, CinRule] = {}

#: Rules added or changed in a later collection year, by year then code. Kept
#: apart from :data:`REGISTRY` because a changed rule has the same code as the
#: one it replaces; ``rulesets.py`` adds them to the previous year's set.
LATER_YEARS: dict[str, dict[str, CinRule]] = {}


def rule(
    code: str, severity: str, message: str, *, table: str, fields: Iterable[str], year: str | None = None
) -> Callable[[Callable[[], str]], CinRule]:
    """Register the decorated function's SQL as DfE rule ``code``.

    The function's docstring says why the rule exists or how its DfE wording
    was read; it is kept with the rule and shown in the documentation.
    ``year`` names the collection year a new or changed rule starts in
    (``"2026-27"``); without it the rule belongs to the first year's set.
    """
    registry = REGISTRY if year is None else LATER_YEARS.setdefault(year, {})
    if year is not None:
        reference_date_of(year)  # check the label

    def register(fn: Callable[[], str]) -> CinRule:
        if code in registry:
            raise ValueError(f"CIN rule {code} is registered twice" + (f" for {year}" if year else ""))
        registered = CinRule(
            code=code,
            severity=Severity(severity),
            message=message,
            table=table,
            fields=tuple(fields),
            sql=fn(),
            doc=(fn.__doc__ or "").strip(),
        )
        registry[code] = registered
        return registered

    return register


def reference_date_of(year: str) -> date:
    """The census ReferenceDate of a collection year: ``"2025-26"`` -> 31 March 2026."""
    start, _, end = year.partition("-")
    if not (start.isdigit() and end.isdigit() and len(start) == 4 and len(end) == 2):
        raise ValueError(f"collection year {year!r} should look like 2025-26")
    end_year = int(start) + 1
    if end_year % 100 != int(end):
        raise ValueError(f"collection year {year!r}: {end} does not follow {start}")
    return date(end_year, 3, 31)


@dataclass(frozen=True)
class RuleSet:
    """The rules of one collection year (immutable; changes make a new set)."""

    year: str
    rules: tuple[CinRule, ...]

    @classmethod
    def of(cls, year: str, rules: Iterable[CinRule]) -> RuleSet:
        reference_date_of(year)  # check the label
        return cls(year=year, rules=tuple(sorted(rules, key=lambda r: _sort_key(r.code))))

    @property
    def reference_date(self) -> date:
        """The ReferenceDate the header must carry in this year (rule 100)."""
        return reference_date_of(self.year)

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.rules]

    def __len__(self) -> int:
        return len(self.rules)

    def next_year(self, year: str) -> RuleSet:
        """This year's rules carried into ``year``, to be changed with add/remove."""
        return RuleSet.of(year, self.rules)

    def add(self, *rules: CinRule) -> RuleSet:
        """A set with ``rules`` added, replacing any with the same code (a changed rule)."""
        new = {r.code: r for r in self.rules}
        new.update({r.code: r for r in rules})
        return RuleSet.of(self.year, new.values())

    def remove(self, *codes: str) -> RuleSet:
        """A set without ``codes`` (rules the DfE withdrew)."""
        missing = set(codes) - set(self.codes)
        if missing:
            raise KeyError(f"not in the {self.year} rule set: {', '.join(sorted(missing))}")
        return RuleSet.of(self.year, (r for r in self.rules if r.code not in codes))

    def only(self, *codes: str) -> RuleSet:
        """A set with just ``codes`` (for tests and for re-running a few rules)."""
        return RuleSet.of(self.year, (r for r in self.rules if r.code in codes))


def choose_ruleset(rulesets: dict[str, RuleSet], year: str | None, collection: str) -> RuleSet:
    """The rule set of ``year`` (``"2025-26"``), or of the latest year when ``None``.

    Shared by every return (CIN census, SSDA903), which each keep their own
    ``RULESETS`` by collection year.
    """
    if year is None:
        return rulesets[max(rulesets)]
    try:
        return rulesets[year]
    except KeyError:
        known = ", ".join(sorted(rulesets))
        raise KeyError(f"no {collection} rule set for {year!r}; known years: {known}") from None


def collection_year_of(day: date) -> str:
    """The collection year (1 April to 31 March) holding ``day``: 31 March 2027 -> ``"2026-27"``."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def nearest_year(rulesets: dict[str, RuleSet], day: date | None) -> str | None:
    """The year of ``rulesets`` whose collection holds ``day``, else the nearest one.

    Why the nearest: a file from before the first year kept in code is best
    checked by the earliest set (as it always was), one from after the last
    by the latest. ``None`` (no date to go by) gives ``None``: the caller's default.
    """
    if day is None:
        return None
    year = collection_year_of(day)
    known = sorted(rulesets)
    if year in rulesets:
        return year
    return known[0] if year < known[0] else known[-1]


def _sort_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits or 0), code)
