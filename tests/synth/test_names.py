"""Synthetic names: real names in a London mix, from the child's own stream; fictitious addresses."""

from __future__ import annotations

import collections
import random
import unicodedata

import pytest

from continuum.synth import names


def _latin(name: str) -> bool:
    return bool(name) and all(ch in " -'" or "LATIN" in unicodedata.name(ch) for ch in name)


@pytest.mark.parametrize("ethnicity", sorted(names.ETHNICITY_MIX))
def test_every_mix_gives_latin_script_names(ethnicity: str) -> None:
    rng = random.Random(ethnicity)
    for sex in "MFU":
        for _ in range(200):
            forename, surname = names.person_name(rng, sex, ethnicity)
            assert _latin(forename), forename
            assert _latin(surname), surname


def test_names_follow_the_childs_ethnicity() -> None:
    """Known answers: names that only one community's list holds turn up for that community."""
    rng = random.Random(0)

    def drawn(ethnicity: str, sex: str = "M") -> set[str]:
        return {part for _ in range(3000) for part in names.person_name(rng, sex, ethnicity)}

    assert {"Khan", "Begum"} <= drawn("ABAN", "F")
    assert {"Smith", "Jones"} <= drawn("WBRI")
    assert {"Kowalski", "Nowak"} & drawn("WOTH")
    assert {"Okafor", "Warsame", "Mensah"} & drawn("BAFR")
    assert not {"Khan", "Begum", "Okafor", "Warsame"} & drawn("WIRI")


def test_boys_and_girls_names_come_from_their_own_lists() -> None:
    boys, girls, _ = names._lists("en_GB")
    rng = random.Random(1)
    for _ in range(500):
        assert names.person_name(rng, "M", "WIRT")[0] not in {"Susan", "Linda", "Rebecca"}
    assert "David" in boys.names
    assert "Susan" in girls.names


def test_the_same_seed_gives_the_same_names() -> None:
    first = [names.person_name(random.Random(f"s:{i}"), "F", "BAFR") for i in range(50)]
    again = [names.person_name(random.Random(f"s:{i}"), "F", "BAFR") for i in range(50)]
    assert first == again
    assert len(set(first)) > 40  # and different seeds give different people


def test_spelling_variants_are_carried_side_by_side() -> None:
    """Mohammed, Muhammad and Mohamed all appear, as in real records."""
    rng = random.Random(2)
    seen = collections.Counter(names.person_name(rng, "M", "APKN")[0] for _ in range(5000))
    assert {"Mohammed", "Muhammad", "Mohamed"} <= set(seen)
    girls = {names.person_name(rng, "F", "APKN")[0] for _ in range(5000)}
    assert {"Aisha", "Ayesha"} <= girls
    irish = {names.person_name(rng, "F", "WIRI")[0] for _ in range(20000)}
    assert {"Siobhan", "Shevaun"} <= irish


def test_draw_as_invented_names_moves_the_stream_as_the_invented_names_did() -> None:
    """The draws that once made "Vexalune Kelozzix": six choices from lists of 15, 7, 8, 15, 7 and 11."""
    ours, theirs = random.Random(5), random.Random(5)
    for sex, ends in (("F", 8), ("M", 8), ("U", 16)):
        names.draw_as_invented_names(ours, sex)
        for size in (15, 7, ends, 15, 7, 11):
            theirs.choice(range(size))
        assert ours.random() == theirs.random()


def test_addresses_are_obviously_fake() -> None:
    rng = random.Random(0)
    for _ in range(200):
        assert "Example" in names.street_address(rng)
        assert names.postcode(rng, rng.randrange(20)).startswith("ZZ")
        assert names.out_of_area_postcode(rng).startswith("ZY")


def test_simulated_children_have_names_of_the_borough_and_fictitious_addresses(borough) -> None:  # type: ignore[no-untyped-def]
    children = borough["children"]
    for child in children[:2000]:
        assert child.forename
        assert child.surname
        assert "Example" in child.address_line
        assert child.home_post.startswith("ZZ")
        assert child.ward in names.DEFAULT_WARDS
    full = collections.Counter((c.forename, c.surname) for c in children)
    # Names are a mix, never a person: as in a real borough, the commonest full name
    # ("Mohammed Ahmed") is shared by a few children in a thousand at most.
    assert max(full.values()) <= len(children) / 1000
    assert len({c.surname for c in children}) > 2000
    workers = borough["workers"]
    assert all(len(w.worker_name.split()) >= 2 for w in workers)
    assert len({w.worker_name for w in workers}) > 0.9 * len(workers)
