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
    #: The page in a few words, for the home page's sentence about the area (``home_description``).
    home_words: str

    @property
    def href(self) -> str:
        return reverse(self.url_name)


PAGES: tuple[SafetyPage, ...] = (
    SafetyPage(
        "Crime summary",
        "crime-summary",
        "community_safety.view",
        "Offences and sanction detections by crime type against the year's targets, year on year.",
        "crime against targets",
    ),
    SafetyPage(
        "Anti-social behaviour",
        "community-safety-asb",
        "community_safety.view",
        "Calls by type, month and ward, year on year, repeat callers and victims, and the ward map.",
        "anti-social behaviour",
    ),
    SafetyPage(
        "Offender management (IOM)",
        "community-safety-iom",
        "community_safety.iom_summary",
        "The IOM cohort's risk matrix over time and the board's summary; the IOM team also sees the "
        "people and their release plans.",
        "offender management (IOM)",
    ),
    SafetyPage(
        "MARAC",
        "community-safety-marac",
        "community_safety.view",
        "Referrals, meetings every three weeks with their cases, repeats within 12 months, quarters.",
        "MARAC",
    ),
    SafetyPage(
        "Strategy action plan",
        "community-safety-action-plan",
        "community_safety.view",
        "The partnership's actions by priority, with lead, update and RAG on its own key.",
        "the strategy action plan",
    ),
    SafetyPage(
        "Cost-benefit model",
        "cost-benefit",
        "community_safety.view",
        "What the interventions avoided save each agency, step by step from the unit costs.",
        "the cost-benefit model",
    ),
    SafetyPage(
        "Board report pack",
        "community-safety-pack",
        "community_safety.view",
        "Crime, ASB, IOM, MARAC and the action plan as one PDF, added to a partnership meeting's pack.",
        "the board's report pack",
    ),
)


def pages_for(user: Any) -> list[SafetyPage]:
    """The pages this user may open, in the order above."""
    return [p for p in PAGES if may(user, p.action)]


def home_description(user: Any) -> str:
    """The home page's sentence about community safety, naming only the pages this user may open:
    a fixed sentence promised an IOM officer six pages that answer them "You cannot open this page"."""
    words = [p.home_words for p in pages_for(user)]
    if not words:
        return ""
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"{listed[0].upper()}{listed[1:]}."


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a community-safety page with the navigation this user may follow."""
    return render(request, template, {**context, "safety_pages": pages_for(request.user)}, status=status)
