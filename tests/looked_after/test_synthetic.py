"""The synthetic borough's adoption, permanence, outcome and motherhood records: consistent with its
episodes, and loaded into the case record so that extraction gives them back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from continuum.metrics.engine import Engine
from continuum.metrics.extract import extract_tables
from continuum.returns.export.cin import export_cin
from continuum.returns.export.ssda903 import export_903, export_903_history
from continuum.returns.importer import import_files
from continuum.returns.report import Severity
from continuum.returns.ssda903 import validate_903
from continuum.synth.adoption import ADOPTION_RECORD_TYPES
from continuum.synth.model import Borough
from continuum.synth.simulate import SimConfig
from tests.boroughs import loaded_for_the_module, simulated
from tests.returns.test_export_903 import history_years
from tests.returns.test_import import CODES

ADOPTION_PLACES = {"A3", "A4", "A5", "A6"}


@pytest.fixture(scope="module")
def borough() -> Borough:
    """One reported year (to 31 March 2026) of a full-size borough (seed 5: 7 adoptions, 14 plans)."""
    return simulated(SimConfig(years=1, seed=5, last_year_end=date(2026, 3, 31), warm_up_years=3))


@pytest.fixture(scope="module")
def loaded(borough: Borough, django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Loaded once for the module's tests, which read it; rolled back at the end."""
    with loaded_for_the_module(django_db_blocker, borough):
        yield


def test_adoption_plans_follow_the_episodes(borough: Borough) -> None:
    """Each adopted child (REC E11) has a plan whose order is that day, decided no later than
    the placement order (LS E1) and the placement (A3-A6), and matched before being placed."""
    plans = {p.la_child_id: p for p in borough["adoptions"]}
    adopted = [e for e in borough["cla_episodes"] if e.rec in ("E11", "E12")]
    assert adopted
    for e in adopted:
        plan = plans[e.la_child_id]
        assert plan.date_adoption_order == e.dec
        assert e.place in ADOPTION_PLACES
        assert plan.date_should_be_placed <= plan.date_match <= plan.date_placed <= e.decom
        assert plan.foster_care == (e.place in ("A3", "A5"))
        assert (plan.nb_adoptr == 1) == (plan.sex_adoptr in ("M1", "F1"))
    for e in borough["cla_episodes"]:
        if e.ls == "E1" or e.place in ADOPTION_PLACES:
            assert plans[e.la_child_id].date_should_be_placed <= e.decom


def test_one_previous_permanence_per_period_and_mothers_are_girls(borough: Borough) -> None:
    periods = {(e.la_child_id, e.period_of_care_id) for e in borough["cla_episodes"]}
    assert len(borough["prev_perm"]) == len(periods)
    assert all((p.prev_perm == "Z1") == (p.date_perm is None) for p in borough["prev_perm"])
    sex = {c.la_child_id: c.sex for c in borough["children"]}
    assert {sex[m.la_child_id] for m in borough["motherhood"]} == {"F"}
    assert all(m.mc_dob is None or m.mother for m in borough["motherhood"])


@pytest.mark.django_db
def test_loaded_and_extracted_again(borough: Borough, loaded: None) -> None:
    extracted = extract_tables(code=borough.la_code)
    ignore = {"adoption_id", "prev_perm_id", "outcome_id", "motherhood_id"}
    for name in ADOPTION_RECORD_TYPES:
        columns = [f.name for f in extracted[name].schema if f.name not in ignore]
        simulated = Counter(tuple(getattr(r, c) for c in columns) for r in borough[name])
        loaded = Counter(tuple(r[c] for c in columns) for r in extracted[name].to_pylist())
        assert loaded == simulated, name


@pytest.mark.django_db
def test_the_live_record_exports_validates_and_round_trips(
    borough: Borough, loaded: None, tmp_path: Path
) -> None:
    """From the live case record: the 2025-26 SSDA903, with last year's return and every earlier
    year's episodes (docs/returns.md), has zero errors and zero queries; and export, import and
    the indicators give the live record's figures."""
    live = extract_tables(code=borough.la_code)
    for year in (2025, 2026):
        export_903(live, tmp_path / str(year), year)
    history = export_903_history(live, tmp_path / "2026", 2026, history_years(live, 2026))
    files = {year: sorted((tmp_path / str(year)).glob("*.csv")) for year in (2025, 2026)}
    report = validate_903(files[2026], previous=files[2025], history=history)
    assert report.count(Severity.ERROR) == 0, report.summary_text()
    assert report.count(Severity.QUERY) == 0, report.summary_text()
    cin = [
        export_cin(live, tmp_path / f"cin{y}.xml", y, generated=datetime(y, 4, 1)).path for y in (2025, 2026)
    ]
    result = import_files([*cin, *files[2025], *files[2026]])
    before = {r.code: r for r in Engine(live).run("2025-26", CODES)}
    after = {r.code: r for r in Engine(result.tables).run("2025-26", CODES)}
    for code in CODES:
        assert (before[code].value, before[code].numerator, before[code].denominator) == (
            after[code].value,
            after[code].numerator,
            after[code].denominator,
        ), code
