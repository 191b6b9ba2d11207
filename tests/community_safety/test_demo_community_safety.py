"""The demo borough's community safety data: every page has data, the same from the same seed, once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from continuum.actions.models import Action
from continuum.community_safety.models import (
    AsbCall,
    CrimeRecord,
    IomOffender,
    MaracMeeting,
    MaracReferral,
    RiskChange,
)
from continuum.core import roles
from continuum.improvement.models import Plan
from continuum.synth.community_safety import PLAN_TITLE, ensure_demo_community_safety

AS_OF = date(2026, 9, 30)


@pytest.mark.django_db
def test_two_years_of_everything_deterministic_and_once(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("demo-analyst", roles.PERFORMANCE_ANALYST)
    make_user("demo-community-safety", roles.COMMUNITY_SAFETY_OFFICER)
    made = ensure_demo_community_safety(seed=11, as_of=AS_OF)
    assert set(made) == {
        "crime records",
        "ASB calls",
        "IOM offenders",
        "MARAC referrals",
        "action plan lines",
    }
    assert made["IOM offenders"] == 97  # the seed's list size
    months = CrimeRecord.objects.dates("month", "month")
    assert (months.first(), months.last(), months.count()) == (date(2024, 10, 1), date(2026, 9, 1), 24)
    first_asb = AsbCall.objects.order_by("received").first()
    assert first_asb is not None
    assert first_asb.received >= date(2024, 10, 1)
    assert IomOffender.objects.filter(removal_due=True).count() == 7
    assert RiskChange.objects.exists()
    assert MaracReferral.objects.filter(meeting__isnull=False).count() == made["MARAC referrals"]
    # The coordinator sets MARAC actions; agencies report back, so none is left open from long ago.
    marac_actions = Action.objects.filter(source_label__startswith="MARAC of ")  # as the service labels
    assert set(marac_actions.values_list("owner__username", flat=True)) == {"demo-community-safety"}
    assert marac_actions.filter(status="done").exists()
    assert not marac_actions.exclude(status="done").filter(due_date__lt=AS_OF - timedelta(days=28)).exists()
    assert Plan.objects.get(title=PLAN_TITLE).rag_key.code == "community-safety-rag"
    fingerprint = (
        sorted(AsbCall.objects.values_list("received", "call_type", "ward", "caller_key")[:50]),
        list(IomOffender.objects.values_list("reference", "name")[:10]),
    )
    assert ensure_demo_community_safety(seed=11, as_of=AS_OF) == {}  # once
    # Same seed, same borough.
    for model in (AsbCall, IomOffender):
        model.objects.all().delete()
    RiskChange.objects.all().delete()
    MaracReferral.objects.all().delete()
    MaracMeeting.objects.all().delete()
    again = ensure_demo_community_safety(seed=11, as_of=AS_OF)
    assert again["ASB calls"] == made["ASB calls"]
    assert (
        sorted(AsbCall.objects.values_list("received", "call_type", "ward", "caller_key")[:50]),
        list(IomOffender.objects.values_list("reference", "name")[:10]),
    ) == fingerprint
    # Every page shows data.
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    for url, text in (
        ("/community-safety/crime-summary/", "data-crime-summary"),
        ("/community-safety/asb/", "data-ward-map"),
        ("/community-safety/iom/", "data-board-summary"),
        ("/community-safety/marac/", "data-marac-quarters"),
        ("/community-safety/action-plan/", "data-rag-key"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
