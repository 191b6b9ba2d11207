"""The meeting pack: one PDF like the seeds' packs, made and frozen when the business manager publishes.

Front sheet, contents, agenda, the last meeting's minutes, the action log
(rendered from HTML by WeasyPrint, as the other reports are), then each paper
in agenda order (merged with pypdf), every page numbered "Page n of N" by a
stamped overlay so that merged papers carry the pack's numbers too. The
contents give each section's first page; they are found by rendering once,
reading where the anchors fell, and rendering again with the numbers.

The public pack leaves out exempt items' papers and their minutes; the
members' pack has everything. Word and Excel papers are converted with
LibreOffice when ``soffice`` is installed (optional, an apt package);
otherwise they are listed in the pack, saying so, and read in the app.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter

from continuum.partnership import selectors
from continuum.partnership.models import Meeting, MeetingPack, Paper


@dataclass
class Section:
    title: str
    anchor: str = ""
    pdf: bytes | None = None
    note: str = ""
    first_page: int = 0
    pages: int = 0
    item: object = None
    papers: list = field(default_factory=list)


def _convert(paper: Paper) -> bytes | None:
    """A Word or Excel paper as PDF through LibreOffice, or None when it is not installed or fails."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"paper.{paper.kind}"
        source.write_bytes(bytes(paper.content or b""))
        try:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
                check=True,
                capture_output=True,
                timeout=120,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        out = Path(tmp) / "paper.pdf"
        return out.read_bytes() if out.exists() else None


def paper_pdf(paper: Paper) -> bytes | None:
    """The paper as PDF bytes: an uploaded PDF, the report version's PDF, or a converted Word/Excel file."""
    if paper.report is not None:
        path = paper.report.folder / paper.report.files["pdf"]
        return path.read_bytes() if path.exists() else None
    if paper.kind == "pdf":
        return bytes(paper.content or b"")
    return _convert(paper)


def _render(html: str) -> tuple[bytes, dict[str, int], int]:
    from weasyprint import HTML

    document = HTML(string=html).render()
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            anchors.setdefault(name, number)
    return document.write_pdf() or b"", anchors, len(document.pages)


def _stamp(writer: PdfWriter) -> None:
    """Number every page "Page n of N" at its foot, papers included."""
    from weasyprint import HTML

    total = len(writer.pages)
    html = render_to_string("partnership/pack_numbers.html", {"pages": range(total)})
    overlay = PdfReader(io.BytesIO(HTML(string=html).write_pdf()))
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(stamp)


def build(meeting: Meeting, *, public: bool) -> tuple[bytes, list[list[object]], int]:
    """The pack's PDF bytes, its contents ([title, first page] rows) and its page count."""
    items = list(meeting.items.prefetch_related("papers", "papers__report"))
    previous = selectors.previous_meeting(meeting)
    last_items = []
    if previous is not None:
        for item in previous.items.all():
            minute = selectors.minutes_now(item)
            last_items.append({"item": item, "minute": minute, "withheld": public and item.exempt})
    attendance = list(previous.attendance.select_related("member")) if previous else []
    papers: list[Section] = []
    for item in items:
        for paper in item.papers.all():
            if public and item.exempt:
                continue
            pdf = paper_pdf(paper)
            title = f"Item {item.number}: {paper.title}"
            if pdf is None:
                papers.append(
                    Section(
                        title,
                        note=f"{paper.filename}: this Word or Excel paper is not converted to PDF "
                        "(LibreOffice is not installed); read it in the app.",
                        item=item,
                    )
                )
            else:
                papers.append(Section(title, pdf=pdf, pages=len(PdfReader(io.BytesIO(pdf)).pages), item=item))
    front = [
        Section("Agenda", "agenda"),
        Section("Minutes of the last meeting", "minutes"),
        Section("Action log", "actions"),
    ]
    context = {
        "meeting": meeting,
        "public": public,
        "items": items,
        "previous": previous,
        "last_items": last_items,
        "attendance": attendance,
        "actions": selectors.action_log(meeting),
        "front": front,
        "papers": papers,
    }
    pages = 0
    for _ in range(3):
        html = render_to_string("partnership/pack.html", context)
        rendered, anchors, count = _render(html)
        for section in front:
            section.first_page = anchors.get(section.anchor, 1)
        start = count + 1
        for section in papers:
            if section.pdf is None:
                section.first_page = anchors.get(f"note-{papers.index(section)}", 1)
                continue
            section.first_page = start
            start += section.pages
        if count == pages:
            break
        pages = count
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(rendered)))
    for section in papers:
        if section.pdf is not None:
            writer.append(PdfReader(io.BytesIO(section.pdf)))
    _stamp(writer)
    writer.add_metadata({"/Title": f"{meeting} - {'public pack' if public else 'members pack'}"})
    out = io.BytesIO()
    writer.write(out)
    contents = [[s.title, s.first_page] for s in front + papers]
    return out.getvalue(), contents, len(writer.pages)


def freeze(meeting: Meeting) -> list[MeetingPack]:
    """Make both packs and keep them as published (called by ``services.publish``)."""
    made = []
    for audience in (MeetingPack.Audience.PUBLIC, MeetingPack.Audience.MEMBERS):
        pdf, contents, pages = build(meeting, public=audience == MeetingPack.Audience.PUBLIC)
        made.append(
            MeetingPack.objects.create(
                meeting=meeting, audience=audience, pdf=pdf, pages=pages, contents=contents
            )
        )
    return made
