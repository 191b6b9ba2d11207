"""Last year's return loaded in part: the rules reading a file of it that was not given are "not
checked", never failed (issue 13 point 2: rules needing inputs a return does not carry say so).

A council often has last year's Header and Episodes to hand and not the rest; an absent file
reads as an empty table, so "was this child UASC last year?" asked of an absent UASC file made
every UASC child a failure of 205D (70 false errors on the demo borough's return).
"""

from __future__ import annotations

from continuum.returns.ssda903 import validate_903_tables
from continuum.returns.ssda903.engine import NO_PREVIOUS, last_year_tables
from continuum.returns.ssda903.rulesets import RULESETS
from tests.returns.ssda903_rows import ret
from tests.returns.test_ssda903_rules_header import _uasc_years

YEAR = "2025-26"


def _report(*, without: tuple[str, ...] = (), last: bool = True):  # type: ignore[no-untyped-def]
    """205D's child (UASC this year, not last) with last year's files but ``without``."""
    this_year, last_year = _uasc_years(None, None, last=False)
    tables = ret(this_year, last_year if last else None)
    for name in without:
        del tables.files[f"{name}_last"]
    return validate_903_tables(tables, RULESETS[YEAR].only("205D", "559", "101"))


def test_a_rule_reading_a_file_not_given_is_not_checked() -> None:
    report = _report(without=("uasc", "placed_adoption"))
    assert report.not_checked["205D"] == "last year's UASC file not loaded (--previous)"
    assert report.not_checked["559"] == "last year's PlacedAdoption file not loaded (--previous)"
    assert "205D" not in report.failures["rule"].to_pylist()
    assert "101" in report.rules  # a rule reading this year's files only still runs


def test_a_file_given_empty_is_loaded_and_the_rule_runs() -> None:
    report = _report()  # last year's UASC given, with no rows: the child was not UASC last year
    assert "205D" not in report.not_checked
    assert report.failures["rule"].to_pylist().count("205D") == 1


def test_without_last_years_return_the_rules_keep_their_own_reasons() -> None:
    report = _report(last=False)
    assert "205D" in report.rules or report.not_checked.get("205D") == NO_PREVIOUS
    assert not any("file not loaded" in why for why in report.not_checked.values())


def test_last_year_tables_read_through_the_derived_ones() -> None:
    rules = {r.code: r for r in RULESETS[YEAR].rules}
    assert last_year_tables(rules["205D"]) >= {"uasc", "header"}  # hdr_last is built from Header
    assert last_year_tables(rules["101"]) == set()


def test_the_upload_page_names_its_own_field_not_the_commands_option() -> None:
    from continuum.web.returns.jobs import _in_web_words

    assert _in_web_words("last year's UASC file not loaded (--previous)") == (
        "last year’s UASC file was not uploaded (‘Last year’s SSDA903 files’ on the upload page)"
    )
