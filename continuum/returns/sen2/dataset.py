"""A council's own SEN2 returns into the analytical tables, so the SEND figures run on them.

Why ``ehc_requests``: it is the table the SEND indicators read (the 20-week figures), the same one
the live record is extracted into, so an imported SEN2 file and the records are measured by the
same SQL. Each request is keyed by the person and the day it was received, so the same request in
two years' returns is one row (the later return wins, as for the CIN census import).

SEN2 has no LAchildID: a person is ``SEN2-<UPN>`` (stable across years), else ``SEN2-<ULN>``,
else ``SEN2-<year>-<n>`` (the n-th person of that year's file). What the table has no column for
(named plans, placements, needs, the person's details) is listed as not mapped, never dropped
silently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from continuum.returns.sen2.parser import Sen2Tables

__all__ = ["REQUESTED_BY", "load_sen2"]

#: RequestSource (guide item 2.1a, as Continuum reads it) as ``ehc_requests.requested_by``.
REQUESTED_BY = {"1": "PARENT", "2": "YOUNG_PERSON", "3": "SCHOOL", "4": "OTHER"}
_DECISION = {"A": "ASSESS", "N": "REFUSE"}
_NOT_MAPPED = ("named_plans", "plan_details", "active_plans", "placements", "sen_needs")


def _d(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def load_sen2(builder: Any, tables: Sen2Tables, la_code: str | None = None) -> int:
    """Put one SEN2 file's requests into ``builder`` (the importer's); return how many."""
    header = tables["header"].to_pylist()
    la = (header[0].get("lea") if header else None) or la_code or "000"
    keys = []
    for i, p in enumerate(tables["persons"].to_pylist()):
        own = p.get("upn") or p.get("uniquelearnernumber")
        keys.append(f"SEN2-{own}" if own else f"SEN2-{tables.year}-{i + 1}")
    outcome: dict[int, dict[str, Any]] = {}
    for a in tables["assessments"].to_pylist():
        outcome[a["parent"]] = a
    loaded = 0
    for r in tables["requests"].to_pylist():
        received = _d(r.get("receiveddate"))
        if received is None:
            builder.note("ehc_requests: SEN2 request without a readable ReceivedDate")
            continue
        child = keys[r["person_id"]]
        a = outcome.get(r["id"], {})
        final = _d(a.get("assessmentoutcomedate")) if a.get("assessmentoutcome") == "Y" else None
        builder.put(
            "ehc_requests",
            f"{la}-{child}-R{received.isoformat()}",
            {
                "la_code": la,
                "ehc_request_id": f"{la}-{child}-R{received.isoformat()}",
                "la_child_id": child,
                "requested_by": REQUESTED_BY.get(r.get("requestsource") or "", "OTHER"),
                "received_on": received,
                "assess_decision": _DECISION.get(r.get("requestoutcome") or ""),
                "assess_decided_on": _d(r.get("requestoutcomedate")),
                "final_issued_on": final,
                "allowed_exception": (a.get("week20") == "1") if a else None,
            },
        )
        loaded += 1
    for name in _NOT_MAPPED:
        builder.note(f"SEN2 {name.replace('_', ' ')}: no analytical table yet", tables[name].num_rows)
    return loaded


def load_returns(builder: Any, returns: list[Sen2Tables], la_code: str | None, validate: bool) -> list[Any]:
    """Load each SEN2 file, oldest census first (a later return's request wins), and say of each
    what the import says of every return: its year, and validated with that year's rules or not."""
    from continuum.returns.importer import _SEN2, ReturnRead, _validation
    from continuum.returns.sen2.engine import validate_sen2_tables
    from continuum.returns.sen2.rulesets import ruleset_for

    read = []
    for t in sorted(returns, key=lambda t: t.reference_date or date.min):
        load_sen2(builder, t, la_code)

        def run(year: str, t: Sen2Tables = t) -> int:
            return validate_sen2_tables(t, ruleset_for(year)).failures.num_rows

        text, ok = _validation(_SEN2, t.collection_year, run if validate else None)
        name = t.path.replace("\\", "/").rsplit("/", 1)[-1]
        read.append(ReturnRead(_SEN2, name, t.collection_year, None, text, ok))
    return read
