"""The areas of the service listed on the home page and in the navigation.

Each app adds its area here as it arrives, with the policy action that
decides who sees it, so the home page only ever lists what exists and what
the user may open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse

from continuum.core.policy import may


@dataclass(frozen=True)
class Area:
    title: str
    url_name: str
    description: str
    action: str
    #: Words that depend on the user, where the area's pages are not all open to everyone who sees it.
    describe: Callable[[Any], str] | None = None
    #: Further policy actions the user must also be allowed, where ``action`` alone would list the area
    #: for more people than it is meant for (My actions: every role may open it, partners get the link).
    also: tuple[str, ...] = ()

    @property
    def href(self) -> str:
        return reverse(self.url_name)


def _community_safety_words(user: Any) -> str:
    """Only the community-safety pages this user may open (an IOM officer: the IOM cohort)."""
    from continuum.web.community_safety.nav import home_description

    return home_description(user)


def _front_door_words(user: Any) -> str:
    """What this user does at the front door, by the policy.

    The MASH team records contacts and decides them; a team manager elsewhere may use the queue
    (to cover the MASH) but sees named only the children their team holds, and oversight of MASH
    decisions is the MASH team's managers' and heads of service's (``contact.oversee``).
    """
    from continuum.core.policy import works_in_mash

    if works_in_mash(user):
        words = (
            "Contacts awaiting a MASH decision, with the time left to decide; record contacts and decisions"
        )
    else:
        words = (
            "Contacts awaiting the MASH team's decision, with the time left to decide; "
            "children your team holds are named"
        )
    if may(user, "contact.oversee"):
        words += "; sign off MASH decisions"
    return words + "."


def _partner_actions_words(user: Any) -> str:
    """A partner's open actions in words, "No open actions" when none.

    Why an area: the home page's "Your actions" card is left out when nothing is open, and
    partner agencies have no work tray that carries the line, so once their last action (a
    MARAC action, say) was marked done they had no way back to My actions. Counted through the
    same list as that page.
    """
    from continuum.actions import selectors
    from continuum.actions.clock import Clock
    from continuum.core import clock

    lines = selectors.my_open_actions(user, clock.today())
    if not lines:
        return "No open actions. Actions given to you (from a MARAC meeting, say) are listed here when set."
    overdue = sum(line.clock.state is Clock.OVERDUE for line in lines)
    words = f"{len(lines)} open action{'' if len(lines) == 1 else 's'}"
    if overdue:
        words += f", {overdue} overdue"
    return words + ", with their due dates."


def _authorisation_words(user: Any) -> str:
    """MASH decisions are named only to those who oversee them (``contact.oversee``)."""
    if may(user, "contact.oversee"):
        return "Assessments, plans, closures and MASH decisions your team submitted for your authorisation."
    return "Assessments, plans and closures your team submitted for your authorisation."


AREAS: tuple[Area, ...] = (
    Area(
        "Administration",
        "admin:index",
        "Manage users, their roles and the service's settings.",
        "admin.use",
    ),
    Area(
        "Front door (MASH)",
        "mash-queue",
        "Contacts awaiting a MASH decision, with the time left to decide; record contacts and decisions.",
        "mash.queue",
        describe=_front_door_words,
    ),
    # Partner agencies get the same area, opened at the contacts they made.
    Area(
        "Front door (MASH)",
        "mash-my-contacts",
        "Tell the MASH about a child, and see the outcome of the contacts you made.",
        "contact.own",
    ),
    # Partner agencies hold actions (``actions.mine``) but no tray that links to them.
    Area(
        "My actions",
        "my-actions",
        "The actions given to you, with their due dates.",
        "actions.mine",
        describe=_partner_actions_words,
        also=("contact.own",),
    ),
    Area(
        "Find a child",
        "child-search",
        "Search for a child's record by name, date of birth or LAchildID.",
        "child.search",
    ),
    Area(
        "Who may see which child",
        "access-admin",
        "Record legitimate relationships, restrict records to named staff, and review break-glass access.",
        "access.manage",
    ),
    Area(
        "Access log",
        "audit-log",
        "Who opened which child's record, when and why, including break-glass access for review.",
        "accesslog.view",
    ),
    Area(
        "Performance",
        "performance-index",
        "Dashboards of each area's indicators by period, with the children behind each figure.",
        "performance.dashboard",
    ),
    Area(
        "Quality assurance",
        "assurance-home",
        "Case audits with Ofsted grades, moderation and follow-up, the QA action plan, practice reviews.",
        "assurance.home",
    ),
    Area(
        "Reports",
        "reports-index",
        "Performance Matters and the board's annual table: generated, explained and published in the app.",
        "reports.read",
    ),
    Area(
        "Improvement plan",
        "improvement-plans",
        "The improvement plan: each action's RAG and history, delivery beside impact, the committee report.",
        "improvement.view",
    ),
    Area(
        "SEND",
        "send-home",
        "EHC needs assessments on the 20-week clock: open requests with each step's due date.",
        "send.home",
    ),
    Area(
        "Complaints and feedback",
        "complaints-tray",
        "Complaints with each open stage's clock, compliments by team and members' enquiries.",
        "complaints.home",
    ),
    Area(
        "Partnership business",
        "partnership",
        "Boards and sub-groups: agendas and papers, the meeting pack, minutes, actions and attendance.",
        "partnership.view",
    ),
    # Its landing page lists each page the user may open (an IOM officer: the IOM cohort only), and
    # so do its words here.
    Area(
        "Community safety",
        "community-safety",
        "Crime against targets, anti-social behaviour, offender management (IOM) with release plans, "
        "MARAC, the strategy action plan, the cost-benefit model and the board's report pack.",
        "community_safety.iom_summary",
        describe=_community_safety_words,
    ),
    Area(
        "Statutory returns",
        "returns-index",
        "Upload CIN census and SSDA903 files, get the DfE validation report, and see them on the dashboards.",
        "returns.upload",
    ),
    Area(
        "My work",
        "worktray-mine",
        "What is overdue, due soon and due for the children you hold, most urgent first.",
        "worktray.mine",
    ),
    Area(
        "Team caseloads",
        "worktray-team",
        "Each worker's caseload against the range, overdue work by worker, and unallocated cases.",
        "worktray.team",
    ),
    Area(
        "Awaiting my authorisation",
        "signoff-tray",
        "Assessments, plans, closures and MASH decisions your team submitted for your authorisation.",
        "signoff.tray",
        describe=_authorisation_words,
    ),
    Area(
        "Conferences and reviews due",
        "worktray-conferences",
        "Child protection conferences and looked-after reviews due, by due date.",
        "worktray.conferences",
    ),
    Area(
        "Workforce",
        "workforce",
        "Teams' establishment and staff's contracted hours, in full-time equivalents as the DfE counts them.",
        "workforce.view",
    ),
    Area(
        "My IRO caseload",
        "iro-caseload",
        "The looked-after children you review, the next review due, and open escalations.",
        "iro.caseload",
    ),
)


def areas_for(user: User | AnonymousUser) -> list[Area]:
    """The areas this user may open, in display order, in the words for this user."""
    return [
        replace(area, description=area.describe(user)) if area.describe else area
        for area in AREAS
        if may(user, area.action) and all(may(user, action) for action in area.also)
    ]
