"""Days typed as GOV.UK day, month and year boxes on the improvement plan, its dashboard, its stocktake
and a meeting's minutes (the action's due date), not as one YYYY-MM-DD text box; old ``?on=`` links
still open the same page. Known answers worked by hand:

- the fixture's plan (tests/web/test_improvement_views.py) has T1 and T2, both first rated on
  31 January 2026; so on 31 March 2025 neither is yet in the plan, and on 31 March 2026 both are;
- February 2025 has 28 days (2025 is no leap year), April 2026 has 30;
- with today 17 May 2012 (the meeting's day), an action due 16 May 2012 is due yesterday, refused;
  one due 17 May 2012 is due today, accepted.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from continuum.actions.models import Action
from continuum.core import roles
from continuum.improvement.models import Plan
from continuum.partnership import services as partnership
from continuum.web.actions.forms import PAST_DUE
from tests.partnership.board import make_board, meeting
from tests.web.test_improvement_views import _client, plan  # noqa: F401  (``plan`` is a fixture)

pytestmark = pytest.mark.django_db


def _boxes(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def test_the_plan_on_a_day_typed_in_boxes_and_from_an_old_link(plan: Plan) -> None:  # noqa: F811
    owner = _client(plan.owner)
    url = f"/improvement/{plan.pk}/"
    boxed = owner.get(url, _boxes("on", "31", "3", "2025"))
    assert boxed.status_code == 200
    html = boxed.content.decode()
    assert "As it stood on 31 March 2025" in html
    assert html.count("Not yet in the plan") == 2  # T1 and T2 were first rated on 31 January 2026
    assert 'name="on-day" type="text" inputmode="numeric" value="31"' in html
    assert 'name="on-month" type="text" inputmode="numeric" value="3"' in html
    assert 'name="on-year" type="text" inputmode="numeric" value="2025"' in html
    assert "2025-03-31" not in html.split('<ul class="govuk-list">')[0]  # no ISO hint or box
    assert "For example, 2025-03-31" not in html
    # An old link or bookmark opens the same day, shown in the boxes.
    old = owner.get(url, {"on": "2025-03-31"})
    assert old.status_code == 200
    assert old.context["day"] == date(2025, 3, 31)
    assert 'name="on-day" type="text" inputmode="numeric" value="31"' in old.content.decode()
    assert old.content.decode().count("Not yet in the plan") == 2
    # After the first ratings both are in the plan.
    later = owner.get(url, _boxes("on", "31", "3", "2026")).content.decode()
    assert "As it stood on 31 March 2026" in later
    assert later.count("Not yet in the plan") == 0
    # The plan's own links keep writing ?on=YYYY-MM-DD, which the dashboard reads.
    assert f'href="/improvement/{plan.pk}/dashboard/?on=2025-03-31"' in html
    dashboard = owner.get(f"/improvement/{plan.pk}/dashboard/?on=2025-03-31")
    assert "Delivery as it stood on 31 March 2025" in dashboard.content.decode()
    # No boxes at all: today (30 June 2026), in the boxes.
    today = owner.get(url)
    assert today.context["day"] == date(2026, 6, 30)
    assert 'name="on-day" type="text" inputmode="numeric" value="30"' in today.content.decode()


def test_an_impossible_day_is_refused_naming_the_field(plan: Plan) -> None:  # noqa: F811
    owner = _client(plan.owner)
    bad = owner.get(f"/improvement/{plan.pk}/", _boxes("on", "31", "2", "2025"))
    assert bad.status_code == 400
    message = "The day to show the plan on must be a real date: February 2025 has 28 days"
    assert bad.context["errors"] == [("id_on-day", message)]
    html = bad.content.decode()
    assert f'<a href="#id_on-day">{message}</a>' in html  # the summary links to the day box
    assert "govuk-input--error" in html.split('id="id_on-day"')[0].rsplit("<input", 1)[1]
    assert "Traceback" not in html
    # The dashboard says it in its own words.
    dash = owner.get(f"/improvement/{plan.pk}/dashboard/", _boxes("on", "31", "2", "2025"))
    assert dash.status_code == 400
    assert dash.context["errors"] == [
        ("id_on-day", "The day to show delivery on must be a real date: February 2025 has 28 days")
    ]
    # A box left empty is named too.
    part = owner.get(f"/improvement/{plan.pk}/", _boxes("on", "31", "", "2025"))
    assert part.context["errors"] == [("id_on-month", "The day to show the plan on must include a month")]
    # An old link with 31 February is refused as no date, not shown as 3 March.
    old = owner.get(f"/improvement/{plan.pk}/", {"on": "2025-02-31"})
    assert old.status_code == 400
    assert old.context["errors"] == [
        ("id_on-day", "The day to show the plan on must be a date written as YYYY-MM-DD, like 2025-03-31")
    ]


def test_the_stocktake_days_in_boxes_and_from_an_old_link(plan: Plan) -> None:  # noqa: F811
    owner = _client(plan.owner)
    url = f"/improvement/{plan.pk}/stocktake/"
    boxed = owner.get(url, _boxes("first", "1", "1", "2026") | _boxes("second", "30", "6", "2026"))
    assert boxed.status_code == 200
    html = boxed.content.decode()
    assert "Stocktake, 1 January 2026 to 30 June 2026" in html
    assert "Added to the plan (2)" in html  # T1 and T2, first rated on 31 January 2026
    old = owner.get(url, {"from": "2026-01-01", "to": "2026-06-30"}).content.decode()
    assert "Stocktake, 1 January 2026 to 30 June 2026" in old
    assert "Added to the plan (2)" in old
    bad = owner.get(url, _boxes("first", "1", "1", "2026") | _boxes("second", "31", "4", "2026"))
    assert bad.status_code == 400
    assert bad.context["errors"] == [
        ("id_second-day", "Second day must be a real date: April 2026 has 30 days")
    ]


@pytest.fixture
def minutes(make_user, settings, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("shutil.which", lambda name: None)
    settings.CONTINUUM_AS_OF = "2012-05-17"
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    member = make_user("member", roles.PARTNER_MEMBER)
    body = make_board(manager, member)
    m = meeting(body, 2012, 5, 17)
    item = partnership.add_item(m, title="Performance")
    client = Client()
    client.force_login(manager)
    return {"client": client, "meeting": m, "item": item, "owner": member}


def _action(minutes, **due: str):  # type: ignore[no-untyped-def]
    return minutes["client"].post(
        f"/partnership/meetings/{minutes['meeting'].pk}/minutes/",
        {
            "do": "action",
            "item": str(minutes["item"].pk),
            "what": "Bring a re-referral audit",
            "owner": str(minutes["owner"].pk),
            **due,
        },
    )


def test_a_minutes_action_due_yesterday_is_refused(minutes) -> None:  # type: ignore[no-untyped-def]
    item = minutes["item"]
    page = minutes["client"].get(f"/partnership/meetings/{minutes['meeting'].pk}/minutes/")
    html = page.content.decode()
    assert f'id="item-{item.pk}-due-day" name="due-day"' in html
    assert "YYYY-MM-DD" not in html
    refused = _action(minutes, **_boxes("due", "16", "5", "2012"))
    assert refused.status_code == 400
    assert refused.context["errors"] == [(f"item-{item.pk}-due-day", PAST_DUE)]
    assert PAST_DUE == "The due date must be today or later"
    assert 'name="due-day" type="text" inputmode="numeric" value="16"' in refused.content.decode()
    assert not Action.objects.exists()
    impossible = _action(minutes, **_boxes("due", "31", "6", "2012"))
    assert impossible.context["errors"] == [
        (f"item-{item.pk}-due-day", "Due date must be a real date: June 2012 has 30 days")
    ]
    empty = _action(minutes)
    assert empty.context["errors"] == [(f"item-{item.pk}-due-day", "Enter the due date")]
    assert _action(minutes, **_boxes("due", "17", "5", "2012")).status_code == 302
    (action,) = Action.objects.all()
    assert action.due_date == date(2012, 5, 17)
