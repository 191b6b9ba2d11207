"""Write the SEN2 person-level return for a census date from the SEND records.

Why from the records (``continuum.send`` and the person record), as they stood on the census
date: anything dated after it (a decision, a final plan, a review, a plan ceasing) had not
happened yet on that day, so it is left out, and an export written in March for January says
what January's would have said.

Who is in it (guide 2026 section 1.3, as Continuum reads it): every request received by the
census date that was open on it, had any step in the calendar year before it or on the census
date, or led to a plan in force on the census date or ceased in that calendar year; and every
plan in force on the census date that came without a request recorded here (transferred in),
as a request carrying only its active plan (``TransferLA`` 1).

The named setting is written by its URN (a school) or UKPRN (a post-16 provider) where the plan
holds one (guide items 4.7a-b and 5.7a-b); a setting without either is an early years provider
(``EYP``) or ``OTH`` with its type in ``SENsettingOther``. What the records cannot say yet, and
how it is written: mediation, tribunal, residential and work-based flags are not recorded
and are written 0; attendance is full time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from continuum.returns.sen2 import layout
from continuum.returns.sen2.codes import CEASE_CODES, REQUEST_SOURCE, REVIEW_OUTCOME

__all__ = ["Exported", "build_sen2", "export_sen2"]


@dataclass(frozen=True)
class Exported:
    """What was written: the file and how many persons, requests and active plans it holds."""

    path: Path
    year: str
    census_date: date
    persons: int
    requests: int
    active_plans: int


def _on(d: date | None, census: date) -> date | None:
    """A date as known on the census date: later ones had not happened yet."""
    return d if d is not None and d <= census else None


def _sub(parent: Any, tag: str, value: object = None) -> Any:
    el = etree.SubElement(parent, tag)
    if value is not None:
        el.text = value.isoformat() if isinstance(value, date) else str(value)
    return el


def _setting(parent: Any, tag: str, plan: Any, *, placement: bool) -> None:
    from continuum.send.models import SettingType

    el = _sub(parent, tag)
    if plan.setting_urn:
        _sub(el, "URN", plan.setting_urn)
    elif plan.setting_ukprn:
        _sub(el, "UKPRN", plan.setting_ukprn)
    elif plan.setting_type == SettingType.EARLY_YEARS:
        _sub(el, "SENsetting", "EYP")
    else:
        _sub(el, "SENsetting", "OTH")
        _sub(el, "SENsettingOther", SettingType(plan.setting_type or "other").label)
    _sub(el, "PlacementRank", 1)
    if placement:
        _sub(el, "EntryDate", plan.issued_on)
        _sub(el, "AttendancePattern", "F")
    _sub(el, "SENunitIndicator", 0)
    _sub(el, "ResourcedProvisionIndicator", int(plan.setting_type == SettingType.RESOURCED))


def _in_scope(request: Any, plan: Any, start: date, census: date) -> bool:
    from continuum.send import clocks

    if request.received_on > census:
        return False
    steps = [request.received_on, request.assess_decided_on, request.issue_decided_on,
             request.final_issued_on, request.withdrawn_on]  # fmt: skip
    if any(d is not None and start <= d <= census for d in steps):
        return True
    stopped = clocks.stopped_on(request)
    if _on(request.final_issued_on, census) is None and _on(stopped, census) is None:
        return True  # open on the census date
    return plan is not None and _plan_counts(plan, start, census)


def _plan_counts(plan: Any, start: date, census: date) -> bool:
    """In force on the census date, or ceased in the calendar year before it."""
    if plan.issued_on > census:
        return False
    ceased = _on(plan.ceased_on, census)
    return ceased is None or ceased >= start


def _active(plan: Any, census: date) -> bool:
    return plan is not None and plan.issued_on <= census and _on(plan.ceased_on, census) is None


def _request(person: Any, request: Any, plan: Any, census: date, rules: dict[str, Any]) -> bool:
    """One <Requests> with what had happened by the census date; True if it has an active plan.
    ``rules`` are the council's clocks (``send.services.rules()``), read once for the whole return."""
    from continuum.send import clocks

    el = _sub(person, "Requests")
    _sub(el, "ReceivedDate", request.received_on)
    _sub(el, "RequestSource", REQUEST_SOURCE.get(request.requested_by, "4"))
    _sub(el, "RYA", 0)
    decided = _on(request.assess_decided_on, census)
    withdrawn = _on(request.withdrawn_on, census)
    if decided:
        _sub(el, "RequestOutcomeDate", decided)
        _sub(el, "RequestOutcome", "A" if request.assess_decision == "assess" else "N")
    elif withdrawn:
        _sub(el, "RequestOutcomeDate", withdrawn)
        _sub(el, "RequestOutcome", "W")
    for tag in ("RequestMediation", "RequestTribunal", "Exported"):
        _sub(el, tag, 0)
    if decided and request.assess_decision == "assess":
        a = _sub(el, "Assessment")
        final = _on(request.final_issued_on, census)
        not_issued = request.issue_decision == "not_issue" and _on(request.issue_decided_on, census)
        if final and plan is not None:
            _sub(a, "AssessmentOutcome", "Y")
            _sub(a, "AssessmentOutcomeDate", final)
        elif not_issued:
            _sub(a, "AssessmentOutcome", "N")
            _sub(a, "AssessmentOutcomeDate", request.issue_decided_on)
        elif withdrawn:
            _sub(a, "AssessmentOutcome", "W")
            _sub(a, "AssessmentOutcomeDate", withdrawn)
        for tag in ("AssessmentMediation", "AssessmentTribunal", "OtherMediation", "OtherTribunal"):
            _sub(a, tag, 0)
        # The 20-week figure as the SEND pages and indicators count it (the council's ehc_final_plan rule).
        reasons = [e.reason for e in request.exceptions.all() if e.starts_on <= census]
        counted = clocks.timeliness(request, reasons, rules) if final is not None else None
        _sub(a, "Week20", int(counted is not None and counted.excluded and not counted.on_time))
        if final and plan is not None:
            _named_plan(a, plan, census)
    if _active(plan, census):
        _active_plan(el, plan, census, transferred=False)
        return True
    return False


def _named_plan(parent: Any, plan: Any, census: date) -> None:
    n = _sub(parent, "NamedPlan")
    _sub(n, "StartDate", plan.issued_on)
    _sub(n, "PlanRes", 0)
    _sub(n, "PlanWBP", 0)
    _sub(n, "PB", int(plan.budget_agreed))
    _sub(n, "OA", 0)
    _sub(n, "DP", 0)
    ceased = _on(plan.ceased_on, census)
    if ceased:
        _sub(n, "CeaseDate", ceased)
        _sub(n, "CeaseReason", CEASE_CODES.get(plan.cease_reason, "9"))
    _setting(n, "PlanDetail", plan, placement=False)


def _active_plan(parent: Any, plan: Any, census: date, *, transferred: bool) -> None:
    a = _sub(parent, "ActivePlans")
    _sub(a, "TransferLA", int(transferred))
    _sub(a, "RES", 0)
    _sub(a, "WBP", 0)
    reviews = [r for r in plan.reviews.all() if r.held_on <= census]
    if reviews:
        last = max(reviews, key=lambda r: r.held_on)
        _sub(a, "ReviewMeeting", last.held_on)
        _sub(a, "ReviewOutcome", REVIEW_OUTCOME.get(last.outcome, "M"))
        _sub(
            a,
            "LastReview",
            last.amended_on if last.amended_on and last.amended_on <= census else last.held_on,
        )
    _setting(a, "PlacementDetail", plan, placement=True)
    need = _sub(a, "SENneed")
    _sub(need, "SENtype", plan.primary_need)
    _sub(need, "SENtypeRank", 1)


def _person(persons: Any, child: Any) -> Any:
    p = _sub(persons, "Person")
    _sub(p, "Surname", child.last_name or None)
    _sub(p, "Forename", child.first_name or None)
    _sub(p, "PersonBirthDate", child.person_birth_date)
    _sub(p, "Sex", child.sex)
    if child.ethnicity:
        _sub(p, "Ethnicity", child.ethnicity)
    if child.upn:
        _sub(p, "UPN", child.upn)
    if child.upn_unknown:
        _sub(p, "UPNunknown", child.upn_unknown)
    return p


def build_sen2(year: str, la_code: str, *, now: datetime | None = None) -> tuple[bytes, dict[str, int]]:
    """The SEN2 XML of collection year ``year`` (``"2026-27"``: census 21 January 2027) and counts."""
    from continuum.people.models import Child
    from continuum.send import services
    from continuum.send.models import EHCPlan, EHCRequest

    census = layout.census_date_of(year)
    start = date(census.year - 1, 1, 1)
    requests = list(
        EHCRequest.objects.filter(received_on__lte=census)
        .select_related("plan")
        .prefetch_related("exceptions", "plan__reviews")
        .order_by("child_id", "received_on", "pk")
    )
    by_child: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for r in requests:
        plan = getattr(r, "plan", None)
        if _in_scope(r, plan, start, census):
            by_child[r.child_id].append((r, plan))
    transferred: dict[int, list[Any]] = defaultdict(list)
    for plan in EHCPlan.objects.filter(ehc_request__isnull=True, issued_on__lte=census).prefetch_related(
        "reviews"
    ):
        if _active(plan, census):
            transferred[plan.child_id].append(plan)
    children = Child.objects.filter(pk__in=set(by_child) | set(transferred)).order_by("pk")

    root = etree.Element("Message")
    header = _sub(root, "Header")
    details = _sub(header, "CollectionDetails")
    _sub(details, "Collection", "SEN2")
    _sub(details, "Year", census.year)
    _sub(details, "ReferenceDate", census)
    source = _sub(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", la_code)
    _sub(source, "SoftwareCode", "Continuum")
    _sub(source, "Release", "1")
    _sub(source, "SerialNo", "1")
    _sub(source, "DateTime", (now or datetime.now()).replace(microsecond=0).isoformat())
    persons = _sub(root, "Persons")
    counts = {"persons": 0, "requests": 0, "active_plans": 0}
    rules = services.rules()
    for child in children:
        person = _person(persons, child)
        counts["persons"] += 1
        for request, plan in by_child.get(child.pk, []):
            counts["requests"] += 1
            counts["active_plans"] += _request(person, request, plan, census, rules)
        for plan in transferred.get(child.pk, []):
            el = _sub(person, "Requests")
            _sub(el, "ReceivedDate", plan.issued_on)
            _sub(el, "RYA", 0)
            _sub(el, "RequestOutcomeDate", plan.issued_on)
            _sub(el, "RequestOutcome", "A")
            for tag in ("RequestMediation", "RequestTribunal", "Exported"):
                _sub(el, tag, 0)
            _active_plan(el, plan, census, transferred=True)
            counts["requests"] += 1
            counts["active_plans"] += 1
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True), counts


def export_sen2(out: str | Path, year: str, la_code: str) -> Exported:
    """Write ``year``'s SEN2 return to the file ``out`` (its folder is made if need be)."""
    out = Path(out)
    data, counts = build_sen2(year, la_code)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return Exported(out, year, layout.census_date_of(year), **counts)
