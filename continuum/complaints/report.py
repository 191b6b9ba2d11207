"""The complaints annual report's statistics tables (seed 001 Appendix B, L2436-2576), from records.

Each table is worked out from the complaint, stage and compliment rows of one financial year
(1 April to 31 March), never typed in, so the committee reads what the records say. Percentages
are rounded half up to whole numbers, as the seed prints them. A stage is counted in the year its
clock started (receipt for stage 1, the request for stages 2 and 3); a declined request counts at
the stage that was asked for, as the seed's "Stage 3: 3" (three declined requests) does. Stage 1 is
"within time" when its response was sent on or before its due date (with any agreed extension).

``./run report complaints-annual --year 2016-17 --out DIR`` writes it as PDF and XLSX.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from continuum.complaints import clocks
from continuum.complaints.models import (
    Category,
    ComplainantType,
    Compliment,
    Outcome,
    Procedure,
    ServiceArea,
    Stage,
    head_of_service_as_listed,
)
from continuum.metrics.periods import MONTH_NAMES, financial_year_period, parse_financial_year


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[object]] = field(default_factory=list)


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


def tables(first: int) -> list[Table]:
    """Every table of Appendix B for the financial year starting 1 April ``first``."""
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
    for area, total_label in (
        (ServiceArea.EARLY_HELP, "Early Intervention and Prevention Total"),
        (ServiceArea.SOCIAL_CARE, "Social Care Total"),
    ):
        heads = Counter(
            head_of_service_row(s.complaint.head_of_service) for s in ones if s.complaint.service_area == area
        )
        t.rows.extend([h, n] for h, n in sorted(heads.items(), key=lambda kv: (-kv[1], kv[0])))
        t.rows.append([total_label, sum(heads.values())])
    out.append(t)

    t = Table(
        "Stage 1 complaints responded to within timeframe",
        ["Reporting Period", "Within time", "Out of time", "% on time"],
    )
    within_all = out_all = 0
    for month in year.months():
        rows = [s for s in ones if month.start <= s.started <= month.end]
        within = sum(1 for s in rows if _on_time(s, rules))
        late = len(rows) - within
        within_all, out_all = within_all + within, out_all + late
        t.rows.append([MONTH_NAMES[month.start.month], within, late, pct(within, len(rows))])
    t.rows.append(["TOTAL", within_all, out_all, pct(within_all, within_all + out_all)])
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
                sum(1 for s in rows if _on_time(s, rules)),
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


def _on_time(stage: Stage, rules: dict) -> bool:  # type: ignore[type-arg]
    if stage.responded is None:
        return False
    due = clocks.stage_due(
        stage.complaint.procedure,
        stage.number,
        stage.started,
        extended=stage.extended_on is not None,
        rules=rules,
    )
    return stage.responded <= due


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
        for row in t.rows:
            sheet.append(safe_row(row))
    return book


def write(first: int, out: Path, organisation: str = "") -> tuple[Path, Path]:
    """Write the tables as XLSX (one sheet per table) and PDF; returns both paths."""
    from continuum.reports.html import page, table, write_pdf

    out.mkdir(parents=True, exist_ok=True)
    label = financial_year_period(first).label
    made = tables(first)
    xlsx = out / f"complaints-annual-{label}.xlsx"
    workbook(made).save(xlsx)
    body = "".join(table(t.caption, t.headers, t.rows) for t in made)
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
