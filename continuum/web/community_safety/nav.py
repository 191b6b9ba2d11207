"""The community-safety pages, each with the policy action that opens it: one list for the landing
page and the navigation on every page, so both show every page the user may open and none they may
not (an IOM officer reads the cohort, not the crime figures)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from continuum.core.policy import may


@dataclass(frozen=True)
class SafetyPage:
    title: str
    url_name: str
    action: str
    description: str

    @property
    def href(self) -> str:
        return reverse(self.url_name)


PAGES: tuple[SafetyPage, ...] = (
    SafetyPage(
        "Crime summary",
        "crime-summary",
        "community_safety.view",
        "Offences and sanction detections by crime type against the year's targets, year on year.",
    ),
    SafetyPage(
        "Anti-social behaviour",
        "community-safety-asb",
        "community_safety.view",
        "Calls by type, month and ward, year on year, repeat callers and victims, and the ward map.",
    ),
    SafetyPage(
        "Offender management (IOM)",
        "community-safety-iom",
        "community_safety.iom_summary",
        "The IOM cohort's risk matrix over time and the board's summary; the IOM team also sees the "
        "people and their release plans.",
    ),
    SafetyPage(
        "MARAC",
        "community-safety-marac",
        "community_safety.view",
        "Referrals, meetings every three weeks with their cases, repeats within 12 months, quarters.",
    ),
    SafetyPage(
        "Strategy action plan",
        "community-safety-action-plan",
        "community_safety.view",
        "The partnership's actions by priority, with lead, update and RAG on its own key.",
    ),
    SafetyPage(
        "Cost-benefit model",
        "cost-benefit",
        "community_safety.view",
        "What the interventions avoided save each agency, step by step from the unit costs.",
    ),
    SafetyPage(
        "Board report pack",
        "community-safety-pack",
        "community_safety.view",
        "Crime, ASB, IOM, MARAC and the action plan as one PDF, added to a partnership meeting's pack.",
    ),
)


def pages_for(user: Any) -> list[SafetyPage]:
    """The pages this user may open, in the order above."""
    return [p for p in PAGES if may(user, p.action)]


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a community-safety page with the navigation this user may follow."""
    return render(request, template, {**context, "safety_pages": pages_for(request.user)}, status=status)
