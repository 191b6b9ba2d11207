"""Unique Pupil Numbers (UPNs) for synthetic children, with the DfE check letter.

A UPN is 13 characters: a check letter, then the 3-digit LA number, the 4-digit
DfE establishment number of the school that allocated it, the 2-digit year of
allocation and a 3-character serial (a digit, or a letter for a *temporary*
UPN). The CIN census (element N00001, rules 1510-1550) and the SSDA903 header
both carry it, and analysts match children across returns on it, so synthetic
UPNs must pass the same format and check-letter tests as real ones.

Synthetic UPNs carry the LA number the borough reports under (the council's
``CONTINUUM_LA_CODE``, default 302, for the demo borough; see
``SimConfig.la_code``), so they pass rules 1510-1550 as a real council's do.
That a synthetic UPN says nothing of a real pupil rests on the rest of the
number (the school is drawn at random, the serial counted per school and year)
and on its being tied only to fictitious records.

The check letter (DfE, "Unique Pupil Numbers (UPN): guidance for local
authorities and schools"): multiply characters 2 to 13 by the weights 2 to 13,
sum the products, take the remainder on division by 23 and look it up in the
23-letter alphabet below, which leaves out I, O and S. A letter in position 13
takes its index in that same alphabet as its value.
"""

from __future__ import annotations

import re

__all__ = ["CHECK_ALPHABET", "UPN_PATTERN", "check_letter", "is_valid_upn", "make_upn"]

#: The DfE check-letter alphabet: A-Z without I, O and S (easily misread).
CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"

#: The format the CIN census schema gives for UPN and FormerUPN.
UPN_PATTERN = re.compile(r"[A-Za-z]\d{11}(\d|[A-Za-z])")


def _value(character: str) -> int:
    if character.isdigit():
        return int(character)
    index = CHECK_ALPHABET.find(character.upper())
    if index < 0:
        raise ValueError(f"{character!r} cannot appear in a UPN")
    return index


def check_letter(body: str) -> str:
    """Return the check letter for the 12 characters that follow it."""
    if len(body) != 12:
        raise ValueError(f"a UPN body is 12 characters, not {len(body)}")
    total = sum(_value(ch) * weight for weight, ch in enumerate(body, start=2))
    return CHECK_ALPHABET[total % 23]


def is_valid_upn(upn: str) -> bool:
    """True if ``upn`` has the DfE format and the right check letter."""
    if not isinstance(upn, str) or not UPN_PATTERN.fullmatch(upn):
        return False
    try:
        return upn[0].upper() == check_letter(upn[1:])
    except ValueError:
        return False


def make_upn(la_code: str, establishment: int, year: int, serial: int) -> str:
    """Build a permanent UPN (all digits after the check letter).

    ``year`` is the year of allocation; only its last two digits are kept.
    """
    if not (len(la_code) == 3 and la_code.isdigit()):
        raise ValueError("la_code must be three digits")
    if not (0 <= establishment <= 9999 and 0 <= serial <= 999):
        raise ValueError("establishment must fit 4 digits and serial 3")
    body = f"{la_code}{establishment:04d}{year % 100:02d}{serial:03d}"
    return check_letter(body) + body
