"""Write the CIN census XML for a collection year from the analytical tables.

Why driven by the DfE field list: element names, order and nesting come
from ``continuum/specs/cin_census_2025_26_fields.csv`` (read once), not from
code, so the file's shape is the DfE's by construction and a test compares
the two. A row with no type (``Disabilities``, ``FactorsIdentifiedAtAssessment``,
``Reviews``) wraps the repeating element listed after it. A later year's
layout adds what its changes file adds (``LAYOUT_CHANGES``): from 2026-27,
``<PreProceedingsandFGDM>`` (module 5, from the ``pre_proceedings`` table)
at the end of each ``<CINdetails>``; an earlier year's file never has it.

Which children (the DfE's scope): every child with a CIN episode open at any
point in the year -- referred on or before the ReferenceDate and not closed
before the year began. Within an episode, only what the census year's rules
allow is written:

* assessments authorised in the year, or still open and started in it (8696, 8736);
* CIN plans and CP plans open at some point in the year (4013, 8930);
* section 47 enquiries started in the year, or whose ICPC was held in it (8715, 8740);
* CP review dates (``CPPreviewDate``) within the year;
* an ICPC with no section 47 enquiry in the file goes at CINdetails level (2884).

Anything dated after the ReferenceDate has not happened yet as far as the
census is concerned: a closure, end or authorisation after it is left out,
and a module starting after it is dropped. A child born after the
ReferenceDate is written as unborn (``ExpectedPersonBirthDate``).

The current collection year (the ReferenceDate still ahead) gives a
year-to-date file: the header carries the year's ReferenceDate (31 March,
as the DfE header always does, so it is validated under that year's rules)
and the records are those up to ``as_of`` (default today), with "after the
ReferenceDate" above read as "after ``as_of``".

Why ``lxml.etree.xmlfile``: the file is written one ``<Child>`` at a time, so
memory holds the query results but never the whole XML tree.

The LA number written (``<LEA>``) is the council's DfE code, the setting
``CONTINUUM_LA_CODE`` (see :func:`council_la_code`). The analytical tables of
a synthetic borough carry a fictitious number (100-199) on purpose, and its
children's UPNs were issued under it; those UPNs are written with the
council's code in characters 2-4 and their check letter recomputed, so a
synthetic return passes rules 1510 and 1530 like a real one. UPNs issued by
any other (real) authority are written unchanged: a UPN keeps its issuer's
number for life.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from lxml import etree

from continuum.core import specs
from continuum.returns.cin.generate import upn_with_check_letter
from continuum.returns.cin.la_codes import LA_CODES
from continuum.returns.export.source import (
    collection_year_dates,
    pick_la_code,
    records_up_to,
    table_or_empty,
)

__all__ = ["DEFAULT_LA_CODE", "FIELDS_CSV", "CinExport", "council_la_code", "element_order", "export_cin"]

#: Used when CONTINUUM_LA_CODE is not set: Barnet's DfE number, the borough the
#: synthetic data and the local standards are modelled on.
DEFAULT_LA_CODE = "302"


def council_la_code() -> str:
    """The council's DfE LA number: Django's ``CONTINUUM_LA_CODE``, else the environment, else 302.

    Read from Django settings when they are configured (the web app), from the
    environment otherwise (an export from Parquet needs no database). A value
    that is not a recognised DfE code is refused, since every return written
    with it would fail rule 1530.
    """
    import os

    code: str | None = None
    try:
        from django.conf import settings

        if settings.configured:
            code = getattr(settings, "CONTINUUM_LA_CODE", None)
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    code = (code or os.environ.get("CONTINUUM_LA_CODE") or DEFAULT_LA_CODE).strip()
    if code not in LA_CODES:
        raise ValueError(f"CONTINUUM_LA_CODE is {code!r}; expected a DfE LA number such as 302")
    return code


def _reissued_upn(upn: str | None, fictitious: str | None, lea: str) -> str | None:
    """``upn`` with ``lea`` in characters 2-4 if it was issued under the fictitious number."""
    if not upn or not fictitious or len(upn) != 13 or upn[1:4] != fictitious:
        return upn
    return upn_with_check_letter(lea + upn[4:].upper())


FIELDS_CSV = specs.path("cin_census_2025_26_fields.csv")
#: Later collections' layout changes, by the first collection year (ending 31 March) they apply to.
LAYOUT_CHANGES = {2027: "2026_27/cin_census_2026_27_layout_changes.csv"}

_LEAF, _GROUP, _WRAPPER = "leaf", "group", "wrapper"
_Structure = dict[str, list[tuple[str, str, str | None]]]


@cache
def _structure(year: int | None = None) -> _Structure:
    """Group path -> its children in DfE order, as (name, kind, item name for a wrapper).

    The 2025-26 field list, plus the elements each later layout adds (from
    its changes file) for a collection ``year`` that has them: 2026-27 adds
    ``<PreProceedingsandFGDM>`` as the last child of ``<CINdetails>``.
    """
    out = _base_structure()
    for since, changes in sorted(LAYOUT_CHANGES.items()):
        if year is not None and year >= since:
            out = _with_added(out, changes)
    return out


def _with_added(base: _Structure, changes: str) -> _Structure:
    """``base`` with the elements ``changes`` adds, each after its parent's last child, in file order."""
    added = [r for r in specs.rows(changes) if r["change"] == "added"]
    parents = {r["parent_element"] for r in added}
    out = {path: list(children) for path, children in base.items()}
    paths = {path.rpartition("/")[2]: path for path in out}
    paths |= {name: f"{path}/{name}" for path, children in base.items() for name, _, _ in children}
    for r in added:
        parent = paths[r["parent_element"]]
        out.setdefault(parent, []).append((r["element"], _GROUP if r["element"] in parents else _LEAF, None))
        paths[r["element"]] = f"{parent}/{r['element']}"
    return out


@cache
def _base_structure() -> _Structure:
    rows = specs.rows("cin_census_2025_26_fields.csv")
    out: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    skip = -1
    for i, row in enumerate(rows):
        if i == skip:
            continue
        parent, _, name = row["path"].rpartition("/")
        if row["type"] == "group":
            out[parent].append((name, _GROUP, None))
        elif not row["type"]:  # a wrapper: the next row is its repeating item
            item = rows[i + 1]["path"].rpartition("/")[2]
            out[parent].append((name, _WRAPPER, item))
            skip = i + 1
        else:
            out[parent].append((name, _LEAF, None))
    return dict(out)


def element_order() -> list[str]:
    """Every element path in the order the XML writes it (wrappers' items nested)."""
    order: list[str] = []

    def walk(path: str) -> None:
        for name, kind, item in _structure().get(path, []):
            order.append(f"{path}/{name}")
            if kind == _GROUP:
                walk(f"{path}/{name}")
            elif kind == _WRAPPER:
                order.append(f"{path}/{name}/{item}")

    order.append("Message")
    walk("Message")
    return order


def _emit(parent: Any, path: str, values: Mapping[str, Any], year: int | None = None) -> None:
    sub = etree.SubElement
    for name, kind, item in _structure(year)[path]:
        v = values.get(name)
        if v is None or (isinstance(v, list) and not v):
            continue
        if kind == _GROUP:
            for group in v:
                _emit(sub(parent, name), f"{path}/{name}", group, year)
        elif kind == _WRAPPER:
            wrapper = sub(parent, name)
            for x in v:
                sub(wrapper, item).text = x
        else:
            sub(parent, name).text = v


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def _count(value: int | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class CinExport:
    """What was written: the file, the authority, the ReferenceDate and how many of each module."""

    path: Path
    la_code: str
    reference_date: date
    children: int
    episodes: int


# Scope queries. $la, $start, $ref are the authority, first day of the year and ReferenceDate.
_EPISODES = """
    SELECT * FROM referrals
    WHERE la_code = $la AND cin_referral_date <= $ref
      AND (cin_closure_date IS NULL OR cin_closure_date >= $start)
"""
_QUERIES = {
    "referrals": "SELECT * FROM scope ORDER BY la_child_id, cin_referral_date, referral_id",
    "children": """
        SELECT c.* FROM children c
        WHERE c.la_code = $la AND c.la_child_id IN (SELECT la_child_id FROM scope)
        ORDER BY c.la_child_id""",
    "assessments": """
        SELECT a.* FROM assessments a JOIN scope s USING (referral_id)
        WHERE a.la_code = $la AND a.assessment_actual_start_date <= $ref
          AND (a.assessment_authorisation_date BETWEEN $start AND $ref
               OR ((a.assessment_authorisation_date IS NULL OR a.assessment_authorisation_date > $ref)
                   AND a.assessment_actual_start_date >= $start))
        ORDER BY a.assessment_actual_start_date, a.assessment_id""",
    "cin_plans": """
        SELECT p.* FROM cin_plans p JOIN scope s USING (referral_id)
        WHERE p.la_code = $la AND p.cin_plan_start_date <= $ref
          AND (p.cin_plan_end_date IS NULL OR p.cin_plan_end_date >= $start)
        ORDER BY p.cin_plan_start_date, p.cin_plan_id""",
    "s47": """
        SELECT x.* FROM s47 x JOIN scope s USING (referral_id)
        WHERE x.la_code = $la AND x.s47_actual_start_date <= $ref
          AND (x.s47_actual_start_date >= $start OR x.date_of_initial_cpc BETWEEN $start AND $ref)
        ORDER BY x.s47_actual_start_date, x.s47_id""",
    "cp_plans": """
        SELECT p.* FROM cp_plans p JOIN scope s USING (referral_id)
        WHERE p.la_code = $la AND p.cpp_start_date <= $ref
          AND (p.cpp_end_date IS NULL OR p.cpp_end_date >= $start)
        ORDER BY p.cpp_start_date, p.cp_plan_id""",
    "conferences": """
        SELECT c.* FROM conferences c JOIN scope s USING (referral_id)
        WHERE c.la_code = $la AND c.conference_date BETWEEN $start AND $ref
        ORDER BY c.conference_date, c.conference_id""",
    # Module 5 (2026-27 on): pre-proceedings started in the year (rule 9005).
    "pre_proceedings": """
        SELECT p.* FROM pre_proceedings p JOIN scope s USING (referral_id)
        WHERE p.la_code = $la AND p.pp_start_date BETWEEN $start AND $ref
        ORDER BY p.pp_start_date, p.pre_proceedings_id""",
}
_PARTS = ("assessments", "cin_plans", "s47", "cp_plans", "conferences", "pre_proceedings")


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def _fetch(tables: Mapping[str, pa.Table], la: str, start: date, ref: date) -> dict[str, list[dict]]:
    con = duckdb.connect()
    try:
        for name in ("children", "referrals", *_PARTS):
            con.register(name, table_or_empty(tables, name))
        params = {"la": la, "start": start, "ref": ref}
        con.execute(f"CREATE TEMP TABLE scope AS {_EPISODES}", params)
        out = {}
        for name, sql in _QUERIES.items():
            used = {k: v for k, v in params.items() if f"${k}" in sql}
            out[name] = con.sql(sql, params=used).to_arrow_table().to_pylist()
        return out
    finally:
        con.close()


def _child_values(c: dict[str, Any], ref: date, fictitious: str | None, lea: str) -> dict[str, Any]:
    born, expected = c["person_birth_date"], c["expected_person_birth_date"]
    if born is not None and born > ref:  # not yet born at the census date
        born, expected = None, expected or born
    elif born is not None:
        expected = None
    death = c["person_death_date"] if c["person_death_date"] and c["person_death_date"] <= ref else None
    return {
        "LAchildID": c["la_child_id"],
        "UPN": _reissued_upn(c["upn"], fictitious, lea),
        "UPNunknown": None if c["upn"] else c["upn_unknown"],
        "PersonBirthDate": _d(born),
        "ExpectedPersonBirthDate": _d(expected),
        "Sex": "U" if born is None and expected is not None else c["sex"],  # unborn: 8750
        "PersonDeathDate": _d(death),
    }


def _episode_values(r: dict[str, Any], parts: dict[str, dict[str, list[dict]]], ref: date) -> dict[str, Any]:
    rid = r["referral_id"]
    closed = r["cin_closure_date"] is not None and r["cin_closure_date"] <= ref
    s47s = parts["s47"].get(rid, [])
    s47_icpcs = {
        x["date_of_initial_cpc"] for x in s47s if x["date_of_initial_cpc"] and x["date_of_initial_cpc"] <= ref
    }
    cin_icpcs = [
        c["conference_date"]
        for c in parts["conferences"].get(rid, [])
        if c["conference_type"] == "ICPC" and c["conference_date"] not in s47_icpcs
    ]
    reviews = defaultdict(list)
    for c in parts["conferences"].get(rid, []):
        if c["conference_type"] == "RCPC" and c["cp_plan_id"]:
            reviews[c["cp_plan_id"]].append(c["conference_date"])

    def upto(d: date | None) -> str | None:
        return _d(d) if d is not None and d <= ref else None

    return {
        "CINreferralDate": _d(r["cin_referral_date"]),
        "ReferralSource": r["referral_source"],
        "PrimaryNeedCode": r["primary_need_code"],
        "CINclosureDate": _d(r["cin_closure_date"]) if closed else None,
        "ReasonForClosure": r["reason_for_closure"] if closed else None,
        "DateOfInitialCPC": _d(max(cin_icpcs)) if cin_icpcs else None,
        "Assessments": [
            {
                "AssessmentActualStartDate": _d(a["assessment_actual_start_date"]),
                "AssessmentInternalReviewDate": upto(a["assessment_internal_review_date"]),
                "AssessmentAuthorisationDate": upto(a["assessment_authorisation_date"]),
                # Factors belong to a completed assessment only (8614).
                "FactorsIdentifiedAtAssessment": list(a["assessment_factors"] or [])
                if upto(a["assessment_authorisation_date"])
                else None,
            }
            for a in parts["assessments"].get(rid, [])
        ],
        "CINPlanDates": [
            {"CINPlanStartDate": _d(p["cin_plan_start_date"]), "CINPlanEndDate": upto(p["cin_plan_end_date"])}
            for p in parts["cin_plans"].get(rid, [])
        ],
        "Section47": [
            {
                "S47ActualStartDate": _d(x["s47_actual_start_date"]),
                "InitialCPCtarget": _d(x["initial_cpc_target"]),
                "DateOfInitialCPC": upto(x["date_of_initial_cpc"]),
                "ICPCnotRequired": _flag(x["icpc_not_required"]),
            }
            for x in s47s
        ],
        "ReferralNFA": _flag(r["referral_nfa"]),
        "ChildProtectionPlans": [
            {
                "CPPstartDate": _d(p["cpp_start_date"]),
                "CPPendDate": upto(p["cpp_end_date"]),
                "InitialCategoryOfAbuse": p["initial_category_of_abuse"],
                "LatestCategoryOfAbuse": p["latest_category_of_abuse"],
                "NumberOfPreviousCPP": str(p["number_of_previous_cpp"]),
                "Reviews": [_d(d) for d in sorted(reviews.get(p["cp_plan_id"], []))],
            }
            for p in parts["cp_plans"].get(rid, [])
        ],
        # Written only in a layout that has module 5 (2026-27 on); a date after the
        # ReferenceDate has not happened yet.
        "PreProceedingsandFGDM": [
            {
                "PPStartDate": _d(p["pp_start_date"]),
                "LBPSentDate": upto(p["lbp_sent_date"]),
                "FGDMMeetingOffer": _flag(p["fgdm_meeting_offer"]),
                "FGDMMeetingFac": _flag(p["fgdm_meeting_fac"]),
                "InitialPPMeetingDate": upto(p["initial_pp_meeting_date"]),
                "ReviewMeetingsCount": _count(p["review_meetings_count"]),
                "StepDecisionDate": upto(p["step_decision_date"]),
                "PPOutcome": p["pp_outcome"],
                "CourtAppDate": upto(p["court_app_date"]),
                "LetterInitCPDate": upto(p["letter_init_cp_date"]),
            }
            for p in parts["pre_proceedings"].get(rid, [])
        ],
    }


def export_cin(
    tables: Mapping[str, pa.Table],
    path: str | Path,
    year: int,
    *,
    la_code: str | None = None,
    lea: str | None = None,
    generated: datetime | None = None,
    as_of: date | None = None,
) -> CinExport:
    """Write the CIN census for the year ending 31 March ``year`` to ``path``.

    ``tables`` are analytical tables (any subset; missing ones count as
    empty); ``la_code`` picks the authority in them. ``lea`` is the LA number
    written (default: :func:`council_la_code`). ``generated`` is the header's
    DateTime (default: now). ``as_of`` is the last day the file covers
    (default: today, see :func:`~continuum.returns.export.source.records_up_to`):
    for the current collection year the file is a year-to-date return.
    """
    path = Path(path)
    start, ref = collection_year_dates(year)
    upto = records_up_to(ref, as_of)
    la = pick_la_code(tables, la_code)
    lea = lea or council_la_code()
    fictitious = la if la not in LA_CODES else None
    data = _fetch(tables, la, start, upto)
    parts = {name: _grouped(data[name], "referral_id") for name in _PARTS}
    episodes = _grouped(data["referrals"], "la_child_id")
    stamp = (generated or datetime.now()).replace(microsecond=0).isoformat()
    header = etree.Element("Header")
    _emit(
        header,
        "Message/Header",
        {
            "CollectionDetails": [{"Collection": "CIN", "Year": str(year), "ReferenceDate": ref.isoformat()}],
            "Source": [
                {
                    "SourceLevel": "L",
                    "LEA": lea,
                    "SoftwareCode": "Continuum",
                    "Release": "1",
                    "SerialNo": "001",
                    "DateTime": stamp,
                }
            ],
        },
    )
    n_children = n_episodes = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write("\n", header, pretty_print=True)
            with xf.element("Children"):
                xf.write("\n")
                for c in data["children"]:
                    eps = episodes.get(c["la_child_id"])
                    if not eps:
                        continue
                    el = etree.Element("Child")
                    _emit(
                        el,
                        "Message/Children/Child",
                        {
                            "ChildIdentifiers": [_child_values(c, upto, fictitious, lea)],
                            "ChildCharacteristics": [
                                {
                                    "Ethnicity": c["ethnicity"],
                                    "Disabilities": list(c["disabilities"] or ["NONE"]),
                                }
                            ],
                            "CINdetails": [_episode_values(r, parts, upto) for r in eps],
                        },
                        year,
                    )
                    xf.write(el, pretty_print=True)
                    n_children += 1
                    n_episodes += len(eps)
            xf.write("\n")
    return CinExport(path, lea, ref, n_children, n_episodes)
