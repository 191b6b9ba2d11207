"""The annual report card on the home page (a builder for ``continuum/web/home_today.py``, wired in by
the lead): what an officer or partner asked to write a chapter, or the business manager who reviews
them, should know first.

Chapters given to the user that are not yet approved (with those overdue or returned for changes), and
for a body's business manager the chapters awaiting their review. Numbers and links only; two queries.
``home_today`` is imported inside the function, as the other areas' card builders do (no import cycle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from continuum.partnership.models import Chapter

if TYPE_CHECKING:
    from continuum.web.home_today import Card


def _to_write(writing: list[Chapter]) -> tuple[str, str]:
    """Where the "Chapters to write" line leads: the chapter's own page, where it is written (the soonest
    due, when there are several); no link when there is nothing to write.

    Why: a line with an address but no words showed no link at all on the home page, and the card's
    own link opens the report, one step further from the writing.
    """
    if not writing:
        return "", ""
    return writing[0].get_absolute_url(), "Write it" if len(writing) == 1 else "Write the one due first"


def annual_report_chapters(ask: Any) -> Card | None:
    """Chapters to write (and, for the business manager, to review); None when there are neither."""
    from continuum.web.home_today import Card, Line

    if not ask.user.is_authenticated:
        return None
    me = ask.user.pk
    submitted = Chapter.Status.SUBMITTED
    # One query for both lists: every user's home page asks, and most have neither.
    rows = list(
        Chapter.objects.exclude(status=Chapter.Status.APPROVED)
        .filter(Q(owner_id=me) | Q(report__body__secretary_id=me, status=submitted))
        .select_related("report__body")
    )
    mine = [c for c in rows if c.owner_id == me]
    to_review = [c for c in rows if c.report.body.secretary_id == me and c.status == submitted]
    if not mine and not to_review:
        return None
    writing = sorted((c for c in mine if c.status == Chapter.Status.DRAFTING), key=lambda c: (c.due_on, c.pk))
    overdue = sum(1 for c in writing if c.due_on < ask.day)
    returned = sum(1 for c in writing if c.review_note)
    first = (to_review or writing or mine)[0]
    lines = []
    if mine:
        href, link_text = _to_write(writing)
        lines += [
            Line("Chapters to write", len(writing), href=href, link_text=link_text),
            Line("Past their due date", overdue, detail="chapters not yet submitted", urgent=overdue > 0),
            Line("Returned for changes", returned, detail="the reviewer's note is on the chapter"),
        ]
    if to_review:
        lines.append(
            Line(
                "Chapters awaiting your review",
                len(to_review),
                href=to_review[0].get_absolute_url(),
                link_text="Review it" if len(to_review) == 1 else "Review the first",
            )
        )
    return Card(
        "annual-report",
        "Annual report chapters",
        first.report.get_absolute_url(),
        "Open the annual report",
        lines=tuple(lines),
    )
