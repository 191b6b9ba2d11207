"""Every main page is usable with the keyboard alone (issue 4, interface standards).

For each page, as a role that may open it, the test lists the controls a
keyboard user must reach (links, buttons, fields, and one stop per radio
group, as browsers give), then presses Tab from the top of the page and checks
that focus visits them in document order with nothing skipped and nothing
unreachable. No page may use a positive ``tabindex``, which would reorder
focus away from the reading order. A form is then completed and submitted
without the mouse.

Long pages are checked for their first ``TAB_LIMIT`` stops: the header, the
navigation, the filters and the first rows, which is where a trap or a
mouse-only control would show.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from continuum.core import roles
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from tests.conftest import sign_in
from tests.web.test_children_views import world as world_fixture  # noqa: F401  (the shared fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAB_LIMIT = 40

#: The controls a keyboard user must be able to reach, marked in document order.
MARK_FOCUSABLES = """
() => {
  const selector = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),'
    + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const seenRadioGroups = new Set();
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || el.closest('[hidden]')) return false;
    const closedDetails = el.closest('details:not([open])');
    if (closedDetails && !(el.tagName === 'SUMMARY' && el.parentElement === closedDetails)) return false;
    return box.width > 0 || box.height > 0 || el.classList.contains('govuk-skip-link');
  };
  const stops = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!shown(el)) continue;
    if (el.type === 'radio') {
      // One Tab stop per radio group: the checked radio, or the first.
      if (seenRadioGroups.has(el.name)) continue;
      seenRadioGroups.add(el.name);
      const checked = document.querySelector(`input[type=radio][name="${el.name}"]:checked`);
      if (checked && checked !== el) {
        checked.setAttribute('data-kbd', String(stops.length));
        stops.push(checked);
        continue;
      }
    }
    el.setAttribute('data-kbd', String(stops.length));
    stops.push(el);
  }
  const positive = [...document.querySelectorAll('[tabindex]')].filter((el) => el.tabIndex > 0).length;
  return {stops: stops.length, positive};
}
"""


def tab_order_problems(page, limit: int = TAB_LIMIT) -> list[str]:  # type: ignore[no-untyped-def]
    """Press Tab from the top of the page; return what went wrong (empty when all is well)."""
    found = page.evaluate(MARK_FOCUSABLES)
    problems = [] if found["stops"] >= 5 else [f"only {found['stops']} controls found: is the page complete?"]
    if found["positive"]:
        problems.append(f"{found['positive']} element(s) with a positive tabindex")
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    checked: list[str] = []
    for expected in range(min(found["stops"], limit)):
        page.keyboard.press("Tab")
        got = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el ? [el.getAttribute('data-kbd'), el.outerHTML.slice(0, 120)] : [null, ''] }"
        )
        checked.append(got[0])
        if got[0] != str(expected):
            problems.append(f"Tab {expected + 1}: expected stop {expected}, focus went to {got[1]!r}")
            break
    TABBED.append(len(checked))
    return problems


#: How many Tab stops each page checked (read by the test to prove it did work).
TABBED: list[int] = []


@pytest.fixture
def keyboard_world(world_fixture, make_user):  # type: ignore[no-untyped-def]  # noqa: F811
    """The child-record world plus the roles whose own pages are checked."""
    world = world_fixture
    users = world["users"]
    for name, role in (
        ("analyst-kb", roles.PERFORMANCE_ANALYST),
        ("mash-kb", roles.MASH_PRACTITIONER),
    ):
        users[name] = make_user(name, role)
    mash_team = create_team(name="MASH front door", team_type=TeamType.MASH)
    create_worker(
        first_name="Kay", last_name="Board", start_date=world["sw"].start_date, team=mash_team,
        user=users["mash-kb"],
    )  # fmt: skip
    return world


def page_list(world) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    pk = world["child"].pk
    return [
        ("sw", reverse("home")),
        ("sw", reverse("child-search")),
        ("sw", reverse("child-record", args=[pk])),
        ("sw", reverse("child-chronology", args=[pk])),
        ("sw", reverse("child-family", args=[pk])),
        ("sw", reverse("child-visit-new", args=[pk])),
        ("sw", reverse("worktray-mine")),
        ("tm", reverse("worktray-team")),
        ("tm", reverse("child-allocate", args=[pk])),
        ("iro", reverse("worktray-conferences")),
        ("mash-kb", reverse("mash-queue")),
        ("mash-kb", reverse("mash-contact-new")),
        ("qa", reverse("audit-log")),
        ("qa", reverse("access-admin")),
        ("qa", reverse("access-restrictions")),
        ("analyst-kb", reverse("performance-index")),
        ("analyst-kb", reverse("performance-dashboard", args=["front-door"])),
        ("analyst-kb", reverse("returns-index")),
        ("analyst-kb", reverse("returns-upload")),
    ]


def test_every_main_page_can_be_worked_through_with_tab(page, keyboard_world) -> None:  # type: ignore[no-untyped-def]
    problems: dict[str, list[str]] = {}
    signed_in_as = None
    for who, url in page_list(keyboard_world):
        if who != signed_in_as:
            page.context.clear_cookies()
            sign_in(page, who)
            page.wait_for_url("**/")
            signed_in_as = who
        response = page.goto(url)
        assert response is not None, (who, url)
        assert response.status == 200, (who, url, response.status)
        found = tab_order_problems(page)
        if found:
            problems[f"{who} {url}"] = found
    assert problems == {}
    assert len(TABBED) == len(page_list(keyboard_world))
    assert min(TABBED) >= 5


def test_a_child_can_be_found_without_the_mouse(page, keyboard_world) -> None:  # type: ignore[no-untyped-def]
    """Search by keyboard only: Tab to the field, type, Tab to the button, press Enter."""
    sign_in(page, "sw")
    page.wait_for_url("**/")
    page.goto(reverse("child-search"))
    field = page.get_by_label("Last name (optional)")
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if field.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the last-name field")
    page.keyboard.type("Testchild")
    button = page.get_by_role("button", name="Search")
    for _ in range(10):
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Search button")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    link = page.get_by_role("link", name="Ada Testchild")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/children/{keyboard_world['child'].pk}/")
