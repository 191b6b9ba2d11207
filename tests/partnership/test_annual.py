"""The annual report by chapter: chapters given as tracker actions, drafted in versions, returned and
approved (never by their author, and approval closes the action), then assembled with the indicator
table at the published version chosen, the year's case audits and training and the budget statement,
as HTML, PDF and DOCX that say the same thing."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from continuum.actions.models import ActionStatus
from continuum.partnership import annual, budget
from continuum.partnership.models import Booking, Chapter, Course
from continuum.partnership.services import PartnershipRuleError
from continuum.publishing.models import ReportVersion
from continuum.reports.board import CSV_COLUMNS
from tests.partnership.board import make_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_user, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-05-01"
    settings.CONTINUUM_REPORT_DIR = tmp_path
    manager = make_user("business-manager")
    author = make_user("cath")
    author.first_name, author.last_name = "Cath", "Nurse"
    author.save()
    body = make_board(manager, author)
    report = annual.start_report(body, year=2025)
    return manager, author, body, report


def _board_table(tmp_path) -> ReportVersion:  # type: ignore[no-untyped-def]
    version = ReportVersion.objects.create(
        kind="board-table",
        period="2025-26",
        number=2,
        status="ready",
        files={"csv": "board.csv"},
        published_at=timezone.now(),
    )
    version.folder.mkdir(parents=True)
    with (version.folder / "board.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for year, display in (("2025-26", "↑259 Provisional"), ("2024-25", "↓254")):
            writer.writerow(
                {
                    "Indicator": "Number of children subject to a child protection plan at 31 March",
                    "Indicator reference": "cp_open",
                    "Financial year": year,
                    "As shown in the table": display,
                }
            )
    return version


def test_chapter_is_an_action_until_approved(setting) -> None:  # type: ignore[no-untyped-def]
    manager, author, _, report = setting
    chapter = annual.add_chapter(
        report,
        title="Health",
        organisation="Community health trust",
        owner=author,
        due_on=date(2026, 6, 30),
        by=manager,
    )
    action = annual.chapter_action(chapter)
    assert (action.owner, action.due_date, action.status) == (author, date(2026, 6, 30), ActionStatus.OPEN)
    assert "Health" in action.what
    assert action.source == chapter
    with pytest.raises(PartnershipRuleError, match="Write and save"):
        annual.submit(chapter, by=author)
    annual.save_draft(chapter, text="First draft.", by=author)
    with pytest.raises(PartnershipRuleError, match="Nothing has changed"):
        annual.save_draft(chapter, text="First draft.", by=author)
    annual.submit(chapter, by=author)
    with pytest.raises(PartnershipRuleError, match="with the reviewer"):
        annual.save_draft(chapter, text="Second.", by=author)
    with pytest.raises(PartnershipRuleError, match="Say what"):
        annual.return_chapter(chapter, note=" ", by=manager)
    annual.return_chapter(chapter, note="Add this year's training figures", by=manager)
    annual.save_draft(chapter, text="Second draft.\n\nWith training.", by=author)
    annual.submit(chapter, by=author)
    with pytest.raises(PartnershipRuleError, match="someone other than its author"):
        annual.approve(chapter, by=author)
    annual.approve(chapter, by=manager)
    chapter.refresh_from_db()
    action.refresh_from_db()
    assert chapter.status == Chapter.Status.APPROVED
    assert action.status == ActionStatus.DONE
    assert list(chapter.drafts.values_list("version", flat=True)) == [1, 2]
    assert annual.text_now(chapter) == "Second draft.\n\nWith training."
    with pytest.raises(PartnershipRuleError, match="approved and locked"):
        annual.save_draft(chapter, text="Third.", by=author)


def test_assembled_report(setting, tmp_path) -> None:  # type: ignore[no-untyped-def]
    manager, author, body, report = setting
    intro = annual.add_chapter(
        report, title="Introduction", owner=author, due_on=date(2026, 6, 1), by=manager
    )
    police = annual.add_chapter(
        report,
        title="Police update",
        organisation="Police",
        owner=author,
        due_on=date(2026, 6, 1),
        by=manager,
    )
    annual.save_draft(intro, text="Welcome to the annual report.\n\nIt was a year of change.", by=author)
    with pytest.raises(PartnershipRuleError, match=r"not yet: 1\. Introduction, 2\. Police update"):
        annual.assemble(report, by=manager)
    annual.save_draft(police, text="The police safeguarding hub opened.", by=author)
    for chapter in (intro, police):
        annual.submit(chapter, by=author)
        annual.approve(chapter, by=manager)
    with pytest.raises(PartnershipRuleError, match="published board table"):
        annual.choose_figures(
            report, version=ReportVersion.objects.create(kind="board-table", period="x", number=1)
        )
    annual.choose_figures(report, version=_board_table(tmp_path))
    budget.record_contribution(body, year=2025, organisation="Council", amount=100_000, by=manager)
    budget.record_contribution(body, year=2025, organisation="Police", amount=5_000, by=manager)
    budget.record_spending(body, year=2025, line="Business unit", amount=90_000, by=manager)
    course = Course.objects.create(title="Neglect", held_on=date(2025, 5, 6), quality_assured=True)
    Booking.objects.create(course=course, name="Delegate", agency="police", attended=True)

    report = annual.assemble(report, by=manager)
    html = report.html
    for words in (
        "Annual report",
        "April 2025 to March 2026",
        "Welcome to the annual report.",
        "Updates from our partners",
        "The police safeguarding hub opened.",
        "↑259 Provisional",
        "Case audits, 2025/26",
        "Multi-agency safeguarding training, 2025/26",
        "£105,000",
        "£15,000",
    ):
        assert words in html, words
    assert (
        html.index("Introduction")
        < html.rindex("Updates from our partners")
        < html.index("The police safeguarding hub")
        < html.rindex("Budget statement")
    )
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(report.pdf))).pages)
    assert "The police safeguarding hub opened." in pdf
    assert "Page 1 of" in pdf
    word = Document(io.BytesIO(bytes(report.docx)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Contents", "Introduction", "Updates from our partners"]
    assert "Police" in headings
    assert "Budget and contributions" in headings
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "£105,000" in cells
    assert "↑259 Provisional" in cells
    training = next(t for t in word.tables if t.rows[0].cells[0].text == "Description")
    police_row = next(r for r in training.rows if r.cells[0].text == "Police")
    assert police_row.cells[2].text == "1"  # 25/26 outturn: the one police delegate


def test_a_board_table_written_before_its_headings_were_words_still_reads(setting) -> None:  # type: ignore[no-untyped-def]
    """A board table CSV published with the old field names ("indicator", "year", "display") is read
    as one in words is: the annual report's figures chapter takes either."""
    version = ReportVersion.objects.create(
        kind="board-table", period="2024-25", number=1, status="ready", files={"csv": "old.csv"},
        published_at=timezone.now(),
    )  # fmt: skip
    version.folder.mkdir(parents=True)
    with (version.folder / "old.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=("indicator", "code", "year", "display"))
        writer.writeheader()
        writer.writerow(
            {"indicator": "Children on a plan", "code": "cp_open", "year": "2024-25", "display": "↓254"}
        )
    table = annual.indicator_table(version)
    assert table is not None
    assert table.headers == ["Indicator", "2024-25"]
    assert table.rows == [["Children on a plan", "↓254"]]
