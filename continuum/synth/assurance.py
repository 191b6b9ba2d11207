"""Quality assurance for the demo borough: two years of case audits, a thematic and a multi-agency audit,
a Section 11 round, a VCFS checklist round, the months' moderation samples and two rapid reviews, so
every QA page shows data in ``./run demo``.

Why written from the loaded record rather than by the simulator: audits are about the cases the borough
already holds (a child is sampled while a team holds the case), and the simulator's random streams, so
every simulated figure, stay as they were. Everything here draws from its own ``random.Random(seed)``,
and the monthly samples use the same stratified draw as the live programme
(:func:`continuum.assurance.sampling.propose`), so the same borough always gets the same audits.

Grades follow the seed's picture (002 L342-585: "too inconsistent for the service to be judged good"):
most Requires improvement or Good, a few Outstanding and Inadequate; a child whose assessments were
late is more likely graded lower (grades correlate with timeliness). Every Inadequate audit has its
follow-up (done when due before the borough's day, usually improved); each month's moderation sample
is drawn as the live page draws it and moderated; immediate harm is rare (the seed found none; the
demo shows one so the alert can be seen).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from continuum.actions import services as action_services
from continuum.actions.models import Action, ActionChange
from continuum.assurance import sampling, services
from continuum.assurance.models import (
    AuditKind,
    AuditProgramme,
    AuditStatus,
    CaseAudit,
    FeedbackHow,
    FollowUpReview,
    Grade,
    PartnerOrganisation,
    PracticeReview,
    ReviewDecision,
    ReviewStage,
    Section11Campaign,
    Section11Return,
    SectionGrade,
    ThematicAudit,
)
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.core.policy import visible_children
from continuum.core.timescales import add_months, due_date
from continuum.core.working_days import working_days_between
from continuum.journey.models import Assessment, CLAEpisode, CPPlan
from continuum.people.models import Allocation, AllocationRole

PER_MONTH = 40
MONTHS = 24
GRADES = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]
#: Grade weights for a child whose assessments were on time, and for one with a late assessment.
WEIGHTS_TIMELY = (4, 42, 46, 8)
WEIGHTS_LATE = (1, 25, 56, 18)

#: Sixteen partners returned of eighteen asked (seed 003 L231: "16 responses from partner agencies").
PARTNERS: tuple[tuple[str, str], ...] = (
    ("Metropolitan Police, North West BCU", "Police"),
    ("Royal Free London NHS Foundation Trust", "Health"),
    ("Central London Community Healthcare", "Health"),
    ("North London Clinical Commissioning Group", "Health"),
    ("Barnet, Enfield and Haringey Mental Health Trust", "Health"),
    ("London Ambulance Service", "Health"),
    ("National Probation Service", "Justice"),
    ("Community Rehabilitation Company", "Justice"),
    ("Youth Offending Service", "Justice"),
    ("Barnet Homes", "Housing"),
    ("Middlesex University", "Education"),
    ("Barnet and Southgate College", "Education"),
    ("Barnet Education and Learning Service", "Education"),
    ("CAFCASS", "Courts"),
    ("London Fire Brigade", "Emergency services"),
    ("Barnet Libraries", "Council"),
    ("Barnet Leisure (GLL)", "Leisure"),
    ("Barnet Mencap", "Voluntary"),
)
RETURNED = 16


@dataclass(frozen=True)
class DemoUsers:
    qa: User
    manager: User
    worker: User


def _users() -> DemoUsers | None:
    found = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    needed = ("demo-qa", "demo-team-manager", "demo-social-worker")
    if not all(name in found for name in needed):
        return None
    return DemoUsers(found["demo-qa"], found["demo-team-manager"], found["demo-social-worker"])


def _late_children() -> set[int]:
    """Children with an assessment authorised more than 45 working days after it started."""
    late: set[int] = set()
    rows = Assessment.objects.filter(assessment_authorisation_date__isnull=False).values_list(
        "cin_episode__child_id", "assessment_actual_start_date", "assessment_authorisation_date"
    )
    for child_id, start, end in rows.iterator():
        if start and end and working_days_between(start, end) > 45:
            late.add(child_id)
    return late


def _intervals(rows: Sequence[tuple[int, date, date | None]]) -> dict[int, list[tuple[date, date | None]]]:
    result: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for child_id, start, end in rows:
        result[child_id].append((start, end))
    return result


def _open_on(spans: list[tuple[date, date | None]], day: date) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in spans)


def _candidates(
    day: date, allocations: list[tuple[int, int, date, date | None]], cla: dict, cp: dict
) -> list:  # type: ignore[type-arg]
    """The cases held on ``day`` with their status then, as the live programme would have seen them."""
    out = []
    for child_id, team_id, start, end in allocations:
        if start <= day and (end is None or end >= day):
            status = (
                "CLA"
                if _open_on(cla.get(child_id, []), day)
                else "CP"
                if _open_on(cp.get(child_id, []), day)
                else "CIN"
            )
            out.append(sampling.Candidate(team_id, status, child_id))
    return out


@transaction.atomic
def ensure_demo_assurance(*, seed: int = 2019, months: int = MONTHS, per_month: int = PER_MONTH) -> int:
    """Write the demo's QA records once (nothing if any case audit exists); return the audits written."""
    if CaseAudit.objects.exists():
        return 0
    users = _users()
    if users is None:
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not a secret
    today = clock.today()
    allocations = list(
        Allocation.objects.filter(role=AllocationRole.CASE_HOLDER).values_list(
            "child_id", "team_id", "start_date", "end_date"
        )
    )
    cla = _intervals(list(CLAEpisode.objects.values_list("child_id", "decom", "dec")))
    cp = _intervals(list(CPPlan.objects.values_list("child_id", "cpp_start_date", "cpp_end_date")))
    late = _late_children()
    tool = services.current_tool("case-file")
    first = add_months(today.replace(day=1), -months)
    last_audited: dict[int, date] = {}
    audits: list[CaseAudit] = []
    for n in range(months):
        month = add_months(first, n)
        as_at = month + timedelta(days=14)
        if as_at > today:
            break
        programme = AuditProgramme.objects.create(month=month, target=per_month, tool=tool, seed=seed + n)
        since = add_months(month, -sampling.EXCLUDE_MONTHS)
        exclude = {child for child, day in last_audited.items() if day >= since}
        for candidate in sampling.propose(
            _candidates(as_at, allocations, cla, cp), per_month, seed + n, exclude
        ):
            last_audited[candidate.child_id] = as_at
            audits.append(_audit(rng, programme, candidate, as_at, late, users, tool, today))
    CaseAudit.objects.bulk_create(audits)
    _details(rng, audits, tool, users, today)
    _moderation(random.Random(seed + 1), users, today, first)  # noqa: S311 - demo data
    _thematic(rng, users, today, allocations, cla, cp)
    _section_11(rng, users, today)
    _vcfs(random.Random(seed + 2), users, today)  # noqa: S311 - demo data
    _reviews(users, today)
    return CaseAudit.objects.count()


def _audit(rng: random.Random, programme, candidate, as_at, late, users, tool, today) -> CaseAudit:  # type: ignore[no-untyped-def]
    weights = WEIGHTS_LATE if candidate.child_id in late else WEIGHTS_TIMELY
    grade = rng.choices(GRADES, weights)[0]
    done = min(as_at + timedelta(days=rng.randint(3, 12)), today)
    by_qa = rng.random() < 0.2
    feedback = rng.random() < 0.6
    return CaseAudit(
        kind=AuditKind.CASE_FILE,
        tool=tool,
        programme=programme,
        child_id=candidate.child_id,
        team_id=candidate.team_id,
        stratum=candidate.status,
        as_at=as_at,
        auditor=users.qa if by_qa else users.manager,
        status=AuditStatus.COMPLETED,
        immediate_harm=False,
        overall_grade=grade,
        completed_on=done,
        summary="Read the latest assessment, plan, visits and supervision notes up to the audit date.",
        discussion_on=done,
        discussion_with="The case holder",
        discussion_note="What life is like for the child, and what would make the plan better.",
        feedback_how=rng.choice([FeedbackHow.VISIT, FeedbackHow.PHONE, FeedbackHow.MEETING])
        if feedback
        else FeedbackHow.NOT_SOUGHT,
        feedback_from="Parent" if feedback else "",
        feedback_said="They know who their social worker is and feel listened to."
        if feedback
        else "The family could not be reached in the audit month.",
    )


def _details(rng: random.Random, audits: list[CaseAudit], tool, users: DemoUsers, today: date) -> None:  # type: ignore[no-untyped-def]
    """Section grades, follow-ups of Inadequate audits, one immediate-harm finding, and QA actions."""
    rule = services.clock_rule(services.FOLLOW_UP_RULE)
    grades, follow_ups, actions = [], [], []
    for audit in audits:
        rank = GRADES.index(Grade(audit.overall_grade))
        for section in tool.sections:
            near = GRADES[min(3, max(0, rank + rng.choice((-1, 0, 0, 0, 1))))]
            grades.append(
                SectionGrade(audit=audit, section=section["key"], title=section["title"], grade=near)
            )
        if audit.overall_grade == Grade.INADEQUATE:
            due = due_date(rule, audit.completed_on)  # type: ignore[arg-type]
            done = due - timedelta(days=rng.randint(0, 10)) if due <= today and rng.random() < 0.9 else None  # type: ignore[operator]
            after = rng.choices(GRADES[1:], (3, 6, 1))[0] if done else ""
            follow_ups.append(
                FollowUpReview(
                    audit=audit,
                    due_on=due,
                    done_on=done,
                    grade=after,
                    result="Re-audited: plan updated and risk reviewed." if done else "",
                    reviewer=users.qa if done else None,
                )
            )
        if rng.random() < 0.3:
            actions.append(
                (
                    audit,
                    rng.choice(
                        [
                            "Update the plan with SMART outcomes",
                            "Record the child's views in their words",
                            "Refresh the chronology and genogram",
                            "Record management oversight of the plan",
                        ]
                    ),
                )
            )
    SectionGrade.objects.bulk_create(grades)
    FollowUpReview.objects.bulk_create(follow_ups)
    owners = who_acts(audits, users)
    # One immediate-harm finding, with its action and alerts, as the service writes them: on the
    # latest audit of a child whose team manager can open the record, so the action can be done.
    harmed = [a for a in audits if users.manager in owners.get(a.child_id, [])] or audits
    latest = max(harmed, key=lambda a: a.completed_on or date.min, default=None)
    if latest is not None:
        latest.immediate_harm, latest.immediate_harm_note = (
            True,
            "Unexplained bruising on the last visit not followed up.",
        )
        latest.save(update_fields=["immediate_harm", "immediate_harm_note"])
        services._raise_harm(
            latest,
            services.HarmAction("Strategy discussion today", users.manager, latest.completed_on or today),
            users.qa,
        )
    _bulk_actions(rng, [(a, what) for a, what in actions if owners.get(a.child_id)], owners, users, today)


def who_acts(audits: Sequence[CaseAudit], users: DemoUsers) -> dict[int, list[User]]:
    """Who may be given an audited child's actions, as a real audit gives them: the child's allocated
    social worker, or their team manager, and only one who can open the child's record.

    Why: the demo has few sign-ins, and an action given to someone who cannot open the child (the
    demo social worker, for a child in another team) sits overdue in their actions for ever. A child
    none of them can open gets no action here (its case holder in the borough has no sign-in).
    """
    child_ids = {a.child_id for a in audits}
    holds = set(
        Allocation.objects.filter(
            role=AllocationRole.CASE_HOLDER,
            end_date__isnull=True,
            worker__user=users.worker,
            child_id__in=child_ids,
        ).values_list("child_id", flat=True)
    )
    worker_sees = visible_children(users.worker, holds) if holds else set()
    manager_sees = visible_children(users.manager, child_ids) if child_ids else set()
    found: dict[int, list[User]] = {}
    for child_id in sorted(child_ids):
        owners = [users.worker] if child_id in worker_sees else []
        if child_id in manager_sees:
            owners.append(users.manager)
        if owners:
            found[child_id] = owners
    return found


def _bulk_actions(
    rng: random.Random,
    actions: list[tuple[CaseAudit, str]],
    owners: dict[int, list[User]],
    users: DemoUsers,
    today: date,
) -> None:
    kind = ContentType.objects.get_for_model(CaseAudit)
    rows = []
    for audit, what in actions:
        due: date = (audit.completed_on or today) + timedelta(days=28)
        done: date | None = (
            due - timedelta(days=rng.randint(-10, 20))
            if due < today - timedelta(days=30) or rng.random() < 0.3
            else None
        )
        if done is not None and done > today:
            done = today
        rows.append(
            Action(
                what=what,
                owner=rng.choice(owners[audit.child_id]),
                due_date=due,
                status="done" if done else "open",
                status_date=done,
                source_type=kind,
                source_id=audit.pk,
                source_label=f"Case audit {audit.pk}",
                child_id=audit.child_id,
                created_by=users.manager,
            )
        )
    Action.objects.bulk_create(rows)
    ActionChange.objects.bulk_create(
        [
            ActionChange(action=a, by=users.manager, field="created", new=f"due {day_words(a.due_date)}")
            for a in rows
        ]
    )


def _moderation(rng: random.Random, users: DemoUsers, today: date, first: date) -> None:
    """Each ended month's moderation sample, drawn as the live page draws it, and moderated by QA:
    every month but the last two in full, the month before last half-way, last month not drawn (so
    the QA officer can draw it). The demo has one QA officer, who does not moderate their own audits.
    Moderators agree with the auditor three times in four, otherwise differ by a grade."""
    last_ended = today.replace(day=1) - timedelta(days=1)
    months = []
    month = first
    while services.month_end(month) < last_ended.replace(day=1):
        months.append(month)
        month = add_months(month, 1)
    moderated = []
    for n, month in enumerate(months):
        try:
            sample = services.draw_moderation_sample(
                month=month, share=sampling.MODERATION_SHARE, seed=4000 + n, by=users.qa
            )
        except services.AssuranceError:  # no audits completed that month
            continue
        half = n == len(months) - 1
        for pick in sample.picks.select_related("audit"):
            audit = pick.audit
            if audit.auditor_id == users.qa.pk or (half and rng.random() < 0.5):
                continue
            grade = audit.overall_grade
            if rng.random() < 0.25:  # moderators differ by a grade now and then
                grade = GRADES[min(3, max(0, GRADES.index(Grade(grade)) + rng.choice((-1, 1))))]
            audit.moderated_grade, audit.moderated_by = grade, users.qa
            audit.moderated_on = min(services.month_end(month) + timedelta(days=rng.randint(3, 12)), today)
            audit.moderation_note = (
                "" if grade == audit.overall_grade else "Evidence on the file supports a different grade."
            )
            moderated.append(audit)
    CaseAudit.objects.bulk_update(
        moderated, ["moderated_grade", "moderated_by", "moderated_on", "moderation_note"]
    )


#: Voluntary, community and faith sector groups asked for the VCFS checklist (invented names);
#: seed 003 L233: the checklist "received 18 responses".
VCFS_GROUPS: tuple[str, ...] = (
    "Hendon Youth Football Club",
    "Colindale Community Trust",
    "Burnt Oak Family Centre",
    "Edgware Faith Forum",
    "Finchley Scouts and Guides",
    "Mill Hill Music Workshop",
    "Barnet Young Carers Project",
    "Golders Green Homework Club",
    "Chipping Barnet Food Bank",
    "Whetstone Boxing Academy",
    "Friern Barnet Parents' Network",
    "West Hendon Girls' Group",
    "Grahame Park Youth Partnership",
    "New Barnet Church Youth Work",
    "Childs Hill Mosque Education Centre",
    "Totteridge Tutoring Trust",
    "Cricklewood Refugee Welcome",
    "East Finchley Play Association",
    "High Barnet Drama Club",
    "Brent Cross Sports Foundation",
)
VCFS_RETURNED = 18
#: The seed's findings: most confident about training and supervision, wanting help with a culture
#: of listening to children and with information sharing agreements (question keys of the tool).
VCFS_STRONG = {"s3q1", "s3q2"}
VCFS_WEAK = {"s4q1", "s5q2"}


def _vcfs(rng: random.Random, users: DemoUsers, today: date) -> None:
    """A VCFS safeguarding checklist round on the VCFS tool's current questions: 18 of 20 returned."""
    orgs = [
        PartnerOrganisation.objects.get_or_create(name=name, defaults={"sector": "Voluntary"})[0]
        for name in VCFS_GROUPS
    ]
    opened = add_months(today.replace(day=1), -5)
    campaign = services.open_campaign(
        title=f"VCFS safeguarding checklist {opened.year}",
        opened_on=opened,
        due_on=opened + timedelta(days=42),
        organisation_ids=[o.pk for o in orgs],
        checklist="vcfs",
    )
    Section11Campaign.objects.filter(pk=campaign.pk).update(
        themes="Groups are most confident that staff are trained and supported; they ask for help "
        "with a culture of listening to children and with information sharing agreements.",
    )
    returns = list(Section11Return.objects.filter(campaign=campaign).order_by("organisation__name"))
    for ret in returns[:VCFS_RETURNED]:
        ratings = {}
        for standard in campaign.standards:
            key = standard["key"]
            weights = (1, 2, 12) if key in VCFS_STRONG else (3, 6, 2) if key in VCFS_WEAK else (1, 3, 7)
            ratings[key] = {
                "rag": rng.choices(["red", "amber", "green"], weights)[0],
                "evidence": "Policy, training log and supervision notes.",
            }
        services.submit_return(
            ret, ratings=ratings, by=users.qa, on=opened + timedelta(days=rng.randint(10, 40))
        )


def _thematic(rng, users: DemoUsers, today: date, allocations, cla, cp) -> None:  # type: ignore[no-untyped-def]
    """A MASH thematic audit (seed 002: 81 case files) and a multi-agency audit (seed 003: sexual abuse)."""
    for title, kind, code, size, agencies, months_ago in (
        ("MASH: decision making at the front door", AuditKind.THEMATIC, "mash-threshold", 20, "", 9),
        (
            "Multi-agency audit: child sexual abuse",
            AuditKind.MULTI_AGENCY,
            "multi-agency",
            8,
            "Police\nHealth\nEducation\nChildren's social care",
            4,
        ),
    ):
        tool = services.current_tool(code)
        started = add_months(today.replace(day=1), -months_ago)
        theme = ThematicAudit.objects.create(
            title=title,
            kind=kind,
            tool=tool,
            agencies=agencies,
            started_on=started,
            completed_on=started + timedelta(days=40),
            findings=(
                "Responses to risk were proportionate and timely; information sharing was good; "
                "the voice of the child was not always recorded."
            ),
            recommendations="Multi-agency training on thresholds; the child's voice in every agency's notes.",
            created_by=users.qa,
        )
        theme.auditors.add(users.qa, users.manager)
        drawn = sampling.propose(_candidates(started, allocations, cla, cp), size, rng.randint(1, 10**6))
        CaseAudit.objects.bulk_create(
            [
                CaseAudit(
                    kind=kind,
                    tool=tool,
                    thematic=theme,
                    child_id=c.child_id,
                    team_id=c.team_id,
                    stratum=c.status,
                    as_at=started,
                    auditor=users.qa,
                    agency=agencies.splitlines()[n % 4] if agencies else "",
                    status=AuditStatus.COMPLETED,
                    immediate_harm=False,
                    overall_grade=rng.choices(GRADES, WEIGHTS_TIMELY)[0],
                    completed_on=started + timedelta(days=30),
                    summary="Audited against the theme's question set.",
                )
                for n, c in enumerate(drawn)
            ]
        )
        training = services.add_action(
            theme,
            what="Deliver multi-agency threshold training",
            owner=users.manager,
            due=started + timedelta(days=120),
            by=users.qa,
        )
        if training.due_date < today - timedelta(days=30):  # the older audit's training was delivered
            action_services.set_status(
                training, status="done", by=users.manager, on=training.due_date - timedelta(days=9)
            )


def _section_11(rng: random.Random, users: DemoUsers, today: date) -> None:
    orgs = [
        PartnerOrganisation.objects.get_or_create(name=name, defaults={"sector": sector})[0]
        for name, sector in PARTNERS
    ]
    opened = add_months(today.replace(day=1), -3)
    campaign = services.open_campaign(
        title=f"Section 11 self-assessment {opened.year}",
        opened_on=opened,
        due_on=opened + timedelta(days=42),
        organisation_ids=[o.pk for o in orgs],
    )
    Section11Campaign.objects.filter(pk=campaign.pk).update(
        themes="The training offer needs to be better publicised and a wider range of partners to attend; "
        "partners need more support embedding listening to the voice of the child.",
        panel_on=opened + timedelta(days=60),
        panel_note="Each partner presented its return; challenge on training take-up.",
    )
    returns = list(Section11Return.objects.filter(campaign=campaign).order_by("organisation__name"))
    member = User.objects.filter(username="demo-partner-member").first()
    if member is not None:  # the demo's partner member answers for an organisation still to return
        returns[RETURNED].organisation.members.add(member)
    for ret in returns[:RETURNED]:
        ratings = {
            key: {
                "rag": rng.choices(["green", "amber", "red"], (6, 3, 1))[0],
                "evidence": "Policy, training records and audit.",
            }
            for key, _text in services.SECTION_11_STANDARDS
        }
        services.submit_return(
            ret, ratings=ratings, by=users.qa, on=opened + timedelta(days=rng.randint(10, 40))
        )
        services.give_feedback(
            ret,
            feedback="Publicise safeguarding training to all staff; show how children's views shape it.",
            by=users.qa,
            on=opened + timedelta(days=55),
        )


def _reviews(users: DemoUsers, today: date) -> None:
    """Two rapid reviews (seed 003 L242-261): one led to a CSPR, one to a local learning exercise."""
    g = PracticeReview.objects.create(
        reference="Child G",
        summary="An infant was seriously injured; head circumference increase not acted on.",
        notified_on=add_months(today, -8),
        created_by=users.qa,
    )
    services.record_rapid_review(
        g,
        held_on=services.rapid_review_due(g.notified_on) - timedelta(days=2),
        decision=ReviewDecision.CSPR,
        reason="Learning for the whole partnership about unborn and infant risk.",
        by=users.qa,
    )
    services.move_review(g, stage=ReviewStage.UNDERWAY, by=users.qa)
    for what, months in (
        ("Embed the unborn protocol across agencies", 2),
        ("Training on head circumference as a cause for concern", 4),
    ):
        services.add_action(g, what=what, owner=users.manager, due=add_months(today, months - 3), by=users.qa)
    h = PracticeReview.objects.create(
        reference="Young person H",
        summary="A young person was seriously hurt in an incident of youth violence.",
        notified_on=add_months(today, -5),
        created_by=users.qa,
    )
    services.record_rapid_review(
        h,
        held_on=services.rapid_review_due(h.notified_on),
        decision=ReviewDecision.LOCAL_LEARNING,
        reason="Local learning on vulnerable adolescents and mental health response.",
        by=users.qa,
    )
