"""Names a London borough's records would hold; fictitious streets, postcodes and wards.

Why real names, not invented ones: a practitioner reading the demo should not
stumble over "Zyuqui Vexaezzix", and the front door's duplicate check
(:mod:`continuum.people.matching`) is only exercised as in life when records
carry the names and spelling variants real records carry (Mohammed /
Muhammad / Mohamed, Siobhan / Shevaun, Katherine / Catherine). No synthetic
record can be a real child's all the same: a forename and a surname are drawn
independently, from name-frequency lists, and joined to random identifiers,
a random date of birth and a fictitious address, so a name is used only as
part of a mix, never as a person.

Where the names come from: the person-name lists that the Faker package ships
for each locale (several are frequency-weighted, from national statistics),
read once and drawn from with the simulation's own ``random.Random``, so the
same seed gives the same names whatever Faker's own random machinery does.
Faker has no Latin-script list for some of the borough's communities
(Pakistani, Bangladeshi, Somali, Afghan, Eritrean and Kurdish families), and
its Pakistani list is a dictionary of rare names rather than a frequency list;
for those, :data:`_COMMON` holds the forenames and surnames most often seen in
England's records of those communities (the ONS baby-name tables put
Muhammad first among boys' names in England since 2022). Only Latin script is
used, as a UK record is written; diacritics stay (Łukasz, Ştefan, Nguyễn).

Which names a child gets follows the child's DfE ethnicity code
(:data:`ETHNICITY_MIX`): a White British child's from the English lists, a
Black African child's from Nigerian, Ghanaian, Kenyan and Somali ones, a
White Other child's from Polish, Romanian, Portuguese, Italian,
Spanish, Turkish and Hungarian ones, and so on; mixed-heritage children may
take a forename from one list and a surname from another.

Streets are all "... Example Road" and similar, and postcodes use the outward
codes ``ZZ1``-``ZZ9`` (home addresses in the borough) and ``ZY1``-``ZY9``
(placements outside it). There is no ``ZZ`` or ``ZY`` postcode area in the
UK; ``ZZ99`` is avoided because the NHS uses it as a pseudo-postcode.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import random
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache

__all__ = [
    "DEFAULT_WARDS",
    "ETHNICITY_MIX",
    "SPELLING_VARIANTS",
    "Weighted",
    "draw_as_invented_names",
    "forename",
    "out_of_area_postcode",
    "person_name",
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

# --- People --------------------------------------------------------------------

#: Names most often seen in England's records of communities Faker has no usable
#: Latin-script list for: (boys' forenames, girls' forenames, surnames).
_COMMON: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "south_asian_muslim": (
        ("Muhammad", "Mohammed", "Ibrahim", "Yusuf", "Zayn", "Ayaan", "Hamza", "Ismail", "Abdullah",
         "Adam", "Ali", "Omar", "Bilal", "Hassan", "Imran", "Zakariya", "Idris", "Rayyan", "Haris", "Usman"),
        ("Aisha", "Fatima", "Maryam", "Zainab", "Hafsa", "Amira", "Safiya", "Inaya", "Hana", "Sumaya",
         "Khadija", "Nusrat", "Sadia", "Aaliyah", "Mariam", "Anaya", "Iqra", "Samina", "Ruqayyah", "Eman"),
        ("Khan", "Ahmed", "Ali", "Hussain", "Begum", "Rahman", "Islam", "Uddin", "Miah", "Akhtar",
         "Iqbal", "Shah", "Mahmood", "Malik", "Butt", "Raja", "Chowdhury", "Hossain", "Bibi", "Aziz",
         "Rashid", "Siddique", "Javed", "Anwar", "Karim"),
    ),
    "somali": (
        ("Mohamed", "Abdi", "Abdirahman", "Ahmed", "Hassan", "Yusuf", "Abdullahi", "Omar", "Ismail",
         "Mustafe", "Ayub", "Zakaria", "Abdikadir", "Hamza", "Liban"),
        ("Hodan", "Ayan", "Fadumo", "Hibo", "Sagal", "Ifrah", "Nasra", "Hawa", "Amina", "Sahra",
         "Deeqa", "Hamdi", "Ikran", "Najma", "Ubah"),
        ("Mohamed", "Ali", "Hassan", "Abdi", "Farah", "Warsame", "Osman", "Jama", "Hussein", "Nur",
         "Adan", "Ibrahim", "Yusuf", "Egal", "Duale", "Aden", "Ahmed", "Elmi"),
    ),
    "afghan": (
        ("Ahmad", "Mohammad", "Mustafa", "Ali", "Rahmatullah", "Sayed", "Jawad", "Ehsan", "Hamid",
         "Naveed", "Farid", "Samiullah", "Bilal", "Habib", "Wahid"),
        ("Fatima", "Zahra", "Maryam", "Nargis", "Shabnam", "Parwana", "Mursal", "Freshta", "Madina",
         "Hadia"),
        ("Ahmadi", "Rahimi", "Hakimi", "Karimi", "Noori", "Sultani", "Hashimi", "Amiri", "Safi",
         "Popal", "Stanikzai", "Wardak", "Hussaini", "Rezaei", "Jalali"),
    ),
    "horn_of_africa": (
        ("Yonas", "Daniel", "Merhawi", "Filmon", "Mohammed", "Abdelrahman", "Tesfay", "Samuel",
         "Robel", "Henok", "Dawit", "Osman", "Adam", "Mussie", "Yohannes"),
        ("Helen", "Selam", "Senait", "Lidya", "Rahel", "Saba", "Eden", "Hiwet", "Mahlet", "Fatima"),
        ("Tesfay", "Gebremedhin", "Haile", "Berhane", "Tekle", "Kidane", "Habte", "Ghebreyesus",
         "Woldemichael", "Abraha", "Mehari", "Ibrahim", "Idris", "Suleiman", "Osman"),
    ),
    "kurdish_middle_eastern": (
        ("Mohammad", "Ali", "Hassan", "Ahmad", "Omar", "Karwan", "Rebwar", "Hawkar", "Amir", "Reza",
         "Yousef", "Mahmoud", "Khaled", "Zana", "Hussein"),
        ("Fatemeh", "Zahra", "Maryam", "Shirin", "Layla", "Nour", "Rania", "Hana", "Sara", "Dilan"),
        ("Ahmadi", "Hosseini", "Mohammadi", "Rasul", "Kareem", "Aziz", "Hussein", "Rahimi", "Salih",
         "Abdullah", "Hassan", "Karimi", "Mustafa", "Saleh", "Qadir"),
    ),
    "caribbean": (
        ("Jerome", "Tyrone", "Marcus", "Andre", "Jermaine", "Kyle", "Tyrese", "Jaden", "Malachi",
         "Isaiah", "Kai", "Nathaniel", "Theo", "Elijah", "Josiah"),
        ("Shanice", "Tanisha", "Kiara", "Chantelle", "Aaliyah", "Jada", "Nia", "Imani", "Tia",
         "Jasmine", "Kayla", "Leah", "Amara", "Zara", "Maya"),
        ("Campbell", "Williams", "Brown", "Thomas", "Clarke", "Francis", "Grant", "Henry", "Reid",
         "Gordon", "Forbes", "Bailey", "Morgan", "Stewart", "Lewis", "Samuels", "Graham", "Powell"),
    ),
}  # fmt: skip

#: The lists a child's names are drawn from, by DfE ethnicity code, with weights.
#: A Faker locale (``en_GB``) or a key of :data:`_COMMON`.
ETHNICITY_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "WBRI": (("en_GB", 0.85), ("en_US", 0.1), ("en_IE", 0.05)),
    "WIRI": (("en_IE", 0.85), ("en_GB", 0.15)),
    "WIRT": (("en_IE", 0.6), ("en_GB", 0.4)),
    "WOTH": (("pl_PL", 0.22), ("ro_RO", 0.2), ("pt_PT", 0.18), ("it_IT", 0.08),
             ("es_ES", 0.07), ("tr_TR", 0.1), ("hu_HU", 0.05), ("cs_CZ", 0.05), ("fr_FR", 0.05)),
    "WROM": (("ro_RO", 0.5), ("sk_SK", 0.25), ("cs_CZ", 0.15), ("en_GB", 0.1)),
    "MWBC": (("en_GB", 0.55), ("caribbean", 0.45)),
    "MWBA": (("en_GB", 0.5), ("en_NG", 0.2), ("yo_NG", 0.15), ("tw_GH", 0.15)),
    "MWAS": (("en_GB", 0.5), ("en_IN", 0.3), ("south_asian_muslim", 0.2)),
    "MOTH": (("en_GB", 0.4), ("es_CO", 0.15), ("pt_BR", 0.15), ("kurdish_middle_eastern", 0.15),
             ("caribbean", 0.15)),
    "AIND": (("en_IN", 1.0),),
    "APKN": (("south_asian_muslim", 1.0),),
    "ABAN": (("south_asian_muslim", 1.0),),
    "AOTH": (("afghan", 0.55), ("en_IN", 0.2), ("south_asian_muslim", 0.15), ("vi_VN", 0.1)),
    "BCRB": (("caribbean", 0.7), ("en_GB", 0.3)),
    "BAFR": (("en_NG", 0.2), ("yo_NG", 0.15), ("ig_NG", 0.12), ("tw_GH", 0.15), ("somali", 0.18),
             ("horn_of_africa", 0.1), ("en_KE", 0.1)),
    "BOTH": (("caribbean", 0.4), ("en_US", 0.3), ("en_NG", 0.3)),
    "CHNE": (("zh_CN", 1.0),),
    "OOTH": (("kurdish_middle_eastern", 0.35), ("es_CO", 0.15), ("pt_BR", 0.15), ("vi_VN", 0.1),
             ("tr_TR", 0.15), ("es_ES", 0.1)),
}  # fmt: skip
#: Refused and not obtained: any of the borough's lists, as the borough is mixed.
for _code in ("REFU", "NOBT"):
    ETHNICITY_MIX[_code] = (("en_GB", 0.4), ("pl_PL", 0.1), ("en_NG", 0.1), ("en_IN", 0.1),
                            ("south_asian_muslim", 0.1), ("caribbean", 0.1), ("ro_RO", 0.1))  # fmt: skip

#: How often a child's parents chose a forename from another list than the surname's
#: (mixed-heritage children; in every family, names chosen across cultures).
_MIXED_FORENAME = 0.08

#: Spellings of one name that real records carry side by side; the first of a group
#: is not favoured. A drawn forename in a group is replaced by one of its spellings.
SPELLING_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad"),
    ("Siobhan", "Shevaun", "Siobhán", "Shivaun"),
    ("Aisha", "Ayesha", "Aysha", "Aishah"),
    ("Katherine", "Catherine", "Kathryn", "Katharine", "Catharine"),
    ("Sean", "Shaun", "Shawn", "Seán"),
    ("Niamh", "Neve", "Neave"),
    ("Zainab", "Zaynab", "Zeinab"),
    ("Yusuf", "Yousef", "Youssef", "Yusef"),
    ("Fatima", "Fatema", "Fatimah"),
    ("Aleksander", "Alexander", "Aleksandr"),
    ("Jayden", "Jaden", "Jaiden", "Jaydon"),
    ("Stephen", "Steven"),
    ("Sophie", "Sophia", "Sofia"),
    ("Ibrahim", "Ibraheem", "Ebrahim"),
    ("Abdirahman", "Abdurahman", "Abdulrahman", "Abdelrahman"),
)
_VARIANT_OF = {name: group for group in SPELLING_VARIANTS for name in group}
#: Where the drawn list gave a name of a variant group, how often another spelling is used.
_VARIANT_RATE = 0.5


class Weighted:
    """Values (names, codes) with cumulative weights, for a weighted draw with one ``random()``.

    A plain sequence gives every value the same weight; a mapping gives each its own.
    """

    __slots__ = ("cum", "names")

    def __init__(self, names: Sequence[str] | Mapping[str, float]) -> None:
        weights = list(names.values()) if isinstance(names, Mapping) else [1.0] * len(names)
        self.names = list(names)
        self.cum = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        k = bisect.bisect_right(self.cum, rng.random() * self.cum[-1])
        return self.names[min(k, len(self.names) - 1)]


def _latin(name: str) -> bool:
    """True for a name written in Latin letters (with diacritics), spaces, hyphens or apostrophes."""
    return bool(name) and all(
        ch in " -'" or (ch.isalpha() and "LATIN" in unicodedata.name(ch, "")) for ch in name
    )


def _clean(names: Sequence[str] | Mapping[str, float] | None) -> Sequence[str] | Mapping[str, float]:
    if not names:
        return ()
    if isinstance(names, Mapping):
        return {n: w for n, w in names.items() if _latin(n)}
    return [n for n in dict.fromkeys(names) if _latin(n)]


@cache
def _lists(source: str) -> tuple[Weighted, Weighted, Weighted]:
    """(boys' forenames, girls' forenames, surnames) of a Faker locale or a :data:`_COMMON` key."""
    if source in _COMMON:
        boys, girls, surnames = _COMMON[source]
        return Weighted(boys), Weighted(girls), Weighted(surnames)
    provider = importlib.import_module(f"faker.providers.person.{source}").Provider
    if source == "zh_CN":  # pinyin, as a UK record writes a Chinese name
        given = _clean(provider.first_romanized_names)
        return Weighted(given), Weighted(given), Weighted(_clean(provider.last_romanized_names))
    fallback = getattr(provider, "first_names", ())
    boys = _clean(getattr(provider, "first_names_male", None) or fallback)
    girls = _clean(getattr(provider, "first_names_female", None) or fallback)
    # Polish, Czech and Slovak surnames differ by sex; the male form is the family's.
    surnames = _clean(
        getattr(provider, "last_names", None)
        if len(getattr(provider, "last_names", ())) > 1
        else getattr(provider, "male_last_names", None) or getattr(provider, "last_names_male", None)
    )
    if not (boys and girls and surnames):
        raise ValueError(f"Faker's {source} lists have no Latin-script names")
    return Weighted(boys), Weighted(girls), Weighted(surnames)


@cache
def _mix(ethnicity: str) -> Weighted:
    return Weighted(dict(ETHNICITY_MIX.get(ethnicity) or ETHNICITY_MIX["NOBT"]))


def _source(rng: random.Random, ethnicity: str) -> str:
    return _mix(ethnicity).draw(rng)


def _spelling(rng: random.Random, name: str) -> str:
    group = _VARIANT_OF.get(name)
    if group is None or rng.random() >= _VARIANT_RATE:
        return name
    return rng.choice(group)


def forename(rng: random.Random, sex: str, ethnicity: str = "WBRI") -> str:
    """A forename for a child of DfE ``sex`` (M, F or U) and ``ethnicity``."""
    boys, girls, _ = _lists(_source(rng, ethnicity))
    pick = boys if sex == "M" else girls if sex == "F" else rng.choice((boys, girls))
    return _spelling(rng, pick.draw(rng))


def surname(rng: random.Random, ethnicity: str = "WBRI") -> str:
    """A surname for a family of DfE ``ethnicity``."""
    return _lists(_source(rng, ethnicity))[2].draw(rng)


def person_name(rng: random.Random, sex: str, ethnicity: str) -> tuple[str, str]:
    """(forename, surname) for one person: mostly from one list, sometimes across two."""
    family = _source(rng, ethnicity)
    given = _source(rng, ethnicity) if rng.random() < _MIXED_FORENAME else family
    boys, girls, _ = _lists(given)
    pick = boys if sex == "M" else girls if sex == "F" else rng.choice((boys, girls))
    return _spelling(rng, pick.draw(rng)), _lists(family)[2].draw(rng)


def draw_as_invented_names(rng: random.Random, sex: str) -> random.Random:
    """Advance ``rng`` exactly as drawing an invented forename and surname once did; return it.

    Why: the simulation drew invented names from each child's (and the
    workforce's) own stream, between other draws. Names now come from a stream
    of their own; drawing the same six ranges here keeps every later draw, and
    so every simulated figure, where it was for a given seed.
    """
    forename_ends = 16 if sex not in ("M", "F") else 8
    for size in (len(_ONSETS), len(_MIDDLES), forename_ends, len(_ONSETS), len(_MIDDLES), 11):
        rng.randrange(size)
    return rng


# --- Places ----------------------------------------------------------------------

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
_STREET_KINDS = ("Example Road", "Example Street", "Example Avenue", "Example Close", "Example Lane")


def _stem(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_MIDDLES)


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
