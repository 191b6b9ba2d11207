"""The streaming CIN parser: tables that mirror the XML, line numbers, and clean errors for bad files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from continuum.returns.cin import parse_cin, validate_cin
from continuum.returns.cin.parser import BATCH_CHILDREN
from continuum.returns.cin.schema import ELEMENT_OF, TABLES
from continuum.returns.report import ReturnFileError
from tests.returns.cin_xml import (
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

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "fixtures" / "returns" / "broken"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# --- The tables -------------------------------------------------------------------------


def test_every_module_becomes_a_table_with_parent_keys_and_lines(tmp_path: Path) -> None:
    xml = message(
        child(
            episodes=[
                episode(
                    assessments=[assessment(factors=("2A", "3A"))],
                    plans=[plan(end="2025-07-01")],
                    s47s=[s47(icpc="2025-07-01", not_required="0")],
                    cpps=[cpp(start="2025-07-01", reviews=["2025-09-01", "2025-12-01"])],
                )
            ]
        ),
        second_child(),
    )
    tables = parse_cin(write(tmp_path, xml))
    lines = xml.splitlines()

    assert {name: tables[name].num_rows for name in TABLES} == {
        "header": 1,
        "children": 2,
        "disabilities": 8,
        "cin_details": 2,
        "assessments": 2,
        "assessment_factors": 4,
        "cin_plan_dates": 1,
        "section47": 1,
        "cp_plans": 1,
        "cp_reviews": 2,
        "pre_proceedings": 0,  # module 5, from 2026-27 (tests/returns/test_cin_rules_2026_27.py)
    }
    header = tables["header"].to_pylist()[0]
    assert header["reference_date"] == dt.date(2026, 3, 31)
    assert header["lea"] == "999"

    first = tables["children"].to_pylist()[0]
    assert first["la_child_id"] == "C1"
    assert first["person_birth_date"] == dt.date(2015, 6, 1)
    assert first["line"] == lines.index("    <Child>") + 1

    review = tables["cp_reviews"].to_pylist()[1]
    assert review["cpp_review_date"] == dt.date(2025, 12, 1)
    assert lines[review["line"] - 1].strip() == "<CPPreviewDate>2025-12-01</CPPreviewDate>"
    assert review["cp_plan_id"] == tables["cp_plans"]["cp_plan_id"][0].as_py()

    s47_row = tables["section47"].to_pylist()[0]
    assert (s47_row["date_of_initial_cpc"], s47_row["icpc_not_required"]) == (dt.date(2025, 7, 1), "0")
    factor_lines = [lines[n - 1].strip() for n in tables["assessment_factors"]["line"].to_pylist()[:2]]
    assert factor_lines == [
        "<AssessmentFactors>2A</AssessmentFactors>",
        "<AssessmentFactors>3A</AssessmentFactors>",
    ]


def test_schema_maps_every_column_to_a_dfe_element() -> None:
    keys = {
        "child_id",
        "cin_details_id",
        "assessment_id",
        "cin_plan_id",
        "s47_id",
        "cp_plan_id",
        "pp_id",
        "line",
    }
    for spec in TABLES.values():
        for column in spec.columns:
            assert column in keys or column in ELEMENT_OF, (spec.name, column)


def test_dfe_field_list_elements_are_all_read() -> None:
    """Every leaf element of the DfE field list has a column (so none is silently dropped)."""
    import csv

    spec = ROOT / "continuum" / "specs" / "cin_census_2025_26_fields.csv"
    with spec.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    leaves = {r["path"].rsplit("/", 1)[-1] for r in rows if r["type"] not in ("group", "")}
    assert leaves - set(ELEMENT_OF.values()) == set()


def test_empty_elements_are_absent_and_namespaces_and_time_zones_are_accepted(tmp_path: Path) -> None:
    xml = message().replace("<Message>", '<Message xmlns="http://www.dfe.gov.uk/CIN">')
    xml = xml.replace("<ReferralSource>1A</ReferralSource>", "<ReferralSource/>", 1)
    xml = xml.replace("<PersonBirthDate>2015-06-01<", "<PersonBirthDate>2015-06-01Z<", 1)
    tables = parse_cin(write(tmp_path, xml))
    assert tables["cin_details"]["referral_source"][0].as_py() is None
    assert tables["children"]["person_birth_date"][0].as_py() == dt.date(2015, 6, 1)


def test_many_children_stream_in_batches(tmp_path: Path) -> None:
    """More children than one batch: every child arrives, in order, with its own line."""
    n = BATCH_CHILDREN + 5
    kid = child(la_child_id="X", upn=None, upn_unknown="UN1")
    xml = message(*(kid.replace("<LAchildID>X<", f"<LAchildID>K{i}<") for i in range(n)))
    tables = parse_cin(write(tmp_path, xml))
    ids = tables["children"]["la_child_id"].to_pylist()
    assert len(ids) == n
    assert ids[0] == "K0"
    assert ids[-1] == f"K{n - 1}"
    assert tables["children"]["child_id"].to_pylist() == list(range(n))
    child_lines = tables["children"]["line"].to_pylist()
    assert child_lines == sorted(child_lines)
    assert len(set(child_lines)) == n


def test_hand_written_fixture_parses_and_validates() -> None:
    report = validate_cin(FIXTURES / "cin_small_valid.xml")
    assert report.children == 3
    assert report.failures.num_rows == 0


def test_hand_written_fixture_with_errors() -> None:
    report = validate_cin(FIXTURES / "cin_small_errors.xml")
    got = {(f.rule, f.child_id, f.line) for f in report.iter_failures()}
    assert ("8630", "A100", 30) in got  # closure before referral, on the CINdetails line
    assert ("4180", "A101", 53) in got  # sex Z, on the Child line
    assert ("8925", "A100", 44) in got  # plan ends before it starts
    assert report.has_errors


# --- Bad input: every broken file gives a clean, named error ----------------------------

BROKEN_FILES = sorted(BROKEN.glob("cin_*.xml"))

#: file -> (line or None, words the message must contain)
EXPECTED: dict[str, tuple[int | None, str]] = {
    "cin_empty.xml": (1, "empty"),
    "cin_whitespace_only.xml": (1, "empty"),
    "cin_not_xml.xml": (1, "not XML"),
    "cin_binary_garbage.xml": (1, "not XML"),
    "cin_truncated.xml": (43, "not well-formed"),
    "cin_mismatched_tag.xml": (24, "tag mismatch"),
    "cin_wrong_root.xml": (2, "root element is <Return>; expected <Message>"),
    "cin_wrong_root_no_children.xml": (2, "root element is <Episodes>; expected <Message>"),
    "cin_latin1_declared.xml": (1, "declares encoding 'ISO-8859-1'; expected UTF-8"),
    "cin_latin1_bytes.xml": (12, "not valid UTF-8"),
    "cin_utf16.xml": (1, "expected UTF-8"),
    "cin_bad_date_format.xml": (36, "<CINreferralDate> holds '01/05/2025', which is not a date"),
    "cin_impossible_date.xml": (23, "<PersonBirthDate> holds '2015-02-30'"),
    "cin_bad_reference_date.xml": (7, "<ReferenceDate> holds '31-03-2026'"),
    "cin_bad_review_date.xml": (54, "<CPPreviewDate> holds 'soon'"),
    "cin_date_with_time.xml": (41, "expected YYYY-MM-DD"),
    "cin_duplicate_leaf.xml": (25, "<Sex> appears more than once"),
    "cin_nested_value.xml": (24, "<Sex> holds other elements"),
    "cin_child_outside_children.xml": (18, "<Child> found outside <Children>"),
    "cin_no_children.xml": (2, "has no <Children>"),
    "cin_content_after_root.xml": (83, "Extra content"),
    "cin_unclosed_comment.xml": (84, "Comment not terminated"),
    "cin_undefined_entity.xml": (12, "Entity 'nbsp' not defined"),
    "cin_doctype_entity.xml": (1, "<!DOCTYPE>"),
    "cin_header_twice.xml": (18, "<Header> appears more than once"),
    "cin_two_identifiers.xml": (26, "<ChildIdentifiers> appears twice"),
}


#: Files with an element the layout does not have: file -> (line, words of the report row). The
#: element is skipped, reported with its line, and the rest of the file is still checked.
SKIPPED: dict[str, tuple[int, str]] = {
    "cin_unknown_identifier_element.xml": (25, "unknown element <FavouriteColour> inside <ChildIdentifiers>"),
    "cin_unknown_top_element.xml": (18, "unknown element <Extra> inside <Message>"),
    "cin_unknown_in_children.xml": (81, "unknown element <Kid> inside <Children>"),
    "cin_unknown_between_children.xml": (50, "unknown element <Kid> inside <Children>"),
    "cin_unknown_in_cindetails.xml": (40, "unknown element <Section48> inside <CINdetails>"),
    "cin_misspelt_element_case.xml": (21, "unknown element <LAChildID>"),
    "cin_unknown_in_header.xml": (6, "unknown element <Term> inside <CollectionDetails>"),
    "cin_unknown_in_disabilities.xml": (29, "unknown element <Dis> inside <Disabilities>"),
    "cin_unknown_in_factors.xml": (44, "unknown element <Factor> inside <FactorsIdentifiedAtAssessment>"),
}


def test_broken_corpus_is_big_enough_and_described() -> None:
    assert len(BROKEN_FILES) >= 25
    assert sorted(p.name for p in BROKEN_FILES) == sorted(EXPECTED | SKIPPED)


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_unknown_element_is_reported_with_its_line_and_the_rest_checked(name: str) -> None:
    report = validate_cin(BROKEN / name)
    line, words = SKIPPED[name]
    skipped = [f for f in report.iter_failures() if f.rule == "CONTINUUM-CIN01"]
    assert [f.line for f in skipped] == [line]
    assert words in skipped[0].message
    assert skipped[0].severity == "error"
    assert report.children >= 1  # the children were read
    assert len(report.rules) == 109 + 1  # every 2025-26 rule ran, besides the skipped element's report
    assert "Continuum's own checks" in report.summary_text()


def test_everything_else_in_a_file_with_an_unknown_element_is_checked(tmp_path: Path) -> None:
    """A stray element next to a real error: both are reported, the error under its DfE rule."""
    xml = message(child(sex="X"), second_child()).replace(
        "<ChildCharacteristics>", "<Hobby>chess</Hobby>\n      <ChildCharacteristics>", 1
    )
    report = validate_cin(write(tmp_path, xml))
    assert {"CONTINUUM-CIN01", "4180"} <= report.codes()
    assert report.counts()["CONTINUUM-CIN01"] == 1


@pytest.mark.parametrize("path", [p for p in BROKEN_FILES if p.name in EXPECTED], ids=lambda p: p.name)
def test_broken_file_gives_a_clean_named_error(path: Path) -> None:
    with pytest.raises(ReturnFileError) as caught:
        validate_cin(path)
    err = caught.value
    text = str(err)
    assert str(path) in text  # names the file
    assert "expected" in text  # says what was expected
    assert "Traceback" not in text
    line, words = EXPECTED[path.name]
    assert err.line == line, text
    assert words in text, text


def test_missing_file_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(ReturnFileError, match="cannot open the file"):
        parse_cin(tmp_path / "nope.xml")
