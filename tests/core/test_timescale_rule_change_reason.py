"""A change to a timescale rule's timing asks why, and keeps the answer with who and when.

A tester as the demo's administrator changed 'Child in need visit' from 4 weeks to 2 in the admin:
every figure counted with it changed, past months included, and saving asked no reason. Also the
admin's smaller words: the rule list links each rule by its name, the access log's plural, and the
access log's actions in words.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, transaction
from django.utils.html import escape

from continuum.core import roles
from continuum.core.models import (
    AccessLogEntry,
    AccessLogImmutableError,
    TimescaleRule,
    TimescaleRuleChange,
    timing_words,
)
from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE

pytestmark = pytest.mark.django_db

REASON = "Ofsted asked for fortnightly visits to children in need"


def administrator(client: Any, make_user: Any) -> User:
    user = make_user("admin-ts", roles.SYSTEM_ADMINISTRATOR, staff=True)
    user.first_name, user.last_name = "Demo", "Admin"
    user.save()
    client.force_login(user)
    return user


def form_data(rule: TimescaleRule, **changes: object) -> dict[str, object]:
    """What the admin's change form posts for ``rule`` as it stands, with ``changes`` made."""
    fields = (
        "name",
        "start_event",
        "interval",
        "unit",
        "applies_to",
        "repeat_interval",
        "repeat_unit",
        "ends_after_interval",
        "ends_after_unit",
        "then",
        "due_soon_interval",
        "due_soon_unit",
        "source_kind",
        "citation",
        "seed",
        "notes",
    )
    data: dict[str, object] = {name: getattr(rule, name) for name in fields}
    data = {k: "" if v is None else v for k, v in data.items()}
    if rule.active:
        data["active"] = "on"
    if rule.counts_start_day:
        data["counts_start_day"] = "on"
    data.update(changes)
    return data


def change_url(rule: TimescaleRule) -> str:
    return f"/admin/core/timescalerule/{rule.pk}/change/"


def test_a_change_of_timing_without_a_reason_is_refused_on_the_reason_field(client, make_user) -> None:
    administrator(client, make_user)
    rule = TimescaleRule.objects.get(code="cin_visit")
    response = client.post(change_url(rule), form_data(rule, interval=2, repeat_interval=2))
    assert response.status_code == 200  # the form again, not a redirect
    form = response.context["adminform"].form
    assert list(form.errors) == ["reason_for_change"]
    assert "Say why the timescale is changing" in form.errors["reason_for_change"][0]
    rule.refresh_from_db()
    assert (rule.interval, rule.repeat_interval) == (4, 4)
    assert not TimescaleRuleChange.objects.exists()
    # A reason of spaces only is no reason.
    response = client.post(change_url(rule), form_data(rule, unit="calendar_days", reason_for_change="   "))
    assert list(response.context["adminform"].form.errors) == ["reason_for_change"]


def test_a_change_of_timing_keeps_who_when_what_and_why(client, make_user) -> None:
    user = administrator(client, make_user)
    rule = TimescaleRule.objects.get(code="cin_visit")
    response = client.post(
        change_url(rule), form_data(rule, interval=2, repeat_interval=2, reason_for_change=f"  {REASON}  ")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule.refresh_from_db()
    assert (rule.interval, rule.repeat_interval) == (2, 2)
    change = TimescaleRuleChange.objects.get()
    assert change.rule == rule
    assert change.changed_by == user
    assert change.reason == REASON
    assert change.changed_fields == "Interval, Repeat interval"
    assert (change.before, change.after) == ("every 4 weeks", "every 2 weeks")
    assert TimescaleRuleChange.latest_timing_change("cin_visit") == change

    # The change form then shows it, newest first, under the reason box (now empty again).
    page = client.get(change_url(rule)).content.decode()
    assert "Changes made before" in page
    assert escape(f"Demo Admin: every 4 weeks → every 2 weeks. Why: {REASON}") in page


def test_switching_a_rule_off_is_a_change_of_timing_too(client, make_user) -> None:
    administrator(client, make_user)
    rule = TimescaleRule.objects.get(code="cin_visit")
    data = form_data(rule, reason_for_change="Replaced by a new local standard")
    del data["active"]  # an unticked box posts nothing
    assert client.post(change_url(rule), data).status_code == 302
    change = TimescaleRuleChange.objects.get()
    assert (change.changed_fields, change.before, change.after) == (
        "Active",
        "every 4 weeks",
        "every 4 weeks (switched off)",
    )


def test_a_change_of_words_only_needs_no_reason_and_leaves_no_timing_change(client, make_user) -> None:
    administrator(client, make_user)
    rule = TimescaleRule.objects.get(code="cin_visit")
    assert client.post(change_url(rule), form_data(rule, notes="Checked at the QA board")).status_code == 302
    rule.refresh_from_db()
    assert rule.notes == "Checked at the QA board"
    assert not TimescaleRuleChange.objects.exists()
    # A reason given anyway is kept, but it moved no due date, so the dashboards do not cite it.
    client.post(
        change_url(rule), form_data(rule, citation="Council standard, 2026", reason_for_change="Tidy")
    )
    change = TimescaleRuleChange.objects.get()
    assert (change.changed_fields, change.before, change.after) == (
        "Citation",
        "every 4 weeks",
        "every 4 weeks",
    )
    assert TimescaleRuleChange.latest_timing_change("cin_visit") is None


def test_a_recorded_change_cannot_be_rewritten(make_user) -> None:
    user = make_user("someone")
    rule = TimescaleRule.objects.get(code="cin_visit")
    change = TimescaleRuleChange.objects.create(
        rule=rule, changed_by=user, changed_fields="Interval", before="a", after="b", reason="why"
    )
    change.reason = "another reason"
    with pytest.raises(AccessLogImmutableError):
        change.save()
    with pytest.raises(AccessLogImmutableError):
        TimescaleRuleChange.objects.all().delete()
    # The database refuses it too (migration core 0015's trigger).
    with pytest.raises(DatabaseError), transaction.atomic():
        TimescaleRuleChange._base_manager.filter(pk=change.pk).update(reason="another reason")


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("cin_visit", "every 4 weeks"),
        ("assessment_45wd", "within 45 working days of referral"),
        ("cla_first_review", "within 20 working days of CLA episode start"),
        ("cla_visit_year_one", "every 6 weeks for the first 12 months"),
        ("rhi_offer", "within 72 hours of return from missing"),
        (
            "ehc_phase_transfer",
            "by 15 February after the start of the last school year before the transfer (1 September)",
        ),
        (
            "care_proceedings_26wk",
            "within 26 weeks of care application issued, counting the start day as day one",
        ),
    ],
)
def test_timing_in_words(code: str, words: str) -> None:
    assert timing_words(DEFAULT_RULES_BY_CODE[code]) == words


def test_the_rule_list_links_each_rule_by_its_name(client, make_user) -> None:
    administrator(client, make_user)
    rule = TimescaleRule.objects.get(code="cin_visit")
    page = client.get("/admin/core/timescalerule/").content.decode()
    assert f'<a href="{change_url(rule)}">Child in need visit</a>' in page
    assert f'<a href="{change_url(rule)}">cin_visit' not in page
    assert "Reference for analysts" in page  # the code, last, for tracing a figure


def test_the_access_log_reads_in_words(client, make_user) -> None:
    user = administrator(client, make_user)
    AccessLogEntry.objects.create(user=user, action="child.refused", record_type="child", record_id="7")
    index = client.get("/admin/").content.decode()
    assert "Access log entries" in index
    assert "entrys" not in index
    listing = client.get("/admin/core/accesslogentry/").content.decode()
    assert "Was refused a child&#x27;s record" in listing
    assert ">child.refused<" not in listing
    # The filter names actions in words and still filters on the stored name.
    filtered = client.get("/admin/core/accesslogentry/", {"action": "child.refused"})
    assert filtered.status_code == 200
    assert list(filtered.context["cl"].result_list) == list(
        AccessLogEntry.objects.filter(action="child.refused")
    )
