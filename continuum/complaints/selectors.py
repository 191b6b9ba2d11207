"""The complaints officer's tray and the enquiries list: each open item with its clock.

The rules are read once per request (clocks.current_rules) and each due date is worked out in
Python, so a tray of a hundred open stages is one query for the stages and none per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from continuum.complaints import clocks
from continuum.complaints.models import Complaint, MembersEnquiry, Stage, StageStatus
from continuum.core.timescales import Status

_ORDER = {Status.OVERDUE: 0, Status.DUE_SOON: 1, Status.DUE: 2, Status.DONE_LATE: 3, Status.DONE_ON_TIME: 4}


@dataclass(frozen=True)
class Clocked:
    """One stage or enquiry with its due date and where it stands on the day."""

    item: Any
    due: date
    status: Status
    rule_name: str


def stage_clock(stage: Stage, as_of: date, rules: dict[str, Any] | None = None) -> Clocked:
    rules = rules or clocks.current_rules()
    procedure = stage.complaint.procedure
    extended = stage.extended_on is not None
    rule = clocks.stage_rule(procedure, stage.number, extended, rules)
    due = clocks.stage_due(procedure, stage.number, stage.started, extended=extended, rules=rules)
    return Clocked(stage, due, clocks.status(due, stage.responded, as_of, rule), rule.name)


def open_stages(as_of: date, *, author_id: int | None = None) -> list[Clocked]:
    """Every open stage (or only one author's), most urgent first."""
    qs: QuerySet[Stage] = Stage.objects.filter(status=StageStatus.OPEN).select_related("complaint", "author")
    if author_id is not None:
        qs = qs.filter(author_id=author_id)
    rules = clocks.current_rules()
    rows = [stage_clock(s, as_of, rules) for s in qs]
    return sorted(rows, key=lambda r: (_ORDER[r.status], r.due, r.item.pk))


def acknowledgement_clock(complaint: Complaint, as_of: date, rules: dict[str, Any] | None = None) -> Clocked:
    """The complaint's acknowledgement with its due date (3 working days from receipt by default)."""
    rules = rules or clocks.current_rules()
    rule = rules[clocks.ACK_RULE]
    due = clocks.acknowledgement_due(complaint.received, rules)
    return Clocked(complaint, due, clocks.status(due, complaint.acknowledged, as_of, rule), rule.name)


def unacknowledged(as_of: date) -> list[Clocked]:
    """Complaints still to acknowledge, most urgent first (one query). Once stage 1 is answered the
    response has told the complainant more than an acknowledgement would, so those drop out."""
    rules = clocks.current_rules()
    waiting = Complaint.objects.filter(
        acknowledged__isnull=True, stages__number=1, stages__status=StageStatus.OPEN
    ).distinct()
    rows = [acknowledgement_clock(c, as_of, rules) for c in waiting]
    return sorted(rows, key=lambda r: (_ORDER[r.status], r.due, r.item.pk))


_REFERENCE = re.compile(r"(?:cmp)?[\s-]*0*(\d{1,9})", re.IGNORECASE)

#: The complaints list's tabs: which complaints each shows.
SHOW = {"open": Q(open_stages__gt=0), "closed": Q(open_stages=0), "all": Q()}


def find_complaints(text: str, show: str = "open") -> QuerySet[Complaint]:
    """Complaints matching a reference ("CMP-00406", "cmp 406", "406") or part of the complainant's
    name, open (a stage still open), closed (answered, declined or withdrawn) or all; newest first."""
    qs = Complaint.objects.annotate(
        open_stages=Count("stages", filter=Q(stages__status=StageStatus.OPEN))
    ).filter(SHOW.get(show, SHOW["open"]))
    text = " ".join(text.split())
    if text:
        match = Q(complainant_name__icontains=text)
        reference = _REFERENCE.fullmatch(text)
        if reference:
            match |= Q(pk=int(reference.group(1)))
        qs = qs.filter(match)
    return qs.prefetch_related("stages").order_by("-received", "-pk")


def standing(complaint: Complaint) -> str:
    """Where the complaint stands, in words: its latest stage and what happened to it."""
    stages = sorted(complaint.stages.all(), key=lambda s: (s.number, s.pk))
    if not stages:
        return "No stage recorded"
    last = stages[-1]
    if last.status == StageStatus.DECLINED:
        return f"Stage {last.number} request declined"
    if last.status == StageStatus.RESPONDED:
        return f"Stage {last.number} answered: {last.get_outcome_display().lower()}"
    if last.status == StageStatus.WITHDRAWN:
        return f"Withdrawn at stage {last.number}"
    return f"Stage {last.number} open"


def open_enquiries(as_of: date) -> list[Clocked]:
    """Members' enquiries not yet answered, each with its clock, most urgent first (one query)."""
    rules = clocks.current_rules()
    rule = rules[clocks.ENQUIRY_RULE]
    rows = []
    for enquiry in MembersEnquiry.objects.filter(responded__isnull=True):
        due = clocks.enquiry_due(enquiry.received, rules)
        rows.append(Clocked(enquiry, due, clocks.status(due, None, as_of, rule), rule.name))
    return sorted(rows, key=lambda r: (_ORDER[r.status], r.due, r.item.pk))


def enquiries(as_of: date) -> list[Clocked]:
    """Members' enquiries, open ones first, each with its 5-working-day clock."""
    rules = clocks.current_rules()
    rule = rules[clocks.ENQUIRY_RULE]
    rows = []
    for enquiry in MembersEnquiry.objects.select_related("team", "author"):
        due = clocks.enquiry_due(enquiry.received, rules)
        rows.append(Clocked(enquiry, due, clocks.status(due, enquiry.responded, as_of, rule), rule.name))
    return sorted(rows, key=lambda r: (_ORDER[r.status], -r.item.received.toordinal(), r.item.pk))


def link_targets(as_of: date) -> tuple[list[Any], list[Any]]:
    """What a learning action may be linked to: the lines of improvement plans still running, and the
    QA action plan's open actions that are not part of a child's record (so the list names no one)."""
    from continuum.actions.models import ActionStatus
    from continuum.assurance.figures import qa_actions
    from continuum.improvement.models import PlanAction

    lines = list(
        PlanAction.objects.filter(plan__ends__gte=as_of)
        .select_related("plan")
        .order_by("plan__title", "plan_id", "order")
    )
    qa = list(qa_actions().filter(status=ActionStatus.OPEN, child__isnull=True).order_by("due_date", "pk"))
    return lines, qa


def learning_links(complaint: Any) -> dict[int, Any]:
    """The complaint's learning links by learning action id (one query)."""
    from continuum.complaints.models import LearningLink

    links = LearningLink.objects.filter(complaint=complaint).select_related("plan_action__plan", "qa_action")
    return {link.learning_id: link for link in links}


def learning_linked_to(target: Any) -> list[Any]:
    """The complaints' learning linked to a plan line, or to a tracker action (a QA action, or the
    tracker action of a plan line): what the plan side shows. One query."""
    from django.db.models import Q

    from continuum.actions.models import Action
    from continuum.complaints.models import LearningLink
    from continuum.improvement.models import PlanAction

    if isinstance(target, PlanAction):
        where = Q(plan_action=target)
    elif isinstance(target, Action):
        where = Q(qa_action=target) | Q(plan_action__action=target)
    else:
        return []
    return list(
        LearningLink.objects.filter(where)
        .select_related("complaint", "learning__owner")
        .order_by("learning__due_date", "pk")
    )
