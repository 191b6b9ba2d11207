"""MARAC figures: repeats within 12 months, the three-weekly meeting days, and the quarterly figures.

Why computed and not stored: a repeat depends on every earlier hearing of the same victim, so a
late-entered referral would make a stored flag wrong; computing from the records keeps it true.
A referral is a **repeat** when the same victim (by pseudonymous key) was heard at a MARAC in the
12 months before this referral's date (SafeLives' definition, seed 004 line 698: "repeat cases in
any 12-month period"). Quarters are financial: Q1 is April to June.

A withdrawn referral (entered in error, or withdrawn by the referrer) was never a case: it is left out
here, where every figure is made, so it neither counts in a quarter nor makes a later hearing a repeat,
whichever page asks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from continuum.community_safety.models import MaracReferral
from continuum.core.timescales import add_months
from continuum.metrics.periods import PeriodKind, financial_year_period, period_of

if TYPE_CHECKING:
    from continuum.actions.models import Action

#: The MARAC meets every three weeks (seed 004 lines 696-702).
MEETING_INTERVAL = timedelta(weeks=3)

#: The agencies that refer to MARAC, in words, in the order the quarterly table gives them a column.
#: "Other" is not one: the coordinator types the agency's name instead (``marac_records``).
AGENCIES: tuple[str, ...] = (
    "Police",
    "IDVA service",
    "Children's social care",
    "Adult social care",
    "Health",
    "Mental health services",
    "Housing",
    "Probation",
    "Education",
    "Substance misuse services",
    "Voluntary sector",
)

#: The quarterly table's column for every agency typed by name (not one of :data:`AGENCIES`).
OTHER_AGENCY = "Other"


def agency_column(agency: str) -> str:
    """The quarterly table's column a referring agency counts under: its own when it is one of the
    listed agencies, else "Other". Why: a name typed as free text ("St Mary's Women's Aid - Zoë's
    team") would otherwise become a column of its own, one a spelling, as the partnership's returns
    by agency end in one "Other" row (seed 000, "Number of referrals by agency")."""
    return agency if agency in AGENCIES else OTHER_AGENCY


def agency_columns(quarters: Iterable[Quarter]) -> list[str]:
    """The agencies any of ``quarters`` counts, in :data:`AGENCIES` order, with "Other" last."""
    counted = {a for q in quarters for a in q.by_agency}
    return [a for a in (*AGENCIES, OTHER_AGENCY) if a in counted]


def meeting_days(first: date, until: date) -> list[date]:
    """Every third week from ``first`` up to and including ``until``."""
    days, day = [], first
    while day <= until:
        days.append(day)
        day += MEETING_INTERVAL
    return days


def repeat_ids(referrals: Iterable[MaracReferral]) -> set[int]:
    """The ids of referrals whose victim was heard at a MARAC in the 12 months before the referral
    (withdrawn referrals neither are repeats nor count as hearings)."""
    heard: dict[str, list[date]] = defaultdict(list)
    rows = [r for r in referrals if r.withdrawn_on is None]
    for r in rows:
        if r.meeting is not None:
            heard[r.victim_key].append(r.meeting.held_on)
    return {
        r.pk
        for r in rows
        if any(add_months(r.referred_on, -12) <= d < r.referred_on for d in heard[r.victim_key])
    }


def heard_and_withdrawn(referrals: Iterable[MaracReferral]) -> tuple[int, int]:
    """A meeting's cases heard and its referrals withdrawn, counted apart.

    Why apart: the meeting's list keeps a withdrawn referral in view, marked, but it was never a
    case, so a count of the list's rows would overstate the cases heard.
    """
    rows = list(referrals)
    withdrawn = sum(r.withdrawn_on is not None for r in rows)
    return len(rows) - withdrawn, withdrawn


def quarter_of(day: date) -> tuple[int, int]:
    """(financial year starting April, quarter 1-4): a sortable key for the quarter of ``day``."""
    quarter = period_of(day, PeriodKind.QUARTER)
    return quarter.financial_year_start, quarter.quarter_number


@dataclass
class Quarter:
    year: int
    number: int
    referrals: int = 0
    repeats: int = 0
    by_agency: Counter[str] = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return f"Q{self.number} {financial_year_period(self.year).label}"

    @property
    def repeat_rate(self) -> float | None:
        return round(100 * self.repeats / self.referrals, 1) if self.referrals else None


def quarterly(referrals: Iterable[MaracReferral]) -> list[Quarter]:
    """Referrals, repeats and referrals by agency column (:func:`agency_column`) per financial quarter
    (for the DV groups), leaving out withdrawn referrals."""
    rows = [r for r in referrals if r.withdrawn_on is None]
    repeats = repeat_ids(rows)
    quarters: dict[tuple[int, int], Quarter] = {}
    for r in rows:
        key = quarter_of(r.referred_on)
        q = quarters.setdefault(key, Quarter(*key))
        q.referrals += 1
        q.repeats += r.pk in repeats
        q.by_agency[agency_column(r.agency)] += 1
    return [quarters[k] for k in sorted(quarters)]


def all_referrals() -> list[MaracReferral]:
    return list(MaracReferral.objects.select_related("meeting").order_by("referred_on", "pk"))


def actions_by_referral(ids: list[int]) -> dict[int, list]:
    """The one tracker's actions set at MARAC, per referral (the referral is their source)."""
    from django.contrib.contenttypes.models import ContentType

    from continuum.actions.models import Action

    found: dict[int, list] = defaultdict(list)
    kind = ContentType.objects.get_for_model(MaracReferral)
    for action in Action.objects.filter(source_type=kind, source_id__in=ids).order_by("due_date", "pk"):
        found[action.source_id].append(action)
    return dict(found)


def overdue_actions(day: date) -> QuerySet[Action]:
    """The actions set at MARAC still open and due before ``day``, longest overdue first: the home
    card counts them and the MARAC page lists them, so the number and the list are the one query."""
    from django.contrib.contenttypes.models import ContentType

    from continuum.actions.models import Action, ActionStatus

    return (
        Action.objects.filter(
            source_type=ContentType.objects.get_for_model(MaracReferral),
            status=ActionStatus.OPEN,
            due_date__lt=day,
        )
        .select_related("owner")
        .order_by("due_date", "pk")
    )
