"""Partnership pages through the test client: the policy (partner members see their own bodies'
public papers; exempt papers and the members' pack need a seat; only the business manager changes
anything; nothing links to a child's record) and errors said in words, never a traceback."""

from __future__ import annotations

import pytest
from django.test import Client

from continuum.core import roles
from continuum.partnership import services
from continuum.partnership.models import Body
from tests.partnership.board import make_board, meeting
from tests.partnership.test_pack import pdf_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_user, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("shutil.which", lambda name: None)
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    member = make_user("member", roles.PARTNER_MEMBER)
    outsider = make_user("outsider", roles.PARTNER_MEMBER)
    reader = make_user("reader", roles.BOARD_MEMBER)
    body = make_board(manager, member)
    Body.objects.create(name="Other Board", kind="board")
    m = meeting(body, 2012, 5, 17)
    public = services.add_item(m, title="Performance")
    secret = services.add_item(m, title="Commissioning", exempt=True, exemption_category="3")
    p1 = services.attach_file(public, title="Figures", filename="f.pdf", content=pdf_of("PUBLIC"), by=manager)
    p2 = services.attach_file(secret, title="Tender", filename="t.pdf", content=pdf_of("SECRET"), by=manager)
    services.publish(m, by=manager)
    return {
        "manager": manager,
        "member": member,
        "outsider": outsider,
        "reader": reader,
        "body": body,
        "meeting": m,
        "papers": (p1, p2),
    }


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_members_read_their_bodies_papers_and_exempt_needs_a_seat(setting) -> None:  # type: ignore[no-untyped-def]
    m, (p1, p2) = setting["meeting"], setting["papers"]
    member, outsider = _as(setting["member"]), _as(setting["outsider"])
    index = member.get("/partnership/").content.decode()
    assert "Children&#x27;s Trust Board" in index
    assert "Other Board" not in index
    assert member.get(f"/partnership/papers/{p1.pk}/").status_code == 200
    assert member.get(f"/partnership/papers/{p2.pk}/").status_code == 200
    assert member.get(f"/partnership/meetings/{m.pk}/pack/members.pdf").status_code == 200
    page = member.get(f"/partnership/meetings/{m.pk}/").content.decode()
    assert "/children/" not in page
    # A partner member who does not sit on the board sees none of it.
    assert outsider.get(f"/partnership/meetings/{m.pk}/").status_code == 403
    assert outsider.get(f"/partnership/papers/{p1.pk}/").status_code == 403
    # A board member (staff reader) without a seat reads public papers, not exempt ones.
    reader = _as(setting["reader"])
    assert reader.get(f"/partnership/papers/{p1.pk}/").status_code == 200
    assert reader.get(f"/partnership/papers/{p2.pk}/").status_code == 403
    assert reader.get(f"/partnership/meetings/{m.pk}/pack/members.pdf").status_code == 403
    assert reader.get(f"/partnership/meetings/{m.pk}/pack/public.pdf").status_code == 200
    assert "Members&#x27; pack" not in reader.get(f"/partnership/meetings/{m.pk}/pack/").content.decode()
    # Only the business manager changes anything; a member's post is refused.
    assert member.post(f"/partnership/meetings/{m.pk}/minutes/", {"do": "approve"}).status_code == 403
    # A partner member never reaches a child's record.
    assert member.get("/children/").status_code in (403, 404)


def test_bad_upload_is_said_in_words(setting) -> None:  # type: ignore[no-untyped-def]
    manager = _as(setting["manager"])
    m2 = meeting(setting["body"], 2012, 9, 20)
    services.add_item(m2, title="Budget")
    item = m2.items.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = manager.post(
        f"/partnership/meetings/{m2.pk}/",
        {
            "do": "file",
            "item": item.pk,
            "paper_title": "Budget",
            "file": SimpleUploadedFile("budget.exe", b"MZ"),
        },
    )
    assert response.status_code == 400
    assert "The paper must be a PDF, Word (DOCX) or Excel (XLSX) file" in response.content.decode()
    response = manager.post(
        f"/partnership/meetings/{m2.pk}/", {"do": "item", "title": "", "minutes_allowed": "x"}
    )
    assert "Enter the time allowed as a whole number of minutes" in response.content.decode()
    response = manager.post(
        f"/partnership/meetings/{m2.pk}/", {"do": "item", "title": "Staffing", "exempt": "yes"}
    )
    assert "Choose the exemption category for an exempt item" in response.content.decode()
    # The published meeting refuses a new item with a sentence, not a traceback.
    m = setting["meeting"]
    assert manager.get(f"/partnership/meetings/{m.pk}/").status_code == 200
    for page in ("", "pack/", "minutes/"):
        assert manager.get(f"/partnership/meetings/{m.pk}/{page}").status_code == 200
    body = setting["body"]
    for page in ("", "actions/", "attendance/"):
        assert manager.get(f"/partnership/bodies/{body.pk}/{page}").status_code == 200
