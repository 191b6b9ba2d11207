"""Known-answer tests: for every DfE CIN rule, a file that fails it and one that passes.

Each case changes the valid baseline (two children, see ``cin_xml``) in one
place. The failing file must raise the rule at least once; the passing file
must not raise it at all. Only the rule under test is run, so a case needs
to be right about its own rule only. Where the DfE wording leaves a boundary
(on or before, strictly between), the pair sits either side of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.returns.cin import RULESETS, parse_cin, validate_tables
from tests.returns.cin_xml import (
    UPN_OK,
    assessment,
    child,
    cpp,
    episode,
    message,
    plan,
    s47,
    second_child,
    write,
)

YEAR = "2025-26"
BASE = message()


def one(**changes: object) -> str:
    """The baseline return with the first child changed."""
    return message(child(**changes), second_child())  # type: ignore[arg-type]


def ep(**changes: object) -> str:
    """The baseline return with the first child's only episode changed."""
    return one(episodes=[episode(**changes)])  # type: ignore[arg-type]


def with_upn(upn: str) -> str:
    return one(upn=upn)


_WRONG_CHECK = ("B" if UPN_OK[0] != "B" else "C") + UPN_OK[1:]
_CLOSED_RC8 = {"closure": "2025-06-10", "reason": "RC8"}
_ICPC_CPP = {
    "s47s": [s47(icpc="2025-05-20", not_required="0")],
    "cpps": [cpp(start="2025-05-20")],
}

#: code -> (failing XML, passing XML)
CASES: dict[str, tuple[str, str]] = {
    # --- header and whole return ---
    "100": (message(reference_date="2022-03-31"), BASE),
    "2883": (ep(cpps=[cpp(start="2025-05-20")]), ep(**_ICPC_CPP)),
    "2886Q": (message(child(sex="U"), second_child(sex="U")), BASE),
    "2887Q": (message(child(disabilities=("MOB", "HAND")), second_child(disabilities=("LD", "VIS"))), BASE),
    "2888Q": (message(child(disabilities=("MOB",)), second_child(disabilities=("LD",))), BASE),
    # --- UPN and IDs ---
    "1510": (with_upn(_WRONG_CHECK), BASE),
    "1520": (message(child(), second_child(upn=UPN_OK)), BASE),
    "1530": (with_upn("A000123456789"), BASE),
    "1540": (with_upn("A20212345X789"), BASE),
    "1550": (with_upn("A20212345678I"), BASE),
    "1560Q": (one(former_upn="A12"), one(former_upn=UPN_OK)),
    "1570": (one(la_child_id="C" * 21), one(la_child_id="C" * 20)),
    "1580": (one(la_child_id="C-1"), one(la_child_id="C1")),
    "8500": (one(la_child_id=None), BASE),
    "8510": (message(child(), second_child(la_child_id="C1")), BASE),
    # --- child dates, sex, ethnicity ---
    "8520": (one(dob="2026-04-01"), one(dob="2026-03-31")),
    "8525Q": (one(edob="2026-05-01"), BASE),
    "8530Q": (
        one(dob=None, edob="2027-01-15", sex="U", upn=None, upn_unknown="UN1"),
        one(dob=None, edob="2026-12-15", sex="U", upn=None, upn_unknown="UN1"),
    ),
    "8535Q": (one(death="2015-05-01"), one(death="2025-12-01")),
    "8545Q": (one(death="2025-03-31"), one(death="2025-04-01")),
    "8775Q": (one(dob="2000-01-01"), one(dob="2001-04-01")),
    "4180": (one(sex="X"), BASE),
    "8750": (
        one(dob=None, edob="2026-05-01", sex="F", upn=None, upn_unknown="UN1"),
        one(dob=None, edob="2026-05-01", sex="U", upn=None, upn_unknown="UN1"),
    ),
    "4220": (one(ethnicity="ZZZZ"), BASE),
    "8770Q": (one(upn=None, upn_unknown="UN1"), one(upn=None, upn_unknown="UN1", dob="2020-06-01")),
    "8772": (
        one(upn=None, upn_unknown="UN7"),
        one(upn=None, upn_unknown="UN7", episodes=[episode(nfa="1", assessments=[])]),
    ),
    # --- disability ---
    "8540": (one(disabilities=("MOB", "WINGS")), BASE),
    "8790": (one(disabilities=("NONE", "MOB")), one(disabilities=("NONE",))),
    "8794": (one(disabilities=("MOB", "HAND", "MOB")), BASE),
    # --- episodes ---
    "8590": (one(episodes=[]), BASE),
    "8600": (ep(referral="2026-04-01"), ep(referral="2026-03-31", assessments=[])),
    "8606": (
        one(dob="2025-06-01", upn=None, upn_unknown="UN1", episodes=[episode(referral="2024-08-24")]),
        one(dob="2025-06-01", upn=None, upn_unknown="UN1", episodes=[episode(referral="2024-08-25")]),
    ),
    "8555Q": (one(death="2025-04-30"), one(death="2025-05-01")),
    "8866": (ep(source="99"), BASE),
    "8568": (ep(nfa="yes"), ep(nfa="false")),
    "8569Q": (
        ep(referral="2025-03-28", nfa="1", assessments=[]),
        ep(referral="2025-03-31", nfa="1", assessments=[]),
    ),
    "8610": (ep(need=None), ep(need=None, nfa="1", assessments=[])),
    "8650": (ep(need="N11"), BASE),
    "8620": (ep(closure="2026-04-01", reason="RC7"), ep(closure="2026-03-31", reason="RC7")),
    "8630": (ep(closure="2025-04-30", reason="RC7"), ep(closure="2025-06-10", reason="RC7")),
    "8640": (ep(closure="2025-06-10", reason="RC10"), ep(closure="2025-06-10", reason="RC7")),
    "8805": (ep(closure="2025-06-10"), ep(closure="2025-06-10", reason="RC7")),
    "8810": (ep(reason="RC7"), BASE),
    "8585Q": (
        ep(closure="2025-06-10", reason="RC2"),
        one(death="2025-06-10", episodes=[episode(closure="2025-06-10", reason="RC2")]),
    ),
    "8815": (
        one(episodes=[episode(), episode(referral="2025-08-01", assessments=[])]),
        one(episodes=[episode(**_CLOSED_RC8), episode(referral="2025-08-01", assessments=[])]),
    ),
    "8816": (
        one(
            episodes=[
                episode(),
                episode(referral="2025-08-01", closure="2025-08-01", reason="RC7", nfa="1", assessments=[]),
            ]
        ),
        one(
            episodes=[
                episode(referral="2025-08-01", closure="2025-08-01", reason="RC7", nfa="1", assessments=[]),
                episode(referral="2025-09-01", assessments=[]),
            ]
        ),
    ),
    "8820": (  # a new referral may start on the day the last one closed (DfE note); more cases in *_1530_8820
        one(episodes=[episode(**_CLOSED_RC8), episode(referral="2025-06-09", assessments=[])]),
        one(episodes=[episode(**_CLOSED_RC8), episode(referral="2025-06-10", assessments=[])]),
    ),
    "8825Q": (ep(assessments=[], **_CLOSED_RC8), ep(**_CLOSED_RC8)),
    "2990": (ep(s47s=[s47()], **_CLOSED_RC8), ep(**_CLOSED_RC8)),
    "8831": (ep(nfa="1"), ep(nfa="1", assessments=[])),
    "8832": (ep(nfa="1", assessments=[], cpps=[cpp()]), ep(nfa="1", assessments=[])),
    "8565": (
        ep(closure="2025-06-01", reason="RC7"),
        ep(closure="2025-06-02", reason="RC7"),
    ),
    # --- conferences ---
    "1104": (ep(icpc="2025-04-30"), ep(icpc="2025-05-01")),
    "8715": (ep(icpc="2026-04-01"), ep(icpc="2026-03-31")),
    "8875": (ep(icpc="2025-05-17"), ep(icpc="2025-05-19")),
    "2884": (
        ep(icpc="2025-05-20", s47s=[s47(icpc="2025-05-20", not_required="0")]),
        ep(s47s=[s47(icpc="2025-05-20", not_required="0")]),
    ),
    "2885": (
        ep(s47s=[s47(icpc="2025-05-19", not_required="0")], cpps=[cpp(start="2025-05-20")]),
        ep(**_ICPC_CPP),
    ),
    # --- assessments ---
    "1103": (
        ep(assessments=[assessment(start="2025-04-30")]),
        ep(assessments=[assessment(start="2025-05-01")]),
    ),
    "8608": (
        ep(assessments=[assessment(auth="2025-05-01")]),
        ep(assessments=[assessment(auth="2025-05-02")]),
    ),
    "8696": (
        ep(assessments=[assessment(auth="2026-04-01")]),
        ep(assessments=[assessment(auth="2026-03-31")]),
    ),
    "8736": (
        ep(referral="2025-03-01", assessments=[assessment(start="2025-03-31", auth=None)]),
        ep(referral="2025-03-01", assessments=[assessment(start="2025-04-01", auth=None)]),
    ),
    "8670Q": (
        ep(assessments=[assessment(start="2026-01-26", auth=None)]),
        ep(assessments=[assessment(start="2026-01-27", auth=None)]),
    ),
    "8867": (
        ep(closure="2025-06-10", reason="RC7", assessments=[assessment(auth=None)]),
        ep(closure="2025-06-10", reason="RC7"),
    ),
    "8896": (
        ep(assessments=[assessment(auth=None), assessment(start="2025-07-01", auth=None)]),
        ep(assessments=[assessment(), assessment(start="2025-07-01", auth=None)]),
    ),
    "8863Q": (
        ep(assessments=[assessment(), assessment(start="2025-06-02")]),
        ep(assessments=[assessment(), assessment(start="2025-06-03")]),
    ),
    "8614": (
        ep(assessments=[assessment(auth=None, factors=("2A",))]),
        ep(assessments=[assessment(auth=None)]),
    ),
    "8897Q": (ep(assessments=[assessment(factors=())]), BASE),
    "8869": (
        ep(assessments=[assessment(factors=("21", "2A"))]),
        ep(assessments=[assessment(factors=("21",))]),
    ),
    "8873Q": (
        ep(closure="2025-06-10", reason="RC7", assessments=[assessment(factors=("21",))]),
        ep(closure="2025-06-10", reason="RC8", assessments=[assessment(factors=("21",))]),
    ),
    "8898": (ep(assessments=[assessment(factors=("2A", "2A"))]), BASE),
    "8945Q": (ep(assessments=[assessment(factors=("18A",))]), ep(assessments=[assessment(factors=("18B",))])),
    "8950Q": (ep(assessments=[assessment(factors=("19A",))]), ep(assessments=[assessment(factors=("19C",))])),
    # --- section 47 ---
    "2889": (ep(s47s=[s47(start="2025-04-30")]), ep(s47s=[s47(start="2025-05-01")])),
    "2991Q": (ep(assessments=[], s47s=[s47()]), ep(s47s=[s47()])),
    "8615": (
        ep(s47s=[s47(start="2025-05-21", icpc="2025-05-20", not_required="0")]),
        ep(s47s=[s47(start="2025-05-20", icpc="2025-05-20", not_required="0")]),
    ),
    "8675Q": (
        ep(s47s=[s47(start="2026-03-09", not_required="0")]),
        ep(s47s=[s47(start="2026-03-10", not_required="0")]),
    ),
    "8740": (
        ep(referral="2025-03-01", s47s=[s47(start="2025-03-31", not_required="0")]),
        ep(referral="2025-03-01", s47s=[s47(start="2025-03-31", not_required="1")]),
    ),
    "8839": (
        ep(s47s=[s47(not_required="0"), s47(start="2025-07-01", not_required="0")]),
        ep(s47s=[s47(not_required="1"), s47(start="2025-07-01", not_required="0")]),
    ),
    "8868": (
        ep(closure="2025-06-10", reason="RC7", s47s=[s47(not_required="0")]),
        ep(closure="2025-06-10", reason="RC7", s47s=[s47(not_required="1")]),
    ),
    "8870Q": (ep(s47s=[s47(target="2025-05-25")]), ep(s47s=[s47(target="2025-05-27")])),
    "8890": (
        ep(s47s=[s47(not_required="0"), s47(start="2025-07-01")]),
        ep(s47s=[s47(icpc="2025-05-20", not_required="0"), s47(start="2025-07-01")]),
    ),
    # --- CIN plans ---
    "4000": (ep(nfa="1", assessments=[], plans=[plan()]), ep(plans=[plan()])),
    "4001": (
        ep(plans=[plan()], cpps=[cpp(start="2025-07-01")]),
        ep(plans=[plan(end="2025-07-01")], cpps=[cpp(start="2025-07-01")]),
    ),
    "4003": (
        ep(plans=[plan()], cpps=[cpp(start="2025-06-10", reviews=["2025-09-01"])]),
        ep(plans=[plan(end="2025-06-10")], cpps=[cpp(start="2025-06-10", reviews=["2025-09-01"])]),
    ),
    "4004": (
        ep(plans=[plan(), plan(start="2025-07-01")]),
        ep(plans=[plan(end="2025-06-30"), plan(start="2025-07-01")]),
    ),
    "4008": (
        one(death="2025-07-01", episodes=[episode(plans=[plan(start="2025-07-02")])]),
        one(death="2025-07-01", episodes=[episode(plans=[plan(start="2025-07-01")])]),
    ),
    "4009Q": (
        one(death="2025-07-01", episodes=[episode(plans=[plan(end="2025-07-02")])]),
        one(death="2025-07-01", episodes=[episode(plans=[plan(end="2025-07-01")])]),
    ),
    "4010": (ep(plans=[plan(start="2026-04-01")]), ep(plans=[plan(start="2026-03-31")])),
    "4011": (ep(plans=[plan(end="2025-06-01")]), ep(plans=[plan(end="2025-06-03")])),
    "4012Q": (ep(plans=[plan(end="2025-06-02")]), ep(plans=[plan(end="2025-06-03")])),
    "4013": (ep(plans=[plan(end="2026-04-01")]), ep(plans=[plan(end="2026-03-31")])),
    "4014": (
        ep(plans=[plan(end="2025-08-01"), plan(start="2025-08-01")]),
        ep(plans=[plan(end="2025-08-01"), plan(start="2025-08-02")]),
    ),
    "4015": (ep(plans=[plan(start="2025-04-30")]), ep(plans=[plan(start="2025-05-01")])),
    "4016": (  # a CIN plan starting within a CP plan (more cases in *_4016_4017)
        ep(plans=[plan(start="2025-06-02")], cpps=[cpp(start="2025-05-20", end="2025-07-01")]),
        ep(plans=[plan(start="2025-07-01")], cpps=[cpp(start="2025-05-20", end="2025-07-01")]),
    ),
    "4017": (  # a CP plan starting within a CIN plan
        ep(plans=[plan(start="2025-06-02")], cpps=[cpp(start="2025-07-01")]),
        ep(plans=[plan(start="2025-06-02", end="2025-07-01")], cpps=[cpp(start="2025-07-01")]),
    ),
    # --- child protection plans ---
    "1105": (ep(cpps=[cpp(start="2025-04-30")]), ep(cpps=[cpp(start="2025-05-01")])),
    "8720": (ep(cpps=[cpp(start=None)]), BASE),
    "8730": (ep(cpps=[cpp(previous="-1")]), ep(cpps=[cpp(previous="3")])),
    "8840": (ep(cpps=[cpp(end="2025-05-20")]), ep(cpps=[cpp(end="2025-05-21")])),
    "8905": (ep(cpps=[cpp(initial="ABC")]), BASE),
    "8910": (ep(cpps=[cpp(latest=None)]), BASE),
    "8915": (
        one(death="2025-05-19", episodes=[episode(cpps=[cpp()])]),
        one(death="2025-05-20", episodes=[episode(cpps=[cpp(end="2025-05-20")])]),
    ),
    "8920": (
        one(death="2025-06-01", episodes=[episode(cpps=[cpp(end="2025-06-02")])]),
        one(death="2025-06-02", episodes=[episode(cpps=[cpp(end="2025-06-02")])]),
    ),
    "8925": (ep(cpps=[cpp(end="2025-05-19")]), ep(cpps=[cpp(end="2025-05-21")])),
    "8930": (ep(cpps=[cpp(end="2026-04-01")]), ep(cpps=[cpp(end="2026-03-31")])),
    "8935": (
        ep(cpps=[cpp(), cpp(start="2025-09-01")]),
        ep(cpps=[cpp(end="2025-08-31"), cpp(start="2025-09-01")]),
    ),
    "8940": (
        ep(cpps=[cpp(end="2025-09-01"), cpp(start="2025-09-01")]),
        ep(cpps=[cpp(end="2025-08-31"), cpp(start="2025-09-01")]),
    ),
    "8841": (ep(cpps=[cpp(reviews=["2025-05-20"])]), ep(cpps=[cpp(reviews=["2025-05-21"])])),
    "8842Q": (ep(cpps=[cpp(reviews=[""])]), ep(cpps=[cpp(reviews=["2025-08-20"])])),
}


def _run(tmp_path: Path, code: str, xml: str, name: str) -> list[str]:
    tables = parse_cin(write(tmp_path, xml, name))
    report = validate_tables(tables, RULESETS[YEAR].only(code))
    return report.failures["rule"].to_pylist()


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_known_answers(tmp_path: Path, code: str) -> None:
    failing, passing = CASES[code]
    assert code in _run(tmp_path, code, failing, "fail.xml"), f"rule {code} did not fire on its failing case"
    assert _run(tmp_path, code, passing, "pass.xml") == [], f"rule {code} fired on its passing case"


def test_every_rule_of_the_year_has_a_known_answer_test() -> None:
    assert sorted(set(RULESETS[YEAR].codes) - set(CASES)) == []
    assert sorted(set(CASES) - set(RULESETS[YEAR].codes)) == []


def test_baseline_return_passes_every_rule(tmp_path: Path) -> None:
    """Every case starts from this baseline, so it must be clean under all 109 rules."""
    report = validate_tables(parse_cin(write(tmp_path, BASE)), RULESETS[YEAR])
    assert report.failures.to_pylist() == []


# --- Variants the pairs above do not cover -----------------------------------------


@pytest.mark.parametrize(
    ("code", "xml"),
    [
        ("100", message(reference_date=None)),
        ("100", message(header=False)),
        ("4180", one(sex=None)),
        ("4220", one(ethnicity=None)),
        ("8540", one(disabilities=None)),
        ("8568", ep(nfa=None)),
        ("8600", ep(referral=None)),
        ("8730", ep(cpps=[cpp(previous="two")])),
        ("8730", ep(cpps=[cpp(previous=None)])),
        ("8866", ep(source=None)),
        ("8905", ep(cpps=[cpp(initial=None)])),
        ("4010", ep(plans=[plan(start=None)])),
        ("8842Q", ep(cpps=[cpp(reviews=[])])),
        ("8770Q", one(upn=None)),
        ("8831", ep(nfa="1", assessments=[], s47s=[s47()])),
        ("8565", ep(closure="2025-06-05", reason="RC7", plans=[plan(start="2025-06-06")])),
    ],
)
def test_rule_variants(tmp_path: Path, code: str, xml: str) -> None:
    assert code in _run(tmp_path, code, xml, "variant.xml")


def test_failure_names_child_table_field_and_line(tmp_path: Path) -> None:
    xml = ep(cpps=[cpp(end="2025-05-19")])
    tables = parse_cin(write(tmp_path, xml))
    report = validate_tables(tables, RULESETS[YEAR].only("8925"))
    (failure,) = list(report.iter_failures())
    line = xml.splitlines().index("        <ChildProtectionPlans>") + 1
    assert (failure.child_id, failure.table, failure.element, failure.line) == (
        "C1",
        "cp_plans",
        "ChildProtectionPlans",
        line,
    )
    assert failure.field == "CPPendDate, CPPstartDate"
    assert failure.message == "Child Protection Plan End Date earlier than Start Date"
    assert failure.severity == "error"


def test_rule_that_looks_in_several_tables_names_the_one_that_failed(tmp_path: Path) -> None:
    xml = ep(closure="2025-06-05", reason="RC7", plans=[plan(start="2025-06-06")])
    report = validate_tables(parse_cin(write(tmp_path, xml)), RULESETS[YEAR].only("8565"))
    rows = [(f.table, f.element, f.field) for f in report.iter_failures()]
    assert ("cin_plan_dates", "CINPlanDates", "CINPlanStartDate") in rows


def test_return_level_failure_has_no_child_or_line(tmp_path: Path) -> None:
    xml = message(child(sex="U"), second_child(sex="U"))
    report = validate_tables(parse_cin(write(tmp_path, xml)), RULESETS[YEAR].only("2886Q"))
    (failure,) = list(report.iter_failures())
    assert (failure.child_id, failure.line, failure.table, failure.element) == (None, None, "return", None)
