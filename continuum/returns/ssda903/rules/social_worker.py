"""Rules on social worker episodes (the SWEpisodes table, SW...STG1/STG2).

A child's social worker episodes are read in SW_DECOM order (then file row);
"previous" and "next" are the neighbouring episodes in that order. The rules
about a worker *at 31 March* (SW11bSTG2, SW12STG2, SW17STG2) are read for the
children still looked after at 31 March (an open episode in this year's
Episodes): a child who left care in the year has no worker to report at 31
March, and the DfE's SW12 says so in its message ("If a child is looked after
on 31 March"). Dates: a date that is not dd/mm/yyyy stops the parser, so the
"not a valid date" rules catch a blank where a date is needed and a year
outside 1900-2099, as the episode date rules do.
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import bad_date, invalid_code, where

#: SW episodes per child in SW_DECOM order, with the neighbouring episodes' dates.
_SW = """(SELECT s.*,
        row_number() OVER w AS k, count(*) OVER (PARTITION BY s.child) AS n,
        lag(s.sw_dec) OVER w AS prev_sw_dec
    FROM social_worker s
    WINDOW w AS (PARTITION BY s.child ORDER BY s.sw_decom NULLS LAST, s.line)) sw"""
#: Children looked after at 31 March (an open episode this year).
_LOOKED_AFTER = "sw.child IN (SELECT child FROM episodes WHERE dec IS NULL)"
#: The social worker data before 1 April 2023 (SW01aSTG1) and from it (SW01bSTG1).
_SW_START = "DATE '2023-04-01'"


@rule("SW01aSTG1", table="social_worker")
def sw01a() -> str:
    """PENDING (may be withdrawn for 2025-26). An episode that began before 1 April 2023 needs
    SW_ID (its SW_DECOM is given by definition); SW_REASON may be blank.
    """
    return where("social_worker", f"sw_decom < {_SW_START} AND sw_id IS NULL")


@rule("SW01bSTG1", table="social_worker")
def sw01b() -> str:
    """PENDING (may be withdrawn for 2025-26). An episode from 1 April 2023 needs SW_ID and
    SW_DECOM and, once it has ended (SW_DEC given), SW_REASON: the reason for the change of social
    worker is known when the change happens, so an open episode has none yet (Continuum records it
    when an allocation closes; the open validator asks it of every episode). A row with no
    SW_DECOM is read as this rule's (the current form of the data), as well as SW04STG1's.
    """
    return where(
        "social_worker",
        f"(sw_decom IS NULL OR sw_decom >= {_SW_START}) "
        "AND (sw_id IS NULL OR (sw_dec IS NOT NULL AND sw_reason IS NULL))",
    )


@rule("SW02STG1", table="social_worker")
def sw02() -> str:
    """SW_ID, when given, begins with the capitals SW or XX (the DfE's form; case matters). A blank
    SW_ID is SW01's business.
    """
    return where("social_worker", "sw_id IS NOT NULL AND NOT (sw_id LIKE 'SW%' OR sw_id LIKE 'XX%')")


@rule("SW04STG1", table="social_worker")
def sw04() -> str:
    """SW_DECOM is required: blank, or a year outside 1900-2099, fails."""
    return bad_date("social_worker", "SW_DECOM", required=True)


@rule("SW05STG1", table="social_worker")
def sw05() -> str:
    """SW_DEC may be blank (the episode is open); a year outside 1900-2099 fails. (PENDING: the
    DfE may amend this rule for 2025-26, message unchanged.)
    """
    return bad_date("social_worker", "SW_DEC", required=False)


@rule("SW06STG2", table="social_worker")
def sw06() -> str:
    """SW_DECOM after 31 March (the end of the reporting year) fails. An episode that began before
    1 April is carried over, so there is no lower bound.
    """
    return where("social_worker", "sw_decom > collection_end")


@rule("SW07STG2", table="social_worker")
def sw07() -> str:
    """SW_DEC, when given, from 1 April to 31 March of the collection year: the reporting period is
    the collection year (SW12STG2's "the full previous year" before 31 March), so an episode that
    ended before 1 April belongs to no episode reported this year.
    """
    return where("social_worker", "sw_dec NOT BETWEEN collection_start AND collection_end")


@rule("SW08STG2", table="social_worker")
def sw08() -> str:
    """An episode with no SW_DEC that is not the child's latest (a later one began): the open
    earlier episode fails.
    """
    return where(_SW, "sw.sw_dec IS NULL AND sw.sw_decom IS NOT NULL AND sw.k < sw.n")


@rule("SW09STG2", table="social_worker")
def sw09() -> str:
    """SW_DEC on or before SW_DECOM: an episode ending the day it began, or before it, lasted under
    24 hours.
    """
    return where("social_worker", "sw_dec <= sw_decom")


@rule("SW10STG2", table="social_worker")
def sw10() -> str:
    """Unless its SW_REASON is FCONTA, an episode must not begin more than 7 days before the
    previous episode's SW_DEC (the DfE's "+/- 7 days": 7 days' overlap is tolerated). A blank
    previous SW_DEC is SW08STG2's business.
    """
    return where(
        _SW,
        "sw.sw_reason IS DISTINCT FROM 'FCONTA' AND sw.sw_decom < sw.prev_sw_dec - 7",
    )


@rule("SW11bSTG2", table="social_worker")
def sw11b() -> str:
    """For a child looked after at 31 March, the latest social worker episode ended before 31 March
    (SW_DEC before it): no episode follows, so the child had no worker at 31 March.
    """
    return where(_SW, f"sw.k = sw.n AND sw.sw_dec < collection_end AND {_LOOKED_AFTER}")


@rule("SW12STG2", table="social_worker")
def sw12() -> str:
    """For a child looked after on 31 March, social worker episodes must cover the whole year,
    "even those whilst they were not looked after". Read as: the earliest SW_DECOM must be on or
    before 1 April or, for a child whose first episode this year starts later, on or before that
    DECOM. Requiring a worker on 1 April for a child the authority did not know then (first
    referred in the year) would ask for episodes that never existed. Reported on the earliest row.
    """
    return f"""
    SELECT sw.child AS child_id, sw.line FROM {_SW}
    JOIN (SELECT child, min(decom) AS first FROM episodes GROUP BY child) e USING (child), census c
    WHERE sw.k = 1 AND sw.sw_decom > greatest(c.collection_start, e.first) AND {_LOOKED_AFTER}
    """


@rule("SW13STG1", table="social_worker")
def sw13() -> str:
    """SW_REASON, when given, must be one of the DfE codes (a blank is SW01bSTG1's business since
    the 2024-25 message no longer says "or has not been entered").
    """
    return invalid_code("social_worker", "SW_REASON", required=False)


@rule("SW17STG2", table="social_worker")
def sw17() -> str:
    """For a child looked after at 31 March, the latest episode (latest SW_DECOM) must be open
    (SW_DEC blank), as the DfE logic says; a child who left care in the year is not asked for one.
    """
    return where(_SW, f"sw.k = sw.n AND sw.sw_dec IS NOT NULL AND {_LOOKED_AFTER}")
