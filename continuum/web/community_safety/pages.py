"""Community safety pages beyond the crime summary: the action plan, ASB, the IOM cohort and MARAC.

Every view asks the one policy (continuum/community_safety/rules.py). No name or key goes in a URL:
periods and days are the only query values. A bad value is said in words with a 400.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, QueryDict

from continuum.community_safety import asb, iom, marac, marac_records
from continuum.community_safety.keys import PARTNERSHIP_KEY
from continuum.community_safety.models import AsbCall, IomOffender, MaracMeeting, MaracReferral, RiskColour
from continuum.community_safety.wards import SHADES, load_wards, shade
from continuum.core import clock
from continuum.core.access_log import log_views
from continuum.core.policy import may, visible_children
from continuum.core.timescales import add_months
from continuum.improvement.models import Plan
from continuum.improvement.selectors import group_by_priority, state_at, summary
from continuum.metrics.periods import PeriodKind, period_of
from continuum.web.access import requires
from continuum.web.community_safety.nav import render_page
from continuum.web.community_safety.views import DayRangeForm, Span, read_range
from continuum.web.govuk.days import read_days
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm


def _period(query: QueryDict, latest: date | None) -> Span:
    """The first and last day asked (the boxes, or an old link's ``from``/``to``); else the twelve
    months to the latest record, shown in the boxes."""
    span = read_range(DayRangeForm, query, "day", {"first": "2012-04-01", "last": "2013-03-31"})
    if span.errors or span.first is not None or latest is None:
        return span
    first = period_of(latest, PeriodKind.ROLLING_12).start
    return Span(first, latest, DayRangeForm(initial={"first": first, "last": latest}), [])


@requires("community_safety.view")
def action_plan_page(request: HttpRequest) -> HttpResponse:
    """The partnership's strategy action plan: a plan of the improvement machinery with its own key."""
    plans = list(
        Plan.objects.filter(rag_key__code=PARTNERSHIP_KEY).select_related("rag_key").order_by("-starts")
    )
    plan = plans[0] if plans else None
    context: dict = {"plan": plan, "others": plans[1:]}
    if plan is not None:
        lines = state_at(plan, clock.today())
        levels, _, counts = summary(plan, lines)
        context.update(
            {"groups": group_by_priority(lines), "levels": [(lv, counts[lv.code]) for lv in levels]}
        )
    return render_page(request, "community_safety/action_plan.html", context)


@requires("community_safety.view")
def asb_page(request: HttpRequest) -> HttpResponse:
    latest = AsbCall.objects.order_by("-received").values_list("received", flat=True).first()
    span = _period(request.GET, latest)
    first, last, errors = span.first, span.last, span.errors
    figures = asb.figures(first, last) if first and last else None
    wards, width, height = load_wards()
    ward_rows = []
    if figures is not None:
        names = {w.code: w.name for w in wards}
        counts = [figures.by_ward.get(w.code, (0, 0))[0] for w in wards]
        low, high = min(counts, default=0), max(counts, default=0)
        drawn = []
        for w in wards:
            now, then = figures.by_ward.get(w.code, (0, 0))
            drawn.append(
                {
                    "ward": w,
                    "calls": now,
                    "fill": shade(now, low, high),
                    "dark": shade(now, low, high) in SHADES[2:],
                }
            )
        wards = drawn  # type: ignore[assignment]
        for code, (now, then) in figures.by_ward.items():
            change = round(100 * (now - then) / then, 1) if then else None
            ward_rows.append(
                {"code": code, "name": names.get(code, code), "now": now, "then": then, "change": change}
            )
    context = {
        "figures": figures,
        "errors": errors,
        "form": span.form,
        "wards": wards,
        "map_width": width,
        "map_height": height,
        "ward_rows": ward_rows,
    }
    return render_page(request, "community_safety/asb.html", context, status=400 if errors else 200)


def _month_ends(last: date) -> list[date]:
    """The last day of each of the twelve months to ``last``'s, and ``last`` itself for its own month."""
    months = period_of(last, PeriodKind.ROLLING_12).months()
    return [*(m.end for m in months[:-1]), last]


def default_since(on: date) -> date:
    """The IOM page's default "events since": the first day of the month three months before ``on``'s.

    Why not ``on`` less 92 days: that gave three months for some days and four for others
    (30 September gave 1 June, 15 March 1 November).
    """
    return add_months(on.replace(day=1), -3)


class CohortDaysForm(GovukForm):
    """The IOM page's days as GOV.UK date inputs (day, month, year): a typed "7/12/2026" or
    "7 Dec 2026" has no box to go in, and a wrong box is named ("As on must be a real date ...")."""

    non_field_anchor = "id_on-day"

    on = GovukDateField(label="As on", past_only=False, required=False)
    since = GovukDateField(label="Events since", past_only=False, required=False)


def _cohort_days(query: QueryDict, today: date) -> tuple[date | None, date | None, CohortDaysForm, list]:
    """The day the matrix is read on and the 'events since' day (None: the default), the form to show
    and its errors. The boxes (``on-day`` and so on) are what the form sends; ``on``/``since`` as
    YYYY-MM-DD are still read for links and bookmarks made before them (the shared
    :func:`~continuum.web.govuk.days.read_days`, as the improvement plan's day)."""
    asked = read_days(CohortDaysForm, query, examples={"on": "2012-10-01", "since": "2012-06-01"})
    if asked.errors:
        return None, None, asked.form, asked.errors
    on = asked.days["on"] or today
    since = asked.days["since"] or default_since(on)
    return on, since, CohortDaysForm(initial={"on": on, "since": since}), []


@requires("community_safety.iom_summary")
def iom_page(request: HttpRequest) -> HttpResponse:
    """The risk matrix counts over time and the board's summary; for the IOM team, the cohort in one
    row a person (each linking to the person's own page, where the history and events are)."""
    on, since, form, errors = _cohort_days(request.GET, clock.today())
    context: dict = {
        "errors": errors,
        "form": form,
        "colours": iom.COLOUR_ORDER,
        "has_people": IomOffender.objects.exists(),
    }
    if not errors and on is not None and since is not None:
        ends = _month_ends(on)  # the last is ``on`` itself
        over = iom.colours_over(ends)  # the matrix history, read once for the whole page
        context["summary"] = iom.board_summary(on, since, colours=over[on])
        context["over_time"] = iom.counts_over_time(ends, over)
        context["on_day"] = on
        if may(request.user, "community_safety.iom_people"):  # type: ignore[arg-type]
            people = list(IomOffender.objects.filter(added_on__lte=on).prefetch_related("flags"))
            # One word a colour in the list ("Red"); the person's page gives the colour's full words.
            labels = {value: label.split(" (")[0] for value, label in RiskColour.choices}
            context["people"] = [
                {
                    "offender": p,
                    "flags": [f.get_status_display() for f in p.flags.all()],
                    "colour": over[on].get(p.pk, ""),
                    "colour_label": labels.get(over[on].get(p.pk, ""), "Not recorded"),
                }
                for p in people
            ]
            context["releases"] = iom.releases(on, colours=over[on])
            context["release_horizon_weeks"] = iom.RELEASE_HORIZON_DAYS // 7
            context["may_record"] = may(request.user, "community_safety.iom_record")  # type: ignore[arg-type]
            log_views(
                user=request.user,  # type: ignore[arg-type]
                action="community_safety.iom_people",
                record_type="iom_offender",
                record_ids=[p.pk for p in people],
            )
    context["colour_labels"] = dict(RiskColour.choices)
    return render_page(request, "community_safety/iom.html", context, status=400 if errors else 200)


def _child_links(user: User, referrals: list) -> dict[int, list]:
    """Per referral, the children this user may open (logged, one entry per link shown)."""
    links: dict[int, list] = {}
    shown = []
    visible = visible_children(user, {c.pk for r in referrals for c in r.children_list})
    for r in referrals:
        allowed = [c for c in r.children_list if c.pk in visible]
        links[r.pk] = allowed
        shown += [c.pk for c in allowed]
        r.hidden_children = len(r.children_list) - len(allowed)
    if shown:
        log_views(user=user, action="marac.child_link", record_type="child", record_ids=shown)
    return links


@requires("community_safety.view")
def marac_page(request: HttpRequest) -> HttpResponse:
    """Quarterly figures, and each meeting's case list with repeats and children the user may open."""
    referrals = marac.all_referrals()
    repeats = marac.repeat_ids(referrals)
    meetings = list(MaracMeeting.objects.order_by("-held_on")[:6])
    chosen = list(
        MaracReferral.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .prefetch_related("children")
    )
    for r in chosen:
        r.children_list = list(r.children.all())
    links = _child_links(request.user, chosen)  # type: ignore[arg-type]
    actions = marac.actions_by_referral([r.pk for r in chosen])
    cases = {
        m.pk: [
            {
                "referral": r,
                "repeat": r.pk in repeats,
                "children": links[r.pk],
                "actions": actions.get(r.pk, []),
            }
            for r in chosen
            if r.meeting_id == m.pk
        ]
        for m in meetings
    }
    quarters = marac.quarterly(referrals)
    today = clock.today()
    may_record = may(request.user, "community_safety.marac_record")  # type: ignore[arg-type]
    agencies = marac.agency_columns(quarters)
    for q in quarters:
        q.agency_cells = [(a, q.by_agency.get(a, 0)) for a in agencies]  # type: ignore[attr-defined]
    context = {
        "quarters": quarters,
        "agencies": agencies,
        # Each meeting with its cases heard and its referrals withdrawn counted apart (the list shows both).
        "meetings": [
            (m, cases[m.pk], *marac.heard_and_withdrawn(c["referral"] for c in cases[m.pk])) for m in meetings
        ],
        "today": today,
        "total": len(referrals),
        "repeats": len(repeats),
        "may_record": may_record,
        "next_sitting": marac_records.next_sitting(today),
        # The coordinator's chase list (the home card's count links here); the agencies' actions are
        # the coordinator's to follow up, so only those who record MARAC see the list.
        "overdue_actions": list(marac.overdue_actions(today)) if may_record else [],
    }
    return render_page(request, "community_safety/marac.html", context)
