"""Known answers for the AD1, PlacedAdoption and OC2 rules (``rules/adoption.py``, ``rules/oc2.py``).

``CASES`` holds one failing and one passing return per rule (the coverage test in
``test_ssda903_known_answers.py`` counts them); ``EDGES`` adds the boundaries the DfE text
and our readings turn on (same-day dates, birthdays on 1 April / 31 March, open decisions,
blank optional items, last year's return absent). Only the rule under test is run.

Collection year 2025-26: 1 April 2025 to 31 March 2026; the baseline child is born
1 January 2012 (13 at 31 March 2026).
"""

from __future__ import annotations

import pytest

from continuum.returns.ssda903 import RULESETS, validate_903_tables
from tests.returns.ssda903_rows import Rows, ret, row
from tests.returns.ssda903_rows import episode as ep
from tests.returns.ssda903_rows import header as hd
from tests.returns.test_ssda903_known_answers import Pair

YEAR = "2025-26"

#: A complete, consistent AD1 row: a married different-sex couple.
_AD1 = {
    "DATE_INT": "01/03/2025",
    "DATE_MATCH": "01/04/2025",
    "FOSTER_CARE": "0",
    "NB_ADOPTR": "2",
    "SEX_ADOPTR": "MF",
    "LS_ADOPTR": "L11",
}
_CORE = {"IMMUNISATIONS": "1", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0"}
#: Looked after continuously for 12 months at 31 March 2026.
_CLA12 = ep(DECOM="01/03/2025")
#: Last year's return loaded: the child's Header and an episode open at 31 March 2025.
_LAST_YEAR: Rows = {"header": [hd()], "episodes": [ep(DECOM="01/05/2024")]}


def _ad1(**kw: str | None) -> Rows:
    return {"ad1": [row(**{**_AD1, **kw})]}


def _pa(*decisions: tuple[str | None, str | None, str | None]) -> list[dict[str, str | None]]:
    """PlacedAdoption rows from (DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED)."""
    return [row(DATE_PLACED=d, DATE_PLACED_CEASED=c, REASON_PLACED_CEASED=r) for d, c, r in decisions]


def _placed(*decisions: tuple[str | None, str | None, str | None]) -> Rows:
    return {"placed_adoption": _pa(*decisions)}


def _last(*decisions: tuple[str | None, str | None, str | None]) -> Rows:
    return {**_LAST_YEAR, "placed_adoption": _pa(*decisions)}


def _oc2(**kw: str | None) -> Rows:
    return {"oc2": [row(**kw)]}


_OPEN = ("01/06/2025", None, None)
_CEASED = ("01/06/2024", "01/09/2024", "RD1")

CASES: dict[str, Pair] = {
    # --- AD1 codes and dates ------------------------------------------------------------
    "112": Pair(_ad1(DATE_INT="01/03/0025"), _ad1()),
    "113": Pair(_ad1(DATE_MATCH="01/04/3025"), _ad1()),
    "114": Pair(_ad1(FOSTER_CARE="2"), _ad1(FOSTER_CARE="1")),
    "175": Pair(_ad1(NB_ADOPTR="3"), _ad1()),
    "176": Pair(_ad1(SEX_ADOPTR="XY"), _ad1()),
    "177": Pair(_ad1(LS_ADOPTR="L1"), _ad1()),
    "151": Pair(_ad1(FOSTER_CARE=None), {"ad1": [row()]}),
    "333": Pair(_ad1(DATE_INT="02/04/2025"), _ad1(DATE_INT="01/04/2025")),
    # --- adopters' number, sex and legal status ---------------------------------------------
    "511": Pair(_ad1(SEX_ADOPTR="F1", LS_ADOPTR="L0"), _ad1()),
    "514": Pair(_ad1(LS_ADOPTR="L0"), _ad1(NB_ADOPTR="1", SEX_ADOPTR="F1", LS_ADOPTR="L0")),
    "517": Pair(_ad1(SEX_ADOPTR="FF", LS_ADOPTR="L3"), _ad1(LS_ADOPTR="L3")),
    "518": Pair(_ad1(LS_ADOPTR="L4"), _ad1(SEX_ADOPTR="MM", LS_ADOPTR="L4")),
    "519": Pair(_ad1(NB_ADOPTR="1", SEX_ADOPTR="M1", LS_ADOPTR="L2"), _ad1(LS_ADOPTR="L2")),
    "520": Pair(_ad1(SEX_ADOPTR="FF"), _ad1()),
    "524": Pair(_ad1(LS_ADOPTR="L12"), _ad1(SEX_ADOPTR="FF", LS_ADOPTR="L12")),
    # --- AD1 with PlacedAdoption --------------------------------------------------------------
    "523": Pair(
        {**_ad1(), **_placed(("02/03/2025", None, None))}, {**_ad1(), **_placed(("01/03/2025", None, None))}
    ),
    "525": Pair(
        {**_ad1(), **_placed(("01/03/2025", "01/05/2025", "RD1"))},
        {"ad1": [row()], **_placed(("01/03/2025", "01/05/2025", "RD1"))},
    ),
    # --- PlacedAdoption ---------------------------------------------------------------------------
    "115": Pair(_placed((None, None, None)), _placed(_OPEN)),
    "116": Pair(_placed(("01/06/2025", "01/07/1025", "RD1")), _placed(("01/06/2025", "01/07/2025", "RD1"))),
    "119": Pair(_placed(("01/06/2025", "01/07/2025", None)), _placed(("01/06/2025", "01/07/2025", "RD2"))),
    "120": Pair(_placed(("01/06/2025", "01/07/2025", "RD9")), _placed(("01/06/2025", "01/07/2025", "RD4"))),
    "522": Pair(_placed(("02/07/2025", "01/07/2025", "RD1")), _placed(("01/07/2025", "01/07/2025", "RD1"))),
    "563": Pair(_placed((None, "01/07/2025", "RD1")), _placed(("01/06/2025", "01/07/2025", "RD1"))),
    "579": Pair(
        _placed(("01/05/2025", None, None), ("01/06/2025", None, None)),
        _placed(("01/05/2025", "01/06/2025", "RD1"), ("01/06/2025", None, None)),
    ),
    "583": Pair(
        _placed(("01/05/2025", None, None), ("01/06/2025", "01/07/2025", "RD1")),
        _placed(("01/05/2025", "20/05/2025", "RD1"), ("01/06/2025", "01/07/2025", "RD1")),
    ),
    "559": Pair(
        _placed(("01/02/2025", None, None)),
        _placed(("01/02/2025", None, None)),
        last=_LAST_YEAR,
        last_ok=_last(("01/02/2025", None, None)),
    ),
    "560": Pair(
        _placed(("02/02/2025", None, None)),
        _placed(("01/02/2025", None, None)),
        last=_last(("01/02/2025", None, None)),
    ),
    "561": Pair(
        _placed(("01/06/2024", None, None)),
        _placed(("01/06/2025", None, None)),
        last=_last(_CEASED),
    ),
    "584": Pair(
        _placed(("01/05/2024", None, None)),
        _placed(("02/06/2024", None, None)),
        last=_last(_CEASED),
    ),
    # --- OC2 ----------------------------------------------------------------------------------
    "180": Pair(_oc2(SDQ_SCORE="41"), _oc2(SDQ_SCORE="40")),
    "181": Pair(_oc2(**{**_CORE, "TEETH_CHECK": "2"}), _oc2(**_CORE)),
    "196": Pair(_oc2(SDQ_REASON="SDQ6"), _oc2(SDQ_REASON="SDQ5")),
    "182": Pair(_oc2(**{**_CORE, "HEALTH_ASSESSMENT": None}), _oc2()),
    "544": Pair(_oc2(CONVICTED="0", IMMUNISATIONS="1"), _oc2(CONVICTED="0", **_CORE)),
    "547": Pair(_oc2(HEALTH_CHECK="1", TEETH_CHECK="1"), _oc2(HEALTH_CHECK="1", **_CORE)),
    "158": Pair(
        _oc2(**{**_CORE, "SUBSTANCE_MISUSE": "1"}, INTERVENTION_RECEIVED="1", INTERVENTION_OFFERED="1"),
        _oc2(**{**_CORE, "SUBSTANCE_MISUSE": "1"}, INTERVENTION_RECEIVED="1"),
    ),
    "159": Pair(
        _oc2(**{**_CORE, "SUBSTANCE_MISUSE": "1"}, INTERVENTION_RECEIVED="0"),
        _oc2(**{**_CORE, "SUBSTANCE_MISUSE": "1"}, INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="1"),
    ),
    "192": Pair(
        _oc2(**{**_CORE, "SUBSTANCE_MISUSE": "1"}),
        _oc2(**{**_CORE, "SUBSTANCE_MISUSE": "1"}, INTERVENTION_RECEIVED="1"),
    ),
    "193": Pair(_oc2(**_CORE, INTERVENTION_OFFERED="1"), _oc2(**_CORE)),
    "197a": Pair(_oc2(SDQ_SCORE="12", SDQ_REASON="SDQ1"), _oc2(SDQ_SCORE="12")),
    "188": Pair(_oc2(DOB="01/04/2022", SDQ_REASON="SDQ1"), _oc2(DOB="31/03/2022", SDQ_REASON="SDQ1")),
    "189": Pair(_oc2(DOB="01/04/2008", SDQ_SCORE="10"), _oc2(DOB="02/04/2008", SDQ_SCORE="10")),
    "542": Pair(_oc2(DOB="01/04/2016", CONVICTED="0"), _oc2(DOB="31/03/2016", CONVICTED="0")),
    "545": Pair(
        {**_oc2(DOB="01/04/2021", **_CORE), "episodes": [_CLA12]},
        {**_oc2(DOB="31/03/2021", **_CORE), "episodes": [_CLA12]},
    ),
}


def _run(code: str, current: Rows, last: Rows | None = None) -> list[tuple[str, int, str]]:
    """(table, line, column) of each failure of rule ``code`` alone."""
    report = validate_903_tables(ret(current, last), RULESETS[YEAR].only(code))
    f = report.failures
    return sorted(zip(f["table"].to_pylist(), f["line"].to_pylist(), f["field"].to_pylist(), strict=True))


@pytest.mark.parametrize("code", sorted(CASES))
def test_known_answer(code: str) -> None:
    case = CASES[code]
    bad = _run(code, case.fail, case.last)
    good = _run(code, case.ok, case.last_ok if case.last_ok is not None else case.last)
    assert bad, f"{code} should fail"
    assert good == [], f"{code} should pass: {good}"


#: (rule, this year's rows, last year's rows, should fail): the edges of each reading.
EDGES: list[tuple[str, Rows, Rows | None, bool]] = [
    # Blank AD1 items are 151's, not the code rules'.
    ("112", _ad1(DATE_INT=None), None, False),
    ("175", _ad1(NB_ADOPTR=None), None, False),
    ("175", _ad1(NB_ADOPTR="0"), None, True),
    ("176", _ad1(SEX_ADOPTR=None), None, False),
    ("151", {"ad1": [row(DATE_MATCH="01/04/2025")]}, None, True),
    ("151", _ad1(), None, False),
    # 333: same day passes; DATE_MATCH with no DATE_INT fails; neither given passes.
    ("333", _ad1(DATE_INT="01/04/2025"), None, False),
    ("333", _ad1(DATE_INT=None), None, True),
    ("333", _ad1(DATE_INT=None, DATE_MATCH=None), None, False),
    # Adopters: each legal status with a consistent and an inconsistent sex code.
    ("514", _ad1(NB_ADOPTR="2", SEX_ADOPTR="F1", LS_ADOPTR="L0"), None, True),
    ("514", _ad1(NB_ADOPTR="1", SEX_ADOPTR="MM", LS_ADOPTR="L0"), None, True),
    ("517", _ad1(NB_ADOPTR="1", SEX_ADOPTR="M1", LS_ADOPTR="L3"), None, True),
    ("517", _ad1(SEX_ADOPTR=None, LS_ADOPTR="L3"), None, False),
    ("518", _ad1(SEX_ADOPTR="FF", LS_ADOPTR="L4"), None, False),
    ("518", _ad1(NB_ADOPTR="1", SEX_ADOPTR="F1", LS_ADOPTR="L4"), None, True),
    ("519", _ad1(SEX_ADOPTR="MM", LS_ADOPTR="L2"), None, False),
    ("519", _ad1(SEX_ADOPTR="MF", LS_ADOPTR="L2"), None, False),
    ("520", _ad1(SEX_ADOPTR="MM"), None, True),
    ("520", _ad1(NB_ADOPTR="1", SEX_ADOPTR="F1"), None, True),
    ("524", _ad1(SEX_ADOPTR="MM", LS_ADOPTR="L12"), None, False),
    ("511", _ad1(NB_ADOPTR="1", SEX_ADOPTR="F1", LS_ADOPTR="L0"), None, False),
    # 523: one of several decisions matching passes; no decision at all is not 523's.
    ("523", {**_ad1(), **_placed(_CEASED, ("01/03/2025", None, None))}, None, False),
    ("523", _ad1(), None, False),
    # 525: a new decision after the reversal lets the child be adopted.
    (
        "525",
        {**_ad1(), **_placed(("01/07/2024", "01/09/2024", "RD1"), ("01/03/2025", None, None))},
        None,
        False,
    ),
    ("525", {**_ad1(), **_placed(("01/03/2025", None, None))}, None, False),
    # PlacedAdoption: an open decision; the same day for 522 and 579.
    ("119", _placed(_OPEN), None, False),
    ("119", _placed(("01/06/2025", None, "RD1")), None, True),
    ("116", _placed(_OPEN), None, False),
    ("115", _placed(("01/06/1899", None, None)), None, True),
    ("579", _placed(("01/05/2025", "01/06/2025", "RD1"), ("31/05/2025", None, None)), None, True),
    ("579", _placed(_OPEN), None, False),
    ("583", _placed(("01/05/2025", "01/06/2025", "RD1"), ("01/06/2025", None, None)), None, False),
    ("583", _placed(_OPEN), None, False),
    # Year to year: without last year's return the rules pass; a child new this year passes 559.
    ("559", _placed(("01/02/2025", None, None)), None, False),
    ("559", _placed(("01/06/2025", None, None)), _LAST_YEAR, False),
    ("559", _placed(("31/03/2025", None, None)), _LAST_YEAR, True),
    ("560", _placed(("02/02/2025", None, None)), None, False),
    ("560", _placed(("02/02/2025", None, None)), _last(("01/02/2025", "01/03/2025", "RD1")), False),
    (
        "560",
        _placed(("01/02/2025", None, None), ("01/06/2025", None, None)),
        _last(("01/02/2025", None, None)),
        False,
    ),
    ("561", _placed(("01/06/2024", None, None)), _last(("01/06/2024", None, None)), False),
    ("561", _placed(("01/06/2024", None, None)), _last(("01/06/2024", None, "RD2")), True),
    ("584", _placed(("01/06/2024", None, None)), _last(_CEASED), True),
    ("584", _placed(("01/06/2025", None, None)), None, False),
    # OC2: blanks, boundaries and the cohort.
    ("180", _oc2(SDQ_SCORE="0"), None, False),
    ("180", _oc2(SDQ_SCORE="1.5"), None, True),
    ("180", _oc2(SDQ_SCORE="-1"), None, True),
    ("181", _oc2(), None, False),
    ("182", _oc2(SDQ_SCORE="12"), None, False),
    ("182", _oc2(CONVICTED="1"), None, True),
    ("193", _oc2(IMMUNISATIONS="1", INTERVENTION_RECEIVED="0"), None, True),
    (
        "193",
        _oc2(**{**_CORE, "SUBSTANCE_MISUSE": "1"}, INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="1"),
        None,
        False,
    ),
    ("159", _oc2(**_CORE, INTERVENTION_RECEIVED="0"), None, False),
    ("197a", _oc2(SDQ_REASON="SDQ2"), None, False),
    ("188", _oc2(DOB="31/03/2022", SDQ_SCORE="3"), None, False),
    ("188", _oc2(DOB="01/04/2022"), None, False),
    ("189", _oc2(DOB="01/04/2008"), None, False),
    ("542", _oc2(DOB="01/04/2016"), None, False),
    ("545", _oc2(DOB="01/04/2021", **_CORE), None, False),
    ("545", {**_oc2(DOB="01/04/2021", **_CORE, HEALTH_CHECK="0"), "episodes": [_CLA12]}, None, False),
    ("545", {**_oc2(DOB="01/04/2021", **_CORE), "episodes": [ep(DECOM="02/04/2025")]}, None, False),
]


@pytest.mark.parametrize(
    ("code", "current", "last", "fails"), EDGES, ids=[f"{e[0]}-{i}" for i, e in enumerate(EDGES)]
)
def test_edge(code: str, current: Rows, last: Rows | None, fails: bool) -> None:
    assert bool(_run(code, current, last)) is fails


def test_failures_name_table_row_and_column() -> None:
    """Each failure names its table, line and column: the blank item for 151 and 182, the
    wrong item for 181, both rows of a mismatch (523) and of an adopted reversed child (525)."""
    assert _run("151", _ad1(FOSTER_CARE=None, LS_ADOPTR=None)) == [
        ("ad1", 2, "FOSTER_CARE"),
        ("ad1", 2, "LS_ADOPTR"),
    ]
    assert _run(
        "182", {"oc2": [row(**_CORE), row(CHILD="2", CONVICTED="1", **{**_CORE, "TEETH_CHECK": None})]}
    ) == [("oc2", 3, "TEETH_CHECK")]
    assert _run("181", _oc2(**{**_CORE, "IMMUNISATIONS": "Y"}, CONVICTED="2")) == [
        ("oc2", 2, "CONVICTED"),
        ("oc2", 2, "IMMUNISATIONS"),
    ]
    assert _run("523", {**_ad1(), **_placed(("02/03/2025", None, None))}) == [
        ("ad1", 2, "DATE_INT"),
        ("placed_adoption", 2, "DATE_PLACED"),
    ]
    assert [
        (t, n) for t, n, _ in _run("525", {**_ad1(), **_placed(("01/03/2025", "01/05/2025", "RD1"))})
    ] == [
        ("ad1", 2),
        ("placed_adoption", 2),
    ]
    assert _run("119", _placed(_OPEN, ("01/06/2025", None, "RD1"))) == [
        ("placed_adoption", 3, "DATE_PLACED_CEASED")
    ]
    # 579 reports the later decision, 583 the earlier unrevoked one.
    two = _placed(("01/05/2025", None, None), ("01/06/2025", None, None))
    assert [n for _, n, _ in _run("579", two)] == [3]
    assert [n for _, n, _ in _run("583", two)] == [2]
    assert _run("175", _ad1(NB_ADOPTR="3")) == [("ad1", 2, "NB_ADOPTR")]
