"""Where each validation failure is fixed: the child's record, and the form that records the value.

Why: a report that names a LAchildID sends the analyst to search for the child and then guess
which page holds the DfE item. Continuum holds the record the return is built from, so each
failure of a child who exists in the live record links straight to the record and to the form
where that item is recorded (a failure of SSDA903 ``LS`` opens "Change of legal status" on the
child's open looked-after episode).

Two halves:

* :func:`with_records` runs in the validation job: it adds to the report the child's internal
  record id (``record``) and the team holding the child (``team_id``, ``team``), looked up by
  LAchildID once for the whole report, so the report page can filter by team without asking
  the database about every failure.
* :func:`fix_links` runs on the report page for the page's rows only: which links this user may
  follow, asked through the policy (``child.view`` for the record, ``child.record`` for the
  form; a child the user has no relationship with gets the record link, which asks for a reason
  as every record link does).

The map from a failure's table and field to its form is :data:`FIXES`, data rather than code, so
a new form is one line. URLs carry only the record's internal id, as every record URL does.
Forms that act on one record (an episode, a plan) are given the child's latest such record,
open where the form needs one open; with none, the link is to the record page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa
from django.apps import apps
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse

from continuum.core.policy import may, visible_children
from continuum.returns.report import Report
from continuum.web.children.access import glass_ids

__all__ = ["FIXES", "Fix", "Link", "fix_for", "fix_links", "with_records"]


@dataclass(frozen=True)
class Fix:
    """A form where a DfE item is recorded: its URL name and heading, and the record it acts on.

    ``model`` (``"journey.CLAEpisode"``) and ``kwarg`` (``"episode_pk"``) name the child's record
    the form needs; ``open_field``, when given, is the field that is empty while that record is
    open (the form acts on open records only).
    """

    url_name: str
    label: str
    model: str | None = None
    kwarg: str | None = None
    open_field: str | None = None


RECORD = Fix("child-record", "The child’s record")
_CLA = {"model": "journey.CLAEpisode", "kwarg": "episode_pk", "open_field": "dec"}

#: (table, field) -> the form; (table, "") is the table's form for any other field. Tables are the
#: returns' own (CIN census and SSDA903 share "header": for the CIN, a return-level table, its
#: failures name no child and get no link).
FIXES: dict[tuple[str, str], Fix] = {
    # SSDA903
    ("header", ""): RECORD,
    ("header", "MOTHER"): Fix("child-motherhood-new", "Record motherhood"),
    ("header", "MC_DOB"): Fix("child-motherhood-new", "Record motherhood"),
    ("episodes", ""): Fix("child-placement-change", "Change of placement", **_CLA),
    ("episodes", "LS"): Fix("child-legal-status-change", "Change of legal status", **_CLA),
    ("episodes", "DEC"): Fix("child-cla-end", "End of the looked-after episode", **_CLA),
    ("episodes", "REC"): Fix("child-cla-end", "End of the looked-after episode", **_CLA),
    ("episodes", "DECOM"): RECORD,
    ("episodes", "RNE"): RECORD,
    ("episodes", "CIN"): RECORD,
    ("reviews", ""): Fix("child-cla-review-new", "Record a looked-after review"),
    ("uasc", ""): RECORD,
    ("oc2", ""): Fix("child-annual-outcomes", "Annual outcomes"),
    ("oc2", "SDQ_SCORE"): Fix("child-sdq-new", "Record an SDQ"),
    ("oc2", "SDQ_REASON"): Fix("child-sdq-new", "Record an SDQ"),
    ("oc2", "HEALTH_CHECK"): Fix("child-health-assessment-new", "Record a health assessment"),
    ("oc2", "TEETH_CHECK"): Fix("child-dental-check-new", "Record a dental check"),
    ("oc3", ""): Fix("child-care-leaver-contact-new", "Record contact with a care leaver"),
    ("ad1", ""): Fix("child-adoption-new", "Adoption decision"),
    ("placed_adoption", ""): Fix(
        "child-adoption-plan", "Adoption plan", "looked_after.AdoptionPlan", "plan_pk"
    ),
    ("prev_perm", ""): Fix("child-previous-permanence-new", "Record previous permanence"),
    ("missing", ""): Fix("child-missing-new", "Record a missing episode"),
    ("missing", "MIS_END"): Fix(
        "child-missing-return", "Return from missing", "journey.MissingEpisode", "missing_pk", "mis_end"
    ),
    ("social_worker", ""): Fix("child-allocate", "Allocate a worker"),
    ("dolo", ""): RECORD,
    # CIN census
    ("children", ""): RECORD,
    ("disabilities", ""): RECORD,
    ("cin_details", ""): RECORD,
    ("cin_details", "PrimaryNeedCode"): Fix(
        "child-referral-need", "Primary need", "journey.CINEpisode", "episode_pk"
    ),
    **{
        ("cin_details", f): Fix(
            "child-referral-close",
            "Close the referral",
            "journey.CINEpisode",
            "episode_pk",
            "cin_closure_date",
        )
        for f in ("CINclosureDate", "ReasonForClosure", "ReferralNFA")
    },
    **{
        (t, ""): Fix(
            "child-assessment-complete",
            "Complete the assessment",
            "journey.Assessment",
            "assessment_pk",
            "assessment_authorisation_date",
        )
        for t in ("assessments", "assessment_factors")
    },
    ("cin_plan_dates", ""): Fix("child-cin-plan-new", "Start a CIN plan"),
    ("cin_plan_dates", "CINPlanEndDate"): Fix(
        "child-cin-plan-end", "End the CIN plan", "journey.CINPlan", "plan_pk", "cin_plan_end_date"
    ),
    ("section47", ""): Fix(
        "child-s47-complete", "Complete the section 47 enquiry", "journey.Section47", "s47_pk", "completed_on"
    ),
    ("section47", "DateOfInitialCPC"): Fix("child-icpc-new", "Record an initial conference"),
    ("section47", "ICPCnotRequired"): Fix("child-icpc-new", "Record an initial conference"),
    ("cp_plans", ""): RECORD,
    ("cp_plans", "CPPendDate"): Fix(
        "child-cp-plan-end", "End the child protection plan", "journey.CPPlan", "plan_pk", "cpp_end_date"
    ),
    ("cp_reviews", ""): Fix(
        "child-cp-review-new", "Record a review conference", "journey.CPPlan", "plan_pk", "cpp_end_date"
    ),
    ("pre_proceedings", ""): Fix(
        "child-pre-proceedings-edit", "Pre-proceedings", "journey.PreProceedings", "pp_pk"
    ),
}


def fix_for(table: str | None, fields: str | None) -> Fix | None:
    """The form for a failure of ``table``'s ``fields`` (a comma list: the first with a form of
    its own wins), else the table's form; None for a table no child's form holds."""
    names = [f.strip() for f in (fields or "").split(",") if f.strip()]
    for name in names:
        for key in ((table or "", name), (table or "", name.upper())):
            if key in FIXES:
                return FIXES[key]
    return FIXES.get((table or "", ""))


# -- in the validation job -------------------------------------------------------------------


def with_records(report: Report) -> Report:
    """``report`` with each failure's child's record id and holding team, from the live record.

    Children are found by LAchildID; a LAchildID the live record does not hold (an older return,
    another system's) gets none. The team is that of the child's open case-holding allocation,
    else their latest one.
    """
    from continuum.people.models import Allocation, AllocationRole, Child

    ids = sorted({i for i in report.failures["child_id"].to_pylist() if i})
    records: dict[str, int] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        records.update(Child.objects.filter(la_child_id__in=chunk).values_list("la_child_id", "pk"))
    teams: dict[int, tuple[int, str]] = {}
    # Oldest first, open last (PostgreSQL sorts empty end dates last): the last one kept for a
    # child is the team holding them now.
    allocations = (
        Allocation.objects.filter(child_id__in=list(records.values()), role=AllocationRole.CASE_HOLDER)
        .order_by("end_date", "start_date", "pk")
        .values_list("child_id", "team_id", "team__name")
    )
    for child_id, team_id, name in allocations:
        teams[child_id] = (team_id, name)
    record_col, team_id_col, team_col = [], [], []
    for child in report.failures["child_id"].to_pylist():
        pk = records.get(child) if child else None
        team = teams.get(pk) if pk else None
        record_col.append(pk)
        team_id_col.append(team[0] if team else None)
        team_col.append(team[1] if team else None)
    failures = report.failures.drop_columns(
        [c for c in ("record", "team_id", "team") if c in report.failures.schema.names]
    )
    failures = failures.append_column("record", pa.array(record_col, pa.int64()))
    failures = failures.append_column("team_id", pa.array(team_id_col, pa.int64()))
    failures = failures.append_column("team", pa.array(team_col, pa.string()))
    return Report(failures, report.rules, report.files, report.children, report.not_checked, report.returns)


# -- on the report page ----------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link shown beside a failure."""

    href: str
    text: str


def fix_links(request: HttpRequest, rows: Sequence[dict]) -> list[list[Link]]:
    """For each failure row (with ``record``, ``table``, ``field``), the links this user may follow.

    ``child.view`` without a child says whether the user opens child records at all; those who
    do get the record link (a child they have no relationship with asks for a reason there, as
    from a search). The form link is for children they see now and may record on
    (``child.record``).
    """
    user = request.user
    if not may(user, "child.view"):
        return [[] for _ in rows]
    pks = {r["record"] for r in rows if r.get("record")}
    visible = visible_children(user, pks, broken_glass=glass_ids(request))
    records_casework = may(user, "child.record")
    targets = _targets(rows, visible if records_casework else set())
    out: list[list[Link]] = []
    for r in rows:
        pk = r.get("record")
        if not pk:
            out.append([])
            continue
        links = [Link(reverse("child-record", args=[pk]), "Open the record")]
        target = targets.get((pk, r.get("table"), r.get("field")))
        if target is not None:
            links.append(target)
        out.append(links)
    return out


def _targets(rows: Iterable[dict], may_record: set[int]) -> dict[tuple[int, str | None, str | None], Link]:
    """The form link of each (record, table, field) among ``rows`` for children in ``may_record``."""
    out: dict[tuple[int, str | None, str | None], Link] = {}
    latest: dict[tuple[int, str, str | None], int | None] = {}
    for r in rows:
        pk, table, field = r.get("record"), r.get("table"), r.get("field")
        if pk not in may_record or (pk, table, field) in out:
            continue
        fix = fix_for(table, field)
        if fix is None or fix is RECORD:
            continue
        if fix.model is None:
            out[(pk, table, field)] = Link(reverse(fix.url_name, args=[pk]), fix.label)
            continue
        key = (pk, fix.model, fix.open_field)
        if key not in latest:
            latest[key] = _latest(pk, fix)
        if latest[key] is not None:
            href = reverse(fix.url_name, kwargs={"pk": pk, fix.kwarg or "": latest[key]})
            out[(pk, table, field)] = Link(href, fix.label)
    return out


def _latest(child_pk: int, fix: Fix) -> int | None:
    """The child's latest record of the form's kind (open, where the form needs it open)."""
    model = apps.get_model(fix.model or "")
    qs = model.objects.filter(child_id=child_pk)
    if fix.open_field:
        qs = qs.filter(Q(**{f"{fix.open_field}__isnull": True}))
    return qs.order_by("-pk").values_list("pk", flat=True).first()
