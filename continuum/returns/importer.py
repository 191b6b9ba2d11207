"""Load CIN census XML and SSDA903 CSV returns into the analytical tables.

Why: a council moving to Continuum (or checking another system's returns)
has years of returns but not the record behind them. Loaded into the
analytical schema (:mod:`continuum.metrics.schema`), they feed the same
indicators as the live record.

Atomic: every file is parsed before anything is built, and a file that
cannot be read raises :class:`~continuum.returns.report.ReturnFileError`, so
either all the returns load or none do. What the returns hold but the schema
does not (FormerUPN ...), and values that cannot be stored, are
listed in :attr:`ImportResult.unmapped`, never silently dropped.

Identifiers. The returns have none below the child, so ids are built from the
child and the dates that identify a module in the DfE guidance
(``<la>-<child>-R<referral date>`` for a CIN episode, ``...-A<start>`` for an
assessment, ``<la>-<child>-E<DECOM>`` for a looked-after episode). The same
episode in two years' returns therefore gets the same id, and the later
return (by ReferenceDate, or the latest date in the 903 episodes) wins.
Periods of care are rebuilt from the episodes: a new one starts where the
previous episode did not end with REC X1 on the day this one began.

Earlier years. A council brings several years of returns for trends, each
written to its own year's layout: a CIN census file is read with the layout
of its ReferenceDate's year (:mod:`continuum.returns.cin.layouts`), a 903
return's old codes are recoded by its year
(:mod:`continuum.returns.ssda903.earlier_years`). Each return read is listed
in :attr:`ImportResult.returns` with its year, the layout used and whether it
was validated: with its own year's rules where Continuum has them (with
``validate=True``), otherwise "read, not validated", never as passed.

Tolerant where the DfE's own collection is: a byte-order mark, codes in
lower case (``wbri``), and numbers a spreadsheet wrote as decimals (a
LAchildID or CHILD ``1234.0``, a flag ``1.0``) are read as meant, so the same
child is one child across the CIN census and the 903 and across years.
Several years of 903 files may sit in one folder (an upload puts them
together): they are split into returns by the year in their file names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from continuum.core import specs
from continuum.core.timescales import add_months
from continuum.looked_after.fields import OUTCOME_FLAGS
from continuum.metrics.schema import TABLES, schema_for

__all__ = ["ImportResult", "ReturnRead", "import_files", "import_returns"]

_TRUE = {"1", "true", "TRUE", "True"}
_FALSE = {"0", "false", "FALSE", "False"}


@dataclass(frozen=True)
class ReturnRead:
    """One return the import read: its collection year, the layout it was read with, its validation."""

    kind: str
    source: str
    year: str | None
    #: The collection year of the earlier layout used; None for today's.
    layout: str | None
    #: "validated with the 2025-26 rules: ..." or "read, not validated: ..." (never "passed" unchecked).
    validation: str
    validated: bool = False

    @property
    def line(self) -> str:
        year = self.year or "year unknown"
        layout = f"read with the {self.layout} layout; " if self.layout else ""
        return f"{self.kind} {year} ({self.source}): {layout}{self.validation}"


@dataclass
class ImportResult:
    """The analytical tables built from the returns, what could not be mapped, and each return read."""

    tables: dict[str, pa.Table]
    unmapped: list[str] = field(default_factory=list)
    returns: list[ReturnRead] = field(default_factory=list)

    def write_parquet(self, directory: str | Path) -> list[Path]:
        """Write ``DIR/<table>.parquet`` for every table, all or nothing (via a temporary folder)."""
        import shutil
        import tempfile

        import pyarrow.parquet as pq

        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=directory.parent))
        try:
            for name, table in self.tables.items():
                pq.write_table(table, tmp / f"{name}.parquet")
            directory.mkdir(exist_ok=True)
            written = []
            for name in self.tables:
                target = directory / f"{name}.parquet"
                (tmp / f"{name}.parquet").replace(target)
                written.append(target)
            return written
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class _Builder:
    """Rows of each analytical table keyed by id; a later return overwrites an earlier one."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TABLES}
        self.unmapped: dict[str, int] = defaultdict(int)

    def note(self, what: str, n: int = 1) -> None:
        if n:
            self.unmapped[what] += n

    def put(self, table: str, key: str, row: dict[str, Any]) -> None:
        self.rows[table][key] = row

    def tables(self) -> dict[str, pa.Table]:
        out = {}
        for name, rows in self.rows.items():
            if name in NOT_IN_RETURNS:
                continue  # left out, so their figures say "no data" rather than a silent zero
            schema = schema_for(name)
            required = [f.name for f in schema if not f.nullable]
            keep = []
            for row in rows.values():
                missing = [c for c in required if row.get(c) is None]
                if missing:
                    self.note(f"{name}: row dropped, no {'/'.join(missing)} in the return")
                    continue
                keep.append(row)
            out[name] = pa.Table.from_pylist(keep, schema=schema)
        return out


#: Analytical tables that no statutory return carries (early help; PEP, health and
#: dental dates: the SSDA903 OC2 has only yes/no flags).
NOT_IN_RETURNS = frozenset({"early_help", "peps", "health_assessments", "dental_checks"})


def _unique(key: str, seen: set[str]) -> str:
    k, n = key, 1
    while k in seen:
        n += 1
        k = f"{key}-{n}"
    seen.add(k)
    return k


def _flag(b: _Builder, value: str | None, what: str) -> bool | None:
    if value is None:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    b.note(f"{what}: value {value!r} is not 0/1 (left blank)")
    return None


def _rows_by(table: pa.Table, key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in table.to_pylist():
        out[r[key]].append(r)
    return out


#: Columns read as written (identifiers and names); every other text column is a code, read upper-case.
_KEEP_CASE = frozenset({"la_child_id", "child", "sw_id", "la_perm", "former_upn"})
#: A whole number a spreadsheet wrote as a decimal: ``1234.0``.
_WHOLE_NUMBER = r"^\s*([0-9]+)\.0+\s*$"


def _tolerant(table: pa.Table) -> pa.Table:
    """``table`` with codes upper-cased and whole numbers written as decimals (``1234.0``) made whole.

    Why: the DfE's collection accepts both, and a spreadsheet saved as CSV
    (or a system export) writes them so; read strictly, child ``1234.0`` in
    the 903 would be another child than ``1234`` in the CIN census.
    """
    for i, f in enumerate(table.schema):
        if not pa.types.is_string(f.type) or not table.num_rows:
            continue
        column = pc.replace_substring_regex(table.column(i), _WHOLE_NUMBER, r"\1")
        if f.name not in _KEEP_CASE:
            column = pc.utf8_upper(column)
        table = table.set_column(i, f, column)
    return table


def _load_cin(b: _Builder, tables: Any) -> None:
    tables = {n: (t if n == "header" else _tolerant(t)) for n, t in tables.tables.items()}
    header = tables["header"].to_pylist()
    la = (header[0]["lea"] if header else None) or "000"
    if not header or not header[0]["lea"]:
        b.note("CIN header: no LEA; la_code set to 000")
    disab = defaultdict(list)
    for r in tables["disabilities"].to_pylist():
        disab[r["child_id"]].append(r["disability"])
    factors = defaultdict(list)
    for r in tables["assessment_factors"].to_pylist():
        factors[(r["child_id"], r["assessment_id"])].append(r["assessment_factors"])
    kids = {}
    for c in tables["children"].to_pylist():
        cid = c["la_child_id"]
        kids[c["child_id"]] = cid
        if cid is None:
            b.note("CIN children: child with no LAchildID dropped")
            continue
        if c["former_upn"]:
            b.note("CIN FormerUPN: not in the analytical schema")
        old = b.rows["children"].get(f"{la}-{cid}", {})
        b.put(
            "children",
            f"{la}-{cid}",
            {
                **old,
                "la_code": la,
                "la_child_id": cid,
                "upn": c["upn"],
                "upn_unknown": c["upn_unknown"],
                "person_birth_date": c["person_birth_date"],
                "expected_person_birth_date": c["expected_person_birth_date"],
                "sex": c["sex"],
                "ethnicity": c["ethnicity"],
                "disabilities": disab.get(c["child_id"]) or ["NONE"],
                "person_death_date": c["person_death_date"],
                "uasc": old.get("uasc", False),
                "duc": old.get("duc"),
                "home_post": old.get("home_post"),
                "ward": old.get("ward"),
            },
        )
    by_details = {
        name: _rows_by(tables[name], "cin_details_id")
        for name in ("assessments", "cin_plan_dates", "section47", "cp_plans")
    }
    reviews = _rows_by(tables["cp_reviews"], "cp_plan_id")
    module_5 = _rows_by(tables["pre_proceedings"], "cin_details_id")  # empty before 2026-27
    seen: set[str] = set()
    for d in tables["cin_details"].to_pylist():
        cid = kids.get(d["child_id"])
        if cid is None or d["cin_referral_date"] is None:
            b.note("CIN CINdetails: episode with no child or CINreferralDate dropped")
            continue
        base = f"{la}-{cid}"
        rid = _unique(f"{base}-R{d['cin_referral_date'].isoformat()}", seen)
        row = {
            "la_code": la,
            "referral_id": rid,
            "la_child_id": cid,
            "cin_referral_date": d["cin_referral_date"],
            "referral_source": d["referral_source"],
            "primary_need_code": d["primary_need_code"],
            "referral_nfa": _flag(b, d["referral_nfa"], "CIN ReferralNFA"),
            "cin_closure_date": d["cin_closure_date"],
            "reason_for_closure": d["reason_for_closure"],
            "contact_id": None,
        }
        b.put("referrals", rid, row)
        common = {"la_code": la, "referral_id": rid, "la_child_id": cid}
        did = d["cin_details_id"]
        for a in by_details["assessments"].get(did, []):
            aid = _unique(f"{rid}-A{a['assessment_actual_start_date']}", seen)
            b.put(
                "assessments",
                aid,
                {
                    **common,
                    "assessment_id": aid,
                    "assessment_actual_start_date": a["assessment_actual_start_date"],
                    "assessment_internal_review_date": a["assessment_internal_review_date"],
                    "assessment_authorisation_date": a["assessment_authorisation_date"],
                    "assessment_factors": factors.get((d["child_id"], a["assessment_id"])) or None,
                },
            )
        for p in by_details["cin_plan_dates"].get(did, []):
            pid = _unique(f"{rid}-P{p['cin_plan_start_date']}", seen)
            b.put(
                "cin_plans",
                pid,
                {
                    **common,
                    "cin_plan_id": pid,
                    "cin_plan_start_date": p["cin_plan_start_date"],
                    "cin_plan_end_date": p["cin_plan_end_date"],
                },
            )
        plans = []
        for p in by_details["cp_plans"].get(did, []):
            pid = _unique(f"{rid}-CP{p['cpp_start_date']}", seen)
            try:
                previous = (
                    int(p["number_of_previous_cpp"]) if p["number_of_previous_cpp"] is not None else None
                )
            except ValueError:
                b.note(
                    f"CIN NumberOfPreviousCPP: {p['number_of_previous_cpp']!r} is not a number (plan dropped)"
                )
                previous = None
            row = {
                **common,
                "cp_plan_id": pid,
                "cpp_start_date": p["cpp_start_date"],
                "cpp_end_date": p["cpp_end_date"],
                "initial_category_of_abuse": p["initial_category_of_abuse"],
                "latest_category_of_abuse": p["latest_category_of_abuse"],
                "number_of_previous_cpp": previous,
            }
            b.put("cp_plans", pid, row)
            plans.append(row)
            for rv in reviews.get(p["cp_plan_id"], []):
                when = rv["cpp_review_date"]
                if when is None:
                    continue
                key = f"{pid}-RCPC{when}"
                b.put(
                    "conferences",
                    key,
                    {
                        **common,
                        "conference_id": key,
                        "conference_type": "RCPC",
                        "conference_date": when,
                        "s47_id": None,
                        "cp_plan_id": pid,
                        "plan_outcome": when != p["cpp_end_date"],
                    },
                )

        def icpc(
            when: date, s47_id: str | None, rid: str = rid, plans: list = plans, common: dict = common
        ) -> None:
            made = next((p for p in plans if p["cpp_start_date"] == when), None)
            key = f"{rid}-ICPC{when}"
            b.put(
                "conferences",
                key,
                {
                    **common,
                    "conference_id": key,
                    "conference_type": "ICPC",
                    "conference_date": when,
                    "s47_id": s47_id,
                    "cp_plan_id": made["cp_plan_id"] if made else None,
                    "plan_outcome": made is not None,
                },
            )

        for x in by_details["section47"].get(did, []):
            sid = _unique(f"{rid}-S{x['s47_actual_start_date']}", seen)
            b.put(
                "s47",
                sid,
                {
                    **common,
                    "s47_id": sid,
                    "strategy_discussion_date": None,
                    "s47_actual_start_date": x["s47_actual_start_date"],
                    "initial_cpc_target": x["initial_cpc_target"],
                    "date_of_initial_cpc": x["date_of_initial_cpc"],
                    "icpc_not_required": _flag(b, x["icpc_not_required"], "CIN ICPCnotRequired"),
                },
            )
            if x["date_of_initial_cpc"]:
                icpc(x["date_of_initial_cpc"], sid)
        if d["date_of_initial_cpc"]:
            icpc(d["date_of_initial_cpc"], None)
        for p in module_5.get(did, []):
            _load_pre_proceedings(b, p, common, _unique(f"{rid}-PP{p['pp_start_date']}", seen))


def _load_pre_proceedings(b: _Builder, p: dict[str, Any], common: dict[str, Any], key: str) -> None:
    """One ``<PreProceedingsandFGDM>`` block (2026-27 on) as a ``pre_proceedings`` row."""
    count = p["review_meetings_count"]
    if count is not None and not str(count).strip().isdigit():
        b.note(f"CIN ReviewMeetingsCount: {count!r} is not a whole number (left blank)")
        count = None
    b.put(
        "pre_proceedings",
        key,
        {
            **common,
            "pre_proceedings_id": key,
            "pp_start_date": p["pp_start_date"],
            "lbp_sent_date": p["lbp_sent_date"],
            "fgdm_meeting_offer": _flag(b, p["fgdm_meeting_offer"], "CIN FGDMMeetingOffer"),
            "fgdm_meeting_fac": _flag(b, p["fgdm_meeting_fac"], "CIN FGDMMeetingFac"),
            "initial_pp_meeting_date": p["initial_pp_meeting_date"],
            "review_meetings_count": None if count is None else int(str(count).strip()),
            "step_decision_date": p["step_decision_date"],
            "pp_outcome": p["pp_outcome"],
            "court_app_date": p["court_app_date"],
            "letter_init_cp_date": p["letter_init_cp_date"],
            "pp_end_date": None,
        },
    )


def _latest_903_date(tables: Any) -> date:
    dates = [d for col in ("decom", "dec") for d in tables.current["episodes"][col].to_pylist() if d]
    return max(dates, default=date.min)


def _load_903(b: _Builder, current: dict[str, pa.Table], la: str) -> None:
    for h in current["header"].to_pylist():
        key = f"{la}-{h['child']}"
        old = b.rows["children"].get(key)
        upn = h["upn"]
        unknown = upn if upn and upn.upper().startswith("UN") else None
        row = {
            "la_code": la,
            "la_child_id": h["child"],
            "upn": None if unknown else upn,
            "upn_unknown": unknown,
            "person_birth_date": h["dob"],
            "expected_person_birth_date": None,
            "sex": {"1": "M", "2": "F"}.get(h["sex"] or "", h["sex"]),
            "ethnicity": h["ethnic"],
            "disabilities": ["NONE"],
            "person_death_date": None,
            "uasc": False,
            "duc": None,
            "ward": None,
            "home_post": None,
        }
        if old is None:
            b.put("children", key, row)
    for u in current["uasc"].to_pylist():
        row = b.rows["children"].get(f"{la}-{u['child']}")
        if row is None:
            b.note("903 UASC: child not in the header or CIN return (dropped)")
            continue
        row["uasc"] = True
        row["duc"] = u["duc"]
    for e in current["episodes"].to_pylist():
        if e["decom"] is None:
            b.note("903 episodes: episode with no DECOM dropped")
            continue
        eid = f"{la}-{e['child']}-E{e['decom'].isoformat()}"
        loc = (e.get("pl_location") or "").upper()
        b.put(
            "cla_episodes",
            eid,
            {
                "la_code": la,
                "episode_id": eid,
                "la_child_id": e["child"],
                "period_of_care_id": None,
                **{c: e[c] for c in ("decom", "rne", "ls", "cin", "place", "place_provider", "dec", "rec")},
                **{c: e[c] for c in ("reason_place_change", "home_post", "pl_post", "urn")},
                "placement_location": loc if loc in ("IN", "OUT") else None,
            },
        )
        child = b.rows["children"].get(f"{la}-{e['child']}")
        if child is not None and e["home_post"]:
            child["home_post"] = e["home_post"]
    for r in current["reviews"].to_pylist():
        rid = f"{la}-{r['child']}-RV{r['review']}"
        b.put(
            "reviews",
            rid,
            {
                "la_code": la,
                "review_id": rid,
                "la_child_id": r["child"],
                "review_type": "CLA",
                "review": r["review"],
                "review_code": r["review_code"],
            },
        )
    for m in current["missing"].to_pylist():
        mid = f"{la}-{m['child']}-M{m['mis_start']}"
        b.put(
            "missing",
            mid,
            {
                "la_code": la,
                "missing_id": mid,
                "la_child_id": m["child"],
                "missing": m["missing"],
                "mis_start": m["mis_start"],
                "mis_end": m["mis_end"],
            },
        )
    for s in current["social_worker"].to_pylist():
        aid = f"{la}-{s['child']}-SW{s['sw_id']}-{s['sw_decom']}"
        b.put(
            "allocations",
            aid,
            {
                "la_code": la,
                "allocation_id": aid,
                "la_child_id": s["child"],
                "sw_id": s["sw_id"],
                "team_id": "UNKNOWN",
                "sw_decom": s["sw_decom"],
                "sw_dec": s["sw_dec"],
                "sw_reason": s["sw_reason"],
            },
        )
    if current["social_worker"].num_rows:
        b.note("903 SWEpisodes: the worker's team is not in the return (team_id UNKNOWN)")
    _load_903_looked_after(b, current, la)
    _load_903_care_leavers(b, current, la)


def _load_903_care_leavers(b: _Builder, current: dict[str, pa.Table], la: str) -> None:
    """OC3 as each care leaver's status around the birthday the return asks about.

    Why dated at the birthday: the DfE's figures for care leavers aged 19-21 are the
    status around each birthday, and the indicators read it from the dated contact
    history (``care_leaver_contacts``) in a window around that birthday. OC3 has no
    date, so each row becomes a contact on the 17th-21st birthday falling in the
    return's collection year (1 April to 31 March, from its latest episode date). Each
    return's contacts keep their own birthday, so loading a later year's return adds
    that year's contacts and never restates a year already loaded; a resubmitted
    return of the same year replaces that year's (same ids).

    The return has no left-care date or eligibility: the left-care date is the latest
    episode end (DEC) on or before the birthday among the episodes loaded so far (this
    and earlier years' returns), else the 18th birthday (the latest a care leaver can
    have left care), noted; 19-21 year olds are former relevant, 17-18 year olds relevant.
    """
    if not current["oc3"].num_rows:
        return
    latest = max((d for c in ("decom", "dec") for d in current["episodes"][c].to_pylist() if d), default=None)
    if latest is None:
        b.note("903 OC3: the return's year is not known (no episode dates; not loaded)", len(current["oc3"]))
        return
    year_end = date(latest.year + (latest.month > 3), 3, 31)
    year_start = date(year_end.year - 1, 4, 1)
    ended: dict[str, list[date]] = defaultdict(list)
    for e in b.rows["cla_episodes"].values():
        if e["dec"] is not None and e["la_code"] == la:
            ended[e["la_child_id"]].append(e["dec"])
    for o in current["oc3"].to_pylist():
        child = b.rows["children"].get(f"{la}-{o['child']}")
        dob = o["dob"] or (child or {}).get("person_birth_date")
        if child is None or dob is None:
            b.note("903 OC3: child not in the header, or no date of birth (row not loaded)")
            continue
        if not (o["in_touch"] or o["activ"] or o["accom"]):
            b.note("903 OC3: no IN_TOUCH, ACTIV or ACCOM (row not loaded)")
            continue
        birthdays = [(age, add_months(dob, 12 * age)) for age in range(17, 22)]
        found = [(age, day) for age, day in birthdays if year_start <= day <= year_end]
        if not found:
            b.note("903 OC3: no 17th-21st birthday in the return's year (row not loaded)")
            continue
        age, birthday = found[0]
        leaver_id = f"{la}-{o['child']}-CL"
        contact = {"in_touch": o["in_touch"], "activ": o["activ"], "accom": o["accom"]}
        b.put(
            "care_leaver_contacts",
            f"{leaver_id}-OC3-{birthday.isoformat()}",
            {
                "la_code": la,
                "contact_id": f"{leaver_id}-OC3-{birthday.isoformat()}",
                "la_child_id": o["child"],
                "care_leaver_id": leaver_id,
                "contact_date": birthday,
                **contact,
                "staying_put": o["accom"] == "Z1",
            },
        )
        leaver = b.rows["care_leavers"].get(leaver_id)
        if leaver is None:
            left = max((d for d in ended.get(o["child"], []) if d <= birthday), default=None)
            if left is None:
                b.note("903 OC3: left-care date not in the returns loaded (the 18th birthday used)")
                left = add_months(dob, 12 * 18)
            leaver = {
                "la_code": la,
                "care_leaver_id": leaver_id,
                "la_child_id": o["child"],
                "left_care_date": left,
                "eligibility_category": "FORMER_RELEVANT" if age >= 19 else "RELEVANT",
                "duty_end_date": None,
                "staying_put": False,
                "latest_contact_date": None,
                "latest_pathway_plan_review": None,
            }
            b.put("care_leavers", leaver_id, leaver)
        if age >= 19:
            leaver["eligibility_category"] = "FORMER_RELEVANT"
        if leaver["latest_contact_date"] is None or birthday >= leaver["latest_contact_date"]:
            leaver.update(contact, latest_contact_date=birthday, staying_put=o["accom"] == "Z1")


_ADOPTION_PLACES = ("A3", "A4", "A5", "A6")


def _load_903_looked_after(b: _Builder, current: dict[str, pa.Table], la: str) -> None:
    """Header MOTHER/MC_DOB, OC2, AD1, PlacedAdoption and PrevPerm into the ``looked_after`` tables.

    The return dates none of them, so: motherhood and OC2 are as at the return's
    31 March; PrevPerm belongs to the child's latest RNE = S episode in the return
    (else their first episode in it); an adoption plan is keyed by its decision
    date (PlacedAdoption DATE_PLACED = AD1 DATE_INT), takes its placement order and
    placement from the first E1 and A3-A6 episodes from the decision on, and its
    adoption order from the E11/E12 episode's DEC. A later return updates a plan.
    """
    latest = max((d for c in ("decom", "dec") for d in current["episodes"][c].to_pylist() if d), default=None)
    if latest is None:
        return
    ref = date(latest.year + (latest.month > 3), 3, 31)
    eps = _rows_by(current["episodes"], "child")
    for h in current["header"].to_pylist():
        if h["mother"] is not None:
            key = f"{la}-{h['child']}-MO{ref}"
            mother = _flag(b, h["mother"], "903 header MOTHER")
            if mother is not None:
                b.put(
                    "motherhood",
                    key,
                    {
                        "la_code": la,
                        "motherhood_id": key,
                        "la_child_id": h["child"],
                        "recorded_on": ref,
                        "mother": mother,
                        "mc_dob": h["mc_dob"],
                    },
                )
    flags = OUTCOME_FLAGS
    for o in current["oc2"].to_pylist():
        key = f"{la}-{o['child']}-OC{ref}"
        score = o["sdq_score"]
        row = {
            "la_code": la,
            "outcome_id": key,
            "la_child_id": o["child"],
            "year_ending": ref,
            "sdq_score": int(score) if score and score.isdigit() else None,
            "sdq_reason": o["sdq_reason"],
        }
        b.put("cla_outcomes", key, row | {c: _flag(b, o[c], f"903 OC2 {c.upper()}") for c in flags})
    for p in current["prev_perm"].to_pylist():
        mine = sorted(eps.get(p["child"], []), key=lambda e: e["decom"] or date.min)
        starts = [e["decom"] for e in mine if e["rne"] == "S" and e["decom"]]
        starts = starts or [e["decom"] for e in mine[:1]]
        if not starts or starts[-1] is None:
            b.note("903 PrevPerm: child has no episode in the return (dropped)")
            continue
        key = f"{la}-{p['child']}-PP{starts[-1]}"
        b.put(
            "prev_perm",
            key,
            {
                "la_code": la,
                "prev_perm_id": key,
                "la_child_id": p["child"],
                "period_started": starts[-1],
                "prev_perm": p["prev_perm"],
                "la_perm": p["la_perm"],
                "date_perm": p["date_perm"],
            },
        )
    ad1 = {a["child"]: a for a in current["ad1"].to_pylist()}
    decided = {p["child"]: p for p in current["placed_adoption"].to_pylist() if p["date_placed"]}
    for child in sorted(set(ad1) | set(decided)):
        a, p = ad1.get(child, {}), decided.get(child, {})
        when = p.get("date_placed") or a.get("date_int")
        if when is None:
            b.note("903 AD1: no DATE_INT (dropped)")
            continue
        key = f"{la}-{child}-AD{when}"
        row = b.rows["adoptions"].get(key) or {
            "la_code": la,
            "adoption_id": key,
            "la_child_id": child,
            "date_should_be_placed": when,
        }
        after = [e for e in eps.get(child, []) if e["decom"] and e["decom"] >= when]
        found = {
            "date_placement_order": min((e["decom"] for e in after if e["ls"] == "E1"), default=None),
            "date_placed": min((e["decom"] for e in after if e["place"] in _ADOPTION_PLACES), default=None),
            "date_adoption_order": max((e["dec"] for e in after if e["rec"] in ("E11", "E12")), default=None),
            "date_placed_ceased": p.get("date_placed_ceased"),
            "reason_placed_ceased": p.get("reason_placed_ceased"),
            "date_match": a.get("date_match"),
            "foster_care": _flag(b, a.get("foster_care"), "903 AD1 FOSTER_CARE"),
            "nb_adoptr": int(a["nb_adoptr"]) if (a.get("nb_adoptr") or "").isdigit() else None,
            "sex_adoptr": a.get("sex_adoptr"),
            "ls_adoptr": a.get("ls_adoptr"),
        }
        if row.get("date_placement_order") and found["date_placement_order"]:
            found["date_placement_order"] = min(row["date_placement_order"], found["date_placement_order"])
        if row.get("date_placed") and found["date_placed"]:
            found["date_placed"] = min(row["date_placed"], found["date_placed"])
        b.put("adoptions", key, row | {k: v for k, v in found.items() if v is not None})


def _periods_of_care(b: _Builder) -> None:
    by_child: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in b.rows["cla_episodes"].values():
        by_child[(e["la_code"], e["la_child_id"])].append(e)
    for eps in by_child.values():
        eps.sort(key=lambda e: e["decom"])
        first = prev = None
        for e in eps:
            if prev is None or prev["rec"] != "X1" or prev["dec"] != e["decom"]:
                first = e["episode_id"]
            e["period_of_care_id"] = first
            prev = e


_CIN = "CIN census"
_903 = "SSDA903"
_SEN2 = "SEN2"


def _validation(kind: str, year: str | None, run: Callable[[str], int] | None) -> tuple[str, bool]:
    """What is said of a return's validation, and whether it was validated.

    ``run(year)`` validates the return with ``year``'s rules and gives its
    failures; None when the caller did not ask for validation.
    """
    key: specs.Return = {_CIN: "cin", _903: "ssda903", _SEN2: "sen2"}[kind]  # type: ignore[assignment]
    years = specs.rule_years(key)
    if year is None:
        return "read, not validated: no date in it says its collection year", False
    if year not in years:
        return (
            f"read, not validated: Continuum has the {kind} rules of {' and '.join(years)} only",
            False,
        )
    if run is None:
        return (
            f"read, not validated by the import; check it with the {year} rules "
            "(./run returns validate, or the upload's report)",
            False,
        )
    n = run(year)
    return f"validated with the {year} rules: {n:,} failure{'s' if n != 1 else ''}", True


def import_returns(
    cin_files: Iterable[str | Path] = (),
    ssda903_returns: Sequence[Iterable[str | Path]] = (),
    *,
    la_code: str | None = None,
    validate: bool = False,
    sen2_files: Iterable[str | Path] = (),
) -> ImportResult:
    """Load CIN census files (any years), SSDA903 returns (each a set of CSVs, any years) and
    SEN2 files (their requests, :mod:`continuum.returns.sen2.dataset`).

    Raises ReturnFileError (nothing is loaded) if any file cannot be read.
    ``la_code`` is used for SSDA903 rows (the 903 has no LA number); by
    default the LEA of the CIN files, else ``000``. With ``validate``, each
    return of a year Continuum has rules for is validated with that year's
    rules and its failures counted in :attr:`ImportResult.returns`.
    """
    from continuum.returns.cin import parse_cin
    from continuum.returns.cin.registry import collection_year_of
    from continuum.returns.ssda903 import parse_903
    from continuum.returns.ssda903.earlier_years import collection_year, layout_notes, to_current_layout

    cins = [parse_cin(p) for p in cin_files]  # every file parsed before anything is built
    returns_903 = [(paths, parse_903(paths)) for paths in map(list, ssda903_returns)]
    sen2s = [_parse_sen2(p) for p in sen2_files]

    def ref_date(t: Any) -> date:
        h = t["header"]
        return (h["reference_date"][0].as_py() if h.num_rows else None) or date.min

    b = _Builder()
    read: list[ReturnRead] = []
    for t in sorted(cins, key=ref_date):
        _load_cin(b, t)
        when = ref_date(t)
        year = None if when == date.min else collection_year_of(when)

        def run_cin(ruleset_year: str, t: Any = t) -> int:
            from continuum.returns.cin import ruleset_for, validate_tables

            return validate_tables(t, ruleset_for(ruleset_year)).failures.num_rows

        text, ok = _validation(_CIN, year, run_cin if validate else None)
        read.append(ReturnRead(_CIN, Path(t.path).name, year, t.layout, text, ok))
    if la_code is None:
        codes = sorted({r["la_code"] for r in b.rows["children"].values()})
        la_code = codes[0] if len(codes) == 1 else "000"
    for paths, r in sorted(returns_903, key=lambda pr: _latest_903_date(pr[1])):
        year = collection_year(r.current)
        current = {n: _tolerant(t) for n, t in r.current.items()}
        _load_903(b, to_current_layout(current, year), la_code)

        def run_903(ruleset_year: str, r: Any = r) -> int:
            from continuum.returns.ssda903.engine import validate_903_tables
            from continuum.returns.ssda903.rulesets import ruleset_for

            return validate_903_tables(r, ruleset_for(ruleset_year), la_code=la_code).failures.num_rows

        text, ok = _validation(_903, year, run_903 if validate else None)
        notes = layout_notes(year)
        layout = f"{year} ({'; '.join(notes)})" if notes else None
        read.append(ReturnRead(_903, _source(paths), year, layout, text, ok))
    if sen2s:
        from continuum.returns.sen2.dataset import load_returns

        read += load_returns(b, sen2s, la_code, validate)
    _periods_of_care(b)
    tables = b.tables()
    unmapped = [f"{what}: {n:,}" for what, n in sorted(b.unmapped.items())]
    return ImportResult(tables, unmapped, read)


def _source(paths: Sequence[str | Path]) -> str:
    """A return's files as the report names them: the folder and the file names (no full path)."""
    files = [Path(p) for p in paths]
    folder = files[0].parent.name if files else ""
    names = ", ".join(sorted(p.name for p in files))
    return f"{folder}/: {names}" if folder else names


#: A year in a file name: 2021, as in ``header_2021.csv`` or ``903_2021-22_episodes.csv``.
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _returns_in(folder: list[Path]) -> list[list[Path]]:
    """The SSDA903 returns among one folder's CSV files: one, or one per year named in the files.

    Why by name: a return's tables have no date of their own (the Header has
    none), and a folder holding five years' files (a web upload puts every
    file in one) is the council's naming, year by year. Files whose names
    hold no year stay together as one return.
    """
    by_year: dict[str | None, list[Path]] = defaultdict(list)
    for p in folder:
        years = _YEAR_IN_NAME.findall(p.stem)
        by_year[years[0] if years else None].append(p)
    return [by_year[k] for k in sorted(by_year, key=lambda k: k or "")]


def import_files(
    paths: Iterable[str | Path], *, la_code: str | None = None, validate: bool = False
) -> ImportResult:
    """Load return files of any kind: ``.xml`` are CIN census or SEN2 files; ``.csv`` are SSDA903
    files, one return per folder (so this year's and last year's sit in two folders), or per
    year named in the file names when one folder holds several years."""
    from continuum.returns.sen2.parser import is_sen2

    cin: list[Path] = []
    sen2: list[Path] = []
    by_dir: dict[Path, list[Path]] = defaultdict(list)
    for p in map(Path, paths):
        if p.suffix.lower() == ".csv":
            by_dir[p.resolve().parent].append(p)
        else:
            (sen2 if is_sen2(p) else cin).append(p)
    returns = [r for folder in by_dir.values() for r in _returns_in(folder)]
    return import_returns(cin, returns, la_code=la_code, validate=validate, sen2_files=sen2)


def _parse_sen2(path: str | Path) -> Any:
    from continuum.returns.sen2.parser import parse_sen2

    return parse_sen2(path)
