"""The reports walk through the test client: partner members read what is published, commentary
paragraphs on the page, months typed in words, years before the records refused, the board's table
as a page.

Versions are made through the publishing services with files written by the real report code from
small hand-built tables (tests/reports/data.py), so no job or borough is needed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from continuum.core import roles
from continuum.journey import services as journey
from continuum.publishing import services
from continuum.publishing.models import ReportVersion
from continuum.reports import board
from tests.reports.data import cp_plans_three_years

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def report_dir(settings, tmp_path: Path) -> Path:
    settings.CONTINUUM_REPORT_DIR = tmp_path / "reports"
    return tmp_path / "reports"


def _board_version(*, published: bool, by) -> ReportVersion:  # type: ignore[no-untyped-def]
    """A ready board table for 2020-21, its files written by the report code (3 years to 31 Aug 2020)."""
    version = services.request(ReportVersion.Kind.BOARD_TABLE, "2020-21", by=by)
    table = board.build(cp_plans_three_years(), years=3, data_up_to=date(2020, 8, 31), source="test")
    version.folder.mkdir(parents=True)
    files = {p.suffix.lstrip("."): p.name for p in board.write(table, version.folder)}
    services.generated(version.pk, files, [])
    version.refresh_from_db()
    if published:
        services.publish(version, by=by)
        version.refresh_from_db()
    return version


def _pm_version(commentary: dict[str, str], *, by) -> ReportVersion:  # type: ignore[no-untyped-def]
    """A ready Performance Matters for November 2026 with a PDF stand-in, and its commentary."""
    version = services.request(ReportVersion.Kind.PERFORMANCE_MATTERS, "2026-11", by=by)
    version.folder.mkdir(parents=True)
    (version.folder / "report.pdf").write_bytes(b"%PDF-1.7 stand-in")
    services.generated(version.pk, {"pdf": "report.pdf"}, ["Front door", "Children in care"])
    ReportVersion.objects.filter(pk=version.pk).update(commentary=commentary)
    version.refresh_from_db()
    return version


# --- 1. Partner members read published reports, never drafts nor the children behind a figure -----------


def test_a_partner_member_reads_published_reports_not_drafts(client, make_user) -> None:  # type: ignore[no-untyped-def]
    analyst = make_user("analyst", roles.PERFORMANCE_ANALYST)
    published = _board_version(published=True, by=analyst)
    draft = _board_version(published=False, by=analyst)
    client.force_login(make_user("member", roles.PARTNER_MEMBER))

    listing = client.get(reverse("reports-index"))
    assert listing.status_code == 200
    assert [v.pk for v in listing.context["versions"]] == [published.pk]  # the draft is not listed
    assert "Generate Performance Matters" not in listing.content.decode()
    assert client.get(reverse("reports-version", args=[published.token])).status_code == 200
    csv_file = client.get(reverse("reports-file", args=[published.token, "csv"]))
    assert csv_file.status_code == 200
    assert client.get(reverse("reports-version", args=[draft.token])).status_code == 404
    assert client.get(reverse("reports-file", args=[draft.token, "csv"])).status_code == 404
    # They may not make or publish one, nor list the children behind a dashboard's figure.
    assert (
        client.post(reverse("reports-generate"), {"kind": "board-table", "year": "2020"}).status_code == 403
    )
    assert client.post(reverse("reports-publish", args=[draft.token])).status_code == 403
    children = reverse("performance-children", args=["front-door", "contacts"])
    assert client.get(children, {"period": "2020-21"}).status_code == 403


def test_a_partner_member_reads_the_published_pdf(client, make_user) -> None:  # type: ignore[no-untyped-def]
    analyst = make_user("analyst", roles.PERFORMANCE_ANALYST)
    version = _pm_version({}, by=analyst)
    services.publish(version, by=analyst)
    client.force_login(make_user("member", roles.PARTNER_MEMBER))
    pdf = client.get(reverse("reports-file", args=[version.token, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == b"%PDF-1.7 stand-in"


# --- 2. The page parts the commentary at blank lines as the PDF does, and shows "<b>" as text -----------


def test_the_page_shows_the_commentarys_paragraphs(client, make_user) -> None:  # type: ignore[no-untyped-def]
    analyst = make_user("analyst", roles.PERFORMANCE_ANALYST)
    typed = "Contacts rose after the\r\nschools' week.\r\n\r\nThe MASH added <b>a duty worker</b>."
    version = _pm_version({"Front door": typed}, by=analyst)
    services.publish(version, by=analyst)
    client.force_login(make_user("board", roles.BOARD_MEMBER))
    page = client.get(reverse("reports-version", args=[version.token])).content.decode()
    assert (
        '<h3 class="govuk-heading-s">Front door</h3>\n'
        '<p class="govuk-body">Contacts rose after the schools&#x27; week.</p>'
        '<p class="govuk-body">The MASH added &lt;b&gt;a duty worker&lt;/b&gt;.</p>'
    ) in page
    assert "Children in care</h3>" not in page  # no commentary, no heading


# --- 7. The month typed in words -------------------------------------------------------------------------


@override_settings(CONTINUUM_AS_OF="2026-12-07")
@pytest.mark.parametrize("typed", ["November 2026", "Nov 2026", "11/2026", "2026-11"])
def test_the_month_may_be_typed_as_people_write_it(client, make_user, typed: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.post(reverse("reports-generate"), {"kind": "performance-matters", "month": typed})
    assert response.status_code == 302
    assert ReportVersion.objects.get().period == "2026-11"


@override_settings(CONTINUUM_AS_OF="2026-12-07")
def test_the_month_field_names_its_forms(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = client.get(reverse("reports-index")).content.decode()
    assert "For example, November 2026, Nov 2026 or 11/2026." in page
    assert 'name="month" type="text" aria-describedby="month-hint" value="November 2026"' in page


# --- 3. A year before the borough's records begin is refused at its field --------------------------------


@override_settings(CONTINUUM_AS_OF="2026-12-07")
def test_a_year_before_the_records_begin_is_refused(client, make_user) -> None:  # type: ignore[no-untyped-def]
    analyst = make_user("analyst", roles.PERFORMANCE_ANALYST)
    child = journey.register_child(
        first_name="Test",
        last_name="Child",
        person_birth_date=date(2015, 5, 1),
        sex="F",
        ethnicity="WBRI",
        disabilities=["NONE"],
        by=analyst,
    )
    # The only dated event: a referral on 10 June 2021, so the records begin then.
    journey.open_referral(
        child=child,
        cin_referral_date=date(2021, 6, 10),
        referral_source="6",
        primary_need_code="N1",
        by=analyst,
    )
    client.force_login(analyst)
    message = (
        "The borough's records begin on 10 Jun 2021, so there are no figures for 1999-00. "
        "The earliest year you can report on is 2021 (April 2021 to March 2022)"
    )
    response = client.post(reverse("reports-generate"), {"kind": "board-table", "year": "1999"})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert f'<a href="#id_year">{message}</a>' in page
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in page
    refused_month = client.post(
        reverse("reports-generate"), {"kind": "performance-matters", "month": "May 2021"}
    )
    assert refused_month.status_code == 400
    assert "The earliest month you can report on is June 2021" in refused_month.content.decode()
    assert not ReportVersion.objects.exists()
    # The year holding the first record may be asked for.
    assert (
        client.post(reverse("reports-generate"), {"kind": "board-table", "year": "2021"}).status_code == 302
    )


def test_a_year_that_is_no_year_is_refused(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.post(reverse("reports-generate"), {"kind": "board-table", "year": "0000"})
    assert response.status_code == 400
    assert "Enter the year the financial year starts in, for example 2025" in response.content.decode()


# --- 5. The board's table as a page, the downloads beside it -----------------------------------------------


def test_the_board_table_is_a_page_with_its_downloads(client, make_user) -> None:  # type: ignore[no-untyped-def]
    analyst = make_user("analyst", roles.PERFORMANCE_ANALYST)
    version = _board_version(published=True, by=analyst)
    client.force_login(make_user("board", roles.BOARD_MEMBER))
    page = client.get(reverse("reports-version", args=[version.token])).content.decode()
    caption = "Child protection indicators, 2018-19 to 2020-21"
    assert f'<div class="app-table-scroll" role="region" aria-label="{caption}" tabindex="0">' in page
    assert f'<caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>' in page
    # 2020-21 runs to 31 Aug 2020 and is provisional; its header says so, with the date in words.
    assert (
        'Outturns 20/21 <strong class="govuk-tag govuk-tag--grey">Provisional</strong><br>'
        '<span class="govuk-body-s">to 31 Aug 2020</span>'
    ) in page
    # Children on a plan at the data date: 24, up from 12 at 31 March 2020 (tests/reports/test_board.py).
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric"><span aria-hidden="true">↑</span>'
        '<span class="govuk-visually-hidden">up on the year before: </span>24</td>'
    ) in page
    assert '<h2 class="govuk-heading-m">Download the table</h2>' in page
    for fmt in ("html", "xlsx", "csv"):
        assert reverse("reports-file", args=[version.token, fmt]) in page
