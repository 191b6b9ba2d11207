"""The 2026-27 CIN census: module 5 (<PreProceedingsandFGDM>), its 12 rules, and the year's set.

Each rule's known answers come from its DfE logic text (or, where the file has none or a
copy-over, its message), at the edges: the first and last day of the census year (1 April 2026
and the ReferenceDate 31 March 2027) and the day either side, "on or after" on the same day,
and absent optional elements. The provisional changes file is
continuum/specs/2026_27/cin_validation_rules_2026_27_changes.csv.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from continuum.returns.cin import RULESETS, parse_cin, validate_cin, validate_tables
from continuum.returns.cin.registry import LATER_YEARS
from continuum.returns.cin.rulesets import ruleset_for, year_of_reference_date
from continuum.returns.cin.schema import ELEMENT_OF
from tests.returns.cin_xml import child, episode, message, second_child, write

YEAR = "2026-27"
REFERENCE = "2027-03-31"
SPECS = Path(__file__).resolve().parents[2] / "continuum" / "specs" / "2026_27"
CHANGES = SPECS / "cin_validation_rules_2026_27_changes.csv"


def _changes() -> dict[str, dict[str, str]]:
    with CHANGES.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def module(**values: str | None) -> str:
    """A <PreProceedingsandFGDM> block with the given elements (DfE names), in the layout's order."""
    order = [
        "PPStartDate",
        "LBPSentDate",
        "FGDMMeetingOffer",
        "FGDMMeetingFac",
        "InitialPPMeetingDate",
        "ReviewMeetingsCount",
        "StepDecisionDate",
        "PPOutcome",
        "CourtAppDate",
        "LetterInitCPDate",
    ]
    inner = "".join(f"          <{k}>{values[k]}</{k}>\n" for k in order if values.get(k) is not None)
    return f"        <PreProceedingsandFGDM>\n{inner}        </PreProceedingsandFGDM>\n"


def _with_modules(*blocks: str, reference: str = REFERENCE) -> str:
    """The two baseline children, the first holding ``blocks`` in its episode."""
    ep = episode(referral="2026-05-01").replace(
        "      </CINdetails>\n", "".join(blocks) + "      </CINdetails>\n"
    )
    return message(child(episodes=[ep]), second_child(), reference_date=reference)


def _count(tmp_path: Path, code: str, xml: str) -> int:
    report = validate_tables(parse_cin(write(tmp_path, xml)), RULESETS[YEAR].only(code))
    return report.failures["rule"].to_pylist().count(code)


# --- the year's rule set and layout ---------------------------------------------------------


def test_2026_27_is_2025_26_moved_on_plus_the_added_rules() -> None:
    changes = _changes()
    added = {c for c, r in changes.items() if r["change"] == "added"}
    withdrawn = {c for c, r in changes.items() if r["change"] == "withdrawn"}
    base, new = RULESETS["2025-26"], RULESETS[YEAR]
    assert len(added) == 12
    assert set(new.codes) == (set(base.codes) | added) - withdrawn
    assert str(new.reference_date) == REFERENCE
    assert not added & set(base.codes)  # the earlier year is untouched
    unchanged = {r.code: r for r in base.rules}
    assert all(unchanged[r.code] is r for r in new.rules if r.code in unchanged)


@pytest.mark.parametrize("code", sorted(_changes()))
def test_message_severity_and_fields_are_the_changes_file(code: str) -> None:
    row = _changes()[code]
    rule = LATER_YEARS[YEAR][code]
    assert rule.message == row["message"]
    # A Q code or "Please check" is a query; 9007 asks to confirm but has no Q: an error.
    assert rule.severity.value == ("query" if code.endswith("Q") else "error")
    spec_fields = [f.strip() for f in row["fields"].split(",") if f.strip()]
    assert set(spec_fields) <= set(rule.fields)
    assert set(rule.fields) <= set(ELEMENT_OF.values()) | {"PreProceedingsandFGDM"}
    assert rule.doc


def test_module_is_read_into_its_table(tmp_path: Path) -> None:
    values = {
        "PPStartDate": "2026-05-01", "LBPSentDate": "2026-05-10", "FGDMMeetingOffer": "1",
        "FGDMMeetingFac": "0", "InitialPPMeetingDate": "2026-06-01", "ReviewMeetingsCount": "3",
        "StepDecisionDate": "2026-09-01", "PPOutcome": "B", "CourtAppDate": "2026-09-02",
        "LetterInitCPDate": "2026-09-03",
    }  # fmt: skip
    tables = parse_cin(write(tmp_path, _with_modules(module(**values), module(PPStartDate="2026-10-01"))))
    rows = tables["pre_proceedings"].to_pylist()
    assert [r["pp_id"] for r in rows] == [0, 1]
    first = rows[0]
    assert str(first["pp_start_date"]) == "2026-05-01"
    assert (first["fgdm_meeting_offer"], first["review_meetings_count"], first["pp_outcome"]) == (
        "1",
        "3",
        "B",
    )
    assert str(first["letter_init_cp_date"]) == "2026-09-03"
    assert rows[1]["lbp_sent_date"] is None
    assert first["child_id"] == 0
    assert first["cin_details_id"] == 0


def test_module_in_a_2025_26_file_is_reported_with_its_line_and_the_rest_checked(tmp_path: Path) -> None:
    """The next collection's module in a 2025-26 file is skipped and reported (Continuum's own
    check CONTINUUM-CIN01, with its line); every other rule still runs on the rest of the file."""
    xml = _with_modules(module(PPStartDate="2025-05-01"), reference="2026-03-31")
    path = write(tmp_path, xml)
    tables = parse_cin(path)
    assert tables["pre_proceedings"].num_rows == 0
    [problem] = tables.problems
    assert "<PreProceedingsandFGDM> is new in the 2026-27 layout" in problem.problem
    assert "2026-03-31 is in 2025-26" in problem.problem
    assert problem.line == xml.splitlines().index("        <PreProceedingsandFGDM>") + 1
    report = validate_cin(path)
    rows = [f for f in report.iter_failures() if f.rule == "CONTINUUM-CIN01"]
    assert [(f.line, f.field, f.element, f.severity) for f in rows] == [
        (problem.line, "PreProceedingsandFGDM", "CINdetails", "error")
    ]
    assert len(report.rules) == 109 + 1  # the 2025-26 rules all ran, and the skipped element is reported
    assert report.children == tables.children == 2


def test_file_picks_its_year_from_the_reference_date(tmp_path: Path) -> None:
    assert year_of_reference_date(date(2027, 3, 31)) == YEAR
    assert year_of_reference_date(date(2026, 3, 31)) == "2025-26"
    # Before the first year kept in code: the earliest set, as always; after the last, the latest.
    assert year_of_reference_date(date(2025, 3, 31)) == "2025-26"
    assert year_of_reference_date(date(2028, 3, 31)) == YEAR
    assert ruleset_for(None).year == YEAR
    report = validate_cin(write(tmp_path, _with_modules(module(PPStartDate="2026-05-01"))))
    assert "9005" in report.rules
    assert "100" not in report.codes()
    report_old = validate_cin(write(tmp_path, message(), "old.xml"))
    assert "9005" not in report_old.rules


def test_rule_100_expects_the_2026_27_reference_date(tmp_path: Path) -> None:
    assert _count(tmp_path, "100", _with_modules()) == 0
    assert _count(tmp_path, "100", _with_modules(reference="2026-03-31")) == 1


# --- each rule at its edges -------------------------------------------------------------------


def test_8995q_fires_once_when_no_child_has_module_5(tmp_path: Path) -> None:
    report = validate_tables(parse_cin(write(tmp_path, _with_modules())), RULESETS[YEAR].only("8995Q"))
    assert report.failures["rule"].to_pylist() == ["8995Q"]
    assert report.failures["child_id"].to_pylist() == [None]
    assert _count(tmp_path, "8995Q", _with_modules(module(PPStartDate="2026-05-01"))) == 0
    assert _count(tmp_path, "8995Q", _with_modules(module())) == 0  # an empty block is still data


@pytest.mark.parametrize(
    ("values", "fires"), [({}, 1), ({"LBPSentDate": "2026-05-01"}, 1), ({"PPStartDate": "2026-05-01"}, 0)]
)
def test_9000q_pp_start_date_not_provided(tmp_path: Path, values: dict[str, str], fires: int) -> None:
    assert _count(tmp_path, "9000Q", _with_modules(module(**values))) == fires


_CENSUS_EDGES = [
    ("2026-03-31", 1),
    ("2026-04-01", 0),
    ("2026-11-30", 0),
    ("2027-03-31", 0),
    ("2027-04-01", 1),
]


@pytest.mark.parametrize(("day", "fires"), _CENSUS_EDGES)
def test_9005_pp_start_within_the_census_year(tmp_path: Path, day: str, fires: int) -> None:
    assert _count(tmp_path, "9005", _with_modules(module(PPStartDate=day))) == fires


def test_9005_absent_date_passes(tmp_path: Path) -> None:
    assert _count(tmp_path, "9005", _with_modules(module(LBPSentDate="2026-05-01"))) == 0


@pytest.mark.parametrize(("day", "fires"), _CENSUS_EDGES)
def test_9006_letter_within_the_census_year(tmp_path: Path, day: str, fires: int) -> None:
    assert _count(tmp_path, "9006", _with_modules(module(LBPSentDate=day))) == fires


@pytest.mark.parametrize(("start", "letter", "fires"), [
    ("2026-06-02", "2026-06-01", 1),  # the day before pre-proceedings began
    ("2026-06-01", "2026-06-01", 0),  # "on or after": the same day passes
    ("2026-06-01", "2026-06-02", 0),
    (None, "2026-06-01", 0),  # nothing to compare with (9000Q's business)
])  # fmt: skip
def test_9006_letter_on_or_after_pp_start(tmp_path: Path, start: str | None, letter: str, fires: int) -> None:
    xml = _with_modules(module(PPStartDate=start, LBPSentDate=letter))
    assert _count(tmp_path, "9006", xml) == fires


@pytest.mark.parametrize(("letter", "offer", "fires"), [
    ("2026-06-01", None, 1),
    ("2026-06-01", "0", 0),  # offered or not, the answer is given
    ("2026-06-01", "1", 0),
    (None, None, 0),  # no letter, nothing to confirm
    (None, "1", 0),  # the reverse case is not in the DfE text
])  # fmt: skip
def test_9007_letter_sent_needs_the_offer_answered(
    tmp_path: Path, letter: str | None, offer: str | None, fires: int
) -> None:
    xml = _with_modules(module(PPStartDate="2026-05-01", LBPSentDate=letter, FGDMMeetingOffer=offer))
    assert _count(tmp_path, "9007", xml) == fires


@pytest.mark.parametrize(("day", "fires"), [*_CENSUS_EDGES, (None, 0)])
def test_9008_first_meeting_within_the_census_year(tmp_path: Path, day: str | None, fires: int) -> None:
    xml = _with_modules(module(PPStartDate="2026-05-01", InitialPPMeetingDate=day))
    assert _count(tmp_path, "9008", xml) == fires


@pytest.mark.parametrize(("start", "step", "fires"), [
    ("2026-06-02", "2026-06-01", 1),
    ("2026-06-01", "2026-06-01", 0),
    ("2026-06-01", "2027-03-31", 0),
    ("2026-06-01", "2027-04-01", 1),  # after the ReferenceDate
    (None, "2026-03-31", 1),  # before the census year, whatever the start
    (None, "2026-06-01", 0),
])  # fmt: skip
def test_9009_step_decision(tmp_path: Path, start: str | None, step: str, fires: int) -> None:
    assert _count(tmp_path, "9009", _with_modules(module(PPStartDate=start, StepDecisionDate=step))) == fires


@pytest.mark.parametrize(("offer", "fac", "fires"), [
    ("1", None, 1),
    ("true", None, 1),
    ("1", "0", 0),  # answered: offered but not facilitated
    ("1", "1", 0),
    ("0", None, 0),  # not offered: nothing to confirm
    (None, None, 0),
])  # fmt: skip
def test_9010q_offer_needs_facilitation_answered(
    tmp_path: Path, offer: str | None, fac: str | None, fires: int
) -> None:
    xml = _with_modules(module(PPStartDate="2026-05-01", FGDMMeetingOffer=offer, FGDMMeetingFac=fac))
    assert _count(tmp_path, "9010Q", xml) == fires


@pytest.mark.parametrize(
    ("outcome", "fires"), [("A", 0), ("B", 0), ("C", 0), ("D", 1), ("a", 1), ("1", 1), (None, 0)]
)
def test_9011_outcome_code(tmp_path: Path, outcome: str | None, fires: int) -> None:
    assert (
        _count(tmp_path, "9011", _with_modules(module(PPStartDate="2026-05-01", PPOutcome=outcome))) == fires
    )


@pytest.mark.parametrize(("step", "court", "fires"), [
    ("2026-09-02", "2026-09-01", 1),  # N00832 read for the text's "(N008342"
    ("2026-09-01", "2026-09-01", 0),
    ("2026-09-01", "2027-04-01", 1),
    (None, "2026-03-31", 1),
    (None, "2027-03-31", 0),
])  # fmt: skip
def test_9012_court_application(tmp_path: Path, step: str | None, court: str, fires: int) -> None:
    xml = _with_modules(module(PPStartDate="2026-05-01", StepDecisionDate=step, CourtAppDate=court))
    assert _count(tmp_path, "9012", xml) == fires


@pytest.mark.parametrize(("court", "letter", "fires"), [
    ("2026-09-02", "2026-09-01", 1),
    ("2026-09-01", "2026-09-01", 0),
    ("2026-09-01", "2027-04-01", 1),
    (None, "2026-03-31", 1),
    (None, "2026-09-01", 0),
])  # fmt: skip
def test_9013_letter_to_initiate_care_proceedings(
    tmp_path: Path, court: str | None, letter: str, fires: int
) -> None:
    xml = _with_modules(module(PPStartDate="2026-05-01", CourtAppDate=court, LetterInitCPDate=letter))
    assert _count(tmp_path, "9013", xml) == fires


@pytest.mark.parametrize(("meeting", "count", "fires"), [
    ("2026-06-01", None, 1),
    ("2026-06-01", "0", 0),  # none held is an answer
    ("2026-06-01", "2", 0),
    (None, None, 0),
])  # fmt: skip
def test_9015q_review_meetings_count(
    tmp_path: Path, meeting: str | None, count: str | None, fires: int
) -> None:
    xml = _with_modules(
        module(PPStartDate="2026-05-01", InitialPPMeetingDate=meeting, ReviewMeetingsCount=count)
    )
    assert _count(tmp_path, "9015Q", xml) == fires


def test_a_clean_module_passes_every_2026_27_rule(tmp_path: Path) -> None:
    values = {
        "PPStartDate": "2026-05-01", "LBPSentDate": "2026-05-01", "FGDMMeetingOffer": "1",
        "FGDMMeetingFac": "1", "InitialPPMeetingDate": "2026-06-01", "ReviewMeetingsCount": "2",
        "StepDecisionDate": "2026-09-01", "PPOutcome": "C", "CourtAppDate": "2026-09-01",
        "LetterInitCPDate": "2026-09-01",
    }  # fmt: skip
    codes = list(LATER_YEARS[YEAR])
    report = validate_tables(
        parse_cin(write(tmp_path, _with_modules(module(**values)))), RULESETS[YEAR].only(*codes)
    )
    assert report.codes() == set()
