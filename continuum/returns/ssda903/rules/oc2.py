"""Rules on the OC2 table on its own: the codes, the SDQ items by age, and which items go together.

Why apart from ``carers.py``: the OC2 rules there compare OC2 with the 12-month cohort (who
should or should not have a row); these check a row's own values, plus 545, which needs the
cohort only to know whose health check is due.

Readings that are Continuum's own (also in ``docs/returns.md``):

* The four "core" items (IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE) are
  the ones rules 182, 544 and 547 want completed; a missing core item is reported in its own
  column.
* Ages are whole years at 1 April ("beginning of the year") or 31 March ("end of the year",
  "at 31 March") from the OC2 row's DOB: a birthday on that day counts.
* An item "given" is any value; a value other than 0/1 is also rule 181's.
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import invalid_code
from continuum.returns.ssda903.rules.carers import _OC2_ITEMS, _oc2

#: The items rules 182, 544 and 547 want completed.
CORE = ("immunisations", "teeth_check", "health_assessment", "substance_misuse")
_AGE_START = "age_at(x.dob, collection_start)"
_AGE_END = "age_at(x.dob, collection_end)"


def _each_blank(columns: tuple[str, ...], condition: str) -> str:
    """Rows meeting ``condition`` once per blank column of ``columns``, that column reported."""
    return " UNION ALL ".join(
        f"SELECT x.child AS child_id, x.line, '{c.upper()}' AS field FROM oc2 x WHERE x.{c} IS NULL AND ({condition})"
        for c in columns
    )


@rule("180", table="oc2")
def r180() -> str:
    """SDQ_SCORE, when given, is a whole number from 0 to 40 (the questionnaire's range)."""
    return (
        "SELECT x.child AS child_id, x.line FROM oc2 x WHERE x.sdq_score IS NOT NULL "
        "AND (NOT regexp_full_match(x.sdq_score, '[0-9]{1,2}') OR regexp_full_match(x.sdq_score, '4[1-9]|[5-9][0-9]'))"
    )


@rule("181", table="oc2")
def r181() -> str:
    """Each of the eight 12-month items, when given, is 0 or 1; each wrong one is reported in its
    own column."""
    return " UNION ALL ".join(
        f"SELECT x.child AS child_id, x.line, '{c.upper()}' AS field FROM oc2 x "
        f"WHERE x.{c} IS NOT NULL AND x.{c} NOT IN ('0', '1')"
        for c in _OC2_ITEMS
    )


@rule("196", table="oc2")
def r196() -> str:
    """SDQ_REASON, when given, is one of SDQ1-SDQ5."""
    return invalid_code("oc2", "SDQ_REASON", required=False)


@rule("182", table="oc2")
def r182() -> str:
    """Any of the eight OC2 items given but a core item blank ("completed, or all OC2 fields left
    blank"; the SDQ items are not among the rule's fields)."""
    return _each_blank(CORE, " OR ".join(f"x.{c} IS NOT NULL" for c in _OC2_ITEMS))


@rule("544", table="oc2")
def r544() -> str:
    """CONVICTED given but a core item blank."""
    return _each_blank(CORE, "x.convicted IS NOT NULL")


@rule("547", table="oc2")
def r547() -> str:
    """HEALTH_CHECK given but a core item blank."""
    return _each_blank(CORE, "x.health_check IS NOT NULL")


_oc2(
    "158",
    "intervention_received = '1' AND intervention_offered IS NOT NULL",
    "Received an intervention (INTERVENTION_RECEIVED 1) with INTERVENTION_OFFERED given.",
)
_oc2(
    "159",
    "substance_misuse = '1' AND intervention_received = '0' AND intervention_offered IS NULL",
    "Substance misuse (1), no intervention received (0), INTERVENTION_OFFERED blank.",
)
_oc2(
    "192",
    "substance_misuse = '1' AND intervention_received IS NULL",
    "Substance misuse identified (1) with INTERVENTION_RECEIVED blank.",
)
_oc2(
    "193",
    "substance_misuse IS DISTINCT FROM '1' AND (intervention_received IS NOT NULL OR intervention_offered IS NOT NULL)",
    "No substance misuse identified (0 or blank) with INTERVENTION_RECEIVED or _OFFERED given.",
)
_oc2(
    "197a",
    "sdq_score IS NOT NULL AND sdq_reason IS NOT NULL",
    "Both SDQ_SCORE and SDQ_REASON given.",
)
_oc2(
    "188",
    f"{_AGE_END} < 4 AND (sdq_score IS NOT NULL OR sdq_reason IS NOT NULL)",
    "Under 4 on 31 March (a 4th birthday on 31 March is 4) with SDQ_SCORE or SDQ_REASON given.",
)
_oc2(
    "189",
    f"{_AGE_START} >= 17 AND (sdq_score IS NOT NULL OR sdq_reason IS NOT NULL)",
    "DfE logic: DOB more than 17 years before 1 April; read with the message, 17 or over on "
    "1 April (a 17th birthday on 1 April fails), with SDQ_SCORE or SDQ_REASON given.",
)
_oc2(
    "542",
    f"{_AGE_END} < 10 AND convicted IS NOT NULL",
    "Under 10 on 31 March with CONVICTED given.",
)
_oc2(
    "545",
    f"x.child IN (SELECT child FROM cla12) AND {_AGE_END} < 5 AND health_check IS NULL",
    "DfE logic: in the 12-month cohort and under 5 on 31 March (a 5th birthday on 31 March is "
    "5), HEALTH_CHECK blank. A cohort child with no OC2 row is rule 191's.",
)
