"""CIN census export: element order against the DfE field list, and a synthetic borough validated."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

import pyarrow as pa
import pytest
from lxml import etree

from continuum.returns.cin import RULESETS, parse_cin, validate_tables
from continuum.returns.export.cin import FIELDS_CSV, element_order, export_cin

#: Error rules the synthetic borough itself breaks (continuum/synth, not the exporter).
#: None: it reports under the council's code (CONTINUUM_LA_CODE, default 302) and its
#: UPNs carry that code, so rule 1530 checks them as they are, with nothing rewritten.
SYNTH_DATA_ERRORS: set[str] = set()


@cache
def synth_tables() -> dict[str, pa.Table]:
    """A small synthetic borough under LA 302: three reported years to 31 March 2026, short warm-up."""
    from django.test import override_settings

    from continuum.synth.parquet import borough_tables
    from continuum.synth.simulate import SimConfig, simulate

    with override_settings(CONTINUUM_LA_CODE="302"):  # whatever a test before this one set
        config = SimConfig(years=3, seed=3, last_year_end=date(2026, 3, 31), warm_up_years=3)
        return borough_tables(simulate(config))


#: A day in the current collection year (2026-27) the as-of borough is simulated up to.
AS_OF = date(2026, 11, 30)


@cache
def synth_tables_as_of() -> dict[str, pa.Table]:
    """A small synthetic borough simulated up to :data:`AS_OF`, as the demo is up to today:
    two complete years before 2026-27 and the year so far."""
    from django.test import override_settings

    from continuum.synth.parquet import borough_tables
    from continuum.synth.simulate import SimConfig, simulate

    with override_settings(CONTINUUM_LA_CODE="302"):
        return borough_tables(simulate(SimConfig(years=2, seed=3, as_of=AS_OF, warm_up_years=3)))


def _under_fictitious_number(tables: dict[str, pa.Table], fictitious: str = "100") -> dict[str, pa.Table]:
    """The borough as an older database holds it: LA number and UPNs under a fictitious number."""
    from continuum.synth.upn import check_letter

    out = {}
    for name, table in tables.items():
        if "la_code" in table.column_names:
            i = table.column_names.index("la_code")
            table = table.set_column(i, "la_code", pa.array([fictitious] * table.num_rows, pa.string()))
        if name == "children":
            upns = [
                u and check_letter(fictitious + u[4:]) + fictitious + u[4:] for u in table["upn"].to_pylist()
            ]
            table = table.set_column(table.column_names.index("upn"), "upn", pa.array(upns, pa.string()))
        out[name] = table
    return out


def test_element_order_matches_the_spec() -> None:
    import csv

    with FIELDS_CSV.open() as fh:
        spec = [r["path"] for r in csv.DictReader(fh)]
    order = element_order()
    # Same elements, same order; the wrapped items sit inside their wrapper.
    flat = [
        p.replace("Disabilities/", "").replace("FactorsIdentifiedAtAssessment/", "").replace("Reviews/", "")
        for p in order[1:]
    ]
    assert flat == spec
    assert "Message/Children/Child/ChildCharacteristics/Disabilities/Disability" in order
    assert "Message/Children/Child/CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate" in order


def _paths(path: Path) -> list[str]:
    tree = etree.parse(str(path))
    return [tree.getpath(el).replace("[", "/[").split("/[")[0] for el in tree.iter()]


def test_written_file_follows_the_spec_order(tmp_path: Path) -> None:
    out = export_cin(synth_tables(), tmp_path / "cin.xml", 2026, generated=datetime(2026, 4, 1))
    rank = {p: i for i, p in enumerate(element_order())}
    tree = etree.parse(str(out.path))
    for el in tree.iter():
        kids = [c for c in el if isinstance(c.tag, str)]
        path = "/".join(a.tag for a in reversed([el, *el.iterancestors()]))
        ranks = [rank[f"{path}/{c.tag}"] for c in kids]
        assert ranks == sorted(ranks), path
    header = tree.find("Header")
    assert header.findtext("CollectionDetails/ReferenceDate") == "2026-03-31"
    assert header.findtext("Source/LEA") == "302"  # the council's code (CONTINUUM_LA_CODE's default)


def test_synthetic_upns_carry_the_councils_code_and_are_written_as_they_are(tmp_path: Path) -> None:
    """Rule 1530 is checked against the real LA number: nothing is rewritten on the way out."""
    from continuum.synth.upn import is_valid_upn

    originals = {c["la_child_id"]: c["upn"] for c in synth_tables()["children"].to_pylist()}
    assert {u[1:4] for u in originals.values() if u} == {"302"}
    out = export_cin(synth_tables(), tmp_path / "cin.xml", 2026, generated=datetime(2026, 4, 1))
    tree = etree.parse(str(out.path))
    written = {
        c.findtext("ChildIdentifiers/LAchildID"): c.findtext("ChildIdentifiers/UPN")
        for c in tree.iter("Child")
    }
    with_upn = {k: v for k, v in written.items() if v}
    assert with_upn
    assert all(upn == originals[child] and is_valid_upn(upn) for child, upn in with_upn.items())
    report = validate_tables(parse_cin(out.path), RULESETS["2025-26"].only("1510", "1530"))
    assert report.failures.num_rows == 0


def test_la_code_setting_rewrites_a_fictitious_number(tmp_path: Path, settings) -> None:
    """UPNs an older database holds under the fictitious number 100 get the council's code."""
    from continuum.synth.upn import is_valid_upn

    settings.CONTINUUM_LA_CODE = "208"  # Lambeth
    tables = _under_fictitious_number(synth_tables())
    out = export_cin(tables, tmp_path / "cin.xml", 2026, generated=datetime(2026, 4, 1))
    assert out.la_code == "208"
    tree = etree.parse(str(out.path))
    assert tree.findtext("Header/Source/LEA") == "208"
    originals = {c["la_child_id"]: c["upn"] for c in tables["children"].to_pylist()}
    written = {
        c.findtext("ChildIdentifiers/LAchildID"): c.findtext("ChildIdentifiers/UPN")
        for c in tree.iter("Child")
    }
    with_upn = {k: v for k, v in written.items() if v}
    assert with_upn
    for child, upn in with_upn.items():
        assert upn[1:4] == "208", child
        assert upn[4:] == originals[child][4:], child
        assert is_valid_upn(upn)


def test_la_code_must_be_a_dfe_code(tmp_path: Path, settings) -> None:
    settings.CONTINUUM_LA_CODE = "150"
    with pytest.raises(ValueError, match="CONTINUUM_LA_CODE is '150'"):
        export_cin(synth_tables(), tmp_path / "cin.xml", 2026)


def test_scope_is_episodes_open_in_the_year(tmp_path: Path) -> None:
    t = synth_tables()
    out = export_cin(t, tmp_path / "cin.xml", 2025, generated=datetime(2025, 4, 1))
    refs = t["referrals"].to_pylist()
    expected = [
        r
        for r in refs
        if r["cin_referral_date"] <= date(2025, 3, 31)
        and (r["cin_closure_date"] is None or r["cin_closure_date"] >= date(2024, 4, 1))
    ]
    assert out.episodes == len(expected)
    assert out.children == len({r["la_child_id"] for r in expected})
    parsed = parse_cin(out.path)
    assert parsed["cin_details"].num_rows == len(expected)
    closures = [d for d in parsed["cin_details"]["cin_closure_date"].to_pylist() if d]
    assert all(date(2024, 4, 1) <= d <= date(2025, 3, 31) for d in closures)


def test_synthetic_borough_passes_validation(tmp_path: Path) -> None:
    out = export_cin(synth_tables(), tmp_path / "cin.xml", 2026, generated=datetime(2026, 4, 1))
    report = validate_tables(parse_cin(out.path), RULESETS["2025-26"])
    errors = {f.rule for f in report.iter_failures() if f.severity == "error"}
    assert errors <= SYNTH_DATA_ERRORS, errors - SYNTH_DATA_ERRORS
    # Queries: 8825Q (RC8 after a long episode), 8863Q (overlapping assessments), 2991Q
    # (s47 with no assessment in the year) and 8670Q (assessment open > 45 wd) are all
    # true of the synthetic records; none comes from the export.
    queries = {f.rule for f in report.iter_failures() if f.severity == "query"}
    assert queries <= {"8825Q", "8863Q", "2991Q", "8670Q", "8675Q"}, queries


def test_as_of_borough_exports_a_clean_2026_27_year_to_date_census(tmp_path: Path) -> None:
    """The current year's census runs to the day the borough has reached; its header carries the
    year's ReferenceDate (31 March 2027), so it is read and validated as a 2026-27 file: zero
    errors. 8995Q is the one new query: the case record has no module 5 data to write yet.
    """
    out = export_cin(
        synth_tables_as_of(), tmp_path / "cin.xml", 2027, generated=datetime(2026, 12, 1), as_of=AS_OF
    )
    assert out.reference_date == date(2027, 3, 31)
    assert out.children > 0
    tree = etree.parse(str(out.path))
    assert tree.findtext("Header/CollectionDetails/ReferenceDate") == "2027-03-31"
    assert tree.findtext("Header/CollectionDetails/Year") == "2027"
    # Nothing happened after the day it runs to (a due date and an unborn child's expected
    # birth may be later, as the ReferenceDate is).
    ahead = {"ReferenceDate", "ExpectedPersonBirthDate", "InitialCPCtarget"}
    days = [
        date.fromisoformat(el.text)
        for el in tree.iter()
        if el.tag.endswith(("Date", "CPC")) and el.text and el.tag not in ahead
    ]
    assert days
    assert max(days) <= AS_OF
    tables = parse_cin(out.path)
    assert tables["pre_proceedings"].num_rows == 0
    report = validate_tables(tables)  # the rule set from the header: 2026-27
    assert "9005" in report.rules
    errors = {f.rule for f in report.iter_failures() if f.severity == "error"}
    assert errors == set(), report.summary_text()
    queries = {f.rule for f in report.iter_failures() if f.severity == "query"}
    assert "8995Q" in queries
    # Year to date, an assessment still open is "not completed 45 working days before 31 March"
    # (8670Q), and an unborn child due before March 2027 is outside "March to December of the
    # census year end" (8530Q).
    assert queries <= {"8995Q", "8825Q", "8863Q", "2991Q", "8670Q", "8675Q", "8530Q", "8569Q"}, queries


def test_as_of_borough_last_complete_year_still_validates_as_2025_26(tmp_path: Path) -> None:
    out = export_cin(
        synth_tables_as_of(), tmp_path / "cin.xml", 2026, generated=datetime(2026, 12, 1), as_of=AS_OF
    )
    report = validate_tables(parse_cin(out.path))
    assert "9005" not in report.rules
    errors = {f.rule for f in report.iter_failures() if f.severity == "error"}
    assert errors == set(), report.summary_text()
