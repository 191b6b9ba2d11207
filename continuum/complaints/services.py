"""Recording complaints, their stages, the escalation gate, compliments and members' enquiries.

Every write goes through here so the rules hold wherever the write comes from (a page, the demo
loader, a test): a stage is extended once, with a reason, before its response, and only where its
procedure allows; a complaint moves to the next stage only after the last one was answered, and with
someone named to investigate or respond; a declined escalation needs the reason, and a statutory
complainant who asks in time cannot be declined; a complaint is acknowledged once; learning becomes
an action in the one action tracker.

Two officers at once: the complaint and each stage carry a version. A write from a form passes the
version the form was opened on (``expected_version``); the row is locked, compared and moved on, and
a form opened before someone else's save is refused with :class:`ChangedSinceOpened`, so one
officer's change (a renamed investigator, say) is never silently saved over by the other's.
Without ``expected_version`` (the demo loader, a script) nothing is compared. The lock, compare and
move-on are the project's one way (:mod:`continuum.core.versions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from continuum.actions.models import Action
from continuum.actions.services import create_action
from continuum.complaints import clocks
from continuum.complaints.models import (
    Complaint,
    Compliment,
    LearningLink,
    MembersEnquiry,
    Outcome,
    Procedure,
    Stage,
    StageStatus,
    head_of_service_as_listed,
)
from continuum.core import versions
from continuum.core.dates import day_words
from continuum.core.refusals import Refused


class ComplaintRuleError(Refused):
    """A complaints rule was broken; nothing was written (the sentence, and the field it is about)."""


class ChangedSinceOpened(ComplaintRuleError, versions.ChangedSinceOpened):
    """Someone else saved the complaint (or the stage) after this form was opened; nothing was written.
    The page says what they changed and keeps what this officer typed, to save again deliberately."""

    def __init__(self) -> None:
        super().__init__("This complaint was changed by someone else since you opened it")


def _locked_complaint(complaint: Complaint, expected_version: int | None) -> Complaint:
    """The complaint's row, locked for this transaction; refused if it moved past ``expected_version``.
    Escalating locks the complaint before its stages, as every write here does, so two locks never cross.
    """
    return versions.locked_at(complaint, expected_version, refusal=ChangedSinceOpened)


@transaction.atomic
def record_complaint(
    *,
    procedure: str,
    received: date,
    complainant_name: str,
    complainant_type: str,
    category: str,
    service_area: str,
    summary: str,
    by: User,
    author: User | None = None,
    team: object = None,
    head_of_service: str = "",
    advocate: bool = False,
    children: Iterable[object] = (),
) -> Complaint:
    """A complaint received: the complaint and its open stage 1, whose clock starts on receipt."""
    if procedure not in Procedure.values:
        raise ComplaintRuleError("Choose statutory or service complaint")
    if not summary.strip():
        raise ComplaintRuleError("Enter what the complaint is about")
    listed = head_of_service_as_listed(head_of_service)
    if listed is None:
        raise ComplaintRuleError("Select the head of service's service from the list", "head_of_service")
    complaint = Complaint.objects.create(
        procedure=procedure,
        received=received,
        complainant_name=complainant_name.strip(),
        complainant_type=complainant_type,
        category=category,
        service_area=service_area,
        head_of_service=listed,
        summary=summary.strip(),
        team=team,
        advocate=advocate,
        created_by=by,
    )
    complaint.children.set(list(children))
    Stage.objects.create(complaint=complaint, number=1, started=received, author=author)
    return complaint


def _locked(stage: Stage, expected_version: int | None = None) -> Stage:
    """The stage's row (not its complaint's: see :func:`_locked_complaint`), locked; refused if it moved
    past ``expected_version``."""
    return versions.locked_at(stage, expected_version, refusal=ChangedSinceOpened, related=("complaint",))


@transaction.atomic
def acknowledge(
    complaint: Complaint, *, on: date, by: User, expected_version: int | None = None
) -> Complaint:
    """The complainant told the complaint is received: once, on or after the day it was received."""
    complaint = _locked_complaint(complaint, expected_version)
    if complaint.acknowledged is not None:
        raise ComplaintRuleError("This complaint has already been acknowledged")
    if on < complaint.received:
        raise ComplaintRuleError("The acknowledgement cannot be before the complaint was received", "on")
    complaint.acknowledged = on
    versions.save_moved_on(complaint, ["acknowledged"])
    return complaint


@transaction.atomic
def name_author(stage: Stage, *, author: User | None, by: User, expected_version: int | None = None) -> Stage:
    """Name (or change) who investigates or writes an open stage's response, so it reaches their tray."""
    stage = _locked(stage, expected_version)
    if stage.status != StageStatus.OPEN:
        raise ComplaintRuleError("Only an open stage's author can be named")
    if author is None:
        raise ComplaintRuleError(f"Select who will {_author_job(stage.number)}", "author")
    stage.author = author
    versions.save_moved_on(stage, ["author"])
    return stage


def _author_job(number: int) -> str:
    return "write the stage 1 response" if number == 1 else f"investigate or respond at stage {number}"


@transaction.atomic
def extend(stage: Stage, *, on: date, reason: str, by: User, expected_version: int | None = None) -> Stage:
    """Agree an extension (stage 1 to 20 working days, statutory stage 2 to 65): once, with a reason."""
    stage = _locked(stage, expected_version)
    if stage.status != StageStatus.OPEN:
        raise ComplaintRuleError("Only an open stage can be extended")
    if not clocks.can_extend(stage.complaint.procedure, stage.number):
        raise ComplaintRuleError(f"Stage {stage.number} of this procedure cannot be extended")
    if stage.extended_on is not None:
        raise ComplaintRuleError("This stage has already been extended")
    if not reason.strip():
        raise ComplaintRuleError("Enter why the stage is extended")
    if on < stage.started:
        raise ComplaintRuleError("The extension cannot be agreed before the stage started")
    stage.extended_on, stage.extension_reason, stage.decided_by = on, reason.strip(), by
    versions.save_moved_on(stage, ["extended_on", "extension_reason", "decided_by"])
    return stage


@transaction.atomic
def respond(
    stage: Stage, *, on: date, outcome: str, letter: str, by: User, expected_version: int | None = None
) -> Stage:
    """The stage's response sent: its date (on or before the due date is on time), outcome and letter."""
    stage = _locked(stage, expected_version)
    if stage.status != StageStatus.OPEN:
        raise ComplaintRuleError("This stage has already been answered")
    if outcome not in Outcome.values:
        raise ComplaintRuleError("Choose upheld, partly upheld or not upheld")
    if on < stage.started:
        raise ComplaintRuleError("The response cannot be before the stage started")
    if not letter.strip():
        raise ComplaintRuleError("Enter the response letter")
    stage.responded, stage.outcome, stage.response_letter = on, outcome, letter.strip()
    stage.status = StageStatus.RESPONDED
    versions.save_moved_on(stage, ["responded", "outcome", "response_letter", "status"])
    return stage


def _last_answered(complaint: Complaint) -> Stage:
    """The stage a request to escalate follows (locked): the last one that went ahead, answered."""
    stages = list(Stage.objects.select_for_update().filter(complaint=complaint).order_by("number", "pk"))
    live = [s for s in stages if s.status != StageStatus.DECLINED]
    last = live[-1]
    if last.status == StageStatus.OPEN:
        raise ComplaintRuleError(f"Stage {last.number} is still open: answer it before escalating")
    if last.status == StageStatus.WITHDRAWN:
        raise ComplaintRuleError("The complaint was withdrawn")
    if last.number == 3:
        raise ComplaintRuleError("Stage 3 is the last stage")
    return last


def _asked_after(complaint: Complaint, last: Stage, requested: date) -> None:
    """A request for the next stage follows the complaint and the response it answers: a date
    before either is a typing slip, and would start the next stage's clock early (so it would
    read as late) and put it in the wrong year's figures. Refused at the date, naming it."""
    if requested < complaint.received:
        raise ComplaintRuleError(
            "The escalation request cannot be before the complaint was received "
            f"({day_words(complaint.received)})",
            "requested",
        )
    if last.responded is not None and requested < last.responded:
        raise ComplaintRuleError(
            f"The escalation request cannot be before the stage {last.number} "
            f"response was sent ({day_words(last.responded)})",
            "requested",
        )


@transaction.atomic
def escalate(
    complaint: Complaint,
    *,
    requested: date,
    by: User,
    author: User | None = None,
    expected_version: int | None = None,
) -> Stage:
    """The complainant asked for the next stage and it goes ahead: its clock starts from the request.
    Someone is named to investigate or respond, because a stage with no author is in nobody's tray
    (name_author changes who it is later)."""
    complaint = _locked_complaint(complaint, expected_version)
    last = _last_answered(complaint)
    _asked_after(complaint, last, requested)
    number = last.number + 1
    if author is None:
        raise ComplaintRuleError(f"Select who will {_author_job(number)}", "author")
    versions.save_moved_on(complaint, [])
    return Stage.objects.create(
        complaint=complaint, number=number, started=requested, author=author, decided_by=by
    )


@transaction.atomic
def decline_escalation(
    complaint: Complaint, *, requested: date, reason: str, by: User, expected_version: int | None = None
) -> Stage:
    """The gate: the complaints officer declines to escalate (no new information), with the reason.

    Service complaints only, or a statutory request made too late: under the Children Act 1989
    procedure a complainant who asks within the window (20 working days of the response) is
    entitled to the next stage, so the council cannot decline it. A second officer deciding the
    same request from a page opened before the first decision is refused (``expected_version``).
    """
    complaint = _locked_complaint(complaint, expected_version)
    if not reason.strip():
        raise ComplaintRuleError(
            "Enter why the escalation is declined (for example, no new information)", "reason"
        )
    last = _last_answered(complaint)
    _asked_after(complaint, last, requested)
    number = last.number + 1
    rules = clocks.current_rules()
    if not clocks.may_decline(complaint.procedure, last.responded, requested, rules):  # type: ignore[arg-type]
        deadline = clocks.request_deadline(complaint.procedure, last.responded, rules)  # type: ignore[arg-type]
        raise ComplaintRuleError(
            f"This stage {number} request cannot be declined: it was asked for by {day_words(deadline)}, "
            f"in the time allowed after the stage {last.number} response, and the Children Act 1989 "
            "procedure entitles the complainant to it. Escalate it instead.",
            "decision",
        )
    versions.save_moved_on(complaint, [])
    return Stage.objects.create(
        complaint=complaint,
        number=number,
        started=requested,
        status=StageStatus.DECLINED,
        declined_reason=reason.strip(),
        decided_by=by,
    )


@transaction.atomic
def add_learning(
    complaint: Complaint,
    *,
    learning: str,
    what: str,
    owner: User,
    due: date,
    by: User,
    serves: object = None,
    expected_version: int | None = None,
) -> Action:
    """What the service learnt, and the action it leads to, in the one action tracker; ``serves``
    (an improvement-plan line or a QA action plan's action) links the action to the plan it feeds."""
    complaint = _locked_complaint(complaint, expected_version)
    if learning.strip():
        complaint.learning = learning.strip()
        versions.save_moved_on(complaint, ["learning"])
    action = create_action(
        source=complaint, label=f"Complaint {complaint.reference}", what=what, owner=owner, due=due, by=by
    )
    if serves is not None:
        link_learning(complaint, action, serves, by=by)
    return action


def link_learning(complaint: Complaint, action: Action, serves: object, *, by: User) -> LearningLink:
    """Link a learning action of this complaint to an improvement-plan line or a QA action."""
    from continuum.assurance.figures import qa_actions
    from continuum.improvement.models import PlanAction

    if action.source_id != complaint.pk or action.source_type.model_class() is not Complaint:
        raise ComplaintRuleError("Only this complaint's learning action can be linked")
    if isinstance(serves, PlanAction):
        return LearningLink.objects.create(
            complaint=complaint, learning=action, plan_action=serves, linked_by=by
        )
    if isinstance(serves, Action) and qa_actions().filter(pk=serves.pk).exists():
        return LearningLink.objects.create(
            complaint=complaint, learning=action, qa_action=serves, linked_by=by
        )
    raise ComplaintRuleError("Choose a line of an improvement plan or an action of the QA action plan")


def record_compliment(
    *, received: date, team: object, from_type: str, summary: str, by: User, service_area: str = "social_care"
) -> Compliment:
    if not summary.strip():
        raise ComplaintRuleError("Enter what they said")
    return Compliment.objects.create(
        received=received,
        team=team,
        service_area=service_area,
        from_type=from_type,
        summary=summary.strip(),
        created_by=by,
    )


def record_enquiry(
    *, received: date, member: str, summary: str, by: User, team: object = None, author: User | None = None
) -> MembersEnquiry:
    if not member.strip() or not summary.strip():
        raise ComplaintRuleError("Enter the councillor's name and what they ask")
    return MembersEnquiry.objects.create(
        received=received,
        member=member.strip(),
        summary=summary.strip(),
        team=team,
        author=author,
        created_by=by,
    )


@transaction.atomic
def answer_enquiry(enquiry: MembersEnquiry, *, on: date, response: str) -> MembersEnquiry:
    enquiry = MembersEnquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.responded is not None:
        raise ComplaintRuleError("This enquiry has already been answered")
    if on < enquiry.received:
        raise ComplaintRuleError("The answer cannot be before the enquiry")
    if not response.strip():
        raise ComplaintRuleError("Enter the answer")
    enquiry.responded, enquiry.response = on, response.strip()
    enquiry.save(update_fields=["responded", "response"])
    return enquiry
