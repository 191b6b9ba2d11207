"""The committee report on a plan: the RAG summary by priority, the actions off track with their
mitigation, and the changes since the last report; as PDF (through the reports' one HTML and
WeasyPrint path, continuum/reports/html.py) and as Word (python-docx), from the same content.

Why one content object and two writers: a committee gets the PDF, an officer
edits the Word copy for the papers; both must say the same thing, so both
are drawn from :class:`CommitteeReport`, which reads only the selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from continuum.core.dates import day_words
from continuum.improvement import selectors
from continuum.improvement.models import Plan, RagLevel
from continuum.reports import html as h
from continuum.reports.docx import add_table


@dataclass
class Change:
    ref: str
    text: str
    before: str
    after: str
    kind: str
    why: str


@dataclass
class CommitteeReport:
    plan: Plan
    as_of: date
    since: date | None
    levels: list[RagLevel]
    summary: list[selectors.PrioritySummary]
    totals: dict[str, int]
    off_track: list[selectors.Line]
    changes: list[Change]

    @property
    def title(self) -> str:
        return f"{self.plan.title}: progress report"

    @property
    def caption(self) -> str:
        since = f", changes since {day_words(self.since, long=True)}" if self.since else ""
        return f"The plan as it stood on {day_words(self.as_of, long=True)}{since}."

    def summary_rows(self) -> list[list[str]]:
        rows = [
            [p.priority.title, *(str(p.counts[lv.code]) for lv in self.levels), str(p.total)]
            for p in self.summary
        ]
        rows.append(
            [
                "All priorities",
                *(str(self.totals[lv.code]) for lv in self.levels),
                str(sum(self.totals.values())),
            ]
        )
        return rows

    def summary_headers(self) -> list[str]:
        return ["Priority", *(f"{lv.code}: {lv.label}" for lv in self.levels), "Actions"]

    def off_track_rows(self) -> list[list[str]]:
        return [
            [
                line.action.ref,
                line.action.text,
                line.action.lead_text,
                line.action.delivery_words,
                f"{line.level.code}: {line.level.label}" if line.level else "",
                line.mitigation or "None recorded",
            ]
            for line in self.off_track
        ]

    def change_rows(self) -> list[list[str]]:
        return [[c.ref, c.text, c.before, c.after, c.kind, c.why] for c in self.changes]


OFF_TRACK_HEADERS = ["ID", "Action", "Lead", "Delivery", "RAG", "Mitigation"]
CHANGE_HEADERS = ["ID", "Action", "Was", "Now", "Movement", "Why"]


def build(plan: Plan, as_of: date, since: date | None = None) -> CommitteeReport:
    """The report's content as of a day; ``since`` defaults to the last report issued before it."""
    if since is None:
        since = selectors.last_report_day(plan, as_of)
    lines = selectors.state_at(plan, as_of)
    levels, summary, totals = selectors.summary(plan, lines)
    changes: list[Change] = []
    if since is not None:
        take = selectors.stocktake(plan, since, as_of)
        for move in take.moved:
            why = "; ".join(c.reason for c in move.changes if c.reason)
            changes.append(
                Change(
                    move.action.ref,
                    move.action.text,
                    move.before.code if move.before else "not in the plan",
                    move.after.code if move.after else "",
                    move.kind,
                    why,
                )
            )
    return CommitteeReport(plan, as_of, since, levels, summary, totals, selectors.off_track(lines), changes)


def to_html(report: CommitteeReport) -> str:
    parts = [
        "<h2>RAG summary by priority</h2>",
        "<p>" + h.esc(" ".join(f"{lv.code}: {lv.meaning}." for lv in report.levels)) + "</p>",
        h.table("Actions at each RAG level, by priority", report.summary_headers(), report.summary_rows()),
        "<h2>Actions off track</h2>",
    ]
    if report.off_track:
        parts.append(
            h.table("Actions off track and their mitigation", OFF_TRACK_HEADERS, report.off_track_rows())
        )
    else:
        parts.append("<p>No action is off track.</p>")
    parts.append("<h2>Changes since the last report</h2>")
    if report.since is None:
        parts.append("<p>This is the first report on the plan.</p>")
    elif report.changes:
        parts.append(
            h.table(
                f"RAG changes from {day_words(report.since, long=True)} "
                f"to {day_words(report.as_of, long=True)}",
                CHANGE_HEADERS,
                report.change_rows(),
            )
        )
    else:
        parts.append(f"<p>No action's RAG changed since {day_words(report.since, long=True)}.</p>")
    return h.page(report.title, "\n".join(parts), organisation=report.plan.owner_body, caption=report.caption)


def write_docx(report: CommitteeReport, path: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.caption)
    document.add_heading("RAG summary by priority", level=1)
    document.add_paragraph(" ".join(f"{lv.code}: {lv.meaning}." for lv in report.levels))
    add_table(document, report.summary_headers(), report.summary_rows())
    document.add_heading("Actions off track", level=1)
    if report.off_track:
        add_table(document, OFF_TRACK_HEADERS, report.off_track_rows())
    else:
        document.add_paragraph("No action is off track.")
    document.add_heading("Changes since the last report", level=1)
    if report.since is None:
        document.add_paragraph("This is the first report on the plan.")
    elif report.changes:
        add_table(document, CHANGE_HEADERS, report.change_rows())
    else:
        document.add_paragraph(f"No action's RAG changed since {day_words(report.since, long=True)}.")
    document.save(str(path))
    return path


@dataclass(frozen=True)
class Written:
    pdf: Path
    docx: Path
    pages: int


def write(report: CommitteeReport, out: Path) -> Written:
    """``improvement-plan-<plan>-<day>.pdf`` and ``.docx`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"improvement-plan-{report.plan.pk}-{report.as_of:%Y-%m-%d}"
    info = h.write_pdf(to_html(report), out / f"{stem}.pdf")
    docx = write_docx(report, out / f"{stem}.docx")
    return Written(info.path, docx, info.pages)
