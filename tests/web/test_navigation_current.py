"""The navigation marks the section the page is in (aria-current), and only that one."""

from __future__ import annotations

import re

import pytest

from continuum.core import roles
from continuum.web.templatetags.navigation import current_href

pytestmark = pytest.mark.django_db

HREFS = ["/", "/performance/", "/reports/", "/children/"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "/"),
        ("/performance/", "/performance/"),
        ("/performance/front-door/mash_decision_1wd/children/", "/performance/"),
        ("/reports/v/abc/", "/reports/"),
        ("/sign-in/", None),  # under no item: Home is not everything's section
        ("/performancex/", None),
    ],
)
def test_current_href(path: str, expected: str | None) -> None:
    assert current_href(HREFS, path) == expected


def test_the_most_specific_item_wins() -> None:
    assert current_href(["/", "/mash/", "/mash/mine/"], "/mash/mine/7/") == "/mash/mine/"


def _marked(html: str) -> list[tuple[str, str]]:
    nav = html.split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'aria-current="(\w+)"[^>]*>([^<]+)<', nav)


@pytest.mark.parametrize(
    ("path", "marked"),
    [
        ("/", [("page", "Home")]),
        ("/performance/", [("page", "Performance")]),
        ("/performance/front-door/?period=2024-07", [("true", "Performance")]),
        ("/reports/", [("page", "Reports")]),
    ],
)
def test_analyst_pages_mark_their_section(client, make_user, path: str, marked: list) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.get(path)
    assert response.status_code == 200
    assert _marked(response.content.decode()) == marked
