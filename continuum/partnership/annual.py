"""The partnership's annual report, written by chapter and assembled into one document (seed 003).

Each chapter is given to an officer (for a partner's update, an officer of that organisation) with a
due date, as an action of the one tracker, so it shows in their "My actions" until approved. The
author drafts it here (every save a version), submits it; the body's business manager returns it with
a note or approves it (never their own chapter), which closes the action. When every chapter is
approved the business manager assembles the report: the chapters, then the figures (the board's child
protection indicators at the published version chosen, the QA figures and the training table for the
year from their records) and the budget statement, as HTML, PDF and DOCX drawn from one
:class:`Document`, frozen in the database like a meeting pack.

The HTML and PDF go through the reports' shared helpers (``continuum/reports/html.py``), the Word copy
through ``continuum/reports/docx.py``, as the improvement plan's committee report does.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from continuum.actions import services as actions
from continuum.actions.models import Action, ActionStatus
from continuum.core import clock
from continuum.partnership import budget, training
from continuum.partnership.models import AnnualReport, Body, Chapter, ChapterDraft
from continuum.partnership.services import PartnershipRuleError
from continuum.publishing.models import ReportVersion
from continuum.reports import html as h

# --- Writing the chapters --------------------------------------------------------------------


@transaction.atomic
def start_report(body: Body, *, year: int) -> AnnualReport:
    """The annual report of ``body`` for the financial year starting in April ``year``."""
    if not budget.FIRST_YEAR <= year <= budget.LAST_YEAR:
        raise PartnershipRuleError(
            "Enter the financial year as the year it starts, for example 2025", "annual"
        )
    if AnnualReport.objects.filter(body=body, year=year).exists():
        raise PartnershipRuleError(
            f"There is already an annual report for {budget.year_label(year)}", "annual"
        )
    return AnnualReport.objects.create(body=body, year=year)


def chapter_action(chapter: Chapter) -> Action | None:
    from django.contrib.contenttypes.models import ContentType

    return Action.objects.filter(
        source_type=ContentType.objects.get_for_model(Chapter), source_id=chapter.pk
    ).first()


@transaction.atomic
def add_chapter(
    report: AnnualReport, *, title: str, organisation: str = "", owner: User, due_on: date, by: User
) -> Chapter:
    """Give the next chapter to ``owner`` by ``due_on``: the chapter and its action in the tracker."""
    title = title.strip()
    if not title:
        raise PartnershipRuleError("Enter the chapter's title", "chapter")
    if owner.pk == report.body.secretary_id:
        raise PartnershipRuleError(
            "The business manager reviews the chapters: give the chapter to another officer", "chapter"
        )
    number = (report.chapters.aggregate(n=Max("number"))["n"] or 0) + 1
    chapter = Chapter.objects.create(
        report=report,
        number=number,
        title=title,
        organisation=organisation.strip(),
        owner=owner,
        due_on=due_on,
    )
    actions.create_action(
        source=chapter,
        label=f"Annual report {report.year_label}",
        what=f"Write the chapter \u201c{title}\u201d"
        + (f" for {chapter.organisation}" if chapter.organisation else ""),
        owner=owner,
        due=due_on,
        by=by,
    )
    return chapter


def text_now(chapter: Chapter) -> str:
    latest = chapter.drafts.order_by("-version").first()
    return latest.text if latest else ""


def _locked(chapter: Chapter) -> Chapter:
    return Chapter.objects.select_for_update().select_related("report").get(pk=chapter.pk)


@transaction.atomic
def save_draft(chapter: Chapter, *, text: str, by: User) -> ChapterDraft:
    """A new version of the chapter's text while it is being written (not with the reviewer, not approved)."""
    chapter = _locked(chapter)
    if chapter.status != Chapter.Status.DRAFTING:
        raise PartnershipRuleError(
            "The chapter is approved and locked"
            if chapter.status == Chapter.Status.APPROVED
            else "The chapter is with the reviewer; it can be changed if they return it",
            "chapter",
        )
    text = text.strip()
    if not text:
        raise PartnershipRuleError("Enter the chapter's text", "chapter")
    if text == text_now(chapter):
        raise PartnershipRuleError("Nothing has changed since the last version", "chapter")
    version = (chapter.drafts.aggregate(n=Max("version"))["n"] or 0) + 1
    return ChapterDraft.objects.create(chapter=chapter, version=version, text=text, by=by)


@transaction.atomic
def submit(chapter: Chapter, *, by: User) -> Chapter:
    """Send the chapter as it stands to the business manager for review."""
    chapter = _locked(chapter)
    if chapter.status != Chapter.Status.DRAFTING:
        raise PartnershipRuleError(
            "The chapter is not being written: it has already been submitted", "chapter"
        )
    if not chapter.drafts.exists():
        raise PartnershipRuleError("Write and save the chapter before submitting it", "chapter")
    chapter.status = Chapter.Status.SUBMITTED
    chapter.save(update_fields=["status"])
    return chapter


@transaction.atomic
def return_chapter(chapter: Chapter, *, note: str, by: User) -> Chapter:
    """The reviewer sends the chapter back to its author, saying what to change."""
    chapter = _locked(chapter)
    if chapter.status != Chapter.Status.SUBMITTED:
        raise PartnershipRuleError("Only a submitted chapter can be returned", "chapter")
    if not note.strip():
        raise PartnershipRuleError("Say what the author should change", "chapter")
    chapter.status, chapter.review_note = Chapter.Status.DRAFTING, note.strip()
    chapter.save(update_fields=["status", "review_note"])
    return chapter


@transaction.atomic
def approve(chapter: Chapter, *, by: User) -> Chapter:
    """Approve a submitted chapter (never one's own): it is locked and its action is done."""
    chapter = _locked(chapter)
    if chapter.status != Chapter.Status.SUBMITTED:
        raise PartnershipRuleError("Only a submitted chapter can be approved", "chapter")
    if chapter.owner_id == by.pk or chapter.drafts.filter(by=by).exists():
        raise PartnershipRuleError("A chapter is approved by someone other than its author", "chapter")
    chapter.status, chapter.approved_by, chapter.approved_at = Chapter.Status.APPROVED, by, timezone.now()
    chapter.review_note = ""
    chapter.save(update_fields=["status", "approved_by", "approved_at", "review_note"])
    action = chapter_action(chapter)
    if action is not None and action.status == ActionStatus.OPEN:
        actions.set_status(action, status=ActionStatus.DONE, by=by, reason="Chapter approved")
    return chapter


def figure_versions() -> list[ReportVersion]:
    """Published board tables with their data file: the versions a report may take its figures from."""
    return [
        v
        for v in ReportVersion.objects.filter(
            kind=ReportVersion.Kind.BOARD_TABLE, status=ReportVersion.Status.READY, published_at__isnull=False
        ).order_by("-period", "-number")
        if "csv" in (v.files or {})
    ]


@transaction.atomic
def choose_figures(report: AnnualReport, *, version: ReportVersion) -> AnnualReport:
    """Take the indicator figures from this published version of the board's annual table."""
    if version.pk not in {v.pk for v in figure_versions()}:
        raise PartnershipRuleError("Choose a published board table that has its data file", "figures")
    report.figures = version
    report.save(update_fields=["figures"])
    return report


# --- The document ----------------------------------------------------------------------------


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    part: str = ""  # the heading of the group it opens ("Updates from our partners"), if any


@dataclass
class Document:
    """The assembled report's content: one object, written as HTML (and PDF) and as DOCX."""

    organisation: str
    title: str
    caption: str
    sections: list[Section]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


#: The board table CSV's columns this table reads, each by its heading in words (the CSV's headings
#: since the reports walk) and the field name a file written before then has.
_BOARD_CSV_NAMES = (
    ("Indicator", "indicator"),
    ("Financial year", "year"),
    ("As shown in the table", "display"),
)


def _column(record: dict[str, str], *names: str) -> str:
    return next((record[name] for name in names if name in record), "")


def indicator_table(version: ReportVersion) -> Table | None:
    """The board's indicator table from the version's data file: a row an indicator, a column a year."""
    path = version.folder / version.files["csv"]
    if not path.exists():
        return None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    years: list[str] = []
    cells: dict[str, dict[str, str]] = {}
    for record in records:
        indicator, year, shown = (_column(record, *names) for names in _BOARD_CSV_NAMES)
        if year not in years:
            years.append(year)
        cells.setdefault(indicator, {})[year] = shown
    rows = [[name, *(by_year.get(y, "") for y in years)] for name, by_year in cells.items()]
    return Table(f"Child protection indicators ({version})", ["Indicator", *years], rows)


def _qa_table(year: int) -> Table:
    from continuum.assurance import figures

    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    found = figures.compute(figures.rows(start, end), min(end, clock.today()))
    return Table(
        f"Case audits, {budget.year_label(year)}",
        ["Figure", "Value"],
        [[f.label, f.value] for f in found],
    )


def _training_table(year: int) -> Table:
    rows = training.table(year)
    return Table(f"Multi-agency safeguarding training, {budget.year_label(year)}", rows[0], rows[1:])


def build(report: AnnualReport) -> Document:
    """The report's content from its approved chapters and the records of its year."""
    label = report.year_label
    chapters = list(report.chapters.order_by("number"))
    themes = [c for c in chapters if not c.organisation]
    partners = [c for c in chapters if c.organisation]
    sections = [Section(c.title, _paragraphs(text_now(c))) for c in themes]
    for n, chapter in enumerate(partners):
        sections.append(
            Section(
                chapter.organisation,
                _paragraphs(text_now(chapter)),
                part="Updates from our partners" if n == 0 else "",
            )
        )
    figures = Section(
        "Our performance in figures",
        [
            "The figures below are drawn from the partnership's records: the child protection indicators "
            "from the indicator library (the board's annual table at the published version named), the "
            "case audits of the quality assurance programme and the multi-agency training records.",
        ],
        part="Figures and budget",
    )
    indicators = indicator_table(report.figures) if report.figures is not None else None
    if indicators is None:
        figures.paragraphs.append(
            "The child protection indicators are not included: no published version of the board's "
            "annual table was chosen for this report."
        )
    else:
        figures.tables.append(indicators)
    figures.tables += [_qa_table(report.year), _training_table(report.year)]
    sections.append(figures)
    money = budget.statement(report.body, report.year)
    sections.append(
        Section(
            "Budget and contributions",
            [
                f"The partnership's budget for {label}: each partner's contribution, what it was spent on, "
                "and the balance.",
            ],
            [Table(f"Budget statement {label}", ["Line", "Amount"], money.rows())],
        )
    )
    return Document(
        report.body.name,
        "Annual report",
        f"April {report.year} to March {report.year + 1}",
        sections,
    )


def to_html(document: Document) -> str:
    """The report as one HTML page, contents first (seed 003's order), through the shared report helpers."""
    parts = ["<h2>Contents</h2><ul>"]
    for n, section in enumerate(document.sections):
        if section.part:
            parts.append(f"<li>{h.esc(section.part)}</li>")
        parts.append(f'<li><a href="#section-{n}">{h.esc(section.title)}</a></li>')
    parts.append("</ul>")
    for n, (section, nested) in enumerate(zip(document.sections, _nested(document), strict=True)):
        if section.part:
            parts.append(f"<h2>{h.esc(section.part)}</h2>")
        level = "h3" if nested else "h2"
        parts.append(f'<{level} id="section-{n}">{h.esc(section.title)}</{level}>')
        parts += [f"<p>{h.esc(p)}</p>" for p in section.paragraphs]
        for t in section.tables:
            parts.append('<div class="wide">' if len(t.headers) > 4 else "<div>")
            # figures right-aligned, as the shared report tables set numbers
            headers = [t.headers[0], *(h.Cell(h.esc(x), num=True) for x in t.headers[1:])]
            rows = [[r[0], *(h.Cell(h.esc(x), num=True) for x in r[1:])] for r in t.rows]
            parts.append(h.table(t.caption, headers, rows))
            parts.append("</div>")
    return h.page(
        f"{document.organisation}: {document.title}",
        "\n".join(parts),
        organisation=document.organisation,
        caption=document.caption,
    )


def _nested(document: Document) -> list[bool]:
    """For each section, whether it sits under a part heading (every section once a part has opened)."""
    seen, out = False, []
    for section in document.sections:
        seen = seen or bool(section.part)
        out.append(seen)
    return out


def to_pdf(html: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "annual-report.pdf"
        h.write_pdf(html, path)
        return path.read_bytes()


def to_docx(document: Document) -> bytes:
    from docx import Document as Word

    from continuum.reports.docx import add_table

    word = Word()
    word.add_heading(f"{document.organisation}", level=0)
    word.add_paragraph(document.title)
    word.add_paragraph(document.caption)
    word.add_heading("Contents", level=1)
    for section in document.sections:
        if section.part:
            word.add_paragraph(section.part)
        word.add_paragraph(section.title, style="List Bullet")
    for section, nested in zip(document.sections, _nested(document), strict=True):
        if section.part:
            word.add_heading(section.part, level=1)
        word.add_heading(section.title, level=2 if nested else 1)
        for paragraph in section.paragraphs:
            word.add_paragraph(paragraph)
        for t in section.tables:
            word.add_paragraph(t.caption)
            add_table(word, t.headers, t.rows)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@transaction.atomic
def assemble(report: AnnualReport, *, by: User) -> AnnualReport:
    """Assemble the approved chapters and the year's figures into the report, frozen as HTML, PDF, DOCX."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    chapters = list(report.chapters.all())
    if not chapters:
        raise PartnershipRuleError("Add the report's chapters before assembling it", "annual")
    waiting = [c for c in chapters if c.status != Chapter.Status.APPROVED]
    if waiting:
        names = ", ".join(f"{c.number}. {c.title}" for c in waiting[:3])
        raise PartnershipRuleError(
            f"Every chapter must be approved before the report is assembled; not yet: {names}"
            + (f" and {len(waiting) - 3} more" if len(waiting) > 3 else ""),
            "annual",
        )
    document = build(report)
    report.html = to_html(document)
    report.pdf = to_pdf(report.html)
    report.docx = to_docx(document)
    report.assembled_at, report.assembled_by = timezone.now(), by
    report.save(update_fields=["html", "pdf", "docx", "assembled_at", "assembled_by"])
    return report
