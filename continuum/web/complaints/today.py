"""The complaints card for the home page: what is due or overdue today (the lead wires it into
continuum/web/home_today.py as a builder).

Why a card of its own: the complaints officer's home page offered "Find a child" only, so the
officer opened the tray to learn whether a stage had run out of time. The card answers that first
question with the tray's own numbers (the same selector, so the two never disagree) and, for the
officer, the members' enquiries on their 5-working-day clock. A response author who is not
complaints staff gets the stages they are named to answer. Numbers only: no complainant, no child.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from continuum.complaints import selectors
from continuum.core.dates import day_words
from continuum.core.policy import may
from continuum.core.timescales import Status

if TYPE_CHECKING:
    from continuum.web.home_today import Card, _Ask


def complaints_today(ask: _Ask) -> Card | None:
    """Stages overdue and due soon (all of them for complaints staff, an author's own otherwise) and
    members' enquiries awaiting an answer; None for someone with no complaints work. Two queries."""
    from continuum.web.home_today import Card, Line

    user = ask.user
    if not may(user, "complaints.home"):
        return None
    staff = may(user, "complaints.record")
    stages = selectors.open_stages(ask.day, author_id=None if staff else user.pk)
    if not staff and not stages:
        return None
    tray = reverse("complaints-tray")
    overdue = [s for s in stages if s.status is Status.OVERDUE]
    soon = [s for s in stages if s.status is Status.DUE_SOON]
    lines = [
        Line(
            "Stages overdue",
            len(overdue),
            detail=f"The oldest was due {day_words(overdue[0].due, weekday=True, year=False)}."
            if overdue
            else "",
            href=tray,
            link_text="See overdue stages",
            urgent=bool(overdue),
        ),
        Line(
            "Stages due soon",
            len(soon),
            detail=f"The first is due {day_words(soon[0].due, weekday=True, year=False)}." if soon else "",
            href=tray,
            link_text="See stages due soon",
        ),
        Line("Open stages in all", len(stages), href=tray, link_text="Open the tray"),
    ]
    if staff and may(user, "complaints.feedback"):
        enquiries = selectors.open_enquiries(ask.day)
        late = sum(1 for e in enquiries if e.status is Status.OVERDUE)
        lines.append(
            Line(
                "Members' enquiries awaiting an answer",
                len(enquiries),
                detail=f"{late} past the 5-working-day clock." if enquiries else "",
                href=reverse("complaints-enquiries"),
                link_text="See members' enquiries",
                urgent=bool(late),
            )
        )
    return Card(
        "complaints",
        "Complaints due" if staff else "Complaint responses you must write",
        tray,
        "Open the complaints tray",
        tuple(lines),
        note="" if stages else "No complaint stage is open.",
    )
