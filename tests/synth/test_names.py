"""Synthetic names must be obviously fictitious."""

from __future__ import annotations

import random

from continuum.synth import names

# Common surnames in England and Wales, across the borough's communities.
COMMON_SURNAMES = {
    "smith", "jones", "williams", "taylor", "brown", "davies", "evans", "wilson", "thomas", "johnson",
    "roberts", "robinson", "thompson", "wright", "walker", "white", "edwards", "hughes", "green", "hall",
    "lewis", "harris", "clarke", "patel", "jackson", "wood", "turner", "martin", "cooper", "hill", "ward",
    "morris", "moore", "clark", "lee", "king", "baker", "harrison", "morgan", "allen", "james", "scott",
    "phillips", "watson", "davis", "parker", "price", "bennett", "young", "griffiths", "mitchell", "kelly",
    "cook", "carter", "richardson", "bailey", "collins", "bell", "shaw", "murphy", "miller", "cox",
    "richards", "khan", "ali", "ahmed", "singh", "begum", "hussain", "shah", "kaur", "rahman", "islam",
    "mohammed", "okafor", "mensah", "adeyemi", "nguyen", "chen", "wang", "kowalski", "nowak", "cohen",
    "levy", "murray", "obi", "boateng", "osei", "ibrahim", "hassan", "yilmaz", "papadopoulos", "rossi",
}  # fmt: skip


def test_names_do_not_collide_with_common_surnames() -> None:
    rng = random.Random(0)
    made = {names.surname(rng).lower() for _ in range(5000)}
    forenames = {names.forename(rng, sex).lower() for sex in "MFU" for _ in range(2000)}
    assert not made & COMMON_SURNAMES
    assert not forenames & COMMON_SURNAMES


def test_addresses_are_obviously_fake() -> None:
    rng = random.Random(0)
    for _ in range(200):
        assert "Example" in names.street_address(rng)
        assert names.postcode(rng, rng.randrange(20)).startswith("ZZ")
        assert names.out_of_area_postcode(rng).startswith("ZY")


def test_simulated_children_have_fictitious_details(borough) -> None:  # type: ignore[no-untyped-def]
    for child in borough["children"][:2000]:
        assert child.surname.lower() not in COMMON_SURNAMES
        assert "Example" in child.address_line
        assert child.home_post.startswith("ZZ")
        assert child.ward in names.DEFAULT_WARDS
