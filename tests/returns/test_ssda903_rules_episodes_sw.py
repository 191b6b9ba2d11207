"""SSDA903 known answers: the social worker rules, 233/234/348/454, the postcode rules, the fixed
interpretations (546, the 12-month cohort, 357, 218, 1007) and the rules changed for 2025-26.

Collection year 2025-26 (1 April 2025 to 31 March 2026). The baseline child
(``ssda903_rows``) is a girl born 1 January 2012 in one open foster episode
(U1, own provision, URN SC123456) from 1 May 2025, home AB1 2CD, placed at AB3 4EF.
The postcode rules run with a tiny ONSPD-like directory written by the test.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from continuum.cli import main
from continuum.returns.report import ReturnFileError
from continuum.returns.ssda903 import RULESETS, validate_903_tables
from continuum.returns.ssda903.engine import NO_POSTCODES
from continuum.returns.ssda903.rules.postcodes import NEEDS_POSTCODES, read_postcodes
from continuum.returns.ssda903.schema import TABLES
from tests.returns.ssda903_rows import Rows, ret, row
from tests.returns.ssda903_rows import episode as ep
from tests.returns.ssda903_rows import header as hd

YEAR = "2025-26"

#: pcds, oslaua, ctry, lat, long (as in the ONSPD, plus columns the reader skips).
_DIRECTORY = [
    ("AB1 2CD", "E09000003", "E92000001", "51.60", "-0.20"),  # home, the authority's own area
    ("AB3 4EF", "E09000003", "E92000001", "51.65", "-0.20"),  # 3.5 miles away, same area
    ("CD1 1AA", "E09000010", "E92000001", "51.50", "0.00"),  # another London borough
    ("CF1 1AA", "W06000015", "W92000004", "51.48", "-3.18"),  # Cardiff
    ("ZE1 0AA", "S12000027", "S92000003", "60.15", "-1.14"),  # Shetland, about 590 miles
    ("GY1 1AA", "L99999999", "L93000001", "99.999999", "0.000000"),  # Guernsey, no location
]


def write_directory(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["pcd", "pcd2", "pcds", "dointr", "doterm", "oslaua", "osward", "ctry", "lat", "long"])
        for pcds, la, ctry, lat, lon in _DIRECTORY:
            w.writerow([pcds.replace(" ", ""), pcds, pcds, "198001", "", la, "E05000001", ctry, lat, lon])
    return path


@pytest.fixture(scope="module")
def postcodes(tmp_path_factory: pytest.TempPathFactory):
    return read_postcodes(write_directory(tmp_path_factory.mktemp("onspd") / "ONSPD.csv"))


@dataclass(frozen=True)
class Case:
    """A failing and a passing return (``last``: last year's rows for both sides)."""

    fail: Rows
    ok: Rows
    last: Rows | None = None


def _eps(*rows: dict[str, str | None]) -> Rows:
    return {"episodes": list(rows)}


def _sw(*rows: dict[str, str | None]) -> Rows:
    """Social worker episodes of the baseline child, still looked after at 31 March."""
    return {"episodes": [ep()], "social_worker": list(rows)}


def _swr(**kw: str | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {"SW_ID": "SW1", "SW_DECOM": "01/04/2025", "SW_REASON": "FCONTA"}
    out.update(kw)
    return row(**out)


_LEFT = ep(DEC="01/06/2025", REC="E8")
#: Looked after continuously since before 1 April 2025 (the 12-month cohort).
_CLA12 = ep(DECOM="01/03/2025")
_OC3 = {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}
#: A 17-year-old (birthday 1 June 2025) moved after the birthday and still looked after.
_AGED17 = {"header": [hd(DOB="01/06/2008")], "oc3": [row(DOB="01/06/2008", **_OC3)]}
#: Last year's return ends with the baseline placement open from 1 February 2025.
_OPEN_LAST = _eps(ep(DECOM="01/02/2025"))

CASES: dict[str, Case] = {
    # --- social worker episodes ---------------------------------------------------------
    "SW01aSTG1": Case(
        _sw(_swr(SW_ID=None, SW_DECOM="31/03/2023")), _sw(_swr(SW_DECOM="31/03/2023", SW_REASON=None))
    ),
    "SW01bSTG1": Case(_sw(_swr(SW_DEC="01/06/2025", SW_REASON=None)), _sw(_swr(SW_REASON=None))),
    "SW02STG1": Case(_sw(_swr(SW_ID="sw1")), _sw(_swr(SW_ID="XX1"))),
    "SW04STG1": Case(_sw(_swr(SW_DECOM=None)), _sw(_swr())),
    "SW05STG1": Case(
        _sw(_swr(SW_DEC="01/06/2125")), _sw(_swr(SW_DEC="01/06/2025"), _swr(SW_DECOM="01/06/2025"))
    ),
    "SW06STG2": Case(_sw(_swr(SW_DECOM="01/04/2026")), _sw(_swr(SW_DECOM="31/03/2026"))),
    "SW07STG2": Case(
        _sw(_swr(SW_DECOM="01/01/2025", SW_DEC="31/03/2025")),
        _sw(_swr(SW_DECOM="01/01/2025", SW_DEC="01/04/2025")),
    ),
    "SW08STG2": Case(
        _sw(_swr(), _swr(SW_DECOM="01/06/2025", SW_REASON="MANAGE")),
        _sw(_swr(SW_DEC="01/06/2025"), _swr(SW_DECOM="01/06/2025", SW_REASON="MANAGE")),
    ),
    "SW09STG2": Case(
        _sw(_swr(SW_DECOM="01/06/2025", SW_DEC="01/06/2025")),
        _sw(_swr(SW_DECOM="01/06/2025", SW_DEC="02/06/2025")),
    ),
    # exactly 7 days' overlap is tolerated, 8 is not
    "SW10STG2": Case(
        _sw(_swr(SW_DEC="20/06/2025"), _swr(SW_DECOM="12/06/2025", SW_REASON="MANAGE")),
        _sw(_swr(SW_DEC="20/06/2025"), _swr(SW_DECOM="13/06/2025", SW_REASON="MANAGE")),
    ),
    "SW11bSTG2": Case(
        _sw(_swr(SW_DEC="30/03/2026")),
        _sw(_swr(SW_DEC="30/03/2026"), _swr(SW_DECOM="30/03/2026", SW_REASON="LEFTRL")),
    ),
    "SW13STG1": Case(_sw(_swr(SW_REASON="BORED")), _sw(_swr(SW_REASON="MANAGE"))),
    "SW17STG2": Case(_sw(_swr(SW_DEC="31/03/2026")), _sw(_swr())),
    # --- episodes ----------------------------------------------------------------------
    "233": Case(
        _eps(ep(REASON_PLACE_CHANGE="CARPL")),
        _eps(
            ep(DEC="01/06/2025", REC="X1", REASON_PLACE_CHANGE="CARPL"),
            ep(DECOM="01/06/2025", RNE="P", PLACE="U3"),
        ),
    ),
    # 10th birthday on the day of the move: not under 10
    "234": Case(
        {
            "header": [hd(DOB="02/06/2015")],
            **_eps(
                ep(DEC="01/06/2025", REC="X1", REASON_PLACE_CHANGE="CUSTOD"),
                ep(DECOM="01/06/2025", RNE="P", PLACE="R5"),
            ),
        },
        {
            "header": [hd(DOB="01/06/2015")],
            **_eps(
                ep(DEC="01/06/2025", REC="X1", REASON_PLACE_CHANGE="CUSTOD"),
                ep(DECOM="01/06/2025", RNE="P", PLACE="R5"),
            ),
        },
    ),
    # the move into a temporary placement needs no reason (2025-26)
    "226": Case(
        _eps(
            ep(DEC="01/06/2025", REC="X1", REASON_PLACE_CHANGE="CARPL"),
            ep(DECOM="01/06/2025", RNE="P", PLACE="T1", PLACE_PROVIDER=None, PL_POST=None, URN=None),
        ),
        _eps(
            ep(DEC="01/06/2025", REC="X1"),
            ep(DECOM="01/06/2025", RNE="P", PLACE="T1", PLACE_PROVIDER=None, PL_POST=None, URN=None),
        ),
    ),
    # foster placements need a URN too; outside England they do not
    "218": Case(_eps(ep(URN=None)), _eps(ep(URN=None, PL_LA="WAL"))),
    # --- care leavers and the 12-month cohort ---------------------------------------------
    "348": Case(
        {"oc3": [row(**_OC3)]},
        {"oc3": [row(IN_TOUCH="DIED")]},
        {"oc3": [row(IN_TOUCH="DIED")]},
    ),
    "1007": Case(
        {
            **_AGED17,
            **_eps(
                ep(DECOM="01/02/2025", DEC="01/07/2025", REC="X1"),
                ep(DECOM="01/07/2025", RNE="P", PLACE="U3"),
            ),
        },
        {
            **_AGED17,
            **_eps(
                ep(DECOM="01/02/2025", DEC="01/07/2025", REC="X1"),
                ep(DECOM="01/07/2025", RNE="P", PLACE="U3", DEC="01/09/2025", REC="E8"),
            ),
        },
    ),
    # 5 on 31 March exactly; outside the cohort the rule does not apply
    "546": Case(
        {"header": [hd(DOB="31/03/2021")], "oc2": [row(DOB="31/03/2021", HEALTH_CHECK="1")], **_eps(_CLA12)},
        {"header": [hd(DOB="31/03/2021")], "oc2": [row(DOB="31/03/2021", HEALTH_CHECK="1")], **_eps(ep())},
    ),
    # --- needing the postcode directory ----------------------------------------------------
    "164": Case(_eps(ep(PL_POST="ZZ9 9ZZ")), _eps(ep())),
    "392a": Case(_eps(ep(HOME_POST="ZZ9 9ZZ")), _eps(ep())),
    # over 350 miles fails; 999.9 is "not known"
    "454": Case(_eps(ep(PL_POST="ZE1 0AA")), _eps(ep(PL_POST="ZE1 0AA", PL_DISTANCE="999.9"))),
    "406": Case(
        {"uasc": [row(SEX="F")], **_eps(ep(PL_DISTANCE="5"))}, {"uasc": [row(SEX="F")], **_eps(ep())}
    ),
    "169": Case(_eps(ep(PL_POST="ZZ9 9ZZ")), _eps(ep(PL_POST="CF1 1AA"))),
    "179": Case(_eps(ep(PL_LOCATION="UP")), _eps(ep())),
    "411": Case(_eps(ep(PL_LOCATION="OUT")), _eps(ep(PL_POST="CD1 1AA", PL_LOCATION="OUT"))),
    "420": Case(_eps(ep(LS="V3", PL_LA="E09000003")), _eps(ep(LS="V3"))),
    "1015": Case(_eps(ep(PLACE="K2", PL_POST="CD1 1AA")), _eps(ep(PL_POST="CD1 1AA"))),
    "452": Case(_eps(ep(DECOM="01/02/2025", PL_POST="CD1 1AA")), _eps(ep(DECOM="01/02/2025")), _OPEN_LAST),
    "453": Case(_eps(ep(DECOM="01/02/2025", PL_POST="CD1 1AA")), _eps(ep(DECOM="01/02/2025")), _OPEN_LAST),
    "503G": Case(_eps(ep(DECOM="01/02/2025", PL_POST="CD1 1AA")), _eps(ep(DECOM="01/02/2025")), _OPEN_LAST),
    "503H": Case(_eps(ep(DECOM="01/02/2025", PL_POST="CF1 1AA")), _eps(ep(DECOM="01/02/2025")), _OPEN_LAST),
    "503J": Case(_eps(ep(DECOM="01/02/2025", PL_POST="CD1 1AA")), _eps(ep(DECOM="01/02/2025")), _OPEN_LAST),
}


def _run(code: str, data: Rows, last: Rows | None = None, postcodes=None) -> set[str]:
    report = validate_903_tables(ret(data, last), RULESETS[YEAR].only(code), postcodes=postcodes)
    return report.codes()


@pytest.mark.parametrize("code", sorted(CASES))
def test_known_answer(code: str, postcodes) -> None:
    case = CASES[code]
    directory = postcodes if code in NEEDS_POSTCODES else None
    assert _run(code, case.fail, case.last, directory) == {code}, f"{code} should fail"
    assert _run(code, case.ok, case.last, directory) == set(), f"{code} should pass"


def test_every_failure_names_table_row_and_column(postcodes) -> None:
    for code, case in CASES.items():
        report = validate_903_tables(
            ret(case.fail, case.last), RULESETS[YEAR].only(code), postcodes=postcodes
        )
        for f in report.failures.to_pylist():
            assert f["table"], (code, f)
            assert f["line"], (code, f)
            assert f["field"], (code, f)


# --- the postcode directory -----------------------------------------------------------


def test_without_a_directory_the_postcode_rules_are_not_checked() -> None:
    report = validate_903_tables(ret(CASES["454"].fail), RULESETS[YEAR])
    assert "454" not in report.codes()
    assert {c for c, why in report.not_checked.items() if why == NO_POSTCODES} == NEEDS_POSTCODES
    assert {"164", "169", "179", "392a", "406", "411", "420", "452", "453", "454", "1015"} <= NEEDS_POSTCODES


def test_454_boundary_is_350_miles(postcodes) -> None:
    assert _run("454", _eps(ep(PL_DISTANCE="350")), postcodes=postcodes) == set()
    assert _run("454", _eps(ep(PL_DISTANCE="350.1")), postcodes=postcodes) == {"454"}


def test_distance_is_derived_in_miles(postcodes) -> None:
    """AB1 2CD to AB3 4EF is 0.05 degrees of latitude: 3.5 miles (the file's value wins when given)."""
    ok = _eps(ep(DECOM="01/02/2025", PL_DISTANCE="3.5"))
    assert _run("453", ok, _OPEN_LAST, postcodes) == set()
    assert _run("453", _eps(ep(DECOM="01/02/2025", PL_DISTANCE="3.6")), _OPEN_LAST, postcodes) == {"453"}


def test_218_exempts_a_placement_in_wales_found_in_the_directory(postcodes) -> None:
    wales = _eps(ep(URN=None, PL_POST="CF1 1AA"))
    assert _run("218", wales) == {"218"}  # no directory: PL_LA unknown, a URN is due
    assert _run("218", wales, postcodes=postcodes) == set()


def test_392c_with_a_directory_needs_a_real_postcode(postcodes) -> None:
    made_up = _eps(ep(PL_POST="AB9 9ZZ"))
    assert _run("392c", made_up) == set()  # valid in form
    assert _run("392c", made_up, postcodes=postcodes) == {"392c"}
    assert _run("392c", _eps(ep(PL_POST="ab3 4ef")), postcodes=postcodes) == set()


def test_read_postcodes(postcodes, tmp_path: Path) -> None:
    assert postcodes.num_rows == len(_DIRECTORY)
    got = {r["pcd"]: r for r in postcodes.to_pylist()}
    assert got["AB12CD"]["la"] == "E09000003"
    assert got["GY11AA"]["lat"] is None
    bad = tmp_path / "bad.csv"
    bad.write_text("postcode,la\nAB1 2CD,E09000003\n", encoding="utf-8")
    with pytest.raises(ReturnFileError, match="no column pcds, oslaua, ctry, lat, long"):
        read_postcodes(bad)


def test_cli_postcodes_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "903"
    folder.mkdir()
    data = {"header": [hd()], "episodes": [ep(PL_POST="ZE1 0AA")], "prev_perm": [row(PREV_PERM="Z1")],
            "social_worker": [_swr()]}  # fmt: skip
    files = []
    for name, rows in data.items():
        cols = [c.name for c in TABLES[name].required]
        path = folder / f"903_{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            for r in rows:
                w.writerow([r.get(c) or "" for c in cols])
        files.append(str(path))
    directory = write_directory(tmp_path / "ONSPD.csv")
    assert main(["returns", "validate", *files]) in (0, 1)
    assert "no postcode directory supplied (--postcodes)" in capsys.readouterr().out
    main(["returns", "validate", *files, "--postcodes", str(directory)])
    out = capsys.readouterr().out
    assert "454" in out
    assert "no postcode directory" not in out
    assert main(["returns", "validate", *files, "--postcodes", str(tmp_path / "missing.csv")]) == 2


# --- interpretation fixes and 2025-26 changes: edges --------------------------------------


def test_cohort_ignores_an_earlier_short_break() -> None:
    """Short breaks from February, then care (RNE L) from June: not 12 months' care at 31 March."""
    oc2 = {"oc2": [row(SDQ_SCORE="10")]}
    breaks_then_care = _eps(ep(DECOM="01/02/2025", LS="V3", DEC="01/06/2025", REC="X1", PLACE_PROVIDER=None),
                            ep(DECOM="01/06/2025", RNE="L"))  # fmt: skip
    assert _run("185", {**oc2, **breaks_then_care}) == {"185"}
    care_then_care = _eps(ep(DECOM="01/02/2025", DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="L"))
    assert _run("185", {**oc2, **care_then_care}) == set()
    # a gap (left care, came back) breaks the 12 months
    left_and_back = _eps(ep(DECOM="01/02/2025", DEC="01/06/2025", REC="E8"), ep(DECOM="02/06/2025"))
    assert _run("185", {**oc2, **left_and_back}) == {"185"}


def test_357_carried_over_first_episode_without_last_year() -> None:
    carried = _eps(ep(DECOM="01/02/2025", RNE="P"))
    assert _run("357", carried) == set()  # its earlier episodes are in last year's file
    assert _run("357", carried, _eps(ep(CHILD="2", DECOM="01/02/2025"))) == {"357"}
    assert _run("357", _eps(ep(DECOM="01/04/2025", RNE="P"))) == {"357"}  # starts in the year


def test_1007_only_while_still_looked_after() -> None:
    aged19 = {"header": [hd(DOB="01/03/2007")], "oc3": [row(DOB="01/03/2007", **_OC3)], **_eps(ep())}
    assert _run("1007", aged19) == set()


def test_sw10_first_contact_and_same_day() -> None:
    overlap = _sw(_swr(SW_DEC="20/06/2025"), _swr(SW_DECOM="01/06/2025"))  # second is FCONTA
    assert _run("SW10STG2", overlap) == set()
    same_day = _sw(_swr(SW_DEC="20/06/2025"), _swr(SW_DECOM="20/06/2025", SW_REASON="MANAGE"))
    assert _run("SW10STG2", same_day) == set()


def test_sw_rules_at_31_march_ask_only_children_still_looked_after() -> None:
    ended = {**_sw(_swr(SW_DEC="01/06/2025")), **_eps(_LEFT)}
    assert _run("SW17STG2", ended) == set()
    assert _run("SW11bSTG2", ended) == set()


def test_sw01b_starts_on_1_april_2023() -> None:
    ended = {"SW_DEC": "01/06/2025", "SW_REASON": None}
    assert _run("SW01bSTG1", _sw(_swr(SW_DECOM="31/03/2023", **ended))) == set()
    assert _run("SW01bSTG1", _sw(_swr(SW_DECOM="01/04/2023", **ended))) == {"SW01bSTG1"}
    assert _run("SW01bSTG1", _sw(_swr(SW_ID=None))) == {"SW01bSTG1"}


def test_z1_split_into_z11_z14() -> None:
    assert _run("146", _eps(ep(PLACE="Z1", DECOM="01/04/2025"))) == {"146"}
    assert _run("146", _eps(ep(PLACE="Z1", DECOM="31/03/2025"))) == set()  # began before the split
    assert _run("178", _eps(ep(PLACE="Z11"))) == {"178"}  # provider given for Z11
    assert _run("178", _eps(ep(PLACE="T4"))) == set()  # T4 is not in 178's list (213 has it)
    assert _run("213", _eps(ep(PLACE="Z12"))) == {"213"}
    assert _run("526", _eps(ep(PLACE="Z13", PLACE_PROVIDER=None))) == set()
    assert _run("526", _eps(ep(PLACE="Z1", DECOM="01/03/2025", PLACE_PROVIDER=None))) == set()
    assert _run("526", _eps(ep(PLACE="K3", PLACE_PROVIDER=None))) == {"526"}
    z1 = _eps(ep(PLACE="Z1", DECOM="01/03/2025", PLACE_PROVIDER=None, PL_POST=None, URN=None))
    assert _run("218", z1) == set()  # 214 forbids it a URN
    assert _run("214", z1) == set()
    assert _run("222", _eps(ep(PLACE="Z14"))) == {"222"}


def test_503d_h5_to_k3_allowed_in_2025_26_only() -> None:
    last = _eps(ep(DECOM="01/02/2025", PLACE="H5"))
    assert _run("503D", _eps(ep(DECOM="01/02/2025", PLACE="K3")), last) == set()
    assert _run("503D", _eps(ep(DECOM="01/02/2025", PLACE="K2")), last) == {"503D"}


def test_383_needs_rne_p_and_the_placement_before_the_temporary_one() -> None:
    before = ep(DEC="01/06/2025", REC="X1")
    temp = ep(DECOM="01/06/2025", DEC="10/06/2025", REC="X1", RNE="P", PLACE="T1")
    assert _run("383", _eps(before, temp, ep(DECOM="10/06/2025", RNE="P"))) == set()
    assert _run("383", _eps(before, temp, ep(DECOM="10/06/2025", RNE="T"))) == {"383"}
    assert _run("383", _eps(before, temp, ep(DECOM="10/06/2025", RNE="P", PL_POST="CD1 1AA"))) == {"383"}


def test_226_temporary_placement_itself_has_no_reason() -> None:
    temp = ep(
        DECOM="01/06/2025", DEC="10/06/2025", REC="X1", RNE="P", PLACE="T1", REASON_PLACE_CHANGE="CARPL"
    )
    assert _run("226", _eps(ep(DEC="01/06/2025", REC="X1"), temp)) == {"226"}
