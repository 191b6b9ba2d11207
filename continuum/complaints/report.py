"""The complaints annual report's statistics tables (seed 001 Appendix B, L2436-2576), from records.

Each table is worked out from the complaint, stage and compliment rows of one financial year
(1 April to 31 March), never typed in, so the committee reads what the records say. Percentages
are rounded half up to whole numbers, as the seed prints them. A stage is counted in the year its
clock started (receipt for stage 1, the request for stages 2 and 3); a declined request counts at
the stage that was asked for, as the seed's "Stage 3: 3" (three declined requests) does. Stage 1 is
"within time" when its response was sent on or before its due date (with any agreed extension), and
"out of time" when it was sent later or is still open past that date. A stage still open and not yet
due is neither, so it is left out of both columns (the table's note gives how many) until it is
answered or falls due: counting it as out of time would make a year still under way look late.
:func:`timeliness` is the one rule every table here uses.

``./run report complaints-annual --year 2016-17 --out DIR`` writes it as PDF and XLSX.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from continuum.complaints import clocks, selectors
from continuum.complaints.models import (
    Category,
    ComplainantType,
    Compliment,
    Outcome,
    Procedure,
    ServiceArea,
    Stage,
    StageStatus,
    head_of_service_as_listed,
)
from continuum.core import clock
from continuum.core.timescales import Status
from continuum.metrics.periods import MONTH_NAMES, financial_year_period, parse_financial_year


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[object]] = field(default_factory=list)
    #: Headed groups of the rows, in order, when the rows fall into groups (each service area's
    #: heads of service and its total): without headings a service listed under two areas reads as
    #: a duplicate row. Each group's rows are also in ``rows``, which sums and tests read.
    groups: list[tuple[str, list[list[object]]]] = field(default_factory=list)
    #: What the figure counts, where the columns alone would leave it open (printed under the table).
    note: str = ""

    def sections(self) -> list[tuple[str, list[list[object]]]]:
        """The rows as (heading, rows) pairs: the groups, or one group without a heading."""
        return self.groups or [("", self.rows)]


def pct(part: int, whole: int) -> str:
    """A whole-number percentage, half up ("77%"); a dash when there is nothing to divide by."""
    if not whole:
        return "-"
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def parse_year(text: str) -> int:
    """ "2016-17" -> 2016 (the April the year starts); a PeriodError (a ValueError) otherwise."""
    return parse_financial_year(text).start.year


#: The row for complaints recorded without a head of service (the field is optional on the form).
NOT_RECORDED = "Not recorded"
#: The row for complaints whose head of service names no service on the list (typed before the
#: form offered a list: a person's name, say), so no typed name becomes a row of its own.
NOT_LISTED = "Not a service on the list"


def head_of_service_row(text: str) -> str:
    """The head-of-service table's row for a complaint: its service as the list spells it, whatever
    the spacing, case or "&" it was typed with; else :data:`NOT_RECORDED` or :data:`NOT_LISTED`."""
    listed = head_of_service_as_listed(text)
    if listed is None:
        return NOT_LISTED
    return listed or NOT_RECORDED


#: The head-of-service table's groups: each service area's heading and its total row's label. The
#: seed's two areas are always shown (a zero total says so); the others only when complaints name them.
#: A complaint about Education and Skills or another area was left out of the table before; now it
#: has a group too, so the groups' totals add up to every stage 1 received.
AREA_GROUPS: tuple[tuple[ServiceArea, str, bool], ...] = (
    (ServiceArea.EARLY_HELP, "Early Intervention and Prevention Total", True),
    (ServiceArea.SOCIAL_CARE, "Social Care Total", True),
    (ServiceArea.EDUCATION, "Education and Skills Total", False),
    (ServiceArea.OTHER, "Other service areas Total", False),
)

#: Where a stage stands on the timeliness table (:func:`timeliness`).
WITHIN, OUT, PENDING = "within", "out", "pending"


def timeliness(stage: Stage, as_of: date, rules: dict) -> str | None:  # type: ignore[type-arg]
    """:data:`WITHIN` (answered by its due date), :data:`OUT` (answered after it, or still open past
    it) or :data:`PENDING` (still open and not yet due, so neither yet); None for a withdrawn stage,
    which no response was owed for. The tray's own clock (selectors.stage_clock) decides, so the
    figures and the tray never disagree about one stage."""
    if stage.status == StageStatus.WITHDRAWN:
        return None
    status = selectors.stage_clock(stage, as_of, rules).status
    if status is Status.DONE_ON_TIME:
        return WITHIN
    if status in (Status.DONE_LATE, Status.OVERDUE):
        return OUT
    return PENDING


def _pending_note(pending: Counter[int]) -> str:
    """The timeliness table's definition, with how many stages it leaves out as not yet due."""
    rule = (
        "Within time: the response was sent on or before its due date (with any agreed extension). "
        "Out of time: it was sent later, or the complaint is still open past that date. "
    )
    total = sum(pending.values())
    if not total:
        return rule + "A complaint still open and not yet due is in neither column; none is this year."
    months = ", ".join(f"{MONTH_NAMES[m]}: {n}" for m, n in pending.items())
    return (
        rule + "A complaint still open and not yet due is in neither column until it is answered or falls "
        f"due: {total} this year ({months})."
    )


def tables(first: int, as_of: date | None = None) -> list[Table]:
    """Every table of Appendix B for the financial year starting 1 April ``first``, with the open
    stages' clocks read on ``as_of`` (today unless given)."""
    as_of = as_of or clock.today()
    year = financial_year_period(first)
    start, end = year.start, year.end
    stages = list(
        Stage.objects.filter(started__range=(start, end)).select_related("complaint__team").order_by("pk")
    )
    ones = [s for s in stages if s.number == 1]
    rules = clocks.current_rules()
    out: list[Table] = []

    t = Table(
        "Number of complaints received at each stage",
        ["Type of complaint", "Stage 1", "Stage 2", "Stage 3", "No of Upheld"],
    )
    for label, procs in (
        ("Statutory complaints", [Procedure.STATUTORY]),
        ("Service Complaints", [Procedure.CORPORATE]),
        ("Total", [Procedure.STATUTORY, Procedure.CORPORATE]),
    ):
        mine = [s for s in stages if s.complaint.procedure in procs]
        counts = [sum(1 for s in mine if s.number == n) for n in (1, 2, 3)]
        upheld = sum(1 for s in mine if s.number == 1 and s.outcome == Outcome.UPHELD)
        out_cells = [c or "-" for c in counts]
        t.rows.append([label, *out_cells, pct(upheld, counts[0])])
    out.append(t)

    t = Table(
        "Number of complaints received by each Head of Service (Stage 1)", ["Head of service", "Stage 1"]
    )
    for area, total_label, always in AREA_GROUPS:
        heads = Counter(
            head_of_service_row(s.complaint.head_of_service) for s in ones if s.complaint.service_area == area
        )
        if not heads and not always:
            continue
        group: list[list[object]] = [[h, n] for h, n in sorted(heads.items(), key=lambda kv: (-kv[1], kv[0]))]
        group.append([total_label, sum(heads.values())])
        t.groups.append((str(area.label), group))
        t.rows.extend(group)
    out.append(t)

    t = Table(
        "Stage 1 complaints responded to within timeframe",
        ["Reporting Period", "Within time", "Out of time", "% on time"],
    )
    standing = {s.pk: timeliness(s, as_of, rules) for s in ones}
    within_all = out_all = 0
    pending: Counter[int] = Counter()
    for month in year.months():
        rows = [standing[s.pk] for s in ones if month.start <= s.started <= month.end]
        within, late = rows.count(WITHIN), rows.count(OUT)
        if rows.count(PENDING):
            pending[month.start.month] = rows.count(PENDING)
        within_all, out_all = within_all + within, out_all + late
        t.rows.append([MONTH_NAMES[month.start.month], within, late, pct(within, within + late)])
    t.rows.append(["TOTAL", within_all, out_all, pct(within_all, within_all + out_all)])
    t.note = _pending_note(pending)
    out.append(t)

    t = Table("Breakdown of service users making complaints", ["Complainant", "No. of complaints received"])
    kinds = Counter(s.complaint.get_complainant_type_display() for s in ones)
    t.rows.extend([k, n] for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    out.append(t)

    t = Table(
        "Stage 1 complaints received by team/service",
        ["Service Area", "No. of service complaints", "No. of statutory complaints", "Total"],
    )
    teams: dict[str, Counter[str]] = {}
    for s in ones:
        name = s.complaint.team.name if s.complaint.team else "Team not recorded"
        teams.setdefault(name, Counter())[s.complaint.procedure] += 1
    for name, c in sorted(teams.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        t.rows.append([name, c[Procedure.CORPORATE], c[Procedure.STATUTORY], sum(c.values())])
    service = sum(1 for s in ones if s.complaint.procedure == Procedure.CORPORATE)
    t.rows.append(["Total", service, len(ones) - service, len(ones)])
    out.append(t)

    previous = year.previous()
    before = Counter(
        Stage.objects.filter(number=1, started__range=(previous.start, previous.end)).values_list(
            "complaint__category", flat=True
        )
    )
    now = Counter(s.complaint.category for s in ones)
    t = Table(
        "Reasons for complaint (Stage 1) compared to previous year",
        ["Reason for complaint", previous.label, year.label],
    )
    t.rows.extend([label, before[value], now[value]] for value, label in Category.choices)
    out.append(t)

    young = [s for s in ones if s.complaint.complainant_type == ComplainantType.YOUNG_PERSON]
    t = Table(
        "Complaints received from young people",
        [
            "Service",
            "No. received",
            "No. responded to on time",
            "No. upheld",
            "No. Partially Upheld",
            "No. not upheld",
        ],
    )
    for area, label in ((ServiceArea.SOCIAL_CARE, "Social Care"), (ServiceArea.EARLY_HELP, "EIP")):
        rows = [s for s in young if s.complaint.service_area == area]
        t.rows.append(
            [
                label,
                len(rows),
                sum(1 for s in rows if standing[s.pk] == WITHIN),
                *(sum(1 for s in rows if s.outcome == o) for o in Outcome.values),
            ]
        )
    out.append(t)
    t = Table("Complaints from young people: reason", ["Reason for complaint", "No. received"])
    reasons = Counter(s.complaint.get_category_display() for s in young)
    t.rows.extend([k, n] for k, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
    out.append(t)
    t = Table("Complaints from young people: team", ["Team", "No. received"])
    yteams = Counter(s.complaint.team.name if s.complaint.team else "Team not recorded" for s in young)
    t.rows.extend([k, n] for k, n in sorted(yteams.items(), key=lambda kv: (-kv[1], kv[0])))
    out.append(t)

    compliments = list(Compliment.objects.filter(received__range=(start, end)).select_related("team"))
    for area, label in ((ServiceArea.SOCIAL_CARE, "Social Care Team"), (ServiceArea.EARLY_HELP, "EIP Teams")):
        t = Table(f"Compliments: {label}", [label, "No. of compliments recorded"])
        counts = Counter(c.team.name for c in compliments if c.service_area == area)
        t.rows.extend([k, n] for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        t.rows.append(["Total", sum(counts.values())])
        out.append(t)
    return out


def workbook(made: list[Table]) -> Any:
    """The tables as an XLSX workbook, one sheet per table (the command's file and the page's download)."""
    from openpyxl import Workbook

    from continuum.core.safe_cells import safe_row

    book = Workbook()
    book.remove(book.active)
    for i, t in enumerate(made, start=1):
        sheet = book.create_sheet(f"Table {i}")
        # Team names and categories are typed by people: no cell may start a spreadsheet formula.
        sheet.append(safe_row([t.caption]))
        sheet.append(safe_row(t.headers))
        for heading, rows in t.sections():
            if heading:
                sheet.append(safe_row([heading]))
            for row in rows:
                sheet.append(safe_row(row))
        if t.note:
            sheet.append(safe_row([t.note]))
    return book


def write(first: int, out: Path, organisation: str = "") -> tuple[Path, Path]:
    """Write the tables as XLSX (one sheet per table) and PDF; returns both paths."""
    from continuum.reports.html import esc, page, table, write_pdf

    out.mkdir(parents=True, exist_ok=True)
    label = financial_year_period(first).label
    made = tables(first)
    xlsx = out / f"complaints-annual-{label}.xlsx"
    workbook(made).save(xlsx)
    body = "".join(
        table(t.caption, t.headers, t.rows, groups=t.groups or None)
        + (f"<p>{esc(t.note)}</p>" if t.note else "")
        for t in made
    )
    html = page(f"Complaints, compliments and comments: statistics {label}", body, organisation=organisation)
    pdf = out / f"complaints-annual-{label}.pdf"
    write_pdf(html, pdf)
    return pdf, xlsx


def command(year: str | None, out: Path, organisation: str = "") -> int:
    """``./run report complaints-annual``: the tables for one financial year, as PDF and XLSX."""
    try:
        first = parse_year(year or "")
    except ValueError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    try:
        pdf, xlsx = write(first, out, organisation)
    except (OSError, RuntimeError) as exc:
        print(f"report: the complaints annual report could not be written: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {pdf} and {xlsx}")
    return 0
