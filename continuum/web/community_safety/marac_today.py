"""The MARAC coordinator's card for the home page (wired into continuum/web/home_today.py).

Why these lines: a coordinator's three weeks run to the next meeting, so the card says when it is (on
the three-weekly cycle even before a referral has listed anyone at it: ``marac_records.next_sitting``)
and how many cases are listed for it, the quarter's referrals and repeats (the figure the domestic
violence groups ask for), and the actions agreed at MARAC now overdue. Numbers only: the cases stay on
the meeting page, by referral number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse

from continuum.community_safety import marac, marac_records
from continuum.community_safety.models import MaracReferral
from continuum.core.dates import day_words
from continuum.core.policy import may
from continuum.core.timescales import add_months
from continuum.metrics.periods import PeriodKind, period_of

if TYPE_CHECKING:
    from continuum.web.home_today import Card, _Ask

#: Where the MARAC page lists the actions overdue (the card's count links there).
OVERDUE_ANCHOR = "overdue-actions"


def marac_today(ask: _Ask) -> Card | None:
    """The next meeting, this quarter's referrals and repeats, and overdue MARAC actions; None for
    anyone who does not record MARAC. A handful of queries, whatever the number of referrals."""
    from continuum.web.home_today import Card, Line

    if not may(ask.user, "community_safety.marac_record"):
        return None
    figures = reverse("community-safety-marac")
    new = reverse("marac-referral-new")
    sitting = marac_records.next_sitting(ask.day)
    year, number = marac.quarter_of(ask.day)
    # The quarter's referrals and every hearing in the year before it (which make a repeat), no more.
    since = add_months(period_of(ask.day, PeriodKind.QUARTER).start, -12)
    rows = MaracReferral.objects.filter(Q(referred_on__gte=since) | Q(meeting__held_on__gte=since))
    quarter = next(
        (q for q in marac.quarterly(rows.select_related("meeting")) if (q.year, q.number) == (year, number)),
        marac.Quarter(year, number),
    )
    overdue = marac.overdue_actions(ask.day).count()
    if sitting is None:
        next_line = Line(
            "Next MARAC",
            value="Not known yet",
            detail="Record a referral with the first meeting's date to start the three-weekly cycle.",
        )
    elif sitting.meeting is None:
        next_line = Line("Next MARAC", value=day_words(sitting.day), detail="No cases listed yet.")
    else:
        cases = marac_records.listed_cases(sitting.meeting)
        next_line = Line(
            "Next MARAC",
            value=day_words(sitting.day),
            detail=f"{cases} case{'' if cases == 1 else 's'} listed.",
            href=reverse("marac-meeting", args=[sitting.meeting.pk]),
            link_text="Open the meeting",
        )
    return Card(
        "marac",
        "MARAC",
        new,
        "Record a referral",
        (
            next_line,
            Line(
                f"Referrals in {quarter.label}",
                quarter.referrals,
                detail=f"{quarter.repeats} repeat{'' if quarter.repeats == 1 else 's'}."
                if quarter.referrals
                else "",
                href=figures,
                link_text="See the quarterly figures",
            ),
            Line(
                "MARAC actions overdue",
                overdue,
                href=f"{figures}#{OVERDUE_ANCHOR}" if overdue else "",
                link_text="See the overdue actions" if overdue else "",
                urgent=bool(overdue),
            ),
        ),
    )
