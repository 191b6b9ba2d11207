"""Rules 1530 and 8820 at their edges, from the DfE's own logic text.

1530: "characters 2-4 of <UPN> must be a valid post April 1998 LA code or a
recognised 'pseudo LA' code 001-005, 201-213, 301-320, ..., 420, 660-681,
701-708, ..., 865-896, ...".

8820: a referral date must not fall "a) between the <CINreferralDate> and
the <CINclosureDate> if present; and b) between the <CINreferralDate> and the
<ReferenceDate> if the <CINclosureDate> is not present and <ReferralNFA> =
false or 0". Note: "the end date of one referral may be the same as the
start date of the following referral".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.returns.cin import RULESETS, parse_cin, validate_tables
from continuum.returns.cin.generate import upn_with_check_letter
from continuum.returns.cin.la_codes import LA_CODES, PSEUDO_LA_CODES, UPN_LA_CODES
from tests.returns.cin_xml import child, episode, message, second_child, write

YEAR = "2025-26"


def _fires(tmp_path: Path, code: str, xml: str) -> int:
    report = validate_tables(parse_cin(write(tmp_path, xml)), RULESETS[YEAR].only(code))
    return report.failures["rule"].to_pylist().count(code)


# --- 1530 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("la", "fires"),
    [
        # The pseudo LA ranges, at both ends, and just outside them.
        ("000", True),
        ("001", False),
        ("005", False),
        ("006", True),
        ("659", True),
        ("660", False),
        ("681", False),
        ("682", True),
        ("700", True),
        ("701", False),
        ("708", False),
        ("709", True),
        # 875 (Cheshire, before 2009) is in the DfE's 865-896.
        ("875", False),
        ("302", False),  # the council's own code (CONTINUUM_LA_CODE's default)
        ("942", False),  # added in 2023-24
        ("943", False),
        ("100", True),  # the number synthetic boroughs once used
        ("200", True),
        ("214", True),
        ("944", True),
    ],
)
def test_1530_la_codes(tmp_path: Path, la: str, fires: bool) -> None:
    upn = upn_with_check_letter(f"{la}123456789")
    assert (_fires(tmp_path, "1530", message(child(upn=upn), second_child())) > 0) is fires


def test_pseudo_la_codes_are_for_upns_only() -> None:
    """A council reports under its own number: a pseudo LA code is no CONTINUUM_LA_CODE."""
    assert len(PSEUDO_LA_CODES) == 5 + 22 + 8
    assert not set(PSEUDO_LA_CODES) & set(LA_CODES)
    assert set(UPN_LA_CODES) == set(LA_CODES) | set(PSEUDO_LA_CODES)


# --- 8820 ----------------------------------------------------------------------------

_CLOSED = {"referral": "2025-05-01", "closure": "2025-06-10", "reason": "RC7"}


def _two(first: dict[str, str], second: dict[str, str]) -> str:
    episodes = [episode(**first, assessments=[]), episode(**second, assessments=[])]  # type: ignore[arg-type]
    return message(child(episodes=episodes), second_child())


@pytest.mark.parametrize(
    ("first", "second", "fires"),
    [
        # a) a closed episode: its referral day up to the day before its closure is taken.
        (_CLOSED, {"referral": "2025-06-10"}, False),  # on the closure day: allowed by the note
        (_CLOSED, {"referral": "2025-06-09"}, True),
        (_CLOSED, {"referral": "2025-05-01"}, True),  # the same referral day
        (_CLOSED, {"referral": "2025-06-11"}, False),
        (_CLOSED, {"referral": "2025-04-30", "closure": "2025-05-01", "reason": "RC7"}, False),
        # b) an open episode holds time to the reference date unless it was NFA.
        ({"referral": "2025-05-01", "nfa": "0"}, {"referral": "2025-09-01", "nfa": "1"}, True),
        ({"referral": "2025-05-01", "nfa": "false"}, {"referral": "2025-09-01", "nfa": "1"}, True),
        ({"referral": "2025-05-01", "nfa": "1"}, {"referral": "2025-09-01", "nfa": "1"}, False),
        ({"referral": "2025-05-01", "nfa": "true"}, {"referral": "2025-09-01", "nfa": "1"}, False),
    ],
)
def test_8820_overlaps(tmp_path: Path, first: dict[str, str], second: dict[str, str], fires: bool) -> None:
    assert (_fires(tmp_path, "8820", _two(first, second)) > 0) is fires


def test_8820_a_chain_of_episodes_each_starting_on_the_last_ones_closure_day(tmp_path: Path) -> None:
    episodes = [
        episode(referral="2025-04-10", closure="2025-05-01", reason="RC7", assessments=[]),
        episode(referral="2025-05-01", closure="2025-05-01", reason="RC7", assessments=[]),
        episode(referral="2025-05-01", closure="2025-07-01", reason="RC7", assessments=[]),
        episode(referral="2025-07-01", assessments=[]),
    ]
    assert _fires(tmp_path, "8820", message(child(episodes=episodes), second_child())) == 0
