"""The community safety report pack: crime summary, ASB, IOM (no names), MARAC and the action plan as
one PDF, which goes into a partnership meeting's pack as a paper (seed 004 is such a board pack).

Why a paper and not a pack of its own: the partnership meeting pack (continuum/partnership/pack.py)
already makes the one PDF a board reads (front sheet, agenda, minutes, action log, every paper in
agenda order, every page numbered). This module writes only the report, through the reports' one
HTML-to-PDF path (continuum/reports/html.py), and attaches it with the partnership's own service, so
the paper is checked and frozen like any other and the meeting pack merges it when it is published.

Nothing here names a person: the IOM section is the board's summary and the matrix counts, ASB
gives counts (repeat callers by key, never a name), MARAC gives quarterly counts by agency.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from continuum.community_safety import asb, iom, marac
from continuum.community_safety.keys import PARTNERSHIP_KEY
from continuum.community_safety.summary import crime_summary
from continuum.community_safety.wards import load_wards
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.metrics.periods import period_of
from continuum.reports import html as h

TITLE = "Community safety report pack"

CRIME_HEADERS = [
    "Crime type",
    "Offence target",
    "SD target",
    "Offences last year",
    "Offences this year",
    "% change",
    "SDs last year",
    "SDs this year",
    "SD rate last year",
    "SD rate this year",
    "SDs needed",
]


@dataclass(frozen=True)
class Period:
    """The months the pack covers (first and last month, inclusive), and their last day."""

    first: date
    last: date

    @property
    def end(self) -> date:
        return period_of(self.last).end

    @property
    def as_of(self) -> date:
        """The day the pack describes the IOM matrix and the action plan on: the period's last day when
        that is past, else today. Why not always the last day: a pack made on 7 December for the
        year to date would say "the risk matrix on 31 December", a day still to come."""
        return min(self.end, clock.today())

    @property
    def words(self) -> str:
        return f"{self.first:%B %Y} to {self.last:%B %Y}"

    @property
    def slug(self) -> str:
        return f"{self.first:%Y-%m}-to-{self.last:%Y-%m}"


def _crime(period: Period) -> str:
    summary = crime_summary(period.first, period.last)
    rows = []
    for row in summary.rows:
        cells = row.cells()
        if row.colour:
            cells[4] = f"{cells[4]} ({row.direction})"
        name = row.name + (" (victims)" if row.counts == "victims" else "")
        rows.append([name if row.kind == "group" else f"  {name}", *cells])
    notes = "".join(f"<p>{h.esc(n)}</p>" for n in summary.notes)
    return (
        "<h2>1. Crime summary</h2>"
        + h.table(
            f"Police-recorded crime, {period.words}, against the same months a year before "
            f"(targets for {summary.target_year_label})",
            CRIME_HEADERS,
            rows,
        )
        + "<p>Rows such as gun crime, knife crime, youth violence, domestic violence and hate crime "
        "count offences across types: they are shown but never added into a total. SDs needed is "
        "the number of sanction detections still needed to reach the SD target (negative: that many "
        "ahead of it, as the partnership's own summary shows it).</p>" + notes
    )


def _asb(period: Period) -> str:
    figures = asb.figures(period.first, period.end)
    change = "no calls a year before" if figures.change is None else f"{figures.change:+}% on a year before"
    names = {w.code: w.name for w in load_wards()[0]}
    type_rows = [[t, *counts, total] for t, counts, total in figures.rows()]
    type_rows.append(["Monthly total", *figures.monthly_totals(), figures.total])
    ward_rows = [[names.get(code, code), then, now] for code, (now, then) in figures.by_ward.items()]
    return (
        "<h2>2. Anti-social behaviour</h2>"
        f"<p>{figures.total} calls, {change} ({figures.total_last_year}). "
        f"{figures.repeat_callers} callers called more than once ({figures.repeat_caller_calls} calls); "
        f"{figures.repeat_victims} victims were repeat victims. Callers are counted by a "
        "pseudonymous key, never by name.</p>"
        + h.table(
            f"ASB calls by type and month, {period.words}",
            ["Call type", *(f"{m:%b %y}" for m in figures.months), "Total"],
            type_rows,
        )
        + h.table("ASB calls by ward, year on year", ["Ward", "A year before", "This period"], ward_rows)
    )


def _iom(period: Period) -> str:
    summary = iom.board_summary(period.as_of, period.first)
    counts = iom.counts_on(period.as_of)
    labels = dict(iom.RiskColour.choices)
    return (
        "<h2>3. Integrated offender management</h2>"
        + "".join(f"<p>{h.esc(s)}</p>" for s in summary.sentences())
        + h.table(
            f"The risk matrix on {day_words(period.as_of, long=True)}",
            ["Colour", "Offenders"],
            [[labels[c.value], counts[c.value]] for c in iom.COLOUR_ORDER],
        )
    )


def _marac(period: Period) -> str:
    first_quarter, last_quarter = marac.quarter_of(period.first), marac.quarter_of(period.end)
    quarters = [
        q
        for q in marac.quarterly(marac.all_referrals())  # repeats look back 12 months, before the period too
        if first_quarter <= (q.year, q.number) <= last_quarter
    ]
    if not quarters:
        return "<h2>4. MARAC</h2><p>No MARAC referrals in the period.</p>"
    agencies = marac.agency_columns(quarters)
    rows = [
        [
            q.label,
            q.referrals,
            q.repeats,
            "" if q.repeat_rate is None else f"{q.repeat_rate}%",
            *(q.by_agency.get(a, 0) for a in agencies),
        ]
        for q in quarters
    ]
    return (
        "<h2>4. MARAC</h2><p>High-risk domestic abuse cases, heard every three weeks. A repeat is a "
        "victim heard again within 12 months.</p>"
        + h.table(
            "MARAC referrals by quarter and referring agency",
            ["Quarter", "Referrals", "Repeats", "Repeat rate", *agencies],
            rows,
        )
    )


def _action_plan(period: Period) -> str:
    from continuum.improvement import report
    from continuum.improvement.models import Plan

    plan = (
        Plan.objects.filter(rag_key__code=PARTNERSHIP_KEY, starts__lte=period.as_of)
        .order_by("-starts", "-pk")
        .first()
    )
    if plan is None:
        return "<h2>5. Strategy action plan</h2><p>The partnership has no action plan yet.</p>"
    content = report.build(plan, period.as_of)
    off_track = (
        h.table("Actions off track and their mitigation", report.OFF_TRACK_HEADERS, content.off_track_rows())
        if content.off_track
        else "<p>No action is off track.</p>"
    )
    return (
        f"<h2>5. Strategy action plan</h2><p>{h.esc(plan.title)}: {h.esc(content.caption)}</p>"
        + "<p>"
        + h.esc(" ".join(f"{lv.code}: {lv.meaning}" for lv in content.levels))
        + "</p>"
        + h.table("Actions at each RAG level, by priority", content.summary_headers(), content.summary_rows())
        + off_track
    )


def html(period: Period, organisation: str = "") -> str:
    """The pack as one HTML document, section by section in the board pack's order."""
    body = "".join(section(period) for section in (_crime, _asb, _iom, _marac, _action_plan))
    return h.page(
        f"{TITLE}: {period.words}",
        body,
        organisation=organisation or "Safer Communities Partnership",
        caption="Figures from Continuum's records. No person is named.",
    )


def pdf(period: Period) -> bytes:
    """The pack as PDF bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.pdf"
        h.write_pdf(html(period), path)
        return path.read_bytes()


def filename(period: Period) -> str:
    return f"community-safety-pack-{period.slug}.pdf"


def attach(target: object, period: Period, *, by: User) -> object:
    """Write the pack and attach it to an agenda item, or to a new item at the end of a meeting.

    ``target`` is an agenda item or a meeting (continuum.partnership.models). The partnership's
    services do the writing, so an unpublished agenda, the paper check and the freeze all hold. The
    PDF is made first, so no transaction is held open while it renders.
    """
    from continuum.partnership import services
    from continuum.partnership.models import Meeting

    content = pdf(period)
    title = f"{TITLE}: {period.words}"
    with transaction.atomic():
        if isinstance(target, Meeting):
            target = services.add_item(
                target, title=title, presenter="Community safety", purpose="information", minutes_allowed=15
            )
        return services.attach_file(
            target,  # type: ignore[arg-type]
            title=title,
            filename=filename(period),
            content=content,
            by=by,
        )
