"""Issue 23 point 8: the community safety report pack (crime summary, ASB, IOM with no names, MARAC, the
action plan) as one PDF, added to a partnership meeting's agenda and merged into the meeting pack by
the partnership's own pack building when the meeting is published."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from continuum.community_safety import pack
from continuum.community_safety.models import AsbCall, MaracMeeting, MaracReferral
from continuum.core import roles
from continuum.partnership import services as partnership
from continuum.partnership.models import Body, Meeting, MeetingPack, Paper
from continuum.synth.community_safety import PLAN_TITLE, ensure_action_plan
from tests.community_safety.seed_2012 import load_seed_2012
from tests.community_safety.test_iom import _cohort

pytestmark = pytest.mark.django_db

PERIOD = pack.Period(date(2012, 4, 1), date(2012, 9, 1))
URL = "/community-safety/board-pack/"


def _text(pdf: bytes) -> str:
    """The PDF's words on one line (table cells wrap where the page is narrow)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _records(owner) -> None:  # type: ignore[no-untyped-def]
    load_seed_2012()
    _cohort()
    AsbCall.objects.bulk_create(
        [
            AsbCall(
                received=date(2012, 5, 3), call_type="Rowdy behaviour", ward="E05099901", caller_key="C1"
            ),
            AsbCall(
                received=date(2012, 5, 9), call_type="Rowdy behaviour", ward="E05099901", caller_key="C1"
            ),
            AsbCall(received=date(2011, 5, 9), call_type="Noise", ward="E05099902", caller_key="C2"),
        ]
    )
    meeting = MaracMeeting.objects.create(held_on=date(2012, 7, 5))
    for key, agency in (("V1", "Police"), ("V2", "IDVA")):
        MaracReferral.objects.create(
            referred_on=date(2012, 6, 25), agency=agency, risk_score=16, victim_key=key, meeting=meeting
        )
    ensure_action_plan(seed=7, as_of=date(2012, 9, 30), owner=owner)


def _meeting(secretary) -> Meeting:  # type: ignore[no-untyped-def]
    body = Body.objects.create(
        name="Safer Communities Partnership Board", kind="board", quorum=3, secretary=secretary
    )
    meeting = Meeting.objects.create(
        body=body,
        starts_at=datetime(2012, 10, 16, 14, tzinfo=ZoneInfo("Europe/London")),
        place="Civic Centre",
    )
    partnership.add_item(meeting, title="Welcome and apologies", purpose="information")
    return meeting


def test_the_pack_holds_every_section_names_no_one_and_goes_into_the_meeting_pack(make_user) -> None:  # type: ignore[no-untyped-def]
    manager = make_user("scp-manager", roles.BOARD_MEMBER)
    _records(manager)
    text = _text(pack.pdf(PERIOD))
    for heading in (
        "1. Crime summary",
        "2. Anti-social behaviour",
        "3. Integrated offender management",
        "4. MARAC",
        "5. Strategy action plan",
    ):
        assert heading in text
    assert "April 2012 to September 2012" in text
    # The seed's row (lines 296-319), its change in words beside the colour.
    assert "Personal Robbery" in text
    assert "-10.5% (decrease)" in text
    # ASB: 2 calls against 1 a year before; one repeat caller.
    assert "2 calls, +100.0% on a year before (1)" in text
    # IOM: the board's summary in the seed's words, and no one's name.
    assert "There are currently 4 offenders on the IOM list" in text
    for name in ("Alex Ashdown", "Bo Brierley", "Cas Colley", "Dee Dunmore"):
        assert name not in text
    assert "Q1 2012-13" in text  # MARAC's quarter
    assert PLAN_TITLE in text

    meeting = _meeting(manager)
    paper = pack.attach(meeting, PERIOD, by=manager)
    assert isinstance(paper, Paper)
    assert (paper.item.number, paper.kind, paper.filename) == (
        2,
        "pdf",
        "community-safety-pack-2012-04-to-2012-09.pdf",
    )
    assert paper.item.title == "Community safety report pack: April 2012 to September 2012"
    partnership.publish(meeting, by=manager)
    members = MeetingPack.objects.get(meeting=meeting, audience=MeetingPack.Audience.MEMBERS)
    paper_pages = len(PdfReader(io.BytesIO(bytes(paper.content))).pages)
    merged = PdfReader(io.BytesIO(bytes(members.pdf)))
    title = "Item 2: Community safety report pack: April 2012 to September 2012"
    first = dict((t, p) for t, p in members.contents)[title]
    # The paper's pages are the pack's last ones, numbered as the pack's.
    assert first == members.pages - paper_pages + 1
    assert "1. Crime summary" in merged.pages[first - 1].extract_text()
    assert f"Page {first} of {members.pages}" in merged.pages[first - 1].extract_text()


def test_the_page_downloads_and_adds_the_pack_for_the_business_manager_only(client, make_user) -> None:  # type: ignore[no-untyped-def]
    manager = make_user("scp-manager", roles.BOARD_MEMBER)
    analyst = make_user("scp-analyst", roles.PERFORMANCE_ANALYST)
    load_seed_2012()
    meeting = _meeting(manager)
    item = meeting.items.get()

    client.force_login(analyst)
    page = client.get(URL).content.decode()
    assert "April 2012 to September 2012" in page  # the financial year to date of the latest figures
    assert "data-pack-attach" not in page  # manages no body
    response = client.get(reverse("community-safety-pack-pdf"), {"from": "2012-04", "to": "2012-09"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert client.get(URL, {"from": "2012-13", "to": "2012-09"}).status_code == 400
    attach = {"from": "2012-04", "to": "2012-09", "target": f"item:{item.pk}"}
    assert client.post(URL, attach).status_code == 403

    client.force_login(manager)
    page = client.get(URL).content.decode()
    assert f'value="item:{item.pk}"' in page
    assert f'value="meeting:{meeting.pk}"' in page
    bad = client.post(URL, {"from": "2012-04", "to": "2012-09", "target": "item:0"})
    assert bad.status_code == 400
    assert "Choose the meeting or agenda item the pack is for" in bad.content.decode()
    response = client.post(URL, attach)
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership-meeting", args=[meeting.pk])
    assert item.papers.get().title == "Community safety report pack: April 2012 to September 2012"
    # A published agenda is frozen: the meeting is no longer offered.
    partnership.publish(meeting, by=manager)
    assert "data-pack-attach" not in client.get(URL).content.decode()  # no unpublished meeting left

    for role in (roles.SOCIAL_WORKER, roles.IOM_OFFICER):
        client.force_login(make_user(role.slug, role))
        assert client.get(URL).status_code == 403


def test_the_landing_page_lists_every_page_the_user_may_open(client, make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.web.areas import areas_for

    titles = [
        "Crime summary",
        "Anti-social behaviour",
        "Offender management (IOM)",
        "MARAC",
        "Strategy action plan",
        "Cost-benefit model",
        "Board report pack",
    ]
    analyst = make_user("scp-analyst", roles.PERFORMANCE_ANALYST)
    client.force_login(analyst)
    page = client.get("/community-safety/").content.decode()
    assert [t for t in titles if f">{t}</a></h2>" in page] == titles
    assert "Community safety" in [a.title for a in areas_for(analyst)]
    # The IOM officer: the cohort only, on the landing page and in every page's navigation.
    officer = make_user("scp-iom", roles.IOM_OFFICER)
    client.force_login(officer)
    page = client.get("/community-safety/").content.decode()
    assert [t for t in titles if f">{t}</a>" in page] == ["Offender management (IOM)"]
    page = client.get("/community-safety/iom/").content.decode()
    assert [t for t in titles if f">{t}</a>" in page] == ["Offender management (IOM)"]
    assert "Community safety" in [a.title for a in areas_for(officer)]
    client.force_login(make_user("scp-sw", roles.SOCIAL_WORKER))
    assert client.get("/community-safety/").status_code == 403
