"""Rules 4016 and 4017 at their edges, from the DfE's logic text (``dfe_logic`` in
``continuum/specs/cin_validation_rules_2025_26.csv``).

4016: "The <CINPlanStartDate> for any CIN Plan group cannot fall within either:
<CPPstartDate> or <CPPendDate>; or <CPPstartDate> and <ReferenceDate> if <CPPendDate>
is not present - for any CPP group; unless <CINPlanStartDate> is equal to <CPPendDate>".
4017 is its mirror: a CP plan starting within a CIN plan.

The rules were once swapped, and each also looked at end dates with strict
inequalities, so a CIN plan starting on a CP plan's start day passed both and an
overlap was reported under the other code. Each case below runs both rules and
says which fires.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.core.specs import rule_list
from continuum.returns.cin import RULESETS, parse_cin, validate_tables
from tests.returns.cin_xml import child, cpp, episode, message, plan, second_child, write

YEAR = "2025-26"


def _fired(tmp_path: Path, plans: list[str], cpps: list[str]) -> set[str]:
    """The codes of 4016 and 4017 raised on a return whose first child has these plans."""
    xml = message(child(episodes=[episode(plans=plans, cpps=cpps)]), second_child())
    report = validate_tables(parse_cin(write(tmp_path, xml)), RULESETS[YEAR].only("4016", "4017"))
    return set(report.failures["rule"].to_pylist())


CP = cpp(start="2025-06-01", end="2025-08-01")
CP_OPEN = cpp(start="2025-06-01")
CIN = plan(start="2025-06-01", end="2025-08-01")
CIN_OPEN = plan(start="2025-06-01")


@pytest.mark.parametrize(
    ("plans", "cpps", "fired"),
    [
        # 4016: a CIN plan starting within a (closed) CP plan.
        ([plan(start="2025-05-31", end="2025-06-01")], [CP], set()),  # before: ends on the CP start
        ([plan(start="2025-07-01", end="2025-07-02")], [CP], {"4016"}),  # inside
        ([plan(start="2025-08-01")], [CP], set()),  # on the CP end day: the DfE's exception
        ([plan(start="2025-08-02")], [CP], set()),  # after
        # 4016 with an open CP plan: it runs to the ReferenceDate, inclusive.
        ([plan(start="2026-03-31")], [CP_OPEN], {"4016"}),
        ([plan(start="2025-07-01", end="2025-07-02")], [CP_OPEN], {"4016"}),
        # 4017: a CP plan starting within a (closed) CIN plan.
        ([CIN], [cpp(start="2025-05-01", end="2025-06-01")], set()),  # CP ends as the CIN starts
        ([CIN], [cpp(start="2025-07-01", end="2025-07-02")], {"4017"}),  # inside
        ([CIN], [cpp(start="2025-08-01")], set()),  # on the CIN end day: the exception
        ([CIN], [cpp(start="2025-08-02")], set()),
        # 4017 with an open CIN plan: it runs to the ReferenceDate, inclusive.
        ([CIN_OPEN], [cpp(start="2026-03-31")], {"4017"}),
        # The same start day: each plan starts within the other, so both rules fire.
        ([CIN_OPEN], [CP_OPEN], {"4016", "4017"}),
        ([CIN], [CP], {"4016", "4017"}),
        # Ends are not looked at: a CP plan ending inside a CIN plan is 4016 (the CIN plan started
        # within the CP plan), not 4017 too.
        ([CIN], [cpp(start="2025-05-01", end="2025-06-15")], {"4016"}),
        # No plan of the other kind: nothing to overlap.
        ([CIN_OPEN], [], set()),
        ([], [CP_OPEN], set()),
    ],
)
def test_4016_4017(tmp_path: Path, plans: list[str], cpps: list[str], fired: set[str]) -> None:
    assert _fired(tmp_path, plans, cpps) == fired


def test_any_plan_of_the_child_counts_not_only_its_episodes(tmp_path: Path) -> None:
    """ "For any CPP group": a CP plan in one episode and a CIN plan starting inside it in another."""
    episodes = [
        episode(referral="2025-05-01", assessments=[], cpps=[CP_OPEN]),
        episode(referral="2025-05-01", assessments=[], plans=[plan(start="2025-07-01")]),
    ]
    xml = message(child(episodes=episodes), second_child())
    report = validate_tables(parse_cin(write(tmp_path, xml)), RULESETS[YEAR].only("4016"))
    assert report.failures["rule"].to_pylist() == ["4016"]


@pytest.mark.parametrize(
    ("code", "quoted"),
    [
        ("4016", "The <CINPlanStartDate> (N00689) for any CIN Plan group cannot fall within"),
        ("4016", "unless <CINPlanStartDate> is equal to <CPPendDate> for this group"),
        ("4017", "The <CPPstartDate> (N00105) for any CPP group cannot fall within"),
        ("4017", "- for any CIN Plan Group"),
        ("8820", "the end date of one referral may be the same as the start date of the following referral"),
        ("8820", "<ReferralNFA> (N00112) = false or 0"),
        ("1530", "recognised ‘pseudo LA’ code 001-005"),
        ("1530", "660-681, 701-708"),
        ("1530", "865-896"),
    ],
)
def test_the_readings_quote_the_current_logic_text(code: str, quoted: str) -> None:
    """The tests of 4016, 4017, 8820 and 1530 are built from this DfE text: it must still say so."""
    assert quoted in rule_list("cin", YEAR)[code].dfe_logic
