"""Every SEN2 rule has a known answer: a hand-made return that passes it, and one change that fails it.

The base return (census 15 January 2026, SEN2 2026) has two people: one with a request, an
assessment, a plan named in it and the plan in force on the census date; one refused an
assessment. Each case changes one thing and names the rule that must then fail; the unchanged
return must pass every rule. ``test_every_rule_has_a_case`` keeps the list complete.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from continuum.core import specs
from continuum.returns.report import Severity
from continuum.returns.sen2 import RULESETS, ruleset_for, tables_from_xml, validate_sen2_tables

BASE = b"""<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>SEN2</Collection><Year>2026</Year><ReferenceDate>2026-01-15</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>302</LEA><SoftwareCode>Test</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2026-01-16T09:00:00</DateTime></Source>
  </Header>
  <Persons>
    <Person>
      <Surname>Okafor</Surname><Forename>Ada</Forename><PersonBirthDate>2014-05-02</PersonBirthDate><Sex>F</Sex>
      <Ethnicity>BAFR</Ethnicity><UPN>W302123456789</UPN>
      <Requests>
        <ReceivedDate>2025-02-03</ReceivedDate><RequestSource>1</RequestSource><RYA>0</RYA>
        <RequestOutcomeDate>2025-03-10</RequestOutcomeDate><RequestOutcome>A</RequestOutcome>
        <RequestMediation>0</RequestMediation><RequestTribunal>0</RequestTribunal><Exported>0</Exported>
        <Assessment>
          <AssessmentOutcome>Y</AssessmentOutcome><AssessmentOutcomeDate>2025-06-16</AssessmentOutcomeDate>
          <AssessmentMediation>0</AssessmentMediation><AssessmentTribunal>0</AssessmentTribunal>
          <OtherMediation>0</OtherMediation><OtherTribunal>0</OtherTribunal><Week20>0</Week20>
          <NamedPlan>
            <StartDate>2025-06-16</StartDate><PlanRes>0</PlanRes><PlanWBP>0</PlanWBP><PB>0</PB><OA>0</OA><DP>0</DP>
            <PlanDetail>
              <SENsetting>OTH</SENsetting><SENsettingOther>Mainstream school</SENsettingOther>
              <PlacementRank>1</PlacementRank>
            </PlanDetail>
          </NamedPlan>
        </Assessment>
        <ActivePlans>
          <TransferLA>0</TransferLA><RES>0</RES><WBP>0</WBP>
          <PlacementDetail>
            <SENsetting>OTH</SENsetting><SENsettingOther>Mainstream school</SENsettingOther>
            <PlacementRank>1</PlacementRank><EntryDate>2025-06-16</EntryDate><AttendancePattern>F</AttendancePattern>
          </PlacementDetail>
          <SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed>
        </ActivePlans>
      </Requests>
    </Person>
    <Person>
      <Surname>Nguyen</Surname><Forename>Bao</Forename><PersonBirthDate>2019-09-30</PersonBirthDate><Sex>M</Sex>
      <UniqueLearnerNumber>1234567890</UniqueLearnerNumber>
      <Requests>
        <ReceivedDate>2025-09-01</ReceivedDate><RequestSource>3</RequestSource><RYA>0</RYA>
        <RequestOutcomeDate>2025-10-06</RequestOutcomeDate><RequestOutcome>N</RequestOutcome>
        <RequestMediation>0</RequestMediation><RequestTribunal>0</RequestTribunal><Exported>0</Exported>
      </Requests>
    </Person>
  </Persons>
</Message>
"""

P1 = "Persons/Person[1]"
P2 = "Persons/Person[2]"
REQ1 = f"{P1}/Requests"
ASSESS = f"{REQ1}/Assessment"
PLAN = f"{ASSESS}/NamedPlan"
ACTIVE = f"{REQ1}/ActivePlans"


def put(path: str, value: str) -> Callable[[etree._Element], None]:
    """Set ``path``'s text, adding the last element under its parent if it is not there."""

    def edit(root: etree._Element) -> None:
        el = root.find(path)
        if el is None:
            parent, _, tag = path.rpartition("/")
            el = etree.SubElement(root.find(parent), tag)
        el.text = value

    return edit


def drop(path: str) -> Callable[[etree._Element], None]:
    def edit(root: etree._Element) -> None:
        el = root.find(path)
        el.getparent().remove(el)

    return edit


def both(*edits: Callable[[etree._Element], None]) -> Callable[[etree._Element], None]:
    def edit(root: etree._Element) -> None:
        for e in edits:
            e(root)

    return edit


CASES: dict[str, Callable[[etree._Element], None]] = {
    "SEN2-100": put("Header/CollectionDetails/ReferenceDate", "2026-01-16"),
    "SEN2-101": put("Header/Source/LEA", "001"),  # a pseudo LA number: valid in a UPN, not a council
    "SEN2-200": drop(f"{P1}/Surname"),
    "SEN2-201": put(f"{P1}/PersonBirthDate", "2026-02-01"),
    "SEN2-202": put(f"{P1}/Sex", "X"),
    "SEN2-203": put(f"{P1}/Ethnicity", "ZZZZ"),
    "SEN2-204": put(f"{P1}/UPN", "A302123456789"),  # the check letter is W
    "SEN2-205": drop(f"{P2}/UniqueLearnerNumber"),
    "SEN2-206": put(f"{P2}/UniqueLearnerNumber", "12345"),
    "SEN2-207Q": put(f"{P1}/PersonBirthDate", "1999-12-31"),
    "SEN2-208": drop(f"{P2}/Requests"),
    "SEN2-300": put(f"{P2}/Requests/ReceivedDate", "2026-02-01"),
    "SEN2-301": put(f"{P2}/Requests/RequestOutcomeDate", "2025-08-29"),
    "SEN2-302": drop(f"{P2}/Requests/RequestOutcome"),
    "SEN2-303": put(f"{P2}/Requests/RequestOutcome", "Z"),
    "SEN2-304": put(f"{P2}/Requests/RequestSource", "9"),
    "SEN2-305": put(f"{REQ1}/RequestOutcome", "N"),
    "SEN2-400": put(f"{ASSESS}/AssessmentOutcomeDate", "2025-01-31"),
    "SEN2-401": drop(f"{ASSESS}/AssessmentOutcomeDate"),
    "SEN2-402": put(f"{ASSESS}/AssessmentOutcome", "Q"),
    "SEN2-403": put(f"{ASSESS}/AssessmentOutcome", "N"),
    "SEN2-404Q": put(f"{ASSESS}/Week20", "1"),  # the plan came in 19 weeks
    "SEN2-500": put(f"{PLAN}/StartDate", "2025-01-31"),
    "SEN2-501": put(f"{PLAN}/CeaseDate", "2025-12-01"),
    "SEN2-502": both(put(f"{PLAN}/CeaseDate", "2025-06-01"), put(f"{PLAN}/CeaseReason", "2")),
    "SEN2-503": both(put(f"{PLAN}/CeaseDate", "2025-12-01"), put(f"{PLAN}/CeaseReason", "10")),
    "SEN2-504": both(drop(f"{PLAN}/PlanDetail/SENsetting"), drop(f"{PLAN}/PlanDetail/SENsettingOther")),
    "SEN2-505": put(f"{ACTIVE}/PlacementDetail/SENsetting", "SPEC"),
    "SEN2-506": drop(f"{ACTIVE}/PlacementDetail/SENsettingOther"),
    "SEN2-508": put(f"{PLAN}/PlanDetail/URN", "12345"),  # 5 digits
    "SEN2-509": put(f"{ACTIVE}/PlacementDetail/UKPRN", "20012345"),  # 8 digits, but not starting 1
    "SEN2-507": put(f"{PLAN}/PlanDetail/PlacementRank", "2"),
    "SEN2-600": both(put(f"{PLAN}/CeaseDate", "2025-12-01"), put(f"{PLAN}/CeaseReason", "2")),
    "SEN2-601": put(f"{ACTIVE}/SENneed/SENtypeRank", "2"),
    "SEN2-602": put(f"{ACTIVE}/SENneed/SENtype", "ADHD"),
    "SEN2-603": put(f"{ACTIVE}/PlacementDetail/EntryDate", "2026-02-01"),
    "SEN2-604": put(f"{ACTIVE}/PlacementDetail/AttendancePattern", "H"),
    "SEN2-605Q": put(f"{ACTIVE}/LastReview", "2024-12-20"),
}


def failing(data: bytes, *codes: str) -> set[str]:
    """The codes that fail: of every 2025-26 rule, or only of ``codes`` (one rule runs far quicker)."""
    ruleset = ruleset_for("2025-26")
    report = validate_sen2_tables(
        tables_from_xml(data, "sen2.xml"), ruleset.only(*codes) if codes else ruleset
    )
    return set(report.failures["rule"].to_pylist())


def test_the_base_return_passes_every_rule() -> None:
    assert failing(BASE) == set()


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_fails_its_case_and_passes_the_base(code: str) -> None:
    root = etree.fromstring(BASE)
    CASES[code](root)
    assert failing(etree.tostring(root), code) == {code}


def test_every_rule_has_a_case_and_every_listed_rule_a_query() -> None:
    assert set(CASES) == set(RULESETS["2025-26"].codes)
    listed = specs.rule_list("sen2", "2025-26")
    for rule in RULESETS["2025-26"].rules:
        assert rule.message == listed[rule.code].message
        assert (rule.severity is Severity.QUERY) == rule.code.endswith("Q")


def test_the_2026_27_rules_are_the_2025_26_ones_carried_forward_and_marked_provisional() -> None:
    from continuum.returns.sen2 import layout

    assert RULESETS["2026-27"].codes == RULESETS["2025-26"].codes
    assert layout.year_of("2026-27").provisional
    assert not layout.year_of("2025-26").provisional
    assert layout.census_date_of("2026-27").isoformat() == "2027-01-21"  # the third Thursday


def test_a_failure_names_the_person_by_upn_or_position_and_the_line() -> None:
    root = etree.fromstring(BASE)
    CASES["SEN2-202"](root)
    CASES["SEN2-302"](root)
    report = validate_sen2_tables(tables_from_xml(etree.tostring(root), "sen2.xml"), ruleset_for("2025-26"))
    rows = {r["rule"]: r for r in report.failures.to_pylist()}
    assert rows["SEN2-202"]["child_id"] == "W302123456789"
    assert rows["SEN2-202"]["element"] == "Person"
    assert rows["SEN2-302"]["child_id"] == "1234567890"
    assert rows["SEN2-302"]["table"] == "requests"
    assert rows["SEN2-302"]["line"] > rows["SEN2-202"]["line"]
