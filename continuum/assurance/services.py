"""The only way to change quality-assurance records: each write is one transaction with its rules.

Why a service: the rules that make a case audit trustworthy must hold whichever page or job writes it:
the immediate-harm question answered first, and a "yes" never saved without an action and without
alerting the team manager and head of service; every section and the whole graded; an Inadequate
audit always followed up within the local setting's time; moderation kept beside, never over, the
auditor's grade; and every action in the one action tracker.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from continuum.actions import services as action_services
from continuum.actions.models import Action
from continuum.assurance import sampling, selectors, tools
from continuum.assurance.models import (
    AuditProgramme,
    AuditStatus,
    AuditTool,
    CaseAudit,
    EarlierModeration,
    FeedbackHow,
    FollowUpReview,
    Grade,
    HarmAlert,
    ModerationPick,
    ModerationSample,
    PracticeReview,
    ReviewDecision,
    ReviewStage,
    SectionGrade,
    moderation_version,
)
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE
from continuum.core.timescales import Rule, due_date, load_rules, rules_by_code
from continuum.journey.errors import JourneyRuleError
from continuum.people.models import Child, Worker, WorkerRole

FOLLOW_UP_RULE = "case_audit_follow_up"
RAPID_REVIEW_RULE = "rapid_review"


class AssuranceError(JourneyRuleError):
    """A refused QA write, a ``JourneyRuleError``: a page shows it as a GOV.UK error; never names a child."""

    def __init__(self, message: str, rule: str = "assurance") -> None:
        super().__init__(message, child_ref="", step="assurance", rule=rule)


def clock_rule(code: str) -> Rule:
    """The council's rule for a QA clock, or the shipped default when switched off or missing."""
    return rules_by_code(load_rules()).get(code) or DEFAULT_RULES_BY_CODE[code]


def _not_future(day: date, what: str) -> None:
    if day > clock.today():
        raise AssuranceError(f"The {what} cannot be in the future")


def _not_past_due(due: date, rule: str) -> None:
    """A due date being set now is today or later (one already set and passed is left as it is)."""
    if due < clock.today():
        raise AssuranceError("The due date must be today or later", rule=rule)


def _may_own(owner: User, source: Any, rule: str) -> None:
    """Refuse an owner the policy would not give an action about the source's child (``actions.own``):
    a board member or a partner agency cannot open the child's record, so the action would not be done."""
    from continuum.core.policy import may

    child_id = getattr(source, "child_id", None)
    if not may(owner, "actions.own", child_id):
        who = owner.get_full_name() or owner.get_username()
        raise AssuranceError(
            f"Choose someone who works on children's cases to take the action: {who} cannot act on "
            "the child's record",
            rule=rule,
        )


# --- Audit tools ------------------------------------------------------------------------------------


def current_tool(code: str) -> AuditTool:
    """The newest version of a tool."""
    tool = AuditTool.objects.filter(code=code).order_by("-version").first()
    if tool is None:
        raise AssuranceError("There is no audit tool of that name")
    return tool


@transaction.atomic
def save_tool_version(*, code: str, text: str, by: User, note: str = "", name: str = "") -> AuditTool:
    """A new version of a tool from its text; the old versions stay for the audits done with them."""
    latest = current_tool(code)
    try:
        sections = tools.parse(text)
    except tools.ToolTextError as error:
        raise AssuranceError(str(error), rule="tool_text") from None
    if sections == latest.sections and (not name or name == latest.name):
        raise AssuranceError("Nothing has changed: the text is the same as the current version")
    return AuditTool.objects.create(
        code=code,
        version=latest.version + 1,
        name=name.strip() or latest.name,
        kind=latest.kind,
        sections=sections,
        change_note=note.strip(),
        created_by=by,
    )


# --- The monthly programme and its sample ------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@transaction.atomic
def create_programme(
    *,
    month: date,
    target: int,
    team_ids: Sequence[int],
    seed: int,
    by: User | None,
    tool: AuditTool | None = None,
) -> AuditProgramme:
    """Plan a month's case audits: which teams (none listed = every team), how many, from which seed."""
    month = month_start(month)
    if target <= 0:
        raise AssuranceError("Say how many cases to audit")
    if AuditProgramme.objects.filter(month=month).exists():
        raise AssuranceError("That month already has a programme")
    programme = AuditProgramme.objects.create(
        month=month, target=target, seed=seed, created_by=by, tool=tool or current_tool("case-file")
    )
    programme.teams.set(team_ids)
    return programme


def _as_at(programme: AuditProgramme) -> date:
    """The day a sampled case is read as at: today within the month, else the month's last day."""
    return max(programme.month, min(clock.today(), month_end(programme.month)))


@transaction.atomic
def propose_sample(programme: AuditProgramme) -> list[CaseAudit]:
    """Draw the month's sample from the live record (stratified, from the programme's seed) as proposed
    audits, leaving out children audited in the last six months and any already in the programme."""
    team_ids = list(programme.teams.values_list("pk", flat=True)) or None
    exclude = selectors.recently_audited(programme.month)
    already = programme.audits.exclude(status=AuditStatus.WITHDRAWN).count()
    drawn = sampling.propose(
        selectors.live_cases(team_ids), programme.target - already, programme.seed, exclude
    )
    as_at = _as_at(programme)
    return [
        CaseAudit.objects.create(
            kind=programme.tool.kind,
            tool=programme.tool,
            programme=programme,
            child_id=c.child_id,
            team_id=c.team_id,
            case_holder_id=c.case_holder_id,
            stratum=c.status,
            as_at=as_at,
        )
        for c in drawn
    ]


@transaction.atomic
def add_case(programme: AuditProgramme, *, child: Child, by: User) -> CaseAudit:
    """QA adds a case to the month by hand (it may have been audited recently: that is their call)."""
    if programme.audits.filter(child=child).exclude(status=AuditStatus.WITHDRAWN).exists():
        raise AssuranceError("That child is already in this month's programme")
    live = {c.child_id: c for c in selectors.live_cases()}
    candidate = live.get(child.pk)
    return CaseAudit.objects.create(
        kind=programme.tool.kind,
        tool=programme.tool,
        programme=programme,
        child=child,
        team_id=candidate.team_id if candidate else None,
        case_holder_id=candidate.case_holder_id if candidate else None,
        stratum=candidate.status if candidate else "other",
        as_at=_as_at(programme),
        added_by_hand=True,
    )


@transaction.atomic
def start_audit(
    *,
    child: Child,
    tool: AuditTool,
    as_at: date,
    by: User,
    auditor: User | None = None,
    thematic: Any = None,
    agency: str = "",
) -> CaseAudit:
    """An audit outside the monthly programme (a thematic, multi-agency or dip-sample audit)."""
    _not_future(as_at, "audit date")
    live = {c.child_id: c for c in selectors.live_cases()}
    candidate = live.get(child.pk)
    return CaseAudit.objects.create(
        kind=tool.kind if thematic is None else thematic.kind,
        tool=tool,
        thematic=thematic,
        child=child,
        as_at=as_at,
        team_id=candidate.team_id if candidate else None,
        case_holder_id=candidate.case_holder_id if candidate else None,
        stratum=candidate.status if candidate else "other",
        auditor=auditor,
        agency=agency,
        status=AuditStatus.ASSIGNED if auditor else AuditStatus.PROPOSED,
    )


@transaction.atomic
def assign(audit: CaseAudit, *, auditor: User, by: User) -> CaseAudit:
    """Give the audit to an auditor: a manager from another team, or QA (never the case's own team)."""
    from continuum.core import roles as r
    from continuum.core.policy import roles_of, teams_of

    if audit.status == AuditStatus.COMPLETED:
        raise AssuranceError("The audit is already completed")
    if (
        r.QA_OFFICER not in roles_of(auditor)
        and audit.team_id is not None
        and audit.team_id in teams_of(auditor)
    ):
        raise AssuranceError(
            "Choose an auditor from another team: a manager does not audit their own team's cases"
        )
    audit.auditor, audit.status = auditor, AuditStatus.ASSIGNED
    audit.save(update_fields=["auditor", "status"])
    return audit


@transaction.atomic
def withdraw(audit: CaseAudit, *, by: User) -> CaseAudit:
    if audit.status == AuditStatus.COMPLETED:
        raise AssuranceError("A completed audit cannot be withdrawn")
    audit.status = AuditStatus.WITHDRAWN
    audit.save(update_fields=["status"])
    return audit


# --- Doing the audit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HarmAction:
    """What must be done now about immediate harm, by whom and when."""

    what: str
    owner: User
    due: date


def harm_alert_recipients(audit: CaseAudit) -> list[tuple[User, str]]:
    """Who is told at once of immediate harm: the team manager(s) of the team the child was allocated
    to when sampled (where there is one), and the head(s) of service, always.

    Why always a head of service: the team manager of the child's team may have no sign-in, be on
    leave or not yet appointed, and a finding of immediate harm must never rest with the auditor
    alone. The heads whose service holds the team are alerted (and a service manager working in the
    team); when no head's service lists the team, or the child has no team, every head of service is.
    """
    from continuum.core import roles as r
    from continuum.core.models import HeadOfServiceTeam

    found: list[tuple[User, str]] = []
    team_id = audit.team_id
    if team_id is not None:
        today = clock.today()
        titles = {WorkerRole.TEAM_MANAGER: "Team manager", WorkerRole.SERVICE_MANAGER: "Head of service"}
        managers = (
            Worker.objects.filter(
                team_id=team_id,
                role__in=list(titles),
                user__isnull=False,
                user__is_active=True,
                start_date__lte=today,
            )
            .exclude(leave_date__lt=today)
            .select_related("user")
            .order_by("pk")
        )
        found.extend((worker.user, titles[WorkerRole(worker.role)]) for worker in managers if worker.user)
    heads = User.objects.filter(is_active=True, groups__name=r.HEAD_OF_SERVICE.name).distinct()
    over_team = (
        heads.filter(pk__in=HeadOfServiceTeam.objects.filter(team_id=team_id).values("user_id"))
        if team_id is not None
        else heads.none()
    )
    if not over_team.exists() and not any(role == "Head of service" for _user, role in found):
        over_team = heads
    found.extend((user, "Head of service") for user in over_team.order_by("pk"))
    seen: set[int] = set()
    return [(u, role) for u, role in found if not (u.pk in seen or seen.add(u.pk))]  # type: ignore[func-returns-value]


def graded_sections(tool: AuditTool) -> list[dict[str, Any]]:
    return list(tool.sections)


@transaction.atomic
def complete_audit(
    audit: CaseAudit,
    *,
    by: User,
    immediate_harm: bool | None,
    harm_note: str = "",
    harm_action: HarmAction | None = None,
    answers: dict[str, dict[str, str]] | None = None,
    section_grades: dict[str, str],
    overall: str,
    summary: str = "",
    on: date | None = None,
) -> CaseAudit:
    """Save the auditor's answers and grades and complete the audit.

    The immediate-harm question is checked first: unanswered, or "yes" without a note and an action,
    is refused. A "yes" creates the action and alerts the team manager and head of service at once
    (each an action due today in their work tray, and a :class:`HarmAlert` row). Every section and
    the whole must be graded. An Inadequate grade creates the follow-up review, due by the local clock.
    """
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    if audit.status == AuditStatus.COMPLETED:
        raise AssuranceError("The audit is already completed")
    if audit.status == AuditStatus.WITHDRAWN:
        raise AssuranceError("The audit was withdrawn")
    if immediate_harm is None:
        raise AssuranceError("Say whether the child is at risk of immediate harm", rule="immediate_harm")
    if immediate_harm and (harm_action is None or not harm_action.what.strip() or not harm_note.strip()):
        raise AssuranceError(
            "The child is at risk of immediate harm: say what you found and set the action to take now",
            rule="immediate_harm_action",
        )
    if immediate_harm and harm_action is not None:
        _not_past_due(harm_action.due, "harm_due")
        _may_own(harm_action.owner, audit, "harm_owner")
    day = on or clock.today()
    _not_future(day, "date the audit was completed")
    if day < audit.as_at:
        raise AssuranceError("The audit cannot be completed before the day it reads the record as at")
    keys = {s["key"]: s["title"] for s in audit.tool.sections}
    missing = [title for key, title in keys.items() if section_grades.get(key) not in Grade.values]
    if missing:
        raise AssuranceError(f"Grade every section: {', '.join(missing)}", rule="section_grades")
    if overall not in Grade.values:
        raise AssuranceError("Give the overall grade", rule="overall_grade")
    audit.immediate_harm, audit.immediate_harm_note = immediate_harm, harm_note.strip()
    audit.answers = answers or {}
    audit.overall_grade, audit.summary = overall, summary.strip()
    audit.completed_on, audit.status = day, AuditStatus.COMPLETED
    if audit.auditor_id is None:
        audit.auditor = by
    audit.save()
    SectionGrade.objects.bulk_create(
        [
            SectionGrade(audit=audit, section=key, title=title, grade=section_grades[key])
            for key, title in keys.items()
        ]
    )
    if immediate_harm and harm_action is not None:
        _raise_harm(audit, harm_action, by)
    if overall == Grade.INADEQUATE:
        FollowUpReview.objects.create(audit=audit, due_on=due_date(clock_rule(FOLLOW_UP_RULE), day))  # type: ignore[arg-type]
    return audit


#: How long an immediate-harm alert opens the child's record to those it reaches: long enough to see
#: the child safe, the strategy discussion and what follows; after that they ask again or break glass.
HARM_ALERT_ACCESS_DAYS = 30


def _raise_harm(audit: CaseAudit, harm: HarmAction, by: User) -> None:
    """The action to take now, and an alert to each manager over the case (an action due today).

    The alert says what the auditor found and what action they set, so that whoever reads it knows
    the harm without first opening the audit. Each person alerted is given a recorded reason to see
    the child for :data:`HARM_ALERT_ACCESS_DAYS` days: a head of service over another service would
    otherwise have to break glass to check on a child the council has just told them is at risk, and
    each such access would be flagged as if it had no reason. The action's owner is not: they open
    the action and the audit (``assurance.case_audit``), and the child as the policy otherwise allows.
    """
    action_services.create_action(
        source=audit,
        label=f"Case audit {audit.pk}: immediate harm",
        what=harm.what,
        owner=harm.owner,
        due=harm.due,
        by=by,
    )
    found = audit.immediate_harm_note.strip().rstrip(".")
    owner = harm.owner.get_full_name() or harm.owner.get_username()
    what = (
        f"Immediate harm found by case audit {audit.pk}: {found}. "
        f"Action set: {harm.what.strip().rstrip('.')} ({owner}, due {day_words(harm.due)}). "
        "Confirm the child is safe today."
    )
    recipients = harm_alert_recipients(audit)
    for user, role in recipients:
        HarmAlert.objects.create(audit=audit, to=user, as_role=role)
        action_services.create_action(
            source=audit,
            label=f"Case audit {audit.pk}: immediate harm alert",
            what=what,
            owner=user,
            due=clock.today(),
            by=by,
        )
    _open_child_to((user for user, _role in recipients), audit, by)


def _open_child_to(users: Iterable[User], audit: CaseAudit, by: User) -> None:
    """A legitimate relationship to the audited child for each user, from today for 30 days, each
    logged as recorded by the auditor (as access administration logs one recorded by hand).

    Not for the auditor, whose audit is already their reason to read. A restricted record stays
    restricted: a relationship gives way to restriction (continuum/core/policy.py), so only its named
    users open it, alert or not."""
    from datetime import timedelta

    from continuum.core.access_log import log_view
    from continuum.core.models import LegitimateRelationship

    today = clock.today()
    reason = f"Immediate-harm alert from case audit {audit.pk}"
    seen: set[int] = {by.pk}
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        LegitimateRelationship.objects.create(
            user=user,
            child_id=audit.child_id,
            reason=reason,
            start_date=today,
            end_date=today + timedelta(days=HARM_ALERT_ACCESS_DAYS),
        )
        log_view(
            user=by,
            action="access.relationship.record",
            record_type="child",
            record_id=audit.child_id,
            reason=reason,
        )


def unalerted_team_manager(audit: CaseAudit) -> str:
    """Why the team manager of the audited child's team was not alerted, in words (empty if one was,
    or the child had no team): the form promises "the team manager and head of service", so when only
    a head of service is told the auditor must see why, and that the team's manager does not know."""
    if audit.team_id is None or audit.harm_alerts.filter(as_role="Team manager").exists():
        return ""
    today = clock.today()
    managers = Worker.objects.filter(
        team_id=audit.team_id, role=WorkerRole.TEAM_MANAGER, start_date__lte=today
    ).exclude(leave_date__lt=today)
    team = audit.team.name if audit.team else "the child's team"
    if not managers.exists():
        return f"{team} has no team manager recorded"
    if not managers.filter(user__isnull=False).exists():
        return f"The team manager of {team} has no sign-in"
    return f"The sign-in of the team manager of {team} is switched off"


@transaction.atomic
def record_discussion(
    audit: CaseAudit,
    *,
    on: date,
    with_whom: str,
    note: str,
    actions: Iterable[tuple[str, User, date]],
    by: User,
) -> CaseAudit:
    """The reflective discussion with the case holder: when, with whom, what was said, actions agreed."""
    _not_future(on, "discussion date")
    actions = list(actions)
    for _what, _owner, due in actions:
        _not_past_due(due, "due")
    if not note.strip():
        raise AssuranceError("Say what was discussed")
    if not with_whom.strip():
        raise AssuranceError("Say who the discussion was with")
    audit.discussion_on, audit.discussion_with, audit.discussion_note = on, with_whom.strip(), note.strip()
    audit.save(update_fields=["discussion_on", "discussion_with", "discussion_note"])
    for what, owner, due in actions:
        add_action(audit, what=what, owner=owner, due=due, by=by)
    return audit


@transaction.atomic
def record_feedback(audit: CaseAudit, *, how: str, from_whom: str, said: str, by: User) -> CaseAudit:
    """Feedback from the child and family: how it was sought and what they said (or why not sought)."""
    if how not in FeedbackHow.values:
        raise AssuranceError("Say how feedback was sought")
    if not said.strip():
        raise AssuranceError(
            "Say why feedback was not sought" if how == FeedbackHow.NOT_SOUGHT else "Say what they said"
        )
    audit.feedback_how, audit.feedback_from, audit.feedback_said = how, from_whom.strip(), said.strip()
    audit.save(update_fields=["feedback_how", "feedback_from", "feedback_said"])
    return audit


def add_action(source: Any, *, what: str, owner: User, due: date, by: User) -> Action:
    """An action into the QA action plan (the one tracker), from an audit, a thematic audit or a review."""
    label = {
        CaseAudit: "Case audit {pk}",
        PracticeReview: "Practice review {ref}",
    }.get(type(source), "QA: {title}")
    words = label.format(pk=source.pk, ref=getattr(source, "reference", ""), title=str(source))
    _may_own(owner, source, "owner")
    return action_services.create_action(source=source, label=words, what=what, owner=owner, due=due, by=by)


class ModerationChanged(AssuranceError):
    """Someone moderated the audit after this moderator opened it: shown, never silently replaced."""

    def __init__(self) -> None:
        super().__init__(
            "This audit was moderated by someone else after you opened it. Their moderation is shown "
            "above: check it, then save yours again if you still want to change it.",
            rule="moderation_changed",
        )


@transaction.atomic
def moderate(
    audit: CaseAudit,
    *,
    grade: str,
    note: str,
    by: User,
    on: date | None = None,
    expected_version: int | None = None,
) -> CaseAudit:
    """A QA officer's moderated grade, kept beside the auditor's (never replacing it).

    A second moderation replaces the standing one on the audit (the figures count the latest), and the
    one it replaces is kept as an :class:`EarlierModeration`, so nothing a moderator said is lost.
    ``expected_version`` is the :func:`moderation_version` the moderator's page showed: a save over a
    moderation made since is refused (:class:`ModerationChanged`).
    """
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    if expected_version is not None and moderation_version(audit) != expected_version:
        raise ModerationChanged
    if audit.status != AuditStatus.COMPLETED:
        raise AssuranceError("Only a completed audit can be moderated")
    if audit.auditor_id == by.pk:
        raise AssuranceError("An auditor does not moderate their own audit")
    if grade not in Grade.values:
        raise AssuranceError("Give the moderated grade")
    if grade != audit.overall_grade and not note.strip():
        raise AssuranceError("Say why the moderated grade differs from the auditor's")
    day = on or clock.today()
    _not_future(day, "moderation date")
    if audit.moderated_grade:
        if (audit.moderated_grade, audit.moderation_note) == (grade, note.strip()):
            raise AssuranceError("The moderation already says that: change the grade or the reason")
        EarlierModeration.objects.create(
            audit=audit,
            grade=audit.moderated_grade,
            note=audit.moderation_note,
            by=audit.moderated_by,
            on=audit.moderated_on,
            replaced_by=by,
        )
    audit.moderated_grade, audit.moderation_note, audit.moderated_by, audit.moderated_on = (
        grade,
        note.strip(),
        by,
        day,
    )
    audit.save(update_fields=["moderated_grade", "moderation_note", "moderated_by", "moderated_on"])
    return audit


@transaction.atomic
def record_follow_up(
    follow_up: FollowUpReview, *, done_on: date, grade: str, result: str, by: User
) -> FollowUpReview:
    """The follow-up review's result, recorded against the original Inadequate audit."""
    if follow_up.done_on is not None:
        raise AssuranceError("The follow-up review is already recorded")
    _not_future(done_on, "follow-up date")
    if done_on < follow_up.audit.completed_on:  # type: ignore[operator]
        raise AssuranceError("The follow-up cannot be before the audit it follows")
    if grade not in Grade.values:
        raise AssuranceError("Give the grade at follow-up")
    if not result.strip():
        raise AssuranceError("Say what the follow-up found")
    follow_up.done_on, follow_up.grade, follow_up.result, follow_up.reviewer = (
        done_on,
        grade,
        result.strip(),
        by,
    )
    follow_up.save(update_fields=["done_on", "grade", "result", "reviewer"])
    return follow_up


# --- The moderation sample -------------------------------------------------------------------------


def moderation_pool(month: date) -> QuerySet[CaseAudit]:
    """The case audits completed in ``month`` that a moderation sample draws from (not thematic or
    multi-agency audits, whose theme lead reviews them together)."""
    return CaseAudit.objects.filter(
        status=AuditStatus.COMPLETED,
        thematic__isnull=True,
        completed_on__gte=month_start(month),
        completed_on__lte=month_end(month),
    )


def moderation_candidates(month: date) -> list[sampling.Completed]:
    """The audits of :func:`moderation_pool`, as the sampler reads them."""
    rows = moderation_pool(month).values_list("auditor_id", "pk", "overall_grade")
    return [sampling.Completed(auditor_id or 0, pk, grade) for auditor_id, pk, grade in rows]


@transaction.atomic
def draw_moderation_sample(*, month: date, share: int, seed: int, by: User | None) -> ModerationSample:
    """Choose the audits of an ended month to moderate (see :func:`sampling.moderation_sample`), and
    keep the picks with why each was picked; a month is drawn once."""
    month = month_start(month)
    if month_end(month) >= clock.today():
        raise AssuranceError("Draw a month's moderation sample once the month has ended")
    if not 1 <= share <= 100:
        raise AssuranceError("The share of each auditor's audits must be from 1 to 100 percent")
    if ModerationSample.objects.filter(month=month).exists():
        raise AssuranceError("That month's moderation sample has already been drawn")
    picks = sampling.moderation_sample(moderation_candidates(month), share, seed)
    if not picks:
        raise AssuranceError("No case audits were completed in that month")
    sample = ModerationSample.objects.create(month=month, share=share, seed=seed, created_by=by)
    ModerationPick.objects.bulk_create(
        [ModerationPick(sample=sample, audit_id=audit_id, reason=reason) for audit_id, reason in picks]
    )
    return sample


# --- Practice reviews --------------------------------------------------------------------------------


def rapid_review_due(notified_on: date) -> date:
    """The rapid review is due within 15 working days of the notification (the council's clock)."""
    return due_date(clock_rule(RAPID_REVIEW_RULE), notified_on)  # type: ignore[return-value]


@transaction.atomic
def notify_incident(
    *, reference: str, summary: str, notified_on: date, by: User, child: Child | None = None
) -> PracticeReview:
    _not_future(notified_on, "notification date")
    if not reference.strip() or not summary.strip():
        raise AssuranceError("Give the case's reference and what happened")
    if PracticeReview.objects.filter(reference=reference.strip()).exists():
        raise AssuranceError("A review with that reference is already on the register")
    return PracticeReview.objects.create(
        reference=reference.strip(),
        summary=summary.strip(),
        notified_on=notified_on,
        created_by=by,
        child=child,
    )


@transaction.atomic
def record_rapid_review(
    review: PracticeReview, *, held_on: date, decision: str, reason: str, by: User
) -> PracticeReview:
    """The rapid review and its decision: a CSPR, a local learning exercise, or no further review."""
    _not_future(held_on, "rapid review date")
    if held_on < review.notified_on:
        raise AssuranceError("The rapid review cannot be before the notification")
    if decision not in ReviewDecision.values:
        raise AssuranceError("Choose the rapid review's decision")
    if not reason.strip():
        raise AssuranceError("Say why the review decided this")
    review.rapid_review_on, review.decision, review.decision_reason = held_on, decision, reason.strip()
    review.stage = ReviewStage.CLOSED if decision == ReviewDecision.NO_FURTHER else ReviewStage.DECIDED
    review.save(update_fields=["rapid_review_on", "decision", "decision_reason", "stage"])
    return review


@transaction.atomic
def move_review(
    review: PracticeReview, *, stage: str, by: User, published_on: date | None = None
) -> PracticeReview:
    """Move a review on: underway, published (with its date), closed (every recommendation done)."""
    if stage not in ReviewStage.values:
        raise AssuranceError("Choose the review's stage")
    if not review.decision:
        raise AssuranceError("Record the rapid review first")
    if stage == ReviewStage.PUBLISHED:
        if published_on is None:
            raise AssuranceError("Give the date the review was published")
        _not_future(published_on, "publication date")
        review.published_on = published_on
    if stage == ReviewStage.CLOSED:
        from continuum.assurance.figures import actions_of

        if any(a.status == "open" for a in actions_of([review])):
            raise AssuranceError("Every recommendation must be done or dropped before the review closes")
    review.stage = stage
    review.save(update_fields=["stage", "published_on"])
    return review


# --- Section 11 and VCFS checklists ------------------------------------------------------------------

RAG_WORDS = tools.RAG_WORDS

#: The Section 11 standards (Children Act 2004 s11; Working Together 2018, chapter 2 para 4), as data.
SECTION_11_STANDARDS: tuple[tuple[str, str], ...] = (
    ("leadership", "Senior management commitment to safeguarding, with clear lines of accountability"),
    ("culture", "A culture of listening to children and taking account of their wishes and feelings"),
    ("training", "Safeguarding training and induction for staff, publicised and taken up"),
    ("recruitment", "Safer recruitment, including vetting and the handling of allegations (LADO)"),
    ("supervision", "Supervision and support for staff who work with children"),
    ("information", "Information sharing agreements and clear escalation of concerns"),
    ("policies", "Safeguarding policies and procedures, reviewed and known to staff"),
    ("partnership", "Working with the partnership: attendance, challenge and learning from reviews"),
)


def checklist_standards(checklist: str) -> list[dict[str, str]]:
    """The standards a new campaign asks about: Section 11's, or the VCFS checklist tool's questions."""
    if checklist == "s11":
        return [{"key": key, "text": text} for key, text in SECTION_11_STANDARDS]
    if checklist != "vcfs":
        raise AssuranceError("Choose Section 11 or the VCFS checklist")
    tool = current_tool(tools.VCFS_TOOL.code)
    return [
        {"key": q["key"], "text": q["text"], "checks": q["checks"], "section": section["title"]}
        for section in tool.sections
        for q in section["questions"]
    ]


@transaction.atomic
def open_campaign(
    *,
    title: str,
    opened_on: date,
    due_on: date,
    organisation_ids: Sequence[int],
    checklist: str = "s11",
    standards: Sequence[tuple[str, str]] | None = None,
) -> Any:
    """A round of self-assessments: one return to fill in for each organisation asked.

    The standards are copied into the campaign, so a later version of the questions leaves this
    round's returns reading against the questions they answered: Section 11's standards, or the
    current version of the VCFS checklist tool (each with what it checks).
    """
    from continuum.assurance.models import Section11Campaign, Section11Return

    if not title.strip():
        raise AssuranceError("Give the campaign a title")
    if due_on < opened_on:
        raise AssuranceError("The returns cannot be due before the campaign opens")
    if not organisation_ids:
        raise AssuranceError("Choose the organisations asked for a return")
    campaign = Section11Campaign.objects.create(
        title=title.strip(),
        checklist=checklist,
        standards=checklist_standards(checklist)
        if standards is None
        else [{"key": key, "text": text} for key, text in standards],
        opened_on=opened_on,
        due_on=due_on,
    )
    Section11Return.objects.bulk_create(
        [Section11Return(campaign=campaign, organisation_id=pk) for pk in organisation_ids]
    )
    return campaign


@transaction.atomic
def submit_return(ret: Any, *, ratings: dict[str, dict[str, str]], by: User, on: date | None = None) -> Any:
    """A partner's return: a RAG and evidence for every standard; once submitted it is not changed."""
    if ret.submitted_on is not None:
        raise AssuranceError("This return has already been submitted")
    keys = [s["key"] for s in ret.campaign.standards]
    missing = [k for k in keys if ratings.get(k, {}).get("rag") not in RAG_WORDS]
    if missing:
        raise AssuranceError("Rate every standard red, amber or green", rule="section11_rag")
    unevidenced = [k for k in keys if not ratings[k].get("evidence", "").strip()]
    if unevidenced:
        raise AssuranceError("Give the evidence for every standard", rule="section11_evidence")
    ret.ratings = {k: {"rag": ratings[k]["rag"], "evidence": ratings[k]["evidence"].strip()} for k in keys}
    ret.submitted_on, ret.submitted_by = on or clock.today(), by
    ret.save(update_fields=["ratings", "submitted_on", "submitted_by"])
    return ret


@transaction.atomic
def give_feedback(ret: Any, *, feedback: str, by: User, on: date | None = None) -> Any:
    """The partnership's individual feedback to one organisation on its return."""
    if ret.submitted_on is None:
        raise AssuranceError("Feedback follows a submitted return")
    if not feedback.strip():
        raise AssuranceError("Write the feedback")
    ret.feedback, ret.feedback_on = feedback.strip(), on or clock.today()
    ret.save(update_fields=["feedback", "feedback_on"])
    return ret


@transaction.atomic
def record_panel(campaign: Any, *, themes: str, panel_on: date | None, panel_note: str, by: User) -> Any:
    """The common themes across returns and the challenge panel's record."""
    if panel_on is not None:
        _not_future(panel_on, "challenge panel date")
    campaign.themes, campaign.panel_on, campaign.panel_note = themes.strip(), panel_on, panel_note.strip()
    campaign.save(update_fields=["themes", "panel_on", "panel_note"])
    return campaign
