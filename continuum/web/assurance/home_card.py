"""The QA officer's home-page card: what quality assurance has to do today (for
continuum/web/home_today.py's BUILDERS, wired in by the lead as ``"qa": qa_today`` for the QA officer).

Why these lines: each is work with a clock or a queue behind it in issue 19 — case audits given to
the officer still to do, the moderation sample (last month's still to draw, audits waiting for this
officer), Inadequate audits whose follow-up review is overdue, rapid reviews not yet held (due within
15 working days of the notification), and overdue actions in the QA action plan. Counts only: no
child is named on the home page. A fixed handful of queries.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from continuum.actions.models import ActionStatus
from continuum.assurance import figures, services
from continuum.assurance.models import (
    AuditStatus,
    CaseAudit,
    ModerationPick,
    ModerationSample,
)
from continuum.core.dates import day_words
from continuum.core.policy import may
from continuum.web.home_today import Card, Line, _Ask


def qa_today(ask: _Ask) -> Card | None:
    """QA officers: audits to do, moderation, overdue follow-ups, rapid reviews due, overdue actions."""
    if not may(ask.user, "assurance.manage"):
        return None
    day = ask.day
    lines = [
        Line(
            "Case audits given to you",
            CaseAudit.objects.filter(auditor=ask.user, status=AuditStatus.ASSIGNED).count(),
            href=reverse("assurance-home"),
            link_text="Open your case audits",
        )
    ]
    lines.append(_moderation_line(ask))
    start, end = figures.last_twelve_months(day)
    overdue = figures.follow_ups_overdue(start, end, day).count()
    lines.append(
        Line(
            "Follow-up reviews of Inadequate audits overdue",
            overdue,
            detail=f"Of case audits completed in the last 12 months, {day_words(start)} to "
            f"{day_words(end)}, as the QA dashboard counts them.",
            href=reverse("assurance-drilldown", args=["follow-up-overdue"])
            + f"?from={start.isoformat()}&to={end.isoformat()}",
            link_text="See which",
            urgent=bool(overdue),
        )
    )
    lines.append(_rapid_review_line(ask))
    late = figures.qa_actions().filter(status=ActionStatus.OPEN, due_date__lt=day).count()
    lines.append(
        Line(
            "QA actions overdue",
            late,
            href=reverse("assurance-action-plan"),
            link_text="Open the QA action plan",
            urgent=bool(late),
        )
    )
    return Card(
        "qa", "Quality assurance today", reverse("assurance-home"), "Open quality assurance", tuple(lines)
    )


def _moderation_line(ask: _Ask) -> Line:
    """Last month's sample still to draw (when it has audits), else the audits waiting for this officer
    in drawn samples (not their own: an auditor does not moderate their own audit)."""
    last_month = (ask.day.replace(day=1) - timedelta(days=1)).replace(day=1)
    if (
        not ModerationSample.objects.filter(month=last_month).exists()
        and services.moderation_pool(last_month).exists()
    ):
        return Line(
            "Moderation sample",
            value="Not drawn",
            detail=f"{last_month:%B %Y}'s case audits are ready to sample.",
            href=reverse("assurance-moderation"),
            link_text="Draw the sample",
            urgent=True,
        )
    waiting = (
        ModerationPick.objects.filter(audit__moderated_grade="")
        .exclude(audit__auditor=ask.user)
        .values("audit")
        .distinct()
        .count()
    )
    return Line(
        "Case audits waiting for moderation",
        waiting,
        href=reverse("assurance-moderation"),
        link_text="Open the moderation samples",
    )


def _rapid_review_line(ask: _Ask) -> Line:
    """Notifications whose rapid review is not yet held, and how many of them are past the 15 days."""
    from continuum.assurance.models import PracticeReview

    waiting = list(
        PracticeReview.objects.filter(rapid_review_on__isnull=True).values_list("notified_on", flat=True)
    )
    late = sum(1 for notified in waiting if services.rapid_review_due(notified) < ask.day)
    return Line(
        "Rapid reviews not yet held",
        len(waiting),
        detail=f"{late} past the 15 working days." if late else "",
        href=reverse("assurance-reviews"),
        link_text="Open the practice reviews register",
        urgent=bool(late),
    )
