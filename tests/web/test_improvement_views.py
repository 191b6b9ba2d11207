"""The improvement plan's pages: who may read and rate, the plan at a past day, a RAG move with its why,
the stocktake, the exports and the committee report; bad input answered in words."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from continuum.core import roles
from continuum.improvement import services
from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import CommitteeReport, Plan, PlanAction

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


@pytest.fixture
def plan(make_user, settings) -> Plan:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    settings.CONTINUUM_DASHBOARD_TABLES = "tests.web.test_improvement_views.no_tables"
    owner = make_user("owner", roles.SOCIAL_WORKER)  # no reader's role: owning the plan is what counts
    lead = make_user("lead", roles.SOCIAL_WORKER)  # a lead with no reader's role: named on the plan
    p = services.create_plan(
        title="Practice plan", owner_body="Children's Services", owner=owner,
        starts=date(2026, 1, 1), ends=date(2026, 12, 31), key=ensure_default_key(),
    )  # fmt: skip
    services.add_lead(p, "LD", lead)
    objective = services.add_objective(
        services.add_priority(p, title="Priority 1: Practice"), "Better practice"
    )
    for ref, rag in (("T1", "G"), ("T2", "C")):
        services.add_plan_action(
            objective, ref=ref, text=f"Do {ref}", lead_text="LD", delivery_text="September 2026",
            rag=rag, by=owner, rated_on=date(2026, 1, 31),
        )  # fmt: skip
    return p


def no_tables():  # type: ignore[no-untyped-def]
    """A dashboard source that cannot be read: the plan must still show, without its figures."""
    from continuum.web.dashboards.source import SourceError

    raise SourceError("no tables in this test")


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (roles.PERFORMANCE_ANALYST, True),
        (roles.QA_OFFICER, True),
        (roles.TEAM_MANAGER, True),
        (roles.BOARD_MEMBER, True),
        (roles.SOCIAL_WORKER, False),
        (roles.MASH_PRACTITIONER, False),
        (roles.PARTNER_POLICE, False),
    ],
)
def test_who_reads_the_plan(plan: Plan, make_user, role, sees: bool) -> None:  # type: ignore[no-untyped-def]
    client = _client(make_user("reader", role))
    assert client.get(f"/improvement/{plan.pk}/").status_code == (200 if sees else 403)
    t1 = plan.plan_actions.get(ref="T1")
    page = client.get(f"/improvement/{plan.pk}/actions/{t1.pk}/")
    assert page.status_code == (200 if sees else 403)
    if sees:  # readers read; only the owner and the action's lead rate
        assert b"Record a new RAG" not in page.content
        assert client.post(f"/improvement/{plan.pk}/actions/{t1.pk}/", {"level": "A"}).status_code == 403


def test_the_lead_and_owner_rate_and_the_why_is_required(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    lead = _client(t1.action.owner)
    url = f"/improvement/{plan.pk}/actions/{t1.pk}/"
    page = lead.get(url)
    assert b"Record a new RAG" in page.content
    refused = lead.post(url, {"level": "A", "reason": ""})
    assert refused.status_code == 400
    assert (
        "Say why the action is A (off track, plan in place) and what is being done"
        in refused.content.decode()
    )
    saved = lead.post(url, {"level": "A", "reason": "Recruitment slipped; agency cover agreed"}, follow=True)
    assert saved.status_code == 200
    assert "Recruitment slipped; agency cover agreed" in saved.content.decode()
    t1.refresh_from_db()
    assert t1.rag.code == "A"
    # The plan page before and after; a bad day is said in words.
    owner = _client(plan.owner)
    today = owner.get(f"/improvement/{plan.pk}/").content.decode()
    assert "Mitigation:</span> Recruitment slipped; agency cover agreed" in today
    assert "The figures could not be read just now" not in today  # no measures linked: nothing to read
    january = owner.get(f"/improvement/{plan.pk}/?on=2026-01-15").content.decode()
    assert "As it stood on 15 January 2026" in january
    assert january.count("Not yet in the plan") == 2
    bad = owner.get(f"/improvement/{plan.pk}/?on=31-01-2026")
    assert bad.status_code == 400
    assert bad.context["errors"] == [
        ("id_on-day", "The day to show the plan on must be a date written as YYYY-MM-DD, like 2025-03-31")
    ]
    # The stocktake since the plan began lists T1 as slipped with its why.
    take = owner.get(f"/improvement/{plan.pk}/stocktake/?from=2026-02-01&to=2026-06-30").content.decode()
    assert "Slipped (1)" in take
    assert "Recruitment slipped; agency cover agreed" in take


def test_measures_show_or_say_they_cannot_be_read(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    services.link_measure(t1, "referrals")
    with pytest.raises(services.PlanRuleError, match="not an indicator"):
        services.link_measure(t1, "no_such_indicator")
    page = _client(plan.owner).get(f"/improvement/{plan.pk}/")
    assert page.status_code == 200
    assert "The figures could not be read just now; the plan is shown without them." in page.content.decode()


def test_exports_and_the_committee_report(plan: Plan) -> None:
    owner = _client(plan.owner)
    book = load_workbook(io.BytesIO(owner.get(f"/improvement/{plan.pk}/export.xlsx").content), read_only=True)
    rows = [tuple(v for v in r if v is not None) for r in book["Plan"].iter_rows(values_only=True)]
    assert rows[2] == ("T1", "Better practice", "Do T1", "LD", "September 2026", "G")
    report = owner.get(f"/improvement/{plan.pk}/report/?as_of=2026-06-30").content.decode()
    assert "This is the first report on the plan." in report
    assert owner.post(f"/improvement/{plan.pk}/report/?as_of=2026-03-31").status_code == 302
    assert CommitteeReport.objects.get(plan=plan).as_of == date(2026, 3, 31)
    t1 = PlanAction.objects.get(plan=plan, ref="T1")
    services.record_rag(t1, code="R", by=plan.owner, reason="Funding withdrawn")
    report = owner.get(f"/improvement/{plan.pk}/report/").content.decode()
    assert "RAG changes from 31 March 2026 to 30 June 2026" in report
    assert "Funding withdrawn" in report
    pdf = owner.get(f"/improvement/{plan.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    docx = owner.get(f"/improvement/{plan.pk}/report.docx")
    cells = [c.text for t in Document(io.BytesIO(docx.content)).tables for row in t.rows for c in row.cells]
    assert "Funding withdrawn" in cells
    # A reader may read the report but not record it as issued.
    assert owner.get("/improvement/").status_code == 200


def test_a_reader_may_not_record_a_report(plan: Plan, make_user) -> None:  # type: ignore[no-untyped-def]
    board = _client(make_user("board", roles.BOARD_MEMBER))
    assert board.get(f"/improvement/{plan.pk}/report/").status_code == 200
    assert board.post(f"/improvement/{plan.pk}/report/").status_code == 403
    assert board.get("/improvement/").status_code == 200
    assert board.get(f"/improvement/{plan.pk + 999}/").status_code == 404
    assert board.get(f"/improvement/{plan.pk}/report.exe").status_code == 404


def test_the_tracker_action_links_back_to_the_plan(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    lead = _client(t1.action.owner)
    assert "Do T1" in lead.get("/actions/").content.decode()  # in the lead's "My actions"
    page = lead.get(f"/actions/{t1.action.pk}/").content.decode()
    assert f'href="/improvement/{plan.pk}/actions/{t1.pk}/"' in page


def test_the_owner_links_a_measure_from_the_page(plan: Plan, make_user) -> None:  # type: ignore[no-untyped-def]
    t1 = plan.plan_actions.get(ref="T1")
    url = f"/improvement/{plan.pk}/actions/{t1.pk}/"
    owner = _client(plan.owner)
    assert "Link a measure from the indicator library" in owner.get(url).content.decode()
    assert owner.post(url, {"form": "measure", "indicator": "contacts"}).status_code == 302
    assert list(t1.measures.values_list("indicator", flat=True)) == ["contacts"]
    again = owner.post(url, {"form": "measure", "indicator": "contacts"})
    assert again.status_code == 400
    assert "contacts is already linked to T1" in again.content.decode()
    lead = _client(t1.action.owner)  # a lead rates but does not change the plan's measures
    assert "Link a measure" not in lead.get(url).content.decode()
    assert lead.post(url, {"form": "measure", "indicator": "referrals"}).status_code == 403


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Imported plan",
        "owner_body": "Children's Services",
        "starts-day": "1", "starts-month": "9", "starts-year": "2017",
        "ends-day": "30", "ends-month": "9", "ends-year": "2018",
        "rated_on-day": "31", "rated_on-month": "10", "rated_on-year": "2017",
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_plan_is_imported_from_the_page(make_user) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from continuum.improvement.workbook import HEADER
    from tests.improvement.plans import workbook

    manager = _client(make_user("manager", roles.TEAM_MANAGER))
    make_user("lead-ab")
    assert _client(make_user("board", roles.BOARD_MEMBER)).get("/improvement/import/").status_code == 403
    assert "Import a plan from its spreadsheet" in manager.get("/improvement/").content.decode()
    bad = workbook(
        [("Priority 1: Practice",), HEADER, ("T1", "Obj", "Do it", "ZZ", "Octobr 2017", "G")],
        {"AB": "lead-ab"},
    )
    refused = manager.post("/improvement/import/", _form(file=SimpleUploadedFile("plan.xlsx", bad)))
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Row 3 (T1) names a lead not on the Leads sheet (&quot;ZZ&quot;)" in page
    assert not Plan.objects.exists()
    empty = manager.post("/improvement/import/", _form(title=""))
    assert "Choose the plan&#x27;s XLSX file" in empty.content.decode()
    assert "Enter the title" in empty.content.decode()
    good = workbook(
        [("Priority 1: Practice",), HEADER, ("T1", "Obj", "Do it", "AB", "October 2017", "A")],
        {"AB": "lead-ab"},
    )
    saved = manager.post("/improvement/import/", _form(file=SimpleUploadedFile("plan.xlsx", good)))
    plan = Plan.objects.get()
    assert saved["Location"] == f"/improvement/{plan.pk}/"
    assert plan.owner.username == "manager"
    assert plan.plan_actions.get().rag_history.get().on == date(2017, 10, 31)


def test_the_import_forms_errors_name_their_boxes() -> None:
    """Found by review: Django's "Ensure this value has at most 200 characters" named no box, three times."""
    from continuum.web.improvement.views import ImportForm

    long = "O'Brien-Zoë <script>" + "x" * 10_000
    form = ImportForm(_form(title=long, owner_body=long, **{"ends-day": "31", "ends-month": "2"}))
    assert not form.is_valid()
    assert form.errors["title"] == ["The plan's title must be 200 characters or fewer"]
    assert form.errors["owner_body"] == ["The body that owns it must be 200 characters or fewer"]
    assert form.errors["ends"] == ["The date the plan ends must be a real date: February 2018 has 28 days"]
    assert ImportForm({}).errors["starts"] == ["Enter the date the plan starts"]
