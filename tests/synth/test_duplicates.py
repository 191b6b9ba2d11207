"""Issue 11 point 3: the synthetic borough holds duplicate child records, as real systems do.

A later NFA or advice contact about a known child is recorded on a second
record under a spelling variant, a typo or a day/month-swapped date of birth
(:mod:`continuum.synth.duplicates`). These tests check the records made, that
they leave the returns as they were, and that the MASH's duplicate check (the
function the contact form calls) finds the original from the duplicate's name
and date of birth.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from continuum.people import models as p
from continuum.people.matching import ChildDetails, find_possible_matches
from continuum.returns.export.annex_a import export_annex_a
from continuum.returns.export.cin import export_cin
from continuum.returns.export.ssda903 import export_903
from continuum.synth import duplicates as dup
from continuum.synth.load import load_borough
from continuum.synth.model import Borough
from continuum.synth.names import SPELLING_VARIANTS
from continuum.synth.params import Params
from continuum.synth.parquet import borough_tables
from continuum.synth.simulate import SimConfig, simulate

END = date(2026, 3, 31)
#: A small borough; with seed 11 it holds duplicates of every kind (a known answer, checked below).
SMALL = SimConfig(
    years=1,
    seed=11,
    warm_up_years=3,
    last_year_end=END,
    params=replace(Params(), new_children_per_year=1500.0, uasc_per_year=6.0),
)
_GROUP = {name: group for group in SPELLING_VARIANTS for name in group}


@pytest.fixture(scope="module")
def small() -> Borough:
    return simulate(SMALL)


def _pairs(borough: Borough) -> list[tuple[object, object]]:
    """(original, duplicate) child records of a borough."""
    children = {c.la_child_id: c for c in borough["children"]}
    return [
        (children[dup.original_of(c.la_child_id)], c)
        for c in borough["children"]
        if dup.is_duplicate_id(c.la_child_id)
    ]


def _kinds(original, duplicate) -> set[str]:  # type: ignore[no-untyped-def]
    """How a duplicate differs from its original, worked out from the two records alone."""
    kinds = set()
    if duplicate.forename != original.forename:
        variant = _GROUP.get(original.forename)
        kinds.add("forename variant" if variant and duplicate.forename in variant else "forename typo")
    if duplicate.surname != original.surname:
        kinds.add("surname typo")
    if duplicate.person_birth_date != original.person_birth_date:
        kinds.add("date of birth swapped")
    return kinds


# --- Pure parts ------------------------------------------------------------------------


def test_one_slip_is_a_transposition_a_doubled_or_a_dropped_letter() -> None:
    for typed in ("Mray", "Mayr", "Marry", "Maary", "Maryy", "Mar", "Mry", "May"):
        assert dup.one_slip("Mary", typed), typed
    # Not the initial, not two slips, not the name itself, not a different letter.
    for typed in ("aMry", "Mary", "Myra", "Mory", "Ary", "MMary"):
        assert not dup.one_slip("Mary", typed), typed
    assert dup.one_slip("O'Neill", "O'Neil")
    assert not dup.one_slip("O'Neill", "'ONeill")  # punctuation is not moved
    assert not dup.one_slip("Ali", "Al")  # a three-letter name loses no letter


def test_original_of_reads_the_id_scheme() -> None:
    assert dup.original_of("1009000123") == "1000000123"
    assert dup.is_duplicate_id("1009000123")
    assert not dup.is_duplicate_id("1000000123")
    with pytest.raises(ValueError, match="not a duplicate"):
        dup.original_of("1000000123")


# --- The simulated borough ---------------------------------------------------------------


def test_the_same_seed_gives_the_same_duplicates(small: Borough) -> None:
    again = simulate(SMALL)
    key = [
        (o.la_child_id, d.la_child_id, d.forename, d.surname, d.person_birth_date) for o, d in _pairs(small)
    ]
    assert key == [
        (o.la_child_id, d.la_child_id, d.forename, d.surname, d.person_birth_date) for o, d in _pairs(again)
    ]
    assert [c.la_child_id for c in small["contacts"]] == [c.la_child_id for c in again["contacts"]]
    other = simulate(replace(SMALL, seed=12))
    assert {d.la_child_id for _, d in _pairs(other)} != {d.la_child_id for _, d in _pairs(small)}


def test_rate_is_one_to_two_percent_of_repeat_nfa_and_advice_contacts(borough: Borough) -> None:
    by_original: dict[str, list] = {}
    for c in borough["contacts"]:
        owner = dup.original_of(c.la_child_id) if dup.is_duplicate_id(c.la_child_id) else c.la_child_id
        by_original.setdefault(owner, []).append(c)
    eligible = 0
    for contacts in by_original.values():
        contacts.sort(key=lambda c: (c.contact_datetime, c.contact_id))
        eligible += sum(1 for c in contacts[1:] if c.mash_outcome in ("NFA", "ADVICE"))
    made = len(_pairs(borough))
    assert eligible > 10_000
    assert 0.01 <= made / eligible <= 0.02, (made, eligible)


def test_every_duplicate_differs_from_its_original_in_exactly_the_intended_ways(borough: Borough) -> None:
    pairs = _pairs(borough)
    contacts_of: dict[str, list] = {}
    for c in borough["contacts"]:
        contacts_of.setdefault(c.la_child_id, []).append(c)
    others = {
        row.la_child_id
        for name, rows in borough.tables.items()
        if name not in ("children", "contacts")
        for row in rows
        if hasattr(row, "la_child_id")
    }
    seen: set[str] = set()
    for original, duplicate in pairs:
        # The same child as far as the front door could tell: sex, ethnicity, home.
        for attr in ("la_code", "sex", "ethnicity", "ward", "home_post", "in_deprived_area", "address_line"):
            assert getattr(duplicate, attr) == getattr(original, attr), attr
        assert duplicate.upn is None
        assert duplicate.upn_unknown in ("UN1", "UN4")
        assert duplicate.disabilities == ("NONE",)
        assert not duplicate.uasc
        assert duplicate.expected_person_birth_date is None
        assert duplicate.person_death_date is None
        # Differences: at most one name changed, by a variant or one slip; a date swapped day for month.
        kinds = _kinds(original, duplicate)
        assert kinds, duplicate.la_child_id
        assert len(kinds - {"date of birth swapped"}) <= 1
        if "forename typo" in kinds:
            assert dup.one_slip(original.forename, duplicate.forename)
        if "surname typo" in kinds:
            assert dup.one_slip(original.surname, duplicate.surname)
        if "date of birth swapped" in kinds:
            o, d = original.person_birth_date, duplicate.person_birth_date
            assert (d.day, d.month, d.year) == (o.month, o.day, o.year)
            assert o.day != o.month
        seen |= kinds
        # Only the moved contact: a repeat NFA or advice contact about a child already known.
        (moved,) = contacts_of[duplicate.la_child_id]
        assert moved.mash_outcome in ("NFA", "ADVICE")
        assert moved.referral_id is None
        assert duplicate.person_birth_date <= moved.contact_datetime.date()
        assert any(c.contact_datetime < moved.contact_datetime for c in contacts_of[original.la_child_id])
        assert duplicate.la_child_id not in others
    assert seen == {"forename variant", "forename typo", "surname typo", "date of birth swapped"}
    assert len({o.la_child_id for o, _ in pairs}) == len(pairs)  # one duplicate per child


def _without_duplicates(borough: Borough) -> Borough:
    """The borough as it was before the post-process: contacts back on their child, duplicates gone."""
    undone = copy.deepcopy(borough)
    for c in undone["contacts"]:
        if dup.is_duplicate_id(c.la_child_id):
            c.la_child_id = dup.original_of(c.la_child_id)
    undone.tables["children"] = [c for c in undone["children"] if not dup.is_duplicate_id(c.la_child_id)]
    return undone


def test_cin_census_and_ssda903_are_unaffected_and_annex_a_list_1_lists_them(
    small: Borough, tmp_path: Path
) -> None:
    with_dups, without = borough_tables(small), borough_tables(_without_duplicates(small))
    assert with_dups["children"].num_rows == without["children"].num_rows + len(_pairs(small))
    generated = datetime(2026, 4, 1)
    a = export_cin(with_dups, tmp_path / "a.xml", 2026, generated=generated, as_of=END)
    b = export_cin(without, tmp_path / "b.xml", 2026, generated=generated, as_of=END)
    assert a.path.read_bytes() == b.path.read_bytes()
    first = export_903(with_dups, tmp_path / "903a", 2026, as_of=END)
    second = export_903(without, tmp_path / "903b", 2026, as_of=END)
    assert {k: v.read_bytes() for k, v in first.items()} == {k: v.read_bytes() for k, v in second.items()}
    # Annex A list 1: the same contacts, the moved ones under the duplicate's record.
    path, counts = export_annex_a(with_dups, tmp_path / "a.xlsx", END)
    _, counts_without = export_annex_a(without, tmp_path / "b.xlsx", END)
    assert counts == counts_without
    sheet = load_workbook(path, read_only=True)["List 1"]
    listed = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    in_period = {
        c.la_child_id
        for c in small["contacts"]
        if dup.is_duplicate_id(c.la_child_id) and date(2025, 3, 31) <= c.contact_datetime.date() <= END
    }
    assert in_period
    assert in_period <= listed


@pytest.mark.django_db
def test_the_mash_duplicate_check_finds_the_original_for_every_kind(small: Borough) -> None:
    """Loads with every invariant holding; the contact form's check finds each original."""
    load_borough(small, progress=None)
    pk = dict(p.Child.objects.values_list("la_child_id", "pk"))
    found_kinds: set[str] = set()
    for original, duplicate in _pairs(small):
        details = ChildDetails(
            first_name=duplicate.forename, last_name=duplicate.surname, birth_date=duplicate.person_birth_date
        )
        suggested = [s.child.pk for s in find_possible_matches(details, exclude=pk[duplicate.la_child_id])]
        assert pk[original.la_child_id] in suggested, (_kinds(original, duplicate), duplicate.la_child_id)
        found_kinds |= _kinds(original, duplicate)
    assert found_kinds == {"forename variant", "forename typo", "surname typo", "date of birth swapped"}
