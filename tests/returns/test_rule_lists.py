"""Each year's rule sets against their spec files: every code, message and severity.

The files in ``continuum/specs`` are the authority (the DfE's lists, and
Continuum's own checks); the registry takes messages and severities from them,
so these tests catch a rule registered under a wrong code, a list edited
without its rules, and a year's set built from the wrong changes.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from continuum.core import specs
from continuum.returns.cin import RULESETS as CIN_SETS
from continuum.returns.report import Severity
from continuum.returns.rules_registry import OWN_PREFIX, Rule, RuleSet, severity_of
from continuum.returns.ssda903 import RULESETS as SSDA903_SETS

SETS: dict[str, dict[str, RuleSet]] = {"cin": CIN_SETS, "ssda903": SSDA903_SETS}
YEARS = [(kind, year) for kind in ("cin", "ssda903") for year in specs.rule_years(kind)]  # type: ignore[arg-type]


def test_every_year_with_a_rule_list_has_a_rule_set_and_back() -> None:
    for kind, sets in SETS.items():
        assert sorted(sets) == specs.rule_years(kind)  # type: ignore[arg-type]
    assert ("cin", "2025-26") in YEARS
    assert ("ssda903", "2026-27") in YEARS


@pytest.mark.parametrize(("kind", "year"), YEARS)
def test_codes_and_messages_are_the_lists(kind: str, year: str) -> None:
    """Every DfE rule of the set is in the year's list with the list's exact message; for CIN
    the set is the whole list. (SSDA903 rules still being written are listed in
    ``test_ssda903_rules.NOT_YET``, which must end empty.)"""
    listed = specs.rule_list(kind, year)  # type: ignore[arg-type]
    dfe = [r for r in SETS[kind][year].rules if not r.own]
    for r in dfe:
        assert r.code in listed, f"{kind} {year}: {r.code} is not in the list"
        assert r.message == listed[r.code].message, f"{kind} {year}: {r.code}"
    if kind == "cin":
        assert sorted(r.code for r in dfe) == sorted(listed)


@pytest.mark.parametrize(("kind", "year"), YEARS)
def test_severities_are_the_lists_where_they_give_one(kind: str, year: str) -> None:
    listed = specs.rule_list(kind, year)  # type: ignore[arg-type]
    for r in SETS[kind][year].rules:
        if not r.own and listed[r.code].severity:
            assert r.severity.value == listed[r.code].severity, f"{kind} {year}: {r.code}"


def test_the_cin_list_gives_every_severity_and_q_codes_are_its_queries() -> None:
    listed = specs.rule_list("cin", "2025-26")
    assert all(s.severity in ("error", "query") for s in listed.values())
    assert {c for c, s in listed.items() if s.severity == "query"} == {c for c in listed if c.endswith("Q")}


def test_ssda903_severity_a_query_only_where_the_message_asks_to_check_or_the_dfe_says_query() -> None:
    """The SSDA903 list records no severity. Known answer: in 2025-26 the messages of 164, 169,
    231, 357 and 583 ask the reader to check ("Please check ...", "Check whether ..."); no DfE
    text there calls a rule a query; "teeth check" (182, 544, 547) is a noun, not a request.
    2026-27 adds no query. docs/returns.md lists the same choices."""
    for year, queries in (
        ("2025-26", {"164", "169", "231", "357", "583"}),
        ("2026-27", {"164", "169", "231", "357", "583"}),
    ):
        listed = specs.rule_list("ssda903", year)
        assert {c for c, s in listed.items() if severity_of(s) is Severity.QUERY} == queries
    for r in SSDA903_SETS["2025-26"].rules:
        spec = specs.own_checks("ssda903")[r.code] if r.own else specs.rule_list("ssda903", "2025-26")[r.code]
        assert r.severity is severity_of(spec), r.code


@pytest.mark.parametrize(
    ("message", "logic", "severity"),
    [
        ("Please check the date of birth is correct.", "", Severity.QUERY),
        ("Must be S.  Check whether there is an episode before.", "", Severity.QUERY),
        ("Check that both dates are required.", "", Severity.QUERY),
        ("Teeth check must be completed.", "", Severity.ERROR),
        ("Date is not valid.", "", Severity.ERROR),
        ("Date is not valid.", "This is a query: answer it.", Severity.QUERY),
    ],
)
def test_severity_reading(message: str, logic: str, severity: Severity) -> None:
    assert severity_of(specs.RuleSpec("1", message, (), (), dfe_logic=logic)) is severity


def test_continuum_checks_are_apart_under_their_own_codes() -> None:
    """Continuum's own SSDA903 checks are no DfE codes: all CONTINUUM-..., in their own file."""
    own = specs.own_checks("ssda903")
    assert own
    assert all(code.startswith(OWN_PREFIX) for code in own)
    for year in specs.rule_years("ssda903"):
        assert not set(own) & set(specs.rule_list("ssda903", year))
    registered = {r.code: r for r in SSDA903_SETS["2025-26"].rules if r.own}
    assert set(registered) == set(own)
    for code, r in registered.items():
        assert r.message == own[code].message
    assert not any(r.own for r in CIN_SETS["2025-26"].rules)


@pytest.mark.parametrize("kind", ["cin", "ssda903"])
def test_a_later_year_is_the_earlier_one_plus_its_changes(kind: str) -> None:
    """2026-27 is 2025-26 plus the rules its changes add, minus those it withdraws; 2025-26
    stays as it was (earlier years remain available as rule sets)."""
    years = specs.rule_years(kind)  # type: ignore[arg-type]
    for before, after in itertools.pairwise(years):
        changes = specs.rule_changes(kind, after)  # type: ignore[arg-type]
        added = {c for c, s in changes.items() if s.change in ("added", "changed")}
        withdrawn = {c for c, s in changes.items() if s.change == "withdrawn"}
        old, new = set(SETS[kind][before].codes), set(SETS[kind][after].codes)
        assert new == (old | added) - withdrawn
        assert SETS[kind][after].reference_date.year == SETS[kind][before].reference_date.year + 1
        for code in added:
            rule: Rule = next(r for r in SETS[kind][after].rules if r.code == code)
            assert rule.message == changes[code].message
    if kind == "cin":
        assert len(SETS[kind]["2025-26"]) == len(specs.rule_list("cin", "2025-26")) == 109


def test_every_spec_file_is_read_through_the_loader() -> None:
    """specs/README.md says every file under continuum/specs is read by continuum.core.specs:
    no other module builds a path into the folder, and the README names every file."""
    root = Path(specs.__file__).resolve().parents[1]
    into_specs = re.compile(r"""/\s*["']specs["']|["']specs/""")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path != Path(specs.__file__).resolve() and into_specs.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    readme = (specs.SPECS_DIR / "README.md").read_text(encoding="utf-8")
    for path in specs.SPECS_DIR.rglob("*.csv"):
        assert path.name in readme, f"specs/README.md does not list {path.name}"


def test_no_withdrawn_ssda903_code_runs() -> None:
    withdrawn = {r["code"] for r in specs.rows("ssda903_rules_withdrawn.csv") if r["status"] == "withdrawn"}
    assert {"445", "451", "555", "556", "SW01STG1"} <= withdrawn
    for year, ruleset in SSDA903_SETS.items():
        assert not withdrawn & set(ruleset.codes), year


def test_cin_2026_27_changes_give_no_severity_so_q_codes_are_queries() -> None:
    """The 2026-27 list of changes has no severity column: its Q codes are queries (as its notes
    say), the rest errors; the 2025-26 rules keep the severities their list gives."""
    new = {
        r.code: r.severity
        for r in CIN_SETS["2026-27"].rules
        if r.code in specs.rule_changes("cin", "2026-27")
    }
    assert {c for c, s in new.items() if s is Severity.QUERY} == {"8995Q", "9000Q", "9010Q", "9015Q"}
    assert len(new) == 12
