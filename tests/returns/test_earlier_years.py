"""Five years of a council's returns, each in its own year's layout, load into one dataset.

The files are a small synthetic borough's exports, rewritten into each
earlier year's layout from the layout differences (``continuum/specs/*_earlier_layouts.csv``,
derived from the DfE schemas): ``<GenderCurrent>`` coded 1/2/0/9 for
ReferenceDates up to 2024, codes a year did not have replaced, SSDA903 SEX
1/2 until 2023-24 and no SWEpisodes file before 2023-24. Where the project's
copy of the DfE schemas is at hand, each rewritten CIN file is checked
against its own year's schema, so the test files are what that year's
systems wrote. Known answers: the same dataset as the files in today's
layout, and the dashboards' referrals and care starts per year as counted
in each year's file.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from continuum.core import specs
from continuum.metrics.engine import Engine
from continuum.returns.cin import parse_cin
from continuum.returns.export.cin import export_cin
from continuum.returns.export.ssda903 import export_903
from continuum.returns.importer import import_files
from continuum.returns.rules_registry import collection_year_of
from tests.returns.test_export_cin import synth_tables

#: ReferenceDate years of the five census files: collections 2021-22 to 2025-26.
YEARS = range(2022, 2027)
#: The DfE schemas as the project keeps them (``shared/specs/cin_schemas``), when at hand.
SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "cin_schemas"
#: A code a year's list did not have yet, written as that year's systems would have.
OLDER_CODE = {"5D": "5C", "RC9": "RC8", "18B": "18A", "18C": "18A", "19B": "19A", "19C": "19A", "24A": "2A"}


def _year(ref_year: int) -> str:
    return collection_year_of(date(ref_year, 3, 31))


def to_earlier_cin_layout(xml: str, ref_year: int) -> str:
    """A CIN census file in today's layout rewritten into the layout of ``ref_year``'s ReferenceDate."""
    year = _year(ref_year)
    for c in specs.earlier_layouts("cin"):
        if not c.holds_in(year):
            continue
        if c.change == "renamed":
            back = {
                ch.current: ch.value for ch in specs.earlier_layouts("cin")[::-1] if ch.change == "recoded"
            }
            xml = re.sub(
                rf"<{c.current}>([^<]*)</{c.current}>",
                lambda m, c=c, back=back: f"<{c.element}>{back.get(m.group(1), m.group(1))}</{c.element}>",
                xml,
            )
        elif c.change == "code_absent":
            xml = xml.replace(f"<{c.element}>{c.value}</", f"<{c.element}>{OLDER_CODE[c.value]}</")
        elif c.change == "absent":
            xml = re.sub(rf"\s*<{c.element}>.*?</{c.element}>", "", xml, flags=re.S)
    return xml


def to_earlier_903_layout(folder: Path, ref_year: int) -> None:
    """An SSDA903 return in today's layout rewritten into ``ref_year``'s (in place)."""
    year = _year(ref_year)
    for c in specs.earlier_layouts("ssda903"):
        if not c.holds_in(year):
            continue
        if c.change == "absent":
            (folder / f"{c.element}.csv").unlink(missing_ok=True)
        elif c.change == "recoded":
            path = folder / f"{c.parent}.csv"
            lines = path.read_text(encoding="utf-8").splitlines()
            col = lines[0].split(",").index(c.element)
            out = [lines[0]]
            for line in lines[1:]:
                cells = line.split(",")
                cells[col] = c.value if cells[col] == c.current else cells[col]
                out.append(",".join(cells))
            path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def five_years(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("earlier")
    t = synth_tables()
    today_cin, old_cin, today_903 = [], [], []
    together = tmp / "upload"  # five years' 903 files in one folder, as an upload holds them
    together.mkdir()
    for y in YEARS:
        path = export_cin(t, tmp / f"cin_today_{y}.xml", y, generated=datetime(y, 4, 1)).path
        today_cin.append(path)
        old = tmp / f"cin_{y}.xml"
        old.write_text(to_earlier_cin_layout(path.read_text(encoding="utf-8"), y), encoding="utf-8")
        old_cin.append(old)
        written = export_903(t, tmp / f"903_today_{y}", y)
        today_903 += written.values()
        folder = tmp / f"903_{y}"
        shutil.copytree(tmp / f"903_today_{y}", folder)
        to_earlier_903_layout(folder, y)
        for f in folder.glob("*.csv"):
            shutil.copy(f, together / f"{f.stem}_{y}.csv")
    old = import_files([*old_cin, *sorted(together.glob("*.csv"))], validate=True)
    today = import_files([*today_cin, *today_903])
    return t, old, today, old_cin, together


def test_files_are_in_their_years_layout(five_years) -> None:
    _, _, _, old_cin, together = five_years
    by_year = {y: p.read_text(encoding="utf-8") for y, p in zip(YEARS, old_cin, strict=True)}
    assert "<GenderCurrent>" in by_year[2024]
    assert "<Sex>" not in by_year[2024]
    assert "<Sex>" in by_year[2025]
    assert "<GenderCurrent>" not in by_year[2025]
    assert not list(together.glob("SWEpisodes_2023.csv"))
    assert list(together.glob("SWEpisodes_2024.csv"))
    assert ",1," in (together / "Header_2024.csv").read_text()
    assert ",M," in (together / "Header_2025.csv").read_text()


@pytest.mark.skipif(not SCHEMAS.is_dir(), reason="the DfE schemas (shared/specs/cin_schemas) are not at hand")
@pytest.mark.parametrize("index", range(len(YEARS)))
def test_each_file_conforms_to_its_years_schema(five_years, index: int) -> None:
    path = five_years[3][index]
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / f"CIN_schema_{YEARS[index]}.xsd")))
    doc = etree.parse(str(path))
    assert schema.validate(doc), [str(e) for e in schema.error_log][:3]


def test_older_files_are_read_with_their_layout(tmp_path: Path) -> None:
    """Parsed alone: a 2021-22 file's <GenderCurrent> 2 and 1 are the children's sex F and M,
    with nothing skipped; the same element in a 2025-26 file is skipped and reported."""
    from tests.returns import cin_xml

    xml = to_earlier_cin_layout(cin_xml.message(reference_date="2022-03-31"), 2022)
    assert "<GenderCurrent>2</GenderCurrent>" in xml
    assert "<GenderCurrent>1</GenderCurrent>" in xml
    t = parse_cin(cin_xml.write(tmp_path, xml))
    assert t.layout == "2021-22"
    assert t.problems == []
    assert t["children"]["sex"].to_pylist() == ["F", "M"]
    today = parse_cin(cin_xml.write(tmp_path, xml.replace("2022-03-31", "2026-03-31"), "late.xml"))
    assert today.layout is None
    assert [p.element for p in today.problems] == ["GenderCurrent", "GenderCurrent"]


def test_five_years_make_the_same_dataset_as_todays_layout(five_years) -> None:
    _, old, today, _, _ = five_years
    for name in ("children", "referrals", "assessments", "cin_plans", "s47", "cp_plans", "cla_episodes"):
        a = old.tables[name].sort_by([(old.tables[name].column_names[1], "ascending")])
        b = today.tables[name].sort_by([(today.tables[name].column_names[1], "ascending")])
        assert a.num_rows > 0, name
        assert a.to_pylist() == b.to_pylist(), name
    assert {r["sex"] for r in old.tables["children"].to_pylist()} <= {"M", "F", "U"}


def _started_in(path: Path, tag: str, ref_year: int) -> int:
    """How many ``tag`` dates in the file fall in the collection year to 31 March ``ref_year``."""
    text = path.read_text(encoding="utf-8")
    days = [date.fromisoformat(d) for d in re.findall(rf"<{tag}>([0-9-]+)</{tag}>", text)]
    return sum(date(ref_year - 1, 4, 1) <= d <= date(ref_year, 3, 31) for d in days)


def _value(engine: Engine, period: str, code: str) -> float | None:
    return {r.code: r for r in engine.run(period, [code])}[code].value


def test_dashboards_show_the_trend_of_five_years(five_years) -> None:
    """Referrals per year on the dashboards = the CINdetails of each year's own file begun that
    year. Care starts per year = those of the same files in today's layout, and from the second
    year on (once the year before is loaded, so a period of care is seen from its start) those of
    the borough the files were made from."""
    original, old, today, old_cin, _ = five_years
    engine, same_files, borough = Engine(old.tables), Engine(today.tables), Engine(original)
    trend = []
    for y, path in zip(YEARS, old_cin, strict=True):
        period = _year(y)
        referrals = _value(engine, period, "referrals")
        assert referrals == _started_in(path, "CINreferralDate", y), period
        trend.append(referrals)
        started = _value(engine, period, "cla_started")
        assert started == _value(same_files, period, "cla_started"), period
        if y > YEARS[0]:
            assert started == _value(borough, period, "cla_started"), period
    assert len(trend) == 5
    assert all(v and v > 0 for v in trend)


def test_each_return_says_its_year_layout_and_validation(five_years) -> None:
    _, old, _, _, _ = five_years
    lines = {(r.kind, r.year): r for r in old.returns}
    assert [y for k, y in lines if k == "CIN census"] == [_year(y) for y in YEARS]
    assert [y for k, y in lines if k == "SSDA903"] == [_year(y) for y in YEARS]
    early = lines[("CIN census", "2021-22")]
    assert early.layout == "2021-22"
    assert not early.validated
    assert early.line.endswith(
        "read with the 2021-22 layout; read, not validated: "
        "Continuum has the CIN census rules of 2025-26 and 2026-27 only"
    )
    assert lines[("CIN census", "2024-25")].layout is None
    assert lines[("CIN census", "2025-26")].validated
    assert "validated with the 2025-26 rules:" in lines[("CIN census", "2025-26")].line
    sw = lines[("SSDA903", "2022-23")]
    assert sw.layout == "2022-23 (SEX 1 as M, 2 as F; no SWEpisodes table in that year)"
    assert "read, not validated" in sw.validation
    assert lines[("SSDA903", "2025-26")].validated
    assert not any("passed" in r.line for r in old.returns)


def test_import_command_names_each_years_validation(five_years, tmp_path: Path, capsys) -> None:
    """``./run returns import``: the 2021-22 file is read, not validated; the 2025-26 one validated."""
    from continuum.cli import build_parser
    from continuum.commands import COMMANDS

    old_cin = five_years[3]
    ns = build_parser().parse_args(
        ["returns", "import", str(old_cin[0]), str(old_cin[-1]), "--parquet-out", str(tmp_path / "out")]
    )
    assert (COMMANDS["returns"][2](ns) or 0) == 0
    out = capsys.readouterr().out
    assert "CIN census 2021-22 (cin_2022.xml): read with the 2021-22 layout; read, not validated" in out
    assert "CIN census 2025-26 (cin_2026.xml): validated with the 2025-26 rules: " in out


@pytest.mark.skipif(not SCHEMAS.is_dir(), reason="the DfE schemas (shared/specs/cin_schemas) are not at hand")
@pytest.mark.parametrize("ref_year", range(2017, 2027))
def test_layout_differences_give_each_years_schema(ref_year: int, tmp_path: Path) -> None:
    """Every schema from 2017 to 2026: a hand-built child with a CIN plan, factors 18B and 24A, source
    5D and closure RC9, rewritten by the layout differences, is valid in that year's schema and reads back
    as today's values."""
    from tests.returns import cin_xml

    ep = cin_xml.episode(
        referral=f"{ref_year - 1}-05-01",
        source="5D",
        closure=f"{ref_year - 1}-09-01",
        reason="RC9",
        assessments=[
            cin_xml.assessment(f"{ref_year - 1}-05-02", f"{ref_year - 1}-06-02", factors=("18B", "24A"))
        ],
        plans=[cin_xml.plan(f"{ref_year - 1}-06-02", f"{ref_year - 1}-09-01")],
        nfa=None,
    )
    # the schemas' order: ReferralNFA after Section47 (the builder writes it earlier; the reader takes both)
    ep = ep.replace("      </CINdetails>", "        <ReferralNFA>0</ReferralNFA>\n      </CINdetails>")
    today = cin_xml.message(cin_xml.child(episodes=[ep]), reference_date=f"{ref_year}-03-31")
    path = cin_xml.write(tmp_path, to_earlier_cin_layout(today, ref_year))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / f"CIN_schema_{ref_year}.xsd")))
    assert schema.validate(etree.parse(str(path))), [str(e) for e in schema.error_log][:3]
    t = parse_cin(path)
    assert t.problems == []
    assert t["children"]["sex"].to_pylist() == ["F"]


def test_validate_command_checks_each_year_with_its_own_rules(five_years, tmp_path: Path, capsys) -> None:
    """``./run returns validate`` on five years' files (CIN and SSDA903, the 903 all in one folder):
    each return is listed with its year; 2021-22 to 2024-25 are "read, not validated: no rule set",
    never checked with 2025-26's rules; every failure comes from a 2025-26 file."""
    import csv

    from continuum.cli import main

    old_cin, together = five_years[3], five_years[4]
    csvs = sorted(str(p) for p in together.glob("*.csv"))
    out = tmp_path / "out"
    code = main(["returns", "validate", *map(str, old_cin), *csvs, "--la", "302", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code in (0, 1)
    for y in YEARS[:-1]:
        year = _year(y)
        assert f"CIN census {year} (cin_{y}.xml): read, not validated: no rule set for {year}" in printed
        assert f"SSDA903 {year} (" in printed
    assert printed.count("read, not validated: no rule set for") == 8
    assert "CIN census 2025-26 (cin_2026.xml): validated with the 2025-26 rules: " in printed
    assert re.search(r"SSDA903 2025-26 \([^)]*_2026\.csv\): validated with the 2025-26 rules: ", printed)
    with (out / "validation_failures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {Path(r["File"]).name for r in rows} <= {"cin_2026.xml"} | {
        p.name for p in together.glob("*_2026.csv")
    }
    # Spreadsheet inputs name the cell as Excel does; XML keeps its line and has no cell.
    for r in rows:
        if r["File"].endswith(".csv"):
            assert re.fullmatch(rf"([A-Z]+{r['Line']})(, [A-Z]+{r['Line']})*", r["Cell"]), r
        else:
            assert r["Cell"] == ""


def test_five_years_of_903_compare_each_year_with_the_one_before(five_years) -> None:
    """In a five-year SSDA903 set, 2025-26 is compared with the 2024-25 return among the files: the
    rules that need last year's return run (none listed as not checked for 2025-26)."""
    from continuum.returns.validate import validate_files

    report = validate_files(sorted(five_years[4].glob("*.csv")), la_code="302")
    assert [(r.year, r.validated) for r in report.returns] == [(_year(y), y == 2026) for y in YEARS]
    assert not [c for c, why in report.not_checked.items() if "last year" in why and "(2025-26)" in c]


def test_a_forced_year_and_a_return_with_two_headers(five_years, tmp_path: Path, capsys) -> None:
    """``--year`` still forces one year's rules ("as asked"); two Header files with no year in their
    names are refused (exit 2), the message saying how to name several years' files."""
    from continuum.cli import main

    old_cin, together = five_years[3], five_years[4]
    assert main(["returns", "validate", str(old_cin[0]), "--year", "2025-26"]) in (0, 1)
    assert "CIN census 2021-22 (cin_2022.xml): validated with the 2025-26 rules (as asked)" in (
        capsys.readouterr().out
    )
    plain = tmp_path / "plain"
    plain.mkdir()
    for y in (2025, 2026):
        shutil.copy(together / f"Header_{y}.csv", plain / f"Header{'_copy' * (y == 2026)}.csv")
    assert main(["returns", "validate", *map(str, sorted(plain.glob("*.csv")))]) == 2
    err = capsys.readouterr().err
    assert "is also a Header file. For several years' returns, put each year in its files' names" in err
