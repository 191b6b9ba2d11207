"""Rules that check an episode's URN against the council's provider-information file.

Why a separate module: these six rules read ``providers`` (one row per
Ofsted URN, from the file given with ``--providers``; see docs/returns.md)
as well as the return, so they are run only when that file is loaded -- as
in the DfE's own tool -- and otherwise reported as not checked
(``needs_providers=True``). Rule 1008, whose DfE tables also name Provider
Info, stays a format check in :mod:`.placements` and always runs.

Which episodes: those with a URN that is on the provider list. A blank URN
or XXXXXXX (a provider without one) is left to rules 218/222/1008, and a URN
missing from the list is not guessed at: the list a council supplies may be
partial (providers outside England have no Ofsted registration).
"""

from __future__ import annotations

from bench.baseline_ssda903.registry import rule

#: Episodes joined to their provider's row (``p``); ``census`` for the collection dates.
_WITH_PROVIDER = """
SELECT e.child AS child_id, e.line
FROM episodes e
JOIN providers p ON p.urn = upper(e.urn)
CROSS JOIN census c
CROSS JOIN placing_la a
WHERE upper(e.urn) <> 'XXXXXXX' AND ({condition})
"""


def _failing(condition: str) -> str:
    """Episodes at a listed provider meeting ``condition`` over ``e`` (episode), ``p`` (its
    provider), ``c`` (census dates) and ``a`` (the placing authority's ``la_code``)."""
    return _WITH_PROVIDER.format(condition=condition)


@rule("219", table="episodes", needs_providers=True)
def r219() -> str:
    """PLACE must be one of the provider's PLACE_CODES (a provider listing none is not checked)."""
    return _failing("p.place_codes IS NOT NULL AND NOT in_list(e.place, p.place_codes)")


@rule("221", table="episodes", needs_providers=True)
def r221() -> str:
    """PL_POST must be the provider's postcode, compared without spaces or case (a blank on
    either side is not checked: rules on PL_POST itself report a missing one)."""
    return _failing("upper(replace(e.pl_post, ' ', '')) <> upper(replace(p.postcode, ' ', ''))")


@rule("224", table="episodes", needs_providers=True)
def r224() -> str:
    """PLACE_PROVIDER must be one of the provider's PROVIDER_CODES (none listed: not checked)."""
    return _failing("p.provider_codes IS NOT NULL AND NOT in_list(e.place_provider, p.provider_codes)")


@rule("227", table="episodes", needs_providers=True)
def r227() -> str:
    """DECOM must fall while the provider was registered: on or after REG_DATE and, for a
    closed provider, on or before REG_END."""
    return _failing("e.decom < p.reg_date OR e.decom > p.reg_end")


@rule("228", table="episodes", needs_providers=True)
def r228() -> str:
    """DEC must fall while the provider was registered; an open episode is read as ending on
    31 March, as the DfE's note says (so an open episode at a provider that closed during the
    year fails: the DfE's known false positive, kept so the counts match its tool)."""
    return _failing("coalesce(e.dec, c.runs_to) < p.reg_date OR coalesce(e.dec, c.runs_to) > p.reg_end")


@rule("229", table="episodes", needs_providers=True)
def r229() -> str:
    """PR1 (own provision) needs a provider in the placing authority; PR2 (another local
    authority's provision) a provider in a different authority. PR0 and PR3-PR5 say nothing
    about which authority, and a provider or placing authority without an LA code is not checked.
    """
    return _failing(
        "(e.place_provider = 'PR1' AND p.la_code <> a.la_code)"
        " OR (e.place_provider = 'PR2' AND p.la_code = a.la_code)"
    )
