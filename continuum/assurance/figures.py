"""The QA figures: audits by type and month, grades, immediate harm, moderation agreement, follow-ups,
actions, Section 11 responses. One reader for the dashboard, the annual report and the indicator.

Why one module: the dashboard, the annual report (``./run report qa-annual``) and the indicator "% of
audits Good or better" must give the same number for the same period; each figure also carries the ids
of the audits behind it, so every figure drills down to its audits (the page checks each one).

The arithmetic is in pure functions over :class:`AuditRow` (known-answer tests need no database);
:func:`rows` reads them in one query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType

from continuum.actions.models import Action, ActionStatus
from continuum.assurance.models import (
    GOOD_OR_BETTER,
    AuditKind,
    AuditStatus,
    CaseAudit,
    FollowUpReview,
    Grade,
    PracticeReview,
    Section11Campaign,
    ThematicAudit,
)

GRADES = list(Grade)
_RANK = {grade.value: n for n, grade in enumerate(GRADES)}


@dataclass(frozen=True)
class AuditRow:
    """What the figures need of one completed audit."""

    id: int
    kind: str
    month: str
    grade: str
    team: str
    theme: str
    immediate_harm: bool
    moderated_grade: str = ""
    follow_up_due: date | None = None
    follow_up_done: date | None = None
    follow_up_grade: str = ""


@dataclass(frozen=True)
class Figure:
    """One figure: its words, its value as shown, and the audits behind it (for the drill-down)."""

    key: str
    label: str
    value: str
    ids: tuple[int, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Agreement:
    agreed: int
    total: int

    @property
    def rate(self) -> float | None:
        return None if self.total == 0 else self.agreed / self.total


#: Said for the agreement of moderated audits when none is moderated yet (never "None").
NOT_MODERATED = "Not moderated yet"


def percent(part: int, whole: int, empty: str = "No audits") -> str:
    """ "63% (25 of 40)", or ``empty`` in words for an empty whole ("No audits", "Not moderated
    yet"): a page never shows "None" as a value. Rounded half away from zero."""
    if whole == 0:
        return empty
    return f"{int(part * 100 / whole + 0.5)}% ({part} of {whole})"


def agreement(rows: Iterable[AuditRow]) -> Agreement:
    """Moderated audits whose moderated grade is the auditor's grade, of all moderated audits."""
    moderated = [row for row in rows if row.moderated_grade]
    return Agreement(sum(1 for row in moderated if row.moderated_grade == row.grade), len(moderated))


def good_or_better(rows: Sequence[AuditRow]) -> tuple[int, int]:
    return sum(1 for row in rows if row.grade in GOOD_OR_BETTER), len(rows)


def follow_up_result(row: AuditRow) -> str:
    """ "improved", "same" or "worse" at the follow-up of an Inadequate audit ("" if not done)."""
    if not row.follow_up_grade:
        return ""
    before, after = _RANK[row.grade], _RANK[row.follow_up_grade]
    return "improved" if after < before else "same" if after == before else "worse"


def compute(rows: Sequence[AuditRow], today: date) -> list[Figure]:
    """Every QA figure over ``rows`` (completed audits of the period), each with its audits."""
    figures: list[Figure] = []
    ids = tuple(row.id for row in rows)
    figures.append(Figure("completed", "Case audits completed", str(len(rows)), ids))
    for kind in AuditKind:
        of_kind = tuple(row.id for row in rows if row.kind == kind.value)
        if of_kind:
            figures.append(Figure(f"kind-{kind.value}", kind.label, str(len(of_kind)), of_kind))
    good, whole = good_or_better(rows)
    figures.append(
        Figure(
            "good-or-better",
            "Audits graded Good or better",
            percent(good, whole),
            tuple(row.id for row in rows if row.grade in GOOD_OR_BETTER),
        )
    )
    for grade in GRADES:
        graded = tuple(row.id for row in rows if row.grade == grade.value)
        figures.append(
            Figure(f"grade-{grade.value}", f"Graded {grade.label}", percent(len(graded), whole), graded)
        )
    harm = tuple(row.id for row in rows if row.immediate_harm)
    figures.append(Figure("immediate-harm", "Immediate harm found", str(len(harm)), harm))
    agreed = agreement(rows)
    figures.append(
        Figure(
            "moderation",
            "Moderation: auditor and moderator agree",
            percent(agreed.agreed, agreed.total, NOT_MODERATED),
            tuple(row.id for row in rows if row.moderated_grade),
        )
    )
    inadequate = [row for row in rows if row.follow_up_due is not None]
    overdue = tuple(row.id for row in inadequate if row.follow_up_done is None and row.follow_up_due < today)  # type: ignore[operator]
    done = [row for row in inadequate if row.follow_up_done is not None]
    figures.append(Figure("follow-up-overdue", "Follow-up reviews overdue", str(len(overdue)), overdue))
    improved = tuple(row.id for row in done if follow_up_result(row) == "improved")
    figures.append(
        Figure(
            "follow-up-improved",
            "Follow-up reviews: grade improved",
            percent(len(improved), len(done), "No follow-up reviews done"),
            improved,
        )
    )
    return figures


def by_group(rows: Sequence[AuditRow], attribute: str) -> list[tuple[str, dict[str, int], tuple[int, ...]]]:
    """Grade counts per team (or theme, or month): (name, {grade: count}, audit ids), by name."""
    groups: dict[str, list[AuditRow]] = {}
    for row in rows:
        groups.setdefault(getattr(row, attribute) or "No team", []).append(row)
    return [
        (name, dict(Counter(row.grade for row in members)), tuple(row.id for row in members))
        for name, members in sorted(groups.items())
    ]


def by_type_and_month(rows: Sequence[AuditRow]) -> dict[tuple[str, str], int]:
    return dict(Counter((row.kind, row.month) for row in rows))


# --- Reading the record --------------------------------------------------------------------------------


def rows(start: date, end: date) -> list[AuditRow]:
    """Completed audits with ``completed_on`` in [start, end], in one query."""
    audits = (
        CaseAudit.objects.filter(status=AuditStatus.COMPLETED, completed_on__gte=start, completed_on__lte=end)
        .select_related("team", "thematic", "tool", "follow_up")
        .order_by("completed_on", "pk")
    )
    result = []
    for audit in audits:
        follow_up: FollowUpReview | None = getattr(audit, "follow_up", None)
        result.append(
            AuditRow(
                id=audit.pk,
                kind=audit.kind,
                month=f"{audit.completed_on:%Y-%m}",
                grade=audit.overall_grade,
                team=audit.team.name if audit.team else "",
                theme=audit.thematic.title if audit.thematic else audit.tool.name,
                immediate_harm=bool(audit.immediate_harm),
                moderated_grade=audit.moderated_grade,
                follow_up_due=follow_up.due_on if follow_up else None,
                follow_up_done=follow_up.done_on if follow_up else None,
                follow_up_grade=follow_up.grade if follow_up else "",
            )
        )
    return result


def last_twelve_months(today: date) -> tuple[date, date]:
    """The QA figures' standing period: from the first of the month eleven months back to today.

    Why one function: the QA dashboard and the QA officer's home card both count overdue follow-up
    reviews, and a reader comparing them must see the same number for the same period.
    """
    start = (today.replace(day=1) - timedelta(days=335)).replace(day=1)
    return start, today


def follow_ups_overdue(start: date, end: date, today: date) -> Any:
    """Follow-up reviews not done and past due, of audits completed in [start, end]: the dashboard's
    "Follow-up reviews overdue" (:func:`compute` over :func:`rows`), counted in one query."""
    return FollowUpReview.objects.filter(
        done_on__isnull=True,
        due_on__lt=today,
        audit__status=AuditStatus.COMPLETED,
        audit__completed_on__gte=start,
        audit__completed_on__lte=end,
    )


QA_SOURCES = (CaseAudit, ThematicAudit, PracticeReview)


def qa_actions() -> Any:
    """Every action in the QA action plan: from case audits, thematic audits and practice reviews."""
    types = ContentType.objects.get_for_models(*QA_SOURCES).values()
    return Action.objects.filter(source_type__in=list(types)).select_related("owner", "child")


def actions_of(sources: Iterable[Any]) -> list[Action]:
    sources = list(sources)
    if not sources:
        return []
    kind = ContentType.objects.get_for_model(sources[0])
    return list(Action.objects.filter(source_type=kind, source_id__in=[s.pk for s in sources]))


@dataclass(frozen=True)
class ActionFigures:
    open: int
    overdue: int
    done: int


def action_figures(today: date) -> ActionFigures:
    actions = qa_actions()
    return ActionFigures(
        open=actions.filter(status=ActionStatus.OPEN).count(),
        overdue=actions.filter(status=ActionStatus.OPEN, due_date__lt=today).count(),
        done=actions.filter(status=ActionStatus.DONE).count(),
    )


@dataclass(frozen=True)
class Section11Figures:
    campaign: Section11Campaign | None
    returned: int = 0
    asked: int = 0
    rags: dict[str, int] = field(default_factory=dict)


def section11_figures() -> Section11Figures:
    """The latest Section 11 campaign: returns in of returns asked for, and RAGs across all standards."""
    campaign = Section11Campaign.objects.filter(checklist="s11").order_by("-opened_on", "-pk").first()
    if campaign is None:
        return Section11Figures(None)
    returns = list(campaign.returns.all())
    rags: Counter[str] = Counter()
    for ret in returns:
        if ret.submitted_on:
            rags.update(rating.get("rag", "") for rating in ret.ratings.values())
    return Section11Figures(campaign, sum(1 for r in returns if r.submitted_on), len(returns), dict(rags))
