"""The IOM officer's card for the home page (the lead wires it into continuum/web/home_today.py).

Why these lines: the board asks how the matrix stands (Red: high risk of offending), who is wanted,
and whether a community action plan is in place before each release (seed 004 lines 745-790). An
IOM officer's morning starts there. Numbers only on the card: the names stay on the IOM page, where
each viewing is logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from continuum.community_safety import iom
from continuum.community_safety.models import IomOffender, RiskColour
from continuum.core.policy import may

if TYPE_CHECKING:
    from continuum.web.home_today import Card, Line, _Ask


def iom_today(ask: _Ask) -> Card | None:
    """Red on the matrix today, releases coming without a plan, wanted and due for removal; None for
    anyone outside the IOM team. A handful of queries, whatever the size of the cohort."""
    from continuum.web.home_today import Card, Line

    if not may(ask.user, "community_safety.iom_people"):
        return None
    href = reverse("community-safety-iom")
    counts = iom.counts_on(ask.day)
    releases = iom.releases(ask.day)
    near = [r for r in releases if r.near]
    unplanned = [r for r in near if r.needs_plan]
    weeks = iom.RELEASE_HORIZON_DAYS // 7
    listed = IomOffender.objects.filter(added_on__lte=ask.day)
    wanted = listed.filter(wanted=True).count()
    removal = listed.filter(removal_due=True).count()
    return Card(
        "iom",
        "Integrated offender management",
        href,
        "Open the IOM cohort",
        (
            Line(
                "Red (high risk of offending)",
                counts[RiskColour.RED.value],
                detail=f"Of {sum(counts.values())} on the matrix today.",
                href=href,
                link_text="See the risk matrix",
            ),
            Line(
                f"Due for release in the next {weeks} weeks",
                len(near),
                detail=f"{len(unplanned)} without a community action plan." if near else "",
                href=f"{href}#release-plans",
                link_text="See release plans",
                urgent=bool(unplanned),
            ),
            # The IOM page has no filter: these two say where on it to look, not a list of their own.
            _marked("On the wanted list", wanted, "Wanted", "who is wanted", href),
            _marked("Scheduled for removal", removal, "Due for removal", "who is due for removal", href),
        ),
    )


def _marked(label: str, count: int, tag: str, who: str, href: str) -> Line:
    """A count of the cohort carrying a tag, pointing to where the cohort list marks them."""
    from continuum.web.home_today import Line

    if not count:
        return Line(label, count)
    return Line(
        label,
        count,
        detail=f"Marked {tag} in the cohort list.",
        href=href,
        link_text=f"Find {who} in the cohort list",
    )
