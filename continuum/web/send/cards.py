"""The SEND caseworker's card on the home page (a builder for ``continuum/web/home_today.py``).

What a SEND caseworker asks first in the morning: which of my EHC requests has a step overdue or
due this week, which plans' annual reviews are late, and which phase transfers' amended plans are.
Numbers and links only, never a name; the reviews and transfers are counted through the same
visibility as the SEND pages (a restricted record the caseworker is not named on is not counted).
It costs the queries of the three pages it links to.

``home_today`` imports this module to wire the card in, so ``home_today`` is imported here only
inside the function (no import cycle whichever module loads first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from continuum.core import roles as r
from continuum.core.policy import may, roles_of
from continuum.core.timescales import Status
from continuum.send import services
from continuum.send.rules import visible_send_children

if TYPE_CHECKING:
    from continuum.web.home_today import Card


def send_casework(ask: Any) -> Card | None:
    """SEND caseworkers: their open requests with a step overdue or due soon, and annual reviews late."""
    from django.urls import reverse

    from continuum.web.home_today import Card, Line

    if r.SEND_CASEWORKER not in roles_of(ask.user) or not may(ask.user, "send.home"):
        return None
    mine = services.open_requests(ask.day, caseworker=ask.user)
    statuses = [line.next_clock.item.status for line in mine if line.next_clock is not None]
    reviews = services.reviews_due(ask.day)
    visible = visible_send_children(
        ask.user, [line.plan.child_id for line in reviews], broken_glass=ask.glass
    )
    late_reviews = sum(1 for line in reviews if line.overdue and line.plan.child_id in visible)
    transfers = services.transfers_due(ask.day)
    seen = visible_send_children(
        ask.user, [line.transfer.plan.child_id for line in transfers], broken_glass=ask.glass
    )
    late_transfers = sum(1 for line in transfers if line.overdue and line.transfer.plan.child_id in seen)
    home = reverse("send-home")
    overdue = statuses.count(Status.OVERDUE)
    return Card(
        "send",
        "Your EHC needs assessments",
        f"{home}?mine=1",
        "Open my EHC requests",
        lines=(
            Line("Open requests you hold", len(mine), href=f"{home}?mine=1"),
            Line(
                "With a step overdue",
                overdue,
                detail="a decision, advice or the final plan past its time limit",
                urgent=overdue > 0,
            ),
            Line("With a step due soon", statuses.count(Status.DUE_SOON), detail="within the week"),
            Line(
                "Annual reviews overdue",
                late_reviews,
                detail="plans not reviewed within 12 months, across the service",
                href=reverse("send-reviews"),
                link_text="See annual reviews due",
                urgent=late_reviews > 0,
            ),
            Line(
                "Phase transfers overdue",
                late_transfers,
                detail="amended plans naming the new setting past 15 February or 31 March",
                href=reverse("send-transfers"),
                link_text="See phase transfers due",
                urgent=late_transfers > 0,
            ),
        ),
    )
