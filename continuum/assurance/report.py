"""The annual QA report (``./run report qa-annual --year 2024-25 --out DIR``), in the style of seed 002's
"Family Services Quality Assurance Annual Report": introduction with the number of audits and the
immediate-harm finding, summary of grades, the QA schedule (audits by type and month), findings by team
and theme, moderation, re-audits, the QA action plan, Section 11 and practice reviews.

Why built from :mod:`continuum.assurance.figures`: the report must say what the QA dashboard says for the
same year. HTML through the reports' shared page and tables (accessible captions and headers), PDF with
WeasyPrint like Performance Matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from continuum.core.dates import day_words
from continuum.metrics.periods import PeriodError, parse_financial_year
from continuum.reports.html import esc, page, table, write_pdf

#: The --year is not a financial year written like 2024-25 (the periods module's error).
YearError = PeriodError


def financial_year(text: str) -> tuple[date, date]:
    """1 April to 31 March of a financial year written ``2024-25``."""
    year = parse_financial_year(text)
    return year.start, year.end


def _months(start: date) -> list[str]:
    return [
        f"{start.year + (start.month + n - 1) // 12}-{(start.month + n - 1) % 12 + 1:02d}" for n in range(12)
    ]


def build(year: str, today: date, organisation: str = "") -> str:
    """The report's HTML for the financial year ``year`` (Django set up: the command opens the database
    first, so the models are imported here rather than with the module)."""
    from continuum.assurance import figures
    from continuum.assurance.models import AuditKind, Grade, PracticeReview

    start, end = financial_year(year)
    rows = figures.rows(start, end)
    found = {f.key: f for f in figures.compute(rows, today)}
    harm = int(found["immediate-harm"].value)
    intro = (
        f"<h2>1. Introduction</h2><p>This report summarises the case audits completed between "
        f"{day_words(start, long=True)} and {day_words(end, long=True)}: "
        "monthly case-file audits by managers, thematic and "
        f"multi-agency audits and follow-up reviews. In all, {len(rows):,} audits were completed. "
        + (
            "<strong>None of the cases audited found children to be at risk of immediate harm.</strong>"
            if harm == 0
            else f"<strong>{harm} audit{'s' if harm != 1 else ''} found a child at risk of immediate harm; "
            "the team manager and head of service were alerted at once and an action set.</strong>"
        )
        + "</p>"
    )
    grades = table(
        "Overall grades",
        ["Grade", "Audits"],
        [[g.label, found[f"grade-{g.value}"].value] for g in Grade]
        + [["Good or better", found["good-or-better"].value]],
    )
    by_type = figures.by_type_and_month(rows)
    months = _months(start)
    schedule = table(
        "Audits completed by type and month",
        ["Type", *months, "Year"],
        [
            [
                kind.label,
                *(by_type.get((kind.value, m), 0) for m in months),
                sum(by_type.get((kind.value, m), 0) for m in months),
            ]
            for kind in AuditKind
            if any(by_type.get((kind.value, m)) for m in months)
        ],
    )

    def grade_table(caption: str, attribute: str) -> str:
        return table(
            caption,
            [attribute.capitalize(), *(g.label for g in Grade), "All"],
            [
                [name, *(counts.get(g.value, 0) for g in Grade), len(ids)]
                for name, counts, ids in figures.by_group(rows, attribute)
            ],
        )

    trend_rows = []
    for month in months:
        of_month = [row for row in rows if row.month == month]
        good, whole = figures.good_or_better(of_month)
        trend_rows.append([month, whole, figures.percent(good, whole)])
    actions = figures.action_figures(today)
    s11 = figures.section11_figures()
    reviews = PracticeReview.objects.filter(notified_on__gte=start, notified_on__lte=end)
    section11 = (
        f"<p>{esc(s11.campaign.title)}: {s11.returned} of {s11.asked} partner organisations returned their "
        f"self-assessment, and each return received individual feedback.</p>"
        + (f"<p>Common themes: {esc(s11.campaign.themes)}</p>" if s11.campaign.themes else "")
        if s11.campaign
        else "<p>No Section 11 campaign has been run.</p>"
    )
    body = "".join(
        [
            intro,
            "<h2>2. Summary of findings</h2>",
            grades,
            "<h2>3. QA schedule</h2>",
            schedule,
            "<h2>4. Findings by team and theme</h2>",
            grade_table("Grades by team", "team"),
            grade_table("Grades by theme or audit tool", "theme"),
            table(
                "Trend of grades: Good or better by month", ["Month", "Audits", "Good or better"], trend_rows
            ),
            "<h2>5. Moderation and re-audit</h2>",
            table(
                "Moderation and follow-up of Inadequate audits",
                ["Measure", "Value"],
                [
                    [found["moderation"].label, found["moderation"].value],
                    [found["follow-up-improved"].label, found["follow-up-improved"].value],
                    [found["follow-up-overdue"].label, found["follow-up-overdue"].value],
                ],
            ),
            "<h2>6. The QA action plan</h2>",
            f"<p>{actions.open} actions open, {actions.overdue} overdue, {actions.done} done.</p>",
            "<h2>7. Section 11 self-assessment</h2>",
            section11,
            "<h2>8. Practice reviews</h2>",
            table(
                "Serious incident notifications in the year",
                ["Case", "Notified", "Rapid review", "Decision"],
                [
                    [
                        r.reference,
                        day_words(r.notified_on),
                        day_words(r.rapid_review_on) if r.rapid_review_on else "Not held",
                        r.get_decision_display() or "Not decided yet",
                    ]
                    for r in reviews
                ]
                or [["None notified in the year", "", "", ""]],
            ),
        ]
    )
    return page(
        f"Quality Assurance Annual Report {year}",
        body,
        organisation=organisation,
        caption=(
            f"Case audits completed 1 April {start.year} to 31 March {end.year}; made {day_words(today)}."
        ),
    )


@dataclass(frozen=True)
class Written:
    html: Path
    pdf: Path
    pages: int


def write(html: str, year: str, out: Path) -> Written:
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / f"qa-annual-{year}.html"
    html_path.write_text(html, encoding="utf-8")
    info = write_pdf(html, out / f"qa-annual-{year}.pdf")
    return Written(html_path, info.path, info.pages)


def command(year: str, out: Path, organisation: str = "") -> int:
    """``./run report qa-annual``: write the HTML and PDF; a bad year is a message, never a traceback."""
    import sys

    from continuum.commands import with_database
    from continuum.core import clock

    try:
        financial_year(year or "")
    except YearError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    with with_database():
        html = build(year, clock.today(), organisation)
        try:
            written = write(html, year, out)
        except RuntimeError as error:
            print(f"report: {error}", file=sys.stderr)
            return 1
    print(f"wrote {written.html}")
    print(f"wrote {written.pdf} ({written.pages} pages)")
    return 0
