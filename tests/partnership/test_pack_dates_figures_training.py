"""A tester's walk of the partnership pages (as board member and partner member, fresh demo):

* a pack says when it was published, not the day the page is read: the demo's packs for 11 June and
  10 September 2026 went out five clear working days before (3 June, 2 September), with the last
  minutes still "for approval";
* the agenda's "Performance Matters" item is read with the published report for the last month of
  the quarter before the meeting, linked for a reader of the reports, else said in words;
* a training quarter not started yet is blank in every row, classroom and online, with a note, and the
  table names the Safeguarding Children Partnership, not the LSCB.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from pypdf import PdfReader

from continuum.core import roles
from continuum.core.policy import may
from continuum.partnership import selectors, services, training
from continuum.partnership.models import Agency, Body, Booking, Course, Meeting, MeetingPack, Member
from continuum.publishing.models import ReportVersion
from continuum.synth.partnership import BOARD, ensure_demo_partnership
from tests.partnership.board import make_board, meeting

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


# --- 1. The pack's publication date ------------------------------------------------------------------


def test_the_pack_page_gives_the_day_the_pack_was_published(make_user, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("shutil.which", lambda name: None)
    settings.CONTINUUM_AS_OF = "2026-12-07"
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    body = make_board(manager)
    june = meeting(body, 2026, 6, 11)
    services.add_item(june, title="Minutes of the last meeting")
    with pytest.raises(services.PartnershipRuleError, match="cannot be in the future"):
        services.publish(june, by=manager, published_at=datetime(2026, 12, 8, 10, 0, tzinfo=LONDON))
    assert not MeetingPack.objects.exists()  # refused before any pack was made
    services.publish(june, by=manager, published_at=datetime(2026, 6, 3, 10, 0, tzinfo=LONDON))
    page = _as(manager).get(f"/partnership/meetings/{june.pk}/pack/").content.decode()
    assert page.count("as published on 3 Jun 2026") == 2  # the public and the members' pack
    assert "7 Dec 2026" not in page
    assert "7 December 2026" not in page
    # Published now, without a date: the borough's day (the clock), here 7 December 2026.
    december = meeting(body, 2026, 12, 10)
    services.add_item(december, title="Minutes of the last meeting")
    services.publish(december, by=manager)
    assert Meeting.objects.get(pk=december.pk).published_at.date() == date(2026, 12, 7)


def test_the_demo_publishes_each_pack_before_its_meeting(make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Board on Thursdays 11 June and 10 September 2026; five clear working days before is Wednesday
    3 June (10, 9, 8, 5, 4 June clear) and Wednesday 2 September (9, 8, 7, 4, 3 September clear)."""
    monkeypatch.setattr("shutil.which", lambda name: None)
    partner = make_user("demo-partner-member", roles.PARTNER_MEMBER)
    ensure_demo_partnership(seed=1, as_of=date(2026, 12, 7))
    published = Meeting.objects.filter(body__name=BOARD, published_at__isnull=False).order_by("starts_at")
    dates = [(m.starts_at.astimezone(LONDON).date(), m.published_at.astimezone(LONDON)) for m in published]
    assert dates == [
        (date(2026, 6, 11), datetime(2026, 6, 3, 10, 0, tzinfo=LONDON)),
        (date(2026, 9, 10), datetime(2026, 9, 2, 10, 0, tzinfo=LONDON)),
    ]
    september = published.last()
    assert september is not None
    page = _as(partner).get(f"/partnership/meetings/{september.pk}/pack/").content.decode()
    assert "as published on 2 Sep 2026" in page
    pack = MeetingPack.objects.get(meeting=september, audience="public")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(pack.pdf))).pages)
    assert "(for approval)" in text  # June's minutes, approved at this meeting, after the pack went out
    # Built before the meeting: June's minutes were approved at September's meeting, after publication.
    assert Meeting.objects.get(starts_at__date=date(2026, 6, 11), body__name=BOARD).minutes_locked


# --- 2. The quarter's Performance Matters report -----------------------------------------------------


@pytest.mark.parametrize(
    ("starts", "month"),
    [
        (datetime(2026, 6, 11, 14, 0, tzinfo=LONDON), "2026-03"),
        (datetime(2026, 9, 10, 14, 0, tzinfo=LONDON), "2026-06"),
        (datetime(2026, 12, 10, 14, 0, tzinfo=LONDON), "2026-09"),
        (datetime(2027, 1, 2, 10, 0, tzinfo=LONDON), "2026-12"),
        # 00:30 on 1 April in London is still 31 March in UTC: the London day counts.
        (datetime(2027, 4, 1, 0, 30, tzinfo=LONDON), "2027-03"),
    ],
)
def test_the_quarter_month_is_the_last_month_of_the_quarter_before_the_meeting(starts, month) -> None:  # type: ignore[no-untyped-def]
    assert selectors.quarter_month(Meeting(starts_at=starts)).label == month


@pytest.fixture
def december(make_user):  # type: ignore[no-untyped-def]
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    partner = make_user("partner", roles.PARTNER_MEMBER)
    # A police colleague of the MASH with a seat on the board: reads its business, not the reports.
    seated = make_user("seated", roles.PARTNER_POLICE)
    body = make_board(manager, partner)
    Member.objects.create(
        body=body, name="Dee Sergeant", organisation="Police", joined_on=date(2026, 4, 1), user=seated
    )
    m = meeting(body, 2026, 12, 10)
    services.add_item(m, title="Minutes of the last meeting and action log")
    services.add_item(m, title="Performance Matters: the quarter's figures")
    return {"manager": manager, "partner": partner, "seated": seated, "meeting": m}


def _report(period: str, number: int, published: datetime | None) -> ReportVersion:
    return ReportVersion.objects.create(
        kind="performance-matters", period=period, number=number, status="ready", published_at=published
    )


def _figures(client: Client, m: Meeting) -> tuple[str, str]:
    pack = client.get(f"/partnership/meetings/{m.pk}/pack/").content.decode()
    agenda = client.get(f"/partnership/meetings/{m.pk}/").content.decode()
    return pack, agenda


def test_no_report_for_the_month_says_so(december) -> None:  # type: ignore[no-untyped-def]
    august = _report("2026-08", 1, datetime(2026, 9, 15, 10, 0, tzinfo=LONDON))  # another month
    draft = _report("2026-09", 1, None)  # September's, not published
    pack, agenda = _figures(_as(december["manager"]), december["meeting"])
    for page in (pack, agenda):
        assert "No Performance Matters report published for September 2026 yet." in page
        assert august.token not in page
        assert draft.token not in page
    assert "Item 2 (&ldquo;Performance Matters: the quarter&#x27;s figures&rdquo;)" in pack


def test_the_published_report_is_linked_for_readers_of_the_reports(december) -> None:  # type: ignore[no-untyped-def]
    read = _report("2026-09", 1, datetime(2026, 10, 14, 10, 0, tzinfo=LONDON))
    later = _report("2026-09", 2, datetime(2026, 12, 20, 10, 0, tzinfo=LONDON))  # after the meeting
    pack, agenda = _figures(_as(december["manager"]), december["meeting"])  # a board member
    for page in (pack, agenda):
        assert f'href="/reports/{read.token}/"' in page
        assert "Performance Matters: September 2026</a> (version 1, published 14 Oct 2026)" in page
        assert later.token not in page
    # A partner member with a seat: the link exactly when the policy lets them read the reports.
    pack, _ = _figures(_as(december["partner"]), december["meeting"])
    assert (f'href="/reports/{read.token}/"' in pack) == may(december["partner"], "reports.read", read)
    # A seated reader without the reports: words, no link.
    assert not may(december["seated"], "reports.read", read)
    pack, agenda = _figures(_as(december["seated"]), december["meeting"])
    for page in (pack, agenda):
        assert read.token not in page
        assert (
            "The Performance Matters report for September 2026 was published on 14 Oct 2026; "
            "reading it needs access to the reports." in page
        )


def test_a_report_attached_as_the_items_paper_is_not_repeated(december, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_REPORT_DIR = tmp_path
    report = _report("2026-09", 1, datetime(2026, 10, 14, 10, 0, tzinfo=LONDON))
    report.files = {"pdf": "report.pdf"}
    report.save()
    item = december["meeting"].items.get(number=2)
    services.attach_report(item, report=report, by=december["manager"])
    assert selectors.quarter_figures(december["meeting"], list(december["meeting"].items.all())) is None
    pack, _ = _figures(_as(december["manager"]), december["meeting"])
    assert "The quarter&#x27;s figures</h2>" not in pack


# --- 3. Training: a quarter not started, and the partnership's name ----------------------------------


def test_a_quarter_not_started_is_blank_in_every_row() -> None:
    """2026/27 on 7 December 2026: Qtr 3 (October to December) has started, Qtr 4 has not. One classroom
    course in Qtr 3 with two delegates (council, health), one online course in Qtr 1 with one (police),
    and a course booked ahead for 14 January 2027 that must not count anywhere yet."""
    held = Course.objects.create(title="Neglect", held_on=date(2026, 11, 5), quality_assured=True)
    online = Course.objects.create(title="Online introduction", held_on=date(2026, 5, 6), online=True)
    ahead = Course.objects.create(title="Neglect", held_on=date(2027, 1, 14), quality_assured=True)
    Booking.objects.bulk_create(
        [
            Booking(course=held, name="A", agency=Agency.LOCAL_AUTHORITY, attended=True),
            Booking(course=held, name="B", agency=Agency.HEALTH, attended=True),
            Booking(course=online, name="C", agency=Agency.POLICE, attended=True),
            Booking(course=ahead, name="D", agency=Agency.HEALTH, attended=False),
        ]
    )
    table = training.table(2026, date(2026, 12, 7))
    online_rows = range(15, 25)  # after "Online Safeguarding Introduction Training" and "Agency total"
    rows = {row[0] + ("/online" if n in online_rows else ""): row[1:] for n, row in enumerate(table)}
    assert rows["Description"] == [
        "25/26 outturn",
        "26/27 outturn",
        "Qtr 1 26/27",
        "Qtr 2 26/27",
        "Qtr 3 26/27",
        "Qtr 4 26/27",
    ]
    assert rows[training.COURSES_ROW] == ["0", "1", "0", "0", "1", ""]
    assert rows["Local Authority"] == ["0", "1", "0", "0", "1", ""]
    assert rows["Health"] == ["0", "1", "0", "0", "1", ""]
    # Online: blank where no online course was held (the seed's way) and blank where not started.
    assert rows["Police/online"] == ["", "1", "1", "", "", ""]
    assert rows["Health/online"] == ["", "0", "0", "", "", ""]
    assert rows["% of courses that were quality assured/evaluated/ audited"] == [
        "",
        "100%",
        "",
        "",
        "100%",
        "",
    ]
    # Every row's Qtr 4 cell is blank alike, classroom and online.
    assert {row[-1] for row in table[1:]} == {""}
    assert [c.label for c in training.not_started(2026, date(2026, 12, 7))] == ["Qtr 4 26/27"]


def test_the_training_page_notes_the_quarter_not_started_and_names_the_partnership(
    make_user, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-07"
    Body.objects.create(name=BOARD, kind="board")
    reader = make_user("board", roles.BOARD_MEMBER)
    page = _as(reader).get("/partnership/training/?year=2026").content.decode()
    assert "Qtr 4 26/27 has not started yet (it starts on 1 Jan 2027), so its column is blank." in page
    assert "Number of Safeguarding Children Partnership training courses provided" in page
    assert "LSCB" not in page
    # A whole year ahead: every column waits.
    ahead = _as(reader).get("/partnership/training/?year=2027").content.decode()
    assert (
        "27/28 outturn, Qtr 1 27/28, Qtr 2 27/28, Qtr 3 27/28 and Qtr 4 27/28 have not started yet "
        "(the first starts on 1 Apr 2027), so their columns are blank." in ahead
    )
