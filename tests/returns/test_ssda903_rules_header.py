"""SSDA903 Header, UASC and PrevPerm rules and the year-to-year Header checks: known answers.

Each case runs only the rule under test over one return (2025-26: 1 April 2025 to 31 March
2026) and says whether it fails. Cases come from the DfE logic text where the rule list has
it (209, 231, 301, 303, 444, 633), else from the message, fields and notes, with the
boundaries and blanks each reading turns on (docs/returns.md, "Header, UASC and PrevPerm").
"""

from __future__ import annotations

import pytest

from continuum.returns.report import Report
from continuum.returns.ssda903 import REGISTRY, RULESETS, validate_903_tables
from continuum.returns.ssda903.engine import NO_PREVIOUS, needs_previous
from tests.returns.ssda903_rows import Rows, ret, row
from tests.returns.ssda903_rows import episode as ep
from tests.returns.ssda903_rows import header as hd

YEAR = "2025-26"


def _run(code: str, current: Rows, last: Rows | None = None) -> Report:
    return validate_903_tables(ret(current, last), RULESETS[YEAR].only(code))


def _hdr(**kw: str | None) -> Rows:
    return {"header": [hd(**kw)], "episodes": [ep()]}


def _uasc(**kw: str | None) -> Rows:
    return {
        "header": [hd(DOB="01/01/2010")],
        "episodes": [ep()],
        "uasc": [row(**{"DOB": "01/01/2010", "SEX": "F", **kw})],
    }


def _pp(**kw: str | None) -> Rows:
    return {"episodes": [ep()], "prev_perm": [row(**kw)]}


def _last(**kw: str | None) -> Rows:
    return {"header": [hd(**kw)]}


#: (code, case name, this year, last year or None, fails?)
CASES: list[tuple[str, str, Rows, Rows | None, bool]] = [
    # --- codes and dates -----------------------------------------------------------------
    ("101", "M", _hdr(SEX="M"), None, False),
    ("101", "U is a valid code", _hdr(SEX="U"), None, False),
    ("101", "old code 1", _hdr(SEX="1"), None, True),
    ("101", "blank", _hdr(SEX=None), None, True),
    ("101", "UASC row SEX invalid", _uasc(SEX="X"), None, True),
    ("102", "given", _hdr(), None, False),
    ("102", "blank in Header", _hdr(DOB=None), None, True),
    ("102", "mistyped year", _hdr(DOB="01/01/0212"), None, True),
    (
        "102",
        "blank in PrevPerm",
        {**_pp(PREV_PERM="Z1"), "prev_perm": [row(DOB=None, PREV_PERM="Z1")]},
        None,
        True,
    ),
    ("102", "blank in UASC", {**_uasc(), "uasc": [row(DOB=None, SEX="F")]}, None, True),
    ("103", "valid", _hdr(ETHNIC="REFU"), None, False),
    ("103", "invalid", _hdr(ETHNIC="WBR"), None, True),
    ("103", "blank", _hdr(ETHNIC=None), None, True),
    ("104", "blank (not ceased)", _uasc(DUC=None), None, False),
    ("104", "mistyped year", _uasc(DUC="01/01/0202"), None, True),
    ("105", "no UASC column (2025-26 CSV)", _hdr(), None, False),
    ("105", "0 and 1", {"header": [hd(UASC="0"), hd(CHILD="2", UASC="1")]}, None, False),
    ("105", "invalid code", _hdr(UASC="2"), None, True),
    ("105", "blank beside a given one", {"header": [hd(UASC="0"), hd(CHILD="2", UASC=None)]}, None, True),
    ("168", "UN5", _hdr(UPN="UN5"), None, False),
    ("168", "full UPN", _hdr(UPN="A123456789012"), None, False),
    ("168", "temporary UPN", _hdr(UPN="A12345678901B"), None, False),
    ("168", "blank (rule 442's)", _hdr(UPN=None), None, False),
    ("168", "UN6", _hdr(UPN="UN6"), None, True),
    ("168", "check letter I", _hdr(UPN="I123456789012"), None, True),
    ("168", "12 characters", _hdr(UPN="A12345678901"), None, True),
    ("171", "blank", _hdr(), None, False),
    ("171", "mistyped year", _hdr(MOTHER="1", MC_DOB="01/01/0025"), None, True),
    ("174", "female with MC_DOB", _hdr(MOTHER="1", MC_DOB="01/01/2025"), None, False),
    ("174", "male without MC_DOB", _hdr(SEX="M"), None, False),
    ("174", "male with MC_DOB", _hdr(SEX="M", MC_DOB="01/01/2025"), None, True),
    (
        "184",
        "on the day of birth",
        {**_hdr(), "placed_adoption": [row(DATE_PLACED="01/01/2012")]},
        None,
        False,
    ),
    ("184", "before birth", {**_hdr(), "placed_adoption": [row(DATE_PLACED="31/12/2011")]}, None, True),
    ("184", "blank", {**_hdr(), "placed_adoption": [row(DATE_PLACED=None)]}, None, False),
    # --- DOB and UPN ---------------------------------------------------------------------
    ("209", "4 on 31/08/2024 with UN1", _hdr(DOB="31/08/2020", UPN="UN1"), None, True),
    ("209", "4 on 01/09/2024 with UN1", _hdr(DOB="01/09/2020", UPN="UN1"), None, False),
    ("209", "school age with UN2", _hdr(UPN="UN2"), None, False),
    ("231", "UASC, 11 on 31 March", _uasc() | {"header": [hd(DOB="31/03/2015")]}, None, True),
    ("231", "UASC, 11 the day before", _uasc() | {"header": [hd(DOB="30/03/2015")]}, None, False),
    ("231", "not UASC, young", _hdr(DOB="01/01/2020"), None, False),
    ("231", "Header flag 1, young", _hdr(DOB="01/01/2020", UASC="1"), None, True),
    ("232", "F", _hdr(), None, False),
    ("232", "U", _hdr(SEX="U"), None, True),
    ("301", "born on 31 March", _hdr(DOB="31/03/2026"), None, False),
    ("301", "born on 1 April", _hdr(DOB="01/04/2026"), None, True),
    ("351", "25 on 1 April", _hdr(DOB="01/04/2000"), None, False),
    ("351", "25 on 31 March", _hdr(DOB="31/03/2000"), None, True),
    (
        "444",
        "two children, one UPN",
        {"header": [hd(UPN="A123456789012"), hd(CHILD="2", UPN="A123456789012")]},
        None,
        True,
    ),
    ("444", "two children, UN2 both", {"header": [hd(), hd(CHILD="2")]}, None, False),
    (
        "444",
        "one child, two header rows",
        {"header": [hd(UPN="A123456789012"), hd(UPN="A123456789012")]},
        None,
        False,
    ),
    ("EPI", "child with an episode", _hdr(), None, False),
    (
        "EPI",
        "care leaver in OC3",
        {"header": [hd(DOB="01/01/2006")], "oc3": [row(DOB="01/01/2006")]},
        None,
        False,
    ),
    ("EPI", "no episode, not in OC3", {"header": [hd()]}, None, True),
    # --- motherhood ----------------------------------------------------------------------
    ("611", "mother with MC_DOB", _hdr(MOTHER="1", MC_DOB="01/01/2025"), None, False),
    ("611", "mother without MC_DOB", _hdr(MOTHER="1"), None, True),
    ("612", "MC_DOB and MOTHER 0", _hdr(MOTHER="0", MC_DOB="01/01/2025"), None, True),
    ("612", "MC_DOB and MOTHER blank (393's)", _hdr(MOTHER=None, MC_DOB="01/01/2025"), None, False),
    ("612", "male (174's)", _hdr(SEX="M", MOTHER="0", MC_DOB="01/01/2025"), None, False),
    ("620", "11 on 1 April", _hdr(DOB="01/04/2014", MOTHER="1", MC_DOB="01/01/2026"), None, False),
    ("620", "11 on 2 April", _hdr(DOB="02/04/2014", MOTHER="1", MC_DOB="01/01/2026"), None, True),
    ("621", "same day as the mother", _hdr(MOTHER="1", MC_DOB="01/01/2012"), None, True),
    ("621", "a day later", _hdr(MOTHER="1", MC_DOB="02/01/2012"), None, False),
    # --- UASC ----------------------------------------------------------------------------
    ("303", "UASC row with DUC, no Header flag", _uasc(DUC="01/01/2026"), None, False),
    (
        "303",
        "DUC but Header flag 0",
        _uasc(DUC="01/01/2026") | {"header": [hd(DOB="01/01/2010", UASC="0")]},
        None,
        True,
    ),
    (
        "304",
        "ceased on the 18th birthday",
        _uasc(DUC="01/01/2028") | {"header": [hd(DOB="01/01/2010")]},
        None,
        False,
    ),
    (
        "304",
        "ceased the day after",
        {**_uasc(), "uasc": [row(DOB="01/01/2008", SEX="F", DUC="02/01/2026")]},
        None,
        True,
    ),
    # --- PrevPerm ------------------------------------------------------------------------
    ("631", "P1", _pp(PREV_PERM="P1", LA_PERM="302", DATE_PERM="01/01/2020"), None, False),
    ("631", "invalid", _pp(PREV_PERM="P5"), None, True),
    ("631", "blank", _pp(PREV_PERM=None), None, True),
    ("633", "English LA", _pp(PREV_PERM="P1", LA_PERM="909"), None, False),
    ("633", "Wales", _pp(PREV_PERM="P1", LA_PERM="WAL"), None, False),
    ("633", "blank", _pp(PREV_PERM="P1"), None, False),
    ("633", "not an LA number", _pp(PREV_PERM="P1", LA_PERM="123"), None, True),
    ("635", "Z1 alone", _pp(PREV_PERM="Z1"), None, False),
    ("635", "Z1 with an LA", _pp(PREV_PERM="Z1", LA_PERM="302"), None, True),
    ("635", "Z1 with a date", _pp(PREV_PERM="Z1", DATE_PERM="01/01/2020"), None, True),
    ("635", "P2 with both", _pp(PREV_PERM="P2", LA_PERM="302", DATE_PERM="01/01/2020"), None, False),
    # --- this year against last year ----------------------------------------------------
    ("202", "same", _hdr(), _last(), False),
    ("202", "F then M", _hdr(SEX="M"), _last(), True),
    ("202", "old code 2 then F", _hdr(), _last(SEX="2"), False),
    ("202", "child not in last year's file", _hdr(SEX="M"), _last(CHILD="9"), False),
    ("203", "DOB changed", _hdr(DOB="02/01/2012"), _last(), True),
    ("203", "DOB blank last year", _hdr(), _last(DOB=None), False),
    ("204", "ETHNIC changed", _hdr(ETHNIC="WIRI"), _last(), True),
    ("204", "same", _hdr(), _last(), False),
    ("208", "UPN became known", _hdr(UPN="A123456789012"), _last(UPN="UN4"), False),
    ("208", "UN1 to UN2", _hdr(UPN="UN2"), _last(UPN="UN1"), False),
    ("208", "UN2 to UN1", _hdr(UPN="UN1"), _last(UPN="UN2"), True),
    ("208", "known UPN changed", _hdr(UPN="A123456789012"), _last(UPN="B123456789012"), True),
    ("208", "known UPN turned unknown", _hdr(UPN="UN5"), _last(UPN="B123456789012"), True),
    ("208", "case only", _hdr(UPN="A12345678901B"), _last(UPN="a12345678901b"), False),
    (
        "624",
        "MC_DOB changed",
        _hdr(MOTHER="1", MC_DOB="02/01/2025"),
        _last(MOTHER="1", MC_DOB="01/01/2025"),
        True,
    ),
    ("624", "MC_DOB blank this year", _hdr(), _last(MOTHER="1", MC_DOB="01/01/2025"), False),
    ("624", "first recorded this year", _hdr(MOTHER="1", MC_DOB="01/01/2026"), _last(), False),
    (
        "626",
        "born before 1 April, not a mother last year",
        _hdr(MOTHER="1", MC_DOB="31/03/2025"),
        _last(),
        True,
    ),
    ("626", "born on 1 April", _hdr(MOTHER="1", MC_DOB="01/04/2025"), _last(), False),
    (
        "626",
        "a mother last year too",
        _hdr(MOTHER="1", MC_DOB="31/03/2025"),
        _last(MOTHER="1", MC_DOB="31/03/2025"),
        False,
    ),
]

_U_NOW = {"header": [hd(DOB="01/01/2008")], "episodes": [ep()]}


def _uasc_years(
    duc: str | None, duc_last: str | None, *, now: bool = True, last: bool = True
) -> tuple[Rows, Rows]:
    """A child (18 on 1 January 2026) UASC this year and/or last, with the DUC of each year."""
    this_year: Rows = dict(_U_NOW)
    last_year: Rows = {"header": [hd(DOB="01/01/2008")]}
    if now:
        this_year["uasc"] = [row(DOB="01/01/2008", SEX="F", DUC=duc)]
    if last:
        last_year["uasc"] = [row(DOB="01/01/2008", SEX="F", DUC=duc_last)]
    return this_year, last_year


def _u(code: str, name: str, years: tuple[Rows, Rows], fails: bool) -> tuple[str, str, Rows, Rows, bool]:
    return (code, name, years[0], years[1], fails)


CASES += [
    _u("205A", "ceased last year", _uasc_years(None, "01/06/2024", now=False), False),
    _u("205A", "ceased on last year's 1 April", _uasc_years(None, "01/04/2024", now=False), False),
    _u("205A", "ceased before last year", _uasc_years(None, "31/03/2024", now=False), True),
    _u("205A", "never ceased", _uasc_years(None, None, now=False), True),
    _u("205A", "UASC both years (205B's)", _uasc_years(None, None), False),
    _u("205B", "ceases this year", _uasc_years("01/01/2026", None), False),
    _u("205B", "still UASC", _uasc_years(None, None), False),
    _u("205B", "ceased last year", _uasc_years("01/06/2024", "01/06/2024"), True),
    _u("205B", "this year's DUC before 1 April", _uasc_years("31/03/2025", None), True),
    _u(
        "205C",
        "flag 0 both years, DUC this year",
        (
            {**_uasc_years("01/01/2026", None)[0], "header": [hd(DOB="01/01/2008", UASC="0")]},
            {"header": [hd(DOB="01/01/2008", UASC="0")]},
        ),
        True,
    ),
    _u(
        "205C",
        "flag 0 both years, no DUC",
        (
            {"header": [hd(DOB="01/01/2008", UASC="0")], "episodes": [ep()]},
            {"header": [hd(DOB="01/01/2008", UASC="0")]},
        ),
        False,
    ),
    _u("205C", "UASC row this year (status 1)", _uasc_years("01/01/2026", None, last=False), False),
    _u("205D", "UASC this year, not last", _uasc_years(None, None, last=False), True),
    _u("205D", "UASC both years", _uasc_years(None, None), False),
    _u("205D", "new child this year", (_uasc_years(None, None)[0], _last(CHILD="9")), False),
]


@pytest.mark.parametrize(
    ("code", "name", "current", "last", "fails"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_known_answer(code: str, name: str, current: Rows, last: Rows | None, fails: bool) -> None:
    report = _run(code, current, last)
    assert code not in report.not_checked
    assert (code in report.codes()) is fails, report.summary_text()


MINE = {c[0] for c in CASES}


def test_every_rule_here_has_a_failing_and_a_passing_case() -> None:
    assert {c[0] for c in CASES if c[4]} == MINE == {c[0] for c in CASES if not c[4]}
    assert len(MINE) == 35


#: code -> (case name, table, line, field) of the row it must report.
WHERE = {
    "102": ("blank in PrevPerm", "prev_perm", 2, "DOB"),
    "101": ("UASC row SEX invalid", "uasc", 2, "SEX"),
    "184": ("before birth", "placed_adoption", 2, "DATE_PLACED, DOB"),
    "205B": ("ceased last year", "uasc", 2, "DUC, UASC"),
    "205D": ("UASC this year, not last", "header", 2, "CHILD, UASC"),
    "444": ("two children, one UPN", "header", 3, "UPN"),
    "635": ("Z1 with an LA", "prev_perm", 2, "DATE_PERM, LA_PERM, PREV_PERM"),
    "208": ("known UPN changed", "header", 2, "UPN"),
}


@pytest.mark.parametrize("code", sorted(MINE))
def test_every_failure_names_its_table_row_and_column(code: str) -> None:
    name, table, line, field = WHERE.get(code, (None, None, None, None))
    case = next(c for c in CASES if c[0] == code and c[4] and (name is None or c[1] == name))
    failures = [f for f in _run(code, case[2], case[3]).iter_failures() if f.rule == code]
    assert failures
    for f in failures:
        assert f.table
        assert f.line
        assert f.field
        assert f.element
    if table is not None:
        assert (failures[-1].table, failures[-1].line, failures[-1].field) == (table, line, field)


def test_year_to_year_rules_are_not_checked_without_last_years_return() -> None:
    """Without --previous they are listed as not checked (never passed); with it, they run."""
    compare = {"202", "203", "204", "205A", "205B", "205C", "205D", "208", "624", "626"}
    assert {c for c in MINE if needs_previous(REGISTRY[c])} == compare
    report = validate_903_tables(ret(_hdr(SEX="M")), RULESETS[YEAR].only(*compare))
    assert {c: w for c, w in report.not_checked.items() if c in compare} == dict.fromkeys(
        compare, NO_PREVIOUS
    )
    assert not compare & set(report.rules)
    checked = validate_903_tables(ret(_hdr(SEX="M"), _last()), RULESETS[YEAR].only(*compare))
    assert checked.codes() == {"202"}
    assert not checked.not_checked
