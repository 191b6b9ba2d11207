"""DfE local authority numbers that can appear as characters 2-4 of a UPN (rule 1530).

Why a list of old codes too: a UPN keeps the number of the LA that issued it
for life, so codes of authorities since merged or renamed (Bedfordshire 820,
Cumbria 909, Northamptonshire 928, the pre-2019 Dorset/Poole/Bournemouth
codes) are still valid UPN prefixes. The DfE rule says "a valid post April
1998 LA code". The list covers English LAs; add a code here if the DfE
publishes a new one (for example after a local government reorganisation).

Rule 1530 also accepts the DfE's "pseudo LA" codes (001-005, 660-681, 701-708),
which schools outside the maintained sector and other allocators use in UPNs
but which no council reports under: :data:`UPN_LA_CODES` holds both, while
:data:`LA_CODES` (what ``CONTINUUM_LA_CODE`` may be) holds councils only.
"""

from __future__ import annotations

__all__ = ["CURRENT_LA_CODES", "LA_CODES", "PSEUDO_LA_CODES", "UPN_LA_CODES"]

_RANGES = [
    (201, 213),  # Inner London
    (301, 320),  # Outer London
    (330, 336),  # West Midlands metropolitan districts
    (340, 344),  # Merseyside
    (350, 359),  # Greater Manchester
    (370, 373),  # South Yorkshire
    (380, 384),  # West Yorkshire
    (390, 394),  # Tyne and Wear
]
_SINGLE = [
    420,  # Isles of Scilly
    # Unitary and shire authorities, current and former (post-1998).
    800, 801, 802, 803, 805, 806, 807, 808, 810, 811, 812, 813, 815, 816,
    820, 821, 822, 823, 825, 826, 830, 831, 835, 836, 837, 838, 839, 840, 841,
    845, 846, 850, 851, 852, 855, 856, 857, 860, 861, 865, 866, 867, 868, 869,
    870, 871, 872, 873, 874, 875, 876, 877, 878, 879, 880, 881, 882, 883, 884, 885,
    886, 887, 888, 889, 890, 891, 892, 893, 894, 895, 896,
    908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 935, 936, 937, 938,
    940, 941, 942, 943,
]  # fmt: skip

#: Three-digit strings, as they appear in a UPN.
LA_CODES: tuple[str, ...] = tuple(
    sorted({f"{n:03d}" for lo, hi in _RANGES for n in range(lo, hi + 1)} | {f"{n:03d}" for n in _SINGLE})
)

#: Authorities since merged or split: valid in a UPN, but no council reports under them.
_FORMER = frozenset({"820", "835", "836", "837", "875", "909", "928"})

#: LA numbers of councils today (for synthetic boroughs of a ``--scale`` run).
CURRENT_LA_CODES: tuple[str, ...] = tuple(c for c in LA_CODES if c not in _FORMER)

#: The DfE's recognised pseudo LA codes (rule 1530's list: 001-005, 660-681, 701-708).
PSEUDO_LA_CODES: tuple[str, ...] = tuple(
    f"{n:03d}" for lo, hi in ((1, 5), (660, 681), (701, 708)) for n in range(lo, hi + 1)
)

#: Every LA number rule 1530 accepts in characters 2-4 of a UPN.
UPN_LA_CODES: tuple[str, ...] = tuple(sorted(set(LA_CODES) | set(PSEUDO_LA_CODES)))
