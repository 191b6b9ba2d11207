"""Internal integrity checks (INT*) and the previous-permanence rules that read episodes.

The social worker rules are in :mod:`.social_worker`.
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import where


def _not_in_header(code: str, table: str) -> None:
    def sql() -> str:
        return where(f"{table} t", "t.child NOT IN (SELECT child FROM header WHERE child IS NOT NULL)")

    sql.__doc__ = f"A {table} row whose CHILD has no Header row."
    rule(code, table=table)(sql)


def _dob_differs(code: str, table: str) -> None:
    def sql() -> str:
        return f"SELECT t.child AS child_id, t.line FROM {table} t JOIN hdr h USING (child) WHERE t.dob IS DISTINCT FROM h.dob"

    sql.__doc__ = f"The DOB on a {table} row differs from the child's Header DOB."
    rule(code, table=table)(sql)


def _once(code: str, table: str) -> None:
    def sql() -> str:
        return (
            f"SELECT child AS child_id, line FROM (SELECT child, line, count(*) OVER (PARTITION BY child) AS n FROM {table}) "
            "WHERE n > 1"
        )

    sql.__doc__ = f"A CHILD appearing on more than one {table} row (every such row fails)."
    rule(code, table=table)(sql)


for _code, _table in [
    ("CONTINUUM-01", "ad1"), ("CONTINUUM-02", "placed_adoption"), ("CONTINUUM-03", "episodes"), ("CONTINUUM-04", "missing"),
    ("CONTINUUM-05", "oc2"), ("CONTINUUM-06", "oc3"), ("CONTINUUM-07", "prev_perm"), ("CONTINUUM-08", "reviews"), ("CONTINUUM-09", "uasc"),
]:  # fmt: skip
    _not_in_header(_code, _table)

for _code, _table in [
    ("CONTINUUM-11", "ad1"), ("CONTINUUM-12", "placed_adoption"), ("CONTINUUM-13", "missing"), ("CONTINUUM-14", "oc2"),
    ("CONTINUUM-15", "oc3"), ("CONTINUUM-16", "prev_perm"), ("CONTINUUM-17", "reviews"), ("CONTINUUM-18", "uasc"),
]:  # fmt: skip
    _dob_differs(_code, _table)

for _code, _table in [
    ("CONTINUUM-31", "ad1"), ("CONTINUUM-32", "header"), ("CONTINUUM-33", "oc2"), ("CONTINUUM-34", "oc3"), ("CONTINUUM-35", "prev_perm"), ("CONTINUUM-36", "uasc"),
]:  # fmt: skip
    _once(_code, _table)


@rule("CONTINUUM-21", table="uasc")
def int21() -> str:
    """The SEX on a UASC row differs from the Header SEX."""
    return "SELECT t.child AS child_id, t.line FROM uasc t JOIN hdr h USING (child) WHERE t.sex IS DISTINCT FROM h.sex"


@rule("630", table="episodes")
def r630() -> str:
    """A period of care starting this year (RNE = S, DECOM from 1 April) needs a PrevPerm row."""
    return where(
        "episodes e",
        "rne = 'S' AND decom >= collection_start AND e.child NOT IN (SELECT child FROM prev_perm)",
    )


@rule("632", table="prev_perm")
def r632() -> str:
    """DATE_PERM, when given, must be before the start of the child's latest period of care."""
    return """
    SELECT p.child AS child_id, p.line FROM prev_perm p
    JOIN (SELECT child, max(poc_start) AS poc FROM eps GROUP BY child) e USING (child)
    WHERE p.date_perm >= e.poc
    """


@rule("634", table="prev_perm")
def r634() -> str:
    """PrevPerm items given for a child whose latest period of care started before 1 April 2016
    (when the item was introduced).
    """
    return """
    SELECT p.child AS child_id, p.line FROM prev_perm p
    JOIN (SELECT child, max(poc_start) AS poc FROM eps GROUP BY child) e USING (child)
    WHERE e.poc < DATE '2016-04-01'
      AND (p.prev_perm IS NOT NULL OR p.la_perm IS NOT NULL OR p.date_perm IS NOT NULL)
    """
