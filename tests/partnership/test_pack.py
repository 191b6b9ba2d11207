"""The meeting pack opened with pypdf: contents, page numbers, papers in agenda order, exempt papers
and minutes left out of the public pack, a Continuum report merged at its version, frozen at publication."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from continuum.core import roles
from continuum.partnership import services
from continuum.partnership.models import MeetingPack
from continuum.publishing.models import ReportVersion
from tests.partnership.board import make_board, meeting, seat

pytestmark = pytest.mark.django_db


def pdf_of(*pages: str) -> bytes:
    html = "".join(f'<p style="page-break-after: always">{text}</p>' for text in pages)
    return HTML(string=html).write_pdf()


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<x/>")
    return out.getvalue()


def _text(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_public_and_members_packs(make_user, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("shutil.which", lambda name: None)  # as on a machine without LibreOffice
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    owner = make_user("owner", roles.PARTNER_MEMBER)
    body = make_board(manager)
    last, now = meeting(body, 2012, 2, 9), meeting(body, 2012, 5, 17)
    old = services.add_item(last, title="Positive for Youth")
    services.write_minute(old, text="FA presented the youth offer.", decision="Noted", by=manager)
    secret_old = services.add_item(last, title="Contract", exempt=True, exemption_category="3")
    services.write_minute(secret_old, text="EXEMPTMINUTECHARLIE discussed.", by=manager)
    services.record_attendance(
        last, seat(body, "Ann Chair"), status="present", declaration="Governor of a school"
    )
    services.record_attendance(last, seat(body, "Cath Nurse"), status="apologies")
    services.set_action(old, what="Send the level-2 summary", owner=owner, due=date(2012, 3, 1), by=manager)

    first = services.add_item(now, title="Minutes of the last meeting", minutes_allowed=5, presenter="Chair")
    pm = services.add_item(now, title="Performance Matters", presenter="Analyst", purpose="information")
    exempt = services.add_item(
        now, title="Commissioning", exempt=True, exemption_category="3", purpose="decision"
    )
    docs = services.add_item(now, title="Young Carers", presenter="JM")
    services.attach_file(
        first, title="Draft minutes", filename="m.pdf", content=pdf_of("PUBLICPAPERALPHA"), by=manager
    )
    services.attach_file(
        exempt, title="Tender", filename="t.pdf", content=pdf_of("EXEMPTSECRETBRAVO"), by=manager
    )
    services.attach_file(docs, title="Strategy", filename="strategy.docx", content=_docx(), by=manager)
    with override_settings(CONTINUUM_REPORT_DIR=tmp_path):
        report = ReportVersion.objects.create(
            kind="performance-matters",
            period="2012-04",
            number=2,
            status="ready",
            files={"pdf": "report.pdf"},
            published_at=timezone.now(),
        )
        report.folder.mkdir(parents=True)
        (report.folder / "report.pdf").write_bytes(pdf_of("REPORTPAGEONE", "REPORTPAGETWO"))
        services.attach_report(pm, report=report, by=manager)
        services.publish(now, by=manager)

    public = MeetingPack.objects.get(meeting=now, audience="public")
    reader = PdfReader(io.BytesIO(bytes(public.pdf)))
    pages = _text(reader)
    total = len(pages)
    assert public.pages == total
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
    titles = [row[0] for row in public.contents]
    assert titles == [
        "Agenda",
        "Minutes of the last meeting",
        "Action log",
        "Item 1: Draft minutes",
        "Item 2: Performance Matters April 2012, version 2",
        "Item 4: Strategy",
    ]
    at = dict((t, p) for t, p in public.contents)
    assert "PUBLICPAPERALPHA" in pages[at["Item 1: Draft minutes"] - 1]
    assert "REPORTPAGEONE" in pages[at["Item 2: Performance Matters April 2012, version 2"] - 1]
    assert "REPORTPAGETWO" in pages[at["Item 2: Performance Matters April 2012, version 2"]]
    assert "Send the level-2 summary" in pages[at["Action log"] - 1]
    assert "FA presented the youth offer." in pages[at["Minutes of the last meeting"] - 1]
    assert "Governor of a school" in pages[at["Minutes of the last meeting"] - 1]
    assert "strategy.docx" in " ".join(pages)
    assert "LibreOffice is not installed" in " ".join(pages)
    # The contents on the front sheet print the same page numbers.
    assert "Item 2: Performance Matters April 2012, version 2" in pages[0]
    joined = " ".join(pages)
    assert "EXEMPTSECRETBRAVO" not in joined
    assert "EXEMPTMINUTECHARLIE" not in joined
    assert "Commissioning" in pages[at["Agenda"] - 1]  # listed on the agenda as exempt, papers left out

    members = MeetingPack.objects.get(meeting=now, audience="members")
    member_pages = _text(PdfReader(io.BytesIO(bytes(members.pdf))))
    mat = dict((t, p) for t, p in members.contents)
    assert "EXEMPTSECRETBRAVO" in member_pages[mat["Item 3: Tender"] - 1]
    assert "EXEMPTMINUTECHARLIE" in " ".join(member_pages)

    # Frozen: the agenda refuses changes after publication, and the pack stays as it was.
    with pytest.raises(services.PartnershipRuleError, match="frozen"):
        services.add_item(now, title="Late item")
    assert bytes(MeetingPack.objects.get(pk=public.pk).pdf) == bytes(public.pdf)
