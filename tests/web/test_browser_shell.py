"""The shell in a real browser: sign in, see the home page, pass axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from tests.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible(page) -> None:
    page.goto("/sign-in/")
    assert page.title() == "Sign in – Continuum"
    assert axe_violations(page) == []


def test_signed_in_home_page_is_accessible_and_branded(page, make_user) -> None:
    make_user("admin-user", roles.SYSTEM_ADMINISTRATOR, staff=True)
    sign_in(page, "admin-user")
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text() == "What to do first today"
    assert page.locator(".govuk-generic-header").inner_text().strip() == "Continuum"
    expect(page.locator(".govuk-phase-banner")).to_be_visible()
    expect(page.locator(".govuk-footer")).to_be_visible()
    # GOV.UK Frontend's JavaScript ran (it marks the body as supported).
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    # No crown and no GDS Transport font: they belong to GOV.UK itself.
    assert page.locator("svg.govuk-header__logotype, .govuk-footer__crown").count() == 0
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "GDS Transport" not in font
    expect(page.get_by_role("link", name="Administration").first).to_be_visible()
    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_main_content(page, make_user) -> None:
    make_user("worker", roles.SOCIAL_WORKER)
    sign_in(page, "worker")
    page.wait_for_url("**/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    skip.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_wrong_password_shows_error_summary(page, make_user) -> None:
    make_user("worker", roles.SOCIAL_WORKER)
    sign_in(page, "worker", password="not-the-password")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct user name and password" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []


def test_sign_out_returns_to_sign_in(page, make_user) -> None:
    make_user("worker", roles.SOCIAL_WORKER)
    sign_in(page, "worker")
    page.wait_for_url("**/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    page.goto("/")
    assert "/sign-in/" in page.url
