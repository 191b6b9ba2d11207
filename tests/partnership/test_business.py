"""Known answers for the partnership's business: attendance rates, the action log, minutes locked once
approved, papers checked for type and size, and the agenda frozen by publication."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.test import override_settings

from continuum.actions import services as action_services
from continuum.core import roles
from continuum.partnership import selectors, services
from continuum.partnership.services import PartnershipRuleError
from tests.partnership.board import make_board, meeting, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_user):  # type: ignore[no-untyped-def]
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    return make_board(manager)


def _attend(meeting_, body, present: list[str], apologies: list[str], absent: list[str] = ()) -> None:  # type: ignore[assignment]
    for names, status in ((present, "present"), (apologies, "apologies"), (absent, "absent")):
        for name in names:
            services.record_attendance(meeting_, seat(body, name), status=status)


def test_attendance_rates_per_organisation_and_year(board) -> None:  # type: ignore[no-untyped-def]
    """2012: Council 3 seats x 3 meetings = 9 expected, 7 present -> 78%; Health 1/3 -> 33%;
    Police 3/3 -> 100%; Education 2/3 -> 67%. 2013: one meeting, Council 3/3, Health 0/1."""
    m1, m2, m3 = meeting(board, 2012, 2, 9), meeting(board, 2012, 5, 17), meeting(board, 2012, 9, 20)
    m4 = meeting(board, 2013, 1, 24)
    everyone = ["Ann Chair", "Bob Director", "Fay Officer", "Dan Inspector", "Eve Head"]
    _attend(m1, board, everyone, ["Cath Nurse"])
    _attend(
        m2, board, ["Ann Chair", "Bob Director", "Cath Nurse", "Dan Inspector"], ["Fay Officer", "Eve Head"]
    )
    _attend(
        m3, board, ["Ann Chair", "Bob Director", "Dan Inspector", "Eve Head"], ["Fay Officer"], ["Cath Nurse"]
    )
    _attend(m4, board, ["Ann Chair", "Bob Director", "Fay Officer"], [], ["Cath Nurse"])
    got = {
        (r.organisation, r.year): (r.present, r.expected, r.percent)
        for r in selectors.attendance_rates(board)
    }
    assert got == {
        ("Council", 2012): (7, 9, 78),
        ("Education", 2012): (2, 3, 67),
        ("Health", 2012): (1, 3, 33),
        ("Police", 2012): (3, 3, 100),
        ("Council", 2013): (3, 3, 100),
        ("Health", 2013): (0, 1, 0),
    }
    meetings, rows = selectors.matrix(board)
    assert [m.pk for m in meetings] == [m1.pk, m2.pk, m3.pk, m4.pk]
    assert dict(rows)["Council"] == ["3/3", "2/3", "2/3", "3/3"]
    assert dict(rows)["Police"] == ["1/1", "1/1", "1/1", ""]
    # Cath Nurse missed m2? No: present at m2, then absent at m3 and m4 - two in a row, not flagged;
    # Eve Head: apologies at m2 only.
    assert selectors.absent_three_in_a_row(board) == []
    m5 = meeting(board, 2013, 4, 25)
    _attend(m5, board, ["Ann Chair"], ["Cath Nurse"])
    assert selectors.absent_three_in_a_row(board) == ["Cath Nurse"]


def test_action_log_carries_open_actions_until_closed(board, make_user) -> None:  # type: ignore[no-untyped-def]
    manager = board.secretary
    owner = make_user("action-owner", roles.PARTNER_MEMBER)
    m1, m2, m3 = meeting(board, 2012, 2, 9), meeting(board, 2012, 5, 17), meeting(board, 2012, 9, 20)
    item = services.add_item(m1, title="Positive for Youth", presenter="FA", purpose="discussion")
    a = services.set_action(
        item, what="Send a summary of level-2 provision", owner=owner, due=date(2012, 3, 1), by=manager
    )
    b = services.set_action(
        item, what="Youth Board to ask JCP", owner=owner, due=date(2012, 4, 1), by=manager
    )
    assert a.source_label == "Children's Trust Board meeting 9 Feb 2012, item 1"
    assert selectors.action_log(m1) == []  # set at this meeting: on the next one's log
    assert [x.pk for x in selectors.action_log(m2)] == [a.pk, b.pk]
    action_services.set_status(a, status="done", by=owner, on=date(2012, 6, 1))
    item2 = services.add_item(m2, title="Young Carers", presenter="JM")
    c = services.set_action(
        item2, what="Review the 2009 strategy", owner=owner, due=date(2012, 8, 1), by=manager
    )
    # At m3: b still open, c open, a closed since m2 (shown once, after the open ones).
    assert [x.pk for x in selectors.action_log(m3)] == [b.pk, c.pk, a.pk]
    m4 = meeting(board, 2013, 1, 24)
    assert [x.pk for x in selectors.action_log(m4)] == [b.pk, c.pk]  # a's closure was reported at m3


def test_minutes_are_locked_once_approved_and_corrections_are_versions(board) -> None:  # type: ignore[no-untyped-def]
    manager = board.secretary
    m1, m2 = meeting(board, 2012, 2, 9), meeting(board, 2012, 5, 17)
    item = services.add_item(m1, title="Participation Strategy")
    services.write_minute(item, text="The strategy is out of date.", decision="EMG to review", by=manager)
    services.write_minute(
        item, text="The strategy is out of date and will be reviewed.", decision="EMG to review", by=manager
    )
    with pytest.raises(PartnershipRuleError, match="later meeting"):
        services.approve_minutes(m2, at=m1, by=manager)
    services.approve_minutes(m1, at=m2, by=manager)
    m1.refresh_from_db()
    assert m1.minutes_locked
    assert m1.minutes_approved_at == m2
    with pytest.raises(PartnershipRuleError, match="reason for the correction"):
        services.write_minute(item, text="Changed", by=manager)
    with pytest.raises(PartnershipRuleError, match="attendance is locked"):
        services.record_attendance(m1, seat(board, "Ann Chair"), status="present")
    services.write_minute(
        item,
        text="Corrected text.",
        decision="EMG to review",
        by=manager,
        reason="Typo in the name of the group",
    )
    versions = list(item.minute_versions.values_list("version", "reason"))
    assert versions == [(1, ""), (2, ""), (3, "Typo in the name of the group")]
    assert selectors.minutes_now(item).text == "Corrected text."


def _zip(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(part, "<x/>")
    return out.getvalue()


@override_settings(PARTNERSHIP_MAX_PAPER_MB=1)
def test_papers_are_checked_for_type_and_size(board) -> None:  # type: ignore[no-untyped-def]
    m1 = meeting(board, 2012, 2, 9)
    item = services.add_item(m1, title="Budget")
    by = board.secretary
    cases = [
        ("notes.txt", b"hello", "must be a PDF, Word (DOCX) or Excel (XLSX) file"),
        ("paper.pdf", b"MZ\x90\x00 not a pdf", "named .pdf but is not a PDF"),
        ("paper.docx", _zip("xl/workbook.xml"), "named .docx but is not a Word (DOCX) file"),
        ("paper.xlsx", b"plain text", "named .xlsx but is not an Excel (XLSX) file"),
        ("big.pdf", b"%PDF-1.7" + b"0" * (1024 * 1024), "The file must be 1 MB or smaller"),
        ("empty.pdf", b"", "The file is empty"),
    ]
    for name, content, message in cases:
        with pytest.raises(PartnershipRuleError) as caught:
            services.attach_file(item, title="x", filename=name, content=content, by=by)
        assert message in caught.value.messages[0], name
    assert (
        services.attach_file(
            item, title="Budget", filename="b.docx", content=_zip("word/document.xml"), by=by
        ).kind
        == "docx"
    )
    assert (
        services.attach_file(
            item, title="Sheet", filename="b.XLSX", content=_zip("xl/workbook.xml"), by=by
        ).kind
        == "xlsx"
    )


def test_exempt_item_needs_its_category(board) -> None:  # type: ignore[no-untyped-def]
    m1 = meeting(board, 2012, 2, 9)
    with pytest.raises(PartnershipRuleError, match="exemption category"):
        services.add_item(m1, title="Staffing", exempt=True)
    item = services.add_item(m1, title="Staffing", exempt=True, exemption_category="4")
    assert item.number == 1
    assert item.get_exemption_category_display().startswith("4:")


def test_virus_scanner_is_off_by_default_with_a_warning_and_refuses_a_flagged_file(board, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from continuum.partnership import uploads

    assert "not scanned for viruses" in uploads.scanner_warning()
    flagging = tmp_path / "scanner"
    flagging.write_text("#!/bin/sh\nexit 1\n")
    flagging.chmod(0o755)
    item = services.add_item(meeting(board, 2012, 2, 9), title="Budget")
    with override_settings(PARTNERSHIP_VIRUS_SCANNER=str(flagging)):
        assert uploads.scanner_warning() == ""
        with pytest.raises(PartnershipRuleError, match="virus scanner found a problem"):
            services.attach_file(item, title="x", filename="x.pdf", content=b"%PDF-1.7 x", by=board.secretary)
