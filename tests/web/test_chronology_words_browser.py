"""The chronology in words in a real browser (issue 18 point 6), as the social worker who holds the case.

The worker opens the chronology, reads the events in plain English with the
key events marked, filters to key events in a period, and prints the
chronology for court as a PDF. Every page is checked with axe-core.
Screenshots: tests/artifacts/chronology.png and chronology-print.png (the
printed document as WeasyPrint lays it out from the same HTML).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from continuum.journey.models import ChronologyEvent
from continuum.web.children import chronology_pdf
from continuum.web.children import chronology_words as words
from continuum.web.children.pages import banner
from tests.conftest import sign_in
from tests.web.test_chronology_words import TABLE_NAMES, build
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_worker_reads_filters_and_prints_the_chronology(page, make_user, rf) -> None:  # type: ignore[no-untyped-def]
    world = build(make_user)
    child = world["child"]
    sign_in(page, "sw")
    page.wait_for_url("**/")
    page.goto(f"/children/{child.pk}/chronology/")
    expect(page.get_by_text("Child protection plan started: neglect")).to_be_visible()
    expect(page.get_by_text("Legal status changed to full care order")).to_be_visible()
    assert not TABLE_NAMES.search(page.locator("main").inner_text())
    assert axe_problems(page) == []
    shot(page, "chronology")

    page.get_by_label("Key events only").check()
    page.get_by_label("Kind of event").select_option(label="Looked after and adoption")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**key=1**")
    expect(page.get_by_text("2 events, newest first")).to_be_visible()
    expect(
        page.get_by_text("Placement changed: change to or implementation of the care plan")
    ).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "chronology-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Print the chronology for court (PDF, as filtered)").click()
    download = download_info.value
    assert download.suggested_filename == f"chronology-{child.pk}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # The printed document, shown as laid out from the same HTML the PDF is made from.
    request = rf.get("/")
    request.user = world["users"]["sw"]
    request.session = {}
    events = words.filtered(ChronologyEvent.objects.filter(child=child), kind="looked-after", key_only=True)
    source = chronology_pdf.document_html(
        banner(request, child),
        words.entries(events.order_by("occurred_on")),
        {"kind": "looked-after", "key_only": True},
    )
    page.goto("about:blank")  # away from the site, whose Content Security Policy refuses inline styles
    page.set_content(source)
    expect(page.get_by_role("heading", name="The child")).to_be_visible()
    expect(
        page.get_by_text("Started to be looked after: single period of accommodation").first
    ).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "chronology-print")
