"""A council's own SEN2 returns into the analytical tables, so the SEND figures run on them.

Why ``ehc_requests``: it is the table the SEND indicators read (the 20-week figures), the same one
the live record is extracted into, so an imported SEN2 file and the records are measured by the
same SQL. Each request is keyed by the person and the day it was received, so the same request in
two years' returns is one row (the later return wins, as for the CIN census import).

SEN2 has no LAchildID: a person is ``SEN2-<UPN>`` (stable across years), else ``SEN2-<ULN>``,
else ``SEN2-<year>-<n>`` (the n-th person of that year's file). Plans go into ``ehc_plans``
(the table of the plans-maintained, settings and needs figures). What the tables have no column
for (the person's details, a setting's URN) is listed as not mapped, never dropped silently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from continuum.returns.sen2.codes import CEASE_REASON, REQUESTED_BY
from continuum.returns.sen2.parser import Sen2Tables

__all__ = ["load_sen2"]

_DECISION = {"A": "ASSESS", "N": "REFUSE"}
#: Settings SEN2 names by type (no URN or UKPRN); a URN or UKPRN alone does not say the type.
_SETTING_TYPE = {"EYP": "EARLY_YEARS", "OTH": "OTHER", "OLA": "OTHER", "OPA": "OTHER", "EHE": "OTHER"}


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
    _plans(builder, tables, la, keys)
    return loaded


def _rank_one(rows: list[dict[str, Any]], rank: str) -> dict[int, dict[str, Any]]:
    """The rank-1 row under each parent (the main setting, the primary need), in one pass.

    The first such row wins, as a scan in file order would find it.
    """
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        if (r.get(rank) or "").strip() == "1":
            out.setdefault(r["parent"], r)
    return out


def _first(index: dict[int, dict[str, Any]], parent: int, column: str) -> str | None:
    """``column`` of the rank-1 row under ``parent`` (from :func:`_rank_one`)."""
    row = index.get(parent)
    return row.get(column) if row is not None else None


def _plans(builder: Any, tables: Sen2Tables, la: str, keys: list[str]) -> None:
    """``ehc_plans`` rows: each named plan, and each active plan whose named plan is not in the file
    (issued before the year; its main placement's EntryDate stands for the issue date)."""
    requests = {r["id"]: r for r in tables["requests"].to_pylist()}
    detail_rows = tables["plan_details"].to_pylist()
    placement_rows = tables["placements"].to_pylist()
    details = _rank_one(detail_rows, "placementrank")
    placements = _rank_one(placement_rows, "placementrank")
    needs = _rank_one(tables["sen_needs"].to_pylist(), "sentyperank")
    active = {a["request_id"]: a for a in tables["active_plans"].to_pylist()}
    named = {n["request_id"]: n for n in tables["named_plans"].to_pylist()}
    for request_id, request in requests.items():
        plan, current = named.get(request_id), active.get(request_id)
        if plan is None and current is None:
            continue
        child = keys[request["person_id"]]
        received = _d(request.get("receiveddate"))
        issued = _d(plan.get("startdate")) if plan else _d(_first(placements, current["id"], "entrydate"))
        if issued is None:
            builder.note("ehc_plans: SEN2 plan without a readable StartDate or EntryDate")
            continue
        setting = _first(details, plan["id"], "sensetting") if plan else None
        if current is not None:
            setting = _first(placements, current["id"], "sensetting") or setting
        key = f"{la}-{child}-P{issued.isoformat()}"
        builder.put(
            "ehc_plans",
            key,
            {
                "la_code": la,
                "ehc_plan_id": key,
                "la_child_id": child,
                "ehc_request_id": f"{la}-{child}-R{received.isoformat()}" if received else None,
                "issued_on": issued,
                "primary_need": _first(needs, current["id"], "sentype") if current else None,
                "setting_type": _SETTING_TYPE.get(setting or ""),
                "out_of_borough": None,
                "budget_requested": None,
                "budget_agreed": (plan.get("pb") == "1") if plan and plan.get("pb") else None,
                "ceased_on": _d(plan.get("ceasedate")) if plan else None,
                "cease_reason": CEASE_REASON.get(plan.get("ceasereason") or "") if plan else None,
                "review_dates": [d] if current and (d := _d(current.get("lastreview"))) else [],
            },
        )
    builder.note(
        "SEN2 settings named by URN or UKPRN: their type is not in the return (GIAS would say it)",
        sum(1 for r in detail_rows + placement_rows if r.get("urn") or r.get("ukprn")),
    )


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
