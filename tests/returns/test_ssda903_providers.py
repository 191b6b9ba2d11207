"""SSDA903 rules 219, 221, 224, 227, 228, 229: episodes checked against a provider-information file.

The provider file is written by each test (``tmp_path``), two synthetic providers:

* SC111111: a children's home (K2) in LA 302 at AB3 4EF, PR1 or PR4, registered
  1 January 2020 and still open;
* SC222222: a children's home (K2) in LA 303 at AB5 6GH, PR2 only, registered
  1 January 2020 and closed 30 September 2025.

The placing authority is 302. Collection year 2025-26 (1 April 2025 - 31 March 2026);
the baseline episode (``ssda903_rows``) opens 1 May 2025, PR1, PL_POST AB3 4EF.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from continuum.cli import main
from continuum.returns.report import ReturnFileError
from continuum.returns.ssda903 import RULESETS, read_providers, validate_903, validate_903_tables
from continuum.returns.ssda903.engine import NO_PROVIDERS
from tests.returns.ssda903_rows import episode, ret
from tests.returns.test_ssda903_cli import _clean, _write

YEAR = "2025-26"
PROVIDER_RULES = ("219", "221", "224", "227", "228", "229")
HEADER = ["URN", "PLACE_CODES", "PROVIDER_CODES", "POSTCODE", "REG_DATE", "REG_END", "LA_CODE"]
PROVIDERS = [
    ["SC111111", "K2", "PR1 PR4", "AB3 4EF", "01/01/2020", "", "302"],
    ["SC222222", "K2", "PR2", "AB5 6GH", "01/01/2020", "30/09/2025", "303"],
]


def _provider_file(folder: Path, rows: list[list[str]] = PROVIDERS, header: list[str] = HEADER) -> Path:
    path = folder / "providers.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _home(**kw: str | None) -> dict[str, str | None]:
    """An open episode at SC111111, correct in every provider detail."""
    return episode(**{"PLACE": "K2", "URN": "SC111111", **kw})


def _closed(**kw: str | None) -> dict[str, str | None]:
    """An episode at SC222222 (LA 303, PR2, closed 30 September 2025), ended before it closed."""
    base = {
        "URN": "SC222222",
        "PL_POST": "AB5 6GH",
        "PLACE_PROVIDER": "PR2",
        "DEC": "01/09/2025",
        "REC": "E8",
    }
    return _home(**{**base, **kw})


@dataclass(frozen=True)
class Pair:
    fail: dict[str, str | None]
    ok: dict[str, str | None]


CASES: dict[str, Pair] = {
    "219": Pair(_home(PLACE="S1"), _home()),
    "221": Pair(_home(PL_POST="ZZ9 9ZZ"), _home(PL_POST="ab34ef")),
    "224": Pair(_home(PLACE_PROVIDER="PR5"), _home(PLACE_PROVIDER="PR4")),
    # Started the day after the provider closed / the day it closed.
    "227": Pair(_closed(DECOM="01/10/2025", DEC="01/11/2025"), _closed(DECOM="30/09/2025", DEC="30/09/2025")),
    # Open at 31 March at a provider that closed 30 September (the DfE's noted false positive).
    "228": Pair(_closed(DEC=None, REC=None), _closed()),
    # PR1 (own provision) at a provider in LA 303 while placing authority is 302.
    "229": Pair(_home(URN="SC222222", PL_POST="AB5 6GH", DEC="01/09/2025", REC="E8"), _home()),
}


def _run(code: str, ep: dict[str, str | None], providers: Path, la: str = "302") -> set[str]:
    report = validate_903_tables(
        ret({"episodes": [ep]}), RULESETS[YEAR].only(code), providers=read_providers(providers), la_code=la
    )
    return report.codes()


@pytest.mark.parametrize("code", sorted(CASES))
def test_known_answer(code: str, tmp_path: Path) -> None:
    providers = _provider_file(tmp_path)
    assert _run(code, CASES[code].fail, providers) == {code}
    assert _run(code, CASES[code].ok, providers) == set()


def test_229_pr2_at_a_provider_in_the_placing_authority_fails(tmp_path: Path) -> None:
    providers = _provider_file(tmp_path)
    assert _run("229", _home(PLACE_PROVIDER="PR2"), providers) == {"229"}
    assert _run("229", _home(PLACE_PROVIDER="PR2"), providers, la="303") == set()
    assert _run("229", _home(PLACE_PROVIDER="PR4"), providers, la="303") == set()


@pytest.mark.parametrize("urn", [None, "XXXXXXX", "xxxxxxx", "SC999999"])
def test_blank_placeholder_and_unlisted_urns_are_not_checked(urn: str | None, tmp_path: Path) -> None:
    providers = _provider_file(tmp_path)
    wrong = _home(URN=urn, PLACE="S1", PL_POST="ZZ9 9ZZ", PLACE_PROVIDER="PR2", DECOM="01/01/2019")
    report = validate_903_tables(
        ret({"episodes": [wrong]}),
        RULESETS[YEAR].only(*PROVIDER_RULES),
        providers=read_providers(providers),
        la_code="302",
    )
    assert report.codes() == set()
    assert set(report.rules) == set(PROVIDER_RULES)
    assert report.not_checked == {}


def test_without_providers_the_six_rules_are_not_checked_not_passed() -> None:
    report = validate_903_tables(ret({"episodes": [_home(PLACE="S1")]}), RULESETS[YEAR])
    assert {c: w for c, w in report.not_checked.items() if w == NO_PROVIDERS} == dict.fromkeys(
        PROVIDER_RULES, NO_PROVIDERS
    )
    assert not set(PROVIDER_RULES) & set(report.rules)
    assert (
        "Not checked: no provider information supplied: 219, 221, 224, 227, 228, 229" in report.summary_text()
    )


def test_read_providers_matches_headers_loosely_and_reads_values(tmp_path: Path) -> None:
    header = ["urn", "Place Codes", "provider_codes", " Postcode ", "Reg Date", "reg_end", "La Code"]
    rows = [["sc111111", "k2 s1", "pr1", "ab3 4ef", "1/1/2020", "", "302"]]
    table = read_providers(_provider_file(tmp_path, rows, header))
    assert table.to_pylist() == [
        {
            "urn": "SC111111",
            "place_codes": "K2 S1",
            "provider_codes": "PR1",
            "postcode": "AB3 4EF",
            "reg_date": date(2020, 1, 1),
            "reg_end": None,
            "la_code": "302",
            "line": 2,
        }
    ]


_GOOD = PROVIDERS[0]


@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        (HEADER[:-1], [_GOOD[:-1]], "line 1: the provider file has no column LA_CODE; expected the"),
        ([*HEADER, "COLOUR"], [[*_GOOD, "red"]], "line 1: column 'COLOUR' is unknown or repeated;"),
        (
            HEADER,
            [[*_GOOD[:4], "2020-01-01", *_GOOD[5:]]],
            "column REG_DATE holds '2020-01-01', which",
        ),
        (HEADER, [[*_GOOD[:5], "31/02/2026", _GOOD[6]]], "line 2: column REG_END holds '31/02/2026', which"),
        (
            HEADER,
            [[_GOOD[0], "K2 Q9", *_GOOD[2:]]],
            "column PLACE_CODES holds Q9, not PLACE code(s);",
        ),
        (HEADER, [[*_GOOD[:2], "PR7", *_GOOD[3:]]], "column PROVIDER_CODES holds PR7, not PLACE_PROVIDER"),
        (HEADER, [["", *_GOOD[1:]]], "line 2: column URN is blank; expected an Ofsted URN, once per file"),
        (HEADER, [_GOOD, _GOOD], "line 3: URN SC111111 is also on row 2; expected one row per URN"),
        (HEADER, [[*_GOOD[:6], "Camden"]], "line 2: column LA_CODE holds 'Camden'; expected the 3-digit"),
        (HEADER, [_GOOD[:-1]], "line 2: row 2 has 6 values; expected 7, one per column"),
    ],
)
def test_bad_provider_files_name_row_column_and_what_was_expected(
    header: list[str], rows: list[list[str]], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ReturnFileError) as err:
        read_providers(_provider_file(tmp_path, rows, header))
    assert message in str(err.value)


def test_a_bad_provider_file_stops_validation_before_anything_runs(tmp_path: Path) -> None:
    files = _write(tmp_path / "903", _clean())
    bad = _provider_file(tmp_path, [[*_GOOD[:4], "yesterday", *_GOOD[5:]]])
    with pytest.raises(ReturnFileError, match="REG_DATE holds 'yesterday'"):
        validate_903(files, YEAR, providers=bad, la_code="302")


def _cli_return(tmp_path: Path, **kw: str | None) -> list[str]:
    data = _clean()
    data["episodes"] = [episode(URN="SC333333", **kw)]
    return _write(tmp_path / "903", data)


#: A foster placement (U1, PR1) with a URN, in LA 302: fits the baseline episode exactly.
_FOSTER = ["SC333333", "U1", "PR1", "AB3 4EF", "01/01/2020", "", "302"]


def test_cli_without_providers_reports_the_six_as_not_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _cli_return(tmp_path)
    assert main(["returns", "validate", *files, "--year", YEAR]) == 0
    out = capsys.readouterr().out
    assert "Not checked: no provider information supplied: 219, 221, 224, 227, 228, 229" in out


def test_cli_with_providers_runs_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    providers = str(_provider_file(tmp_path, [_FOSTER]))
    files = _cli_return(tmp_path)
    assert main(["returns", "validate", *files, "--providers", providers, "--la", "302"]) == 0
    out = capsys.readouterr().out
    assert "Not checked: no provider information" not in out
    assert "Failures: 0 error(s)" in out

    files = _cli_return(tmp_path, PL_POST="ZZ9 9ZZ")
    assert main(["returns", "validate", *files, "--providers", providers, "--la", "303"]) == 1
    out = capsys.readouterr().out
    assert "\n221 " in out
    assert "\n229 " in out  # PR1 at a provider in 302, placed by 303


def test_cli_la_defaults_to_the_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    providers = str(_provider_file(tmp_path, [_FOSTER]))
    files = _cli_return(tmp_path)
    settings.CONTINUUM_LA_CODE = "303"  # type: ignore[attr-defined]
    assert main(["returns", "validate", *files, "--providers", providers]) == 1
    assert "\n229 " in capsys.readouterr().out


def test_cli_bad_provider_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    providers = str(_provider_file(tmp_path, [_FOSTER, _FOSTER]))
    files = _cli_return(tmp_path)
    assert main(["returns", "validate", *files, "--providers", providers]) == 2
    assert "URN SC333333 is also on row 2" in capsys.readouterr().err
