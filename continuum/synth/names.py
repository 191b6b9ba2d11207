"""Obviously fictitious names, streets, postcodes and wards.

Synthetic records must never be mistaken for a real person's, even when a
screenshot of the demo leaves the building. So names are built from invented
syllables that give words which read as names but are not English, Irish,
South Asian or African surnames in common use (a test checks them against a
list of common real surnames), streets are all "... Example Road" and similar,
and postcodes use the outward codes ``ZZ1``-``ZZ9`` (home addresses in the
borough) and ``ZY1``-``ZY9`` (placements outside it). There is no ``ZZ`` or
``ZY`` postcode area in the UK; ``ZZ99`` is avoided because the NHS uses it
as a pseudo-postcode.
"""

from __future__ import annotations

import random

__all__ = [
    "DEFAULT_WARDS",
    "forename",
    "out_of_area_postcode",
    "postcode",
    "school_name",
    "street_address",
    "surname",
]

#: Fictitious wards; a borough's wards are a setting (``SimConfig.wards``).
DEFAULT_WARDS: tuple[str, ...] = (
    "Exampleton North",
    "Exampleton South",
    "Sampleford",
    "Testbury",
    "Mockley Green",
    "Dummington",
    "Placeholder Park",
    "Fictiveham",
    "Synthbridge",
    "Madeupton",
    "Pretendon Vale",
    "Imaginary Hill",
)

_ONSETS = (
    "Qu",
    "Zy",
    "Vex",
    "Xa",
    "Bri",
    "Tor",
    "Jov",
    "Kel",
    "Mur",
    "Pax",
    "Rul",
    "Syl",
    "Dro",
    "Fen",
    "Gav",
)
_MIDDLES = ("a", "o", "e", "i", "u", "ae", "y")
_SURNAME_ENDS = ("zzix", "quor", "vane", "xley", "drith", "mox", "lqua", "vix", "zant", "xford", "quell")
_FORENAME_ENDS_F = ("xia", "lune", "vena", "zelle", "qui", "rabel", "xanne", "wyn")
_FORENAME_ENDS_M = ("xan", "vor", "quin", "zeth", "drel", "mox", "vian", "tarx")
_STREET_KINDS = ("Example Road", "Example Street", "Example Avenue", "Example Close", "Example Lane")


def _stem(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_MIDDLES)


def surname(rng: random.Random) -> str:
    """An invented surname such as "Quaezzix" or "Torovix"."""
    return _stem(rng) + rng.choice(_SURNAME_ENDS)


def forename(rng: random.Random, sex: str) -> str:
    """An invented forename; ``sex`` is the DfE code (M, F or U)."""
    ends = (
        _FORENAME_ENDS_M
        if sex == "M"
        else _FORENAME_ENDS_F
        if sex == "F"
        else _FORENAME_ENDS_M + _FORENAME_ENDS_F
    )
    return _stem(rng) + rng.choice(ends)


def street_address(rng: random.Random) -> str:
    """A house number and an obviously fictitious street, e.g. "14 Kelo Example Road"."""
    return f"{rng.randint(1, 220)} {_stem(rng).rstrip('aeiouy') or 'Kel'}o {rng.choice(_STREET_KINDS)}"


def _inward(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"  # the letters real inward codes use
    return f"{rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def postcode(rng: random.Random, ward_index: int) -> str:
    """A home postcode in the borough: outward code ``ZZ1``-``ZZ9`` by ward."""
    return f"ZZ{ward_index % 9 + 1} {_inward(rng)}"


def out_of_area_postcode(rng: random.Random) -> str:
    """A placement postcode outside the borough: outward code ``ZY1``-``ZY9``."""
    return f"ZY{rng.randint(1, 9)} {_inward(rng)}"


def school_name(rng: random.Random) -> str:
    return f"{_stem(rng).rstrip('aeiouy') or 'Kel'}o Example School"
