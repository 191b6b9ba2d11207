"""Shared fixtures: a fast password hasher, users in roles, and a real headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

from continuum.core.roles import Role

ROOT = Path(__file__).resolve().parent.parent

# Property tests check answers, never speed (benchmarks do that): Hypothesis's 200 ms per example
# is no limit to hold a test to on a 2-core CI machine also running a browser and PostgreSQL, where
# one slow example fails a run whose answers were all right. Tests may still set their own.
hypothesis_settings.register_profile("continuum", deadline=None)
hypothesis_settings.load_profile("continuum")
TEST_PASSWORD = "a-long-test-password-1"
#: The hasher the tests use in place of production's PBKDF2 (tests/core/test_password_hashing.py
#: checks that production keeps the strong one).
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher() -> Iterator[None]:
    """Hash test passwords with MD5: worthless for real passwords, instant for throwaway ones.

    Production's PBKDF2 runs a million iterations for every ``create_user`` and every sign-in,
    by design; over the suite's thousands of users that was minutes of the run, spent proving
    nothing. Session-wide, so the live server's thread (the browser tests) uses it too.
    """
    with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        yield


def _flushes_database(item: pytest.Item) -> bool:
    """True for a test whose database is emptied at its end (Django's TransactionTestCase way)."""
    if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """Put back the rows the migrations seed (role groups, clocks, escalation stages) after a flushing test.

    A live-server or transactional test ends by emptying every table, migration data included.
    Run alone, the suite happened to order such tests last; under pytest-xdist a worker may run
    one first, and every later test on that worker would find no role groups and no clocks.
    A hook around the whole teardown, not a fixture: pytest-django's own autouse fixture does the
    flush of a ``django_db(transaction=True)`` test and is torn down after any fixture of ours.
    """
    result = yield
    if nextitem is not None and _flushes_database(item):  # after the last, the test database is gone
        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _reseed(apps)
    return result


def _reseed(apps) -> None:  # type: ignore[no-untyped-def]
    """Run every migration's data function again, in migration order, on the emptied database.

    Seeds (role groups, clocks, escalation stages, audit tools, RAG keys, crime types ...) come
    back; functions that reshape existing rows find none and do nothing. Every data migration,
    not a list of them: a new area's seed migration is covered the day it is written.
    """
    for code in _data_migration_functions():
        code(apps, None)


_DATA_FUNCTIONS: list[Callable[[Any, Any], None]] = []


def _data_migration_functions() -> list[Callable[[Any, Any], None]]:
    """The forward functions of Continuum's RunPython operations, in the order ``migrate`` runs them."""
    if not _DATA_FUNCTIONS:
        from django.db.migrations.loader import MigrationLoader
        from django.db.migrations.operations.special import RunPython

        loader = MigrationLoader(None, ignore_no_migrations=True)
        plan: list[tuple[str, str]] = []
        for leaf in sorted(loader.graph.leaf_nodes()):
            plan += [node for node in loader.graph.forwards_plan(leaf) if node not in plan]
        for node in plan:
            for operation in loader.graph.nodes[node].operations:
                # Continuum's own: Django's (proxy permissions) are rebuilt by the flush's post_migrate.
                if isinstance(operation, RunPython) and operation.code.__module__.startswith("continuum."):
                    _DATA_FUNCTIONS.append(operation.code)
    return _DATA_FUNCTIONS


@pytest.fixture
def make_user(db):  # type: ignore[no-untyped-def]
    """Create a user holding the given roles (none for a user without a role)."""

    def make(username: str, *roles: Role, staff: bool = False) -> User:
        user = User.objects.create_user(username=username, password=TEST_PASSWORD, is_staff=staff)
        user.groups.set([Group.objects.get_or_create(name=role.name)[0] for role in roles])
        return user

    return make


# --- Browser ----------------------------------------------------------------------


def _chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _settle_after_click() -> None:
    """Make every locator click wait until the page it leads to has loaded.

    Why: a click that posts a form returns once the new page is committed, before it is parsed; a
    check made at once (``page.title()``, ``page.content()``, ``is_checked()``) could read a page
    still empty, or the old one, which failed CI. Clicks that navigate nowhere return as before.
    """
    from playwright.sync_api import Error, Locator

    if getattr(Locator.click, "settles", False):
        return
    plain_click = Locator.click

    def click(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        plain_click(self, *args, **kwargs)
        with contextlib.suppress(Error):  # the click closed the page
            self.page.wait_for_load_state()

    click.settles = True  # type: ignore[attr-defined]
    Locator.click = click  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright.

    ./run test installs chromium when it can; only where it cannot (and says so
    loudly) are browser tests skipped.
    """
    path = _chromium_path()
    if path is None or os.environ.get("CONTINUUM_NO_BROWSER"):
        pytest.skip("No chromium on this machine: browser tests skipped (see ./run test's warning).")
    from playwright.sync_api import sync_playwright

    _settle_after_click()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=path,
            headless=True,
            # This machine has no network beyond loopback: stop Chromium's own
            # background connections so they do not fail noisily.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core in the page (WCAG 2.2 AA and best practice); return its violations, less one
    known and deliberate GOV.UK Frontend choice.

    GOV.UK Frontend's conditional reveal puts ``aria-expanded`` on the radio or checkbox that
    reveals more questions. axe reports that attribute as not allowed on a radio; the GOV.UK Design
    System keeps it on purpose because screen readers announce it (govuk-frontend issue 979, "known
    issue"). Only that exact finding, on inputs that do reveal a question, is left out; anything
    else is returned. One place, so every page check in the suite applies the same exception.
    """
    # Evaluated through the DevTools protocol, which the page's Content Security
    # Policy does not govern; injecting a <script> tag would (rightly) be blocked.
    page.evaluate(AXE_SCRIPT.read_text() + "\n;0")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )

    def reveals(target: list[str]) -> bool:
        return bool(
            page.evaluate(
                "s => { const el = document.querySelector(s); return !!el && el.matches("
                "'.govuk-radios__input[aria-controls][aria-expanded],"
                " .govuk-checkboxes__input[aria-controls][aria-expanded]'); }",
                target[0],
            )
        )

    found = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]
    return [v for v in found if not (v["id"] == "aria-allowed-attr" and all(reveals(n) for n in v["nodes"]))]


def sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto("/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
