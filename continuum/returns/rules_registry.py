"""One rule registry for every statutory return (CIN census, SSDA903): rules, rule sets, years.

Why one small unit per rule: the DfE publishes its rules as a numbered list,
and local authority analysts talk about them by number ("we have 400 8606s").
Each rule is a function registered with a :class:`Registry`'s ``rule``
decorator, naming the DfE code and the table whose rows it reports. Its body
returns one SQL query over the return's analytical tables that selects the
failing rows as ``child_id, line``, optionally ``field`` (which element or
column failed) and ``tbl`` (the table of the row, for rules that look in
several).

Why the message and severity come from the spec files, never from code: the
DfE's list (``continuum/specs/*_validation_rules_*.csv``, read by
:mod:`continuum.core.specs`) is the authority, and a message copied into code
drifts (rule 101 kept its old wording for a year). The registry takes the
exact message, the fields where the rule names none, and the severity:

* the file's ``severity`` where it gives one (the CIN list does);
* otherwise (the SSDA903 list records none) a *query* when the code ends in
  "Q" (the DfE's convention), the message asks the reader to check ("Please
  check ...", "Check that ..."), or the DfE logic text calls it a query; an
  *error* otherwise. ``docs/returns.md`` lists the rules this makes queries.

Continuum's own checks, which are not DfE rules, take their messages from
``continuum/specs/continuum_<return>_checks.csv`` and carry codes starting
:data:`OWN_PREFIX`, so a report never passes them off as the DfE's: the
report lists them apart (:attr:`Rule.own`).

Why rule sets built from the previous year: the DfE changes a handful of rules
each year. A year's set is the previous year's moved to its 31 March, plus the
rules registered for it (a rule with an existing code replaces it), minus the
codes its list of changes withdraws. Every earlier year stays reproducible as
its own :class:`RuleSet`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from continuum.core import specs
from continuum.core.specs import Return, RuleSpec
from continuum.returns.report import Severity

__all__ = [
    "OWN_PREFIX",
    "Registry",
    "Rule",
    "RuleSet",
    "choose_ruleset",
    "collection_year_of",
    "nearest_year",
    "reference_date_of",
    "severity_of",
]

#: The start of the code of every check of Continuum's own (not a DfE rule).
OWN_PREFIX = "CONTINUUM-"


@dataclass(frozen=True)
class Rule:
    """One validation rule: its code, severity and message (from the spec file) and its SQL."""

    code: str
    severity: Severity
    message: str
    table: str
    fields: tuple[str, ...]
    sql: str
    doc: str
    #: The tables the DfE list names (SSDA903; for CIN the same as the rule's own).
    tables: tuple[str, ...] = ()
    #: Reads the SSDA903 provider-information file: run only when one is loaded, else "not checked".
    needs_providers: bool = False

    @property
    def is_return_level(self) -> bool:
        """True for rules about the whole return (counts, percentages), not one child."""
        return self.table == "return"

    @property
    def own(self) -> bool:
        """True for a check of Continuum's own, which is not a DfE rule."""
        return self.code.startswith(OWN_PREFIX)


#: A message asking the reader to check something: "Please check ...", or a sentence
#: starting "Check" (not the noun, as in "teeth check").
_ASKS_TO_CHECK = re.compile(r"(?:^|please\s+|[.!?:]\s+)check\b", re.IGNORECASE)


def severity_of(spec: RuleSpec) -> Severity:
    """A rule's severity from its list: the file's, else the DfE's conventions (module docstring)."""
    if spec.severity:
        return Severity(spec.severity)
    if spec.code.upper().endswith("Q") or _ASKS_TO_CHECK.search(spec.message):
        return Severity.QUERY
    if re.search(r"\bquery\b", spec.dfe_logic, re.IGNORECASE):
        return Severity.QUERY
    return Severity.ERROR


def reference_date_of(year: str) -> date:
    """The ReferenceDate (31 March) of a collection year: ``"2025-26"`` -> 31 March 2026."""
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
    rules: tuple[Rule, ...]

    @classmethod
    def of(cls, year: str, rules: Iterable[Rule]) -> RuleSet:
        reference_date_of(year)  # check the label
        return cls(year=year, rules=tuple(sorted(rules, key=lambda r: _sort_key(r.code))))

    @property
    def reference_date(self) -> date:
        """The ReferenceDate the year's return runs to (CIN rule 100 checks the header's)."""
        return reference_date_of(self.year)

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.rules]

    def __len__(self) -> int:
        return len(self.rules)

    def next_year(self, year: str) -> RuleSet:
        """This year's rules carried into ``year``, to be changed with add/remove."""
        return RuleSet.of(year, self.rules)

    def add(self, *rules: Rule) -> RuleSet:
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


@dataclass
class Registry:
    """The rules of one return, as registered by its rule modules, and its rule sets by year.

    ``first`` holds the rules of the first year kept in code; ``later`` those
    added or changed in a later year, by year then code (kept apart because a
    changed rule has the code of the one it replaces).
    """

    kind: Return
    label: str
    first_year: str = "2025-26"
    first: dict[str, Rule] = field(default_factory=dict)
    later: dict[str, dict[str, Rule]] = field(default_factory=dict)

    def spec(self, code: str, year: str | None = None) -> RuleSpec:
        """The spec-file row of ``code``: the first year's list (or Continuum's own checks), or
        ``year``'s list of changes. An unknown code is a programming error."""
        if year is not None:
            table = specs.rule_changes(self.kind, year)
        elif code.startswith(OWN_PREFIX):
            table = specs.own_checks(self.kind)
        else:
            table = specs.rule_list(self.kind, self.first_year)
        try:
            return table[code]
        except KeyError:
            where = f"{year}'s changes" if year else "its list"
            raise KeyError(f"{self.label} rule {code} is not in {where}") from None

    def rule(
        self,
        code: str,
        *,
        table: str,
        fields: Iterable[str] | None = None,
        needs_providers: bool = False,
        year: str | None = None,
    ) -> Callable[[Callable[[], str]], Rule]:
        """Register the decorated function's SQL as rule ``code``, reporting rows of ``table``.

        Message and severity come from the spec file (for a ``year`` such as
        ``"2026-27"``, from that year's list of changes); ``fields`` from it
        too unless given (the rule knows which elements it reads). The
        function's docstring says why the rule exists or how its wording was
        read; it is kept with the rule and shown in the documentation.
        """
        if year is not None:
            reference_date_of(year)  # check the label
        spec = self.spec(code, year)
        registry = self.first if year is None else self.later.setdefault(year, {})

        def register(fn: Callable[[], str]) -> Rule:
            if code in registry:
                raise ValueError(
                    f"{self.label} rule {code} is registered twice" + (f" for {year}" if year else "")
                )
            registered = Rule(
                code=code,
                severity=severity_of(spec),
                message=spec.message,
                table=table,
                fields=tuple(fields) if fields is not None else spec.fields,
                sql=fn(),
                doc=(fn.__doc__ or "").strip(),
                tables=spec.tables,
                needs_providers=needs_providers,
            )
            registry[code] = registered
            return registered

        return register

    def withdrawn(self, year: str) -> tuple[str, ...]:
        """The codes ``year``'s list of changes withdraws."""
        return tuple(c for c, s in specs.rule_changes(self.kind, year).items() if s.change == "withdrawn")

    def rulesets(self) -> dict[str, RuleSet]:
        """Every year's rule set: the first year's rules, then each later year's changes in turn."""
        out = {self.first_year: RuleSet.of(self.first_year, self.first.values())}
        previous = out[self.first_year]
        for year in specs.rule_years(self.kind):
            if year <= self.first_year:
                continue
            previous = out[year] = (
                previous.next_year(year).add(*self.later.get(year, {}).values()).remove(*self.withdrawn(year))
            )
        return out


def choose_ruleset(rulesets: dict[str, RuleSet], year: str | None, collection: str) -> RuleSet:
    """The rule set of ``year`` (``"2025-26"``), or of the latest year when ``None``."""
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
