"""UPN check letters, against examples worked by hand.

R100200121001: digits 1 0 0 2 0 0 1 2 1 0 0 1 times weights 2..13 give
2+0+0+10+0+0+8+18+10+0+0+13 = 61; 61 mod 23 = 15, the 16th letter of
ABCDEFGHJKLMNPQRTUVWXYZ, R.
"""

from __future__ import annotations

import pytest

from continuum.synth.upn import UPN_PATTERN, check_letter, is_valid_upn, make_upn


@pytest.mark.parametrize(
    ("body", "letter"),
    [
        ("100200121001", "R"),  # 61 mod 23 = 15 -> R
        ("000000000000", "A"),  # 0 -> A
        ("30222002100A", "V"),  # temporary UPN: A counts 0; 64 mod 23 = 18 -> V
        ("00000000000Z", "L"),  # Z counts 22; 22 * 13 = 286; 286 mod 23 = 10 -> L
    ],
)
def test_check_letter_worked_examples(body: str, letter: str) -> None:
    assert check_letter(body) == letter
    assert is_valid_upn(letter + body)


def test_make_upn_builds_the_dfe_layout() -> None:
    upn = make_upn("100", 2001, 2021, 1)
    assert upn == "R100200121001"
    assert UPN_PATTERN.fullmatch(upn)


@pytest.mark.parametrize(
    "bad", ["S100200121001", "R10020012100", "R1002001210011", "R10020012100I", "", "1100200121001"]
)
def test_invalid_upns_are_refused(bad: str) -> None:
    assert not is_valid_upn(bad)


def test_every_simulated_upn_is_valid_and_unique(borough) -> None:  # type: ignore[no-untyped-def]
    upns = [c.upn for c in borough["children"] if c.upn]
    assert upns
    assert all(is_valid_upn(u) for u in upns)
    assert borough.la_code == "302"  # CONTINUUM_LA_CODE's default, a real DfE number (rule 1530)
    assert all(u[1:4] == borough.la_code for u in upns)
    assert len(set(upns)) == len(upns)
    for child in borough["children"]:
        assert (child.upn is None) != (child.upn_unknown is None)
        # Unknown-UPN codes both returns know: the SSDA903 takes UN1-UN5 only (rule 168).
        assert child.upn_unknown in (None, "UN1", "UN2", "UN3", "UN4", "UN5")


def test_worked_example_under_the_councils_code() -> None:
    """A302200121001: 3 0 2 2 0 0 1 2 1 0 0 1 times weights 2..13 give
    6+0+8+10+0+0+8+18+10+0+0+13 = 73; 73 mod 23 = 4, the 5th letter, E."""
    assert make_upn("302", 2001, 2021, 1) == "E302200121001"


def test_the_demo_borough_reports_under_the_configured_la_code(monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    """Borough 0 is the council (CONTINUUM_LA_CODE); a --scale run's others take real DfE numbers."""
    from continuum.returns.cin.la_codes import CURRENT_LA_CODES
    from continuum.synth.simulate import SimConfig

    settings.CONTINUUM_LA_CODE = "208"
    assert SimConfig().la_code == "208"
    codes = [SimConfig(borough_index=i).la_code for i in range(40)]
    assert codes[0] == "208"
    assert len(set(codes)) == 40
    assert set(codes) <= set(CURRENT_LA_CODES)
    # The streams and ids are keyed by the borough's number, not its LA code: the same figures.
    assert SimConfig().stream_key == "100"
    assert SimConfig(borough_index=3).stream_key == "103"
    settings.CONTINUUM_LA_CODE = "150"
    with pytest.raises(ValueError, match="CONTINUUM_LA_CODE is '150'"):
        _ = SimConfig().la_code
