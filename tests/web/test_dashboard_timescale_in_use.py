"""The "What this figure means" panel names a figure's timescale, and says when the council changed it.

A tester as the demo's administrator changed 'Child in need visit' from 4 weeks to 2: the
previous period went from 94.1% to 51.9% and no page said why. The rules are not dated, so
every month is recounted with the rule as it stands; the panel now says so, with the default,
who set it, when and why.

Hand-built tables, period July 2024 (data to 31 Jul 2024), two children on CIN plans from
Sat 1 Jun 2024:

* a: seen Mon 10 Jun and Wed 10 Jul 2024.
* b: seen Sat 20 Jul 2024 only.

Every 4 weeks (the default): July, a due 10 Jul + 28 = 7 Aug, b due 20 Jul + 28 = 17 Aug: both on
time on 31 Jul, 2 of 2 = 100.0%. June: a due 10 Jun + 28 = 8 Jul (on time on 30 Jun); b from the
plan start, due 1 Jun + 28 = 29 Jun, overdue: 1 of 2 = 50.0%.

Every 2 weeks: July, a due 10 Jul + 14 = 24 Jul (overdue), b due 20 Jul + 14 = 3 Aug (on time):
1 of 2 = 50.0%. June: a due 10 Jun + 14 = 24 Jun and b due 1 Jun + 14 = 15 Jun, both overdue:
0 of 2 = 0.0%, the earlier month recounted too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils.html import escape

from continuum.core import roles
from continuum.core.dates import day_words
from continuum.core.models import TimescaleRule, TimescaleRuleChange
from continuum.web.dashboards.source import Source, clear_cache
from tests.core.test_timescale_rule_change_reason import REASON, administrator, change_url, form_data
from tests.metrics.builders import table

pytestmark = pytest.mark.django_db

AT_DEFAULT = "Counted with the timescale &#x27;Child in need visit&#x27;: every 4 weeks (the default)."
RECOUNTED = (
    "Every month shown, earlier months included, is counted by the timescale as it stands now: "
    "the rules are not dated."
)


def two_children_in_need() -> Source:
    plans = table(
        "cin_plans",
        *(
            {
                "cin_plan_id": f"p-{k}",
                "referral_id": "r",
                "la_child_id": k,
                "cin_plan_start_date": "2024-06-01",
            }
            for k in ("a", "b")
        ),
    )
    visits = table(
        "visits",
        {"visit_id": "v1", "la_child_id": "a", "visit_type": "CIN", "visit_date": "2024-06-10"},
        {"visit_id": "v2", "la_child_id": "a", "visit_type": "CIN", "visit_date": "2024-07-10"},
        {"visit_id": "v3", "la_child_id": "b", "visit_type": "CIN", "visit_date": "2024-07-20"},
    )
    return Source(
        tables={"cin_plans": plans, "visits": visits, "referrals": table("referrals")},
        data_up_to=date(2024, 7, 31),
        description="two children in need",
    )


@pytest.fixture(autouse=True)
def tables(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = two_children_in_need
    clear_cache()
    yield
    clear_cache()


def panel(client: Any, period: str = "2024-07") -> tuple[str, str]:
    """The CIN visits figure and the text of its "What this figure means" panel."""
    page = client.get("/performance/children-in-need/", {"period": period})
    assert page.status_code == 200
    view = {v.code: v for v in page.context["views"]}["cin_visits_on_time"]
    html = page.content.decode()
    section = html.split('data-detail="cin_visits_on_time"', 1)[1].split("</section>", 1)[0]
    return view.display, section.split("What this figure means", 1)[1]


def test_at_the_default_the_panel_names_the_timescale(client, make_user) -> None:
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    display, text = panel(client)
    assert display == "100.0%"
    assert AT_DEFAULT in text
    assert "council&#x27;s own timescale" not in text
    assert panel(client, "2024-06")[0] == "50.0%"


def test_a_changed_rule_is_named_with_the_default_who_when_and_why(client, make_user) -> None:
    administrator(client, make_user)
    rule = TimescaleRule.objects.get(code="cin_visit")
    saved = client.post(
        change_url(rule), form_data(rule, interval=2, repeat_interval=2, reason_for_change=REASON)
    )
    assert saved.status_code == 302
    on = day_words(TimescaleRuleChange.objects.get().changed_at)

    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    display, text = panel(client)
    assert display == "50.0%"
    sentence = (
        "This figure uses the council's own timescale 'Child in need visit': every 2 weeks "
        f"(the default, a local standard, is every 4 weeks), set on {on} by Demo Admin: {REASON}. {RECOUNTED}"
    )
    assert escape(sentence) in text
    assert AT_DEFAULT not in text
    # The earlier month is recounted by the same rule, and its panel says the same.
    june, june_text = panel(client, "2024-06")
    assert june == "0.0%"
    assert escape(sentence) in june_text

    # The breakdowns page's panel says it too.
    breakdowns = client.get(
        "/performance/children-in-need/cin_visits_on_time/breakdowns/", {"period": "2024-07"}
    )
    assert breakdowns.status_code == 200
    assert escape(sentence) in breakdowns.content.decode()


def test_a_change_made_outside_the_admin_says_no_reason_was_recorded(client, make_user) -> None:
    TimescaleRule.objects.filter(code="cin_visit").update(interval=2, repeat_interval=2)
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    display, text = panel(client)
    assert display == "50.0%"
    assert (
        escape(
            "This figure uses the council's own timescale 'Child in need visit': every 2 weeks (the default, "
            "a local standard, is every 4 weeks). Who changed it from the default, and why, was not "
            "recorded. " + RECOUNTED
        )
        in text
    )


def test_a_figure_with_no_timescale_rule_names_none(client, make_user) -> None:
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = client.get("/performance/children-in-need/", {"period": "2024-07"})
    views = {v.code: v for v in page.context["views"]}
    assert views["cin_open"].timescales == []
    assert views["cin_visits_on_time"].timescales == [
        "Counted with the timescale 'Child in need visit': every 4 weeks (the default)."
    ]
