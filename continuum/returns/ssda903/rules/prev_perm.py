"""Rules on the previous permanence option (the PrevPerm table): its code, the authority that
arranged it, and entries that contradict "none" (Z1).

Rules 630, 632 and 634, which compare PrevPerm with the episodes, are in :mod:`.integrity`.
"""

from __future__ import annotations

from continuum.returns.cin.la_codes import LA_CODES
from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import invalid_code, where

#: Where LA_PERM may say the order was arranged outside England (Wales, Scotland, Northern
#: Ireland, outside the UK) or by an unknown authority (999), as the DfE tool accepts.
OUTSIDE_ENGLAND = ("WAL", "SCO", "NIR", "NUK", "999")
#: Every valid LA_PERM: English authorities' numbers, former ones included (an order made by
#: an authority since merged keeps its number), and the codes above.
LA_PERM_CODES = " ".join((*LA_CODES, *OUTSIDE_ENGLAND))


@rule("631", table="prev_perm")
def r631() -> str:
    """PREV_PERM must be one of P1-P4 or Z1 (blank fails)."""
    return invalid_code("prev_perm", "PREV_PERM", required=True)


@rule("633", table="prev_perm")
def r633() -> str:
    """DfE text: a given LA_PERM must be a valid value (an English LA number, WAL, SCO, NIR, NUK or 999)."""
    return where("prev_perm", f"la_perm IS NOT NULL AND NOT in_list(upper(la_perm), '{LA_PERM_CODES}')")


@rule("635", table="prev_perm")
def r635() -> str:
    """LA_PERM or DATE_PERM given while PREV_PERM is Z1 (no previous permanence option) or blank."""
    return where(
        "prev_perm",
        "(la_perm IS NOT NULL OR date_perm IS NOT NULL) AND (prev_perm IS NULL OR prev_perm = 'Z1')",
    )
