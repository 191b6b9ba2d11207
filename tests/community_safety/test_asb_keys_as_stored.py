"""Pseudonymous keys in one form: the ASB figures compare caller and victim keys as the MARAC keys are kept
(capitals, no spaces round them: ``models.key_as_stored``), stored keys are put in that form (migration
0009), and the database refuses any other (migration 0010), for ASB calls and MARAC referrals alike.

Known answers worked by hand: "v0348", "V0348 " and " V0348" are one victim with 3 calls, so 1 repeat
victim; "V0349" called about once is no repeat; "" (no victim) is never counted. Callers "c1" and " C1"
are one caller with 2 calls; C2, C3 and C4 call once each.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from continuum.community_safety import asb
from continuum.community_safety.models import AsbCall, MaracMeeting, MaracReferral

pytestmark = pytest.mark.django_db

MAY = date(2012, 5, 3)
N1 = "E05099901"
#: (caller key, victim key) as another system might send them, before 0009.
TYPED = (("c1", "v0348"), (" C1", "V0348 "), ("C2", " V0348"), ("C3", "v0349"), ("C4", ""))


def _checks() -> list[tuple[type, object]]:
    return [
        (model, check)
        for model in (AsbCall, MaracReferral)
        for check in model._meta.constraints
        if check.name.endswith("_key_as_stored")
    ]


@contextmanager
def _before_0010() -> Iterator[None]:
    """The database as it was before migration 0010, taking a key as typed; the checks are put back
    after (and the whole is rolled back with the test's transaction)."""
    checks = _checks()
    assert len(checks) == 3  # ASB caller and victim, MARAC victim
    with connection.schema_editor() as editor:
        for model, check in checks:
            editor.remove_constraint(model, check)  # type: ignore[arg-type]
    yield
    connection.check_constraints()  # the deferred foreign-key checks first: PostgreSQL alters no table
    with connection.schema_editor() as editor:  # with checks pending
        for model, check in checks:
            editor.add_constraint(model, check)  # type: ignore[arg-type]


def _call(caller: str, victim: str) -> AsbCall:
    return AsbCall(received=MAY, call_type="Noise", ward=N1, caller_key=caller, victim_key=victim)


def test_the_asb_repeats_compare_keys_as_they_are_stored() -> None:
    assert asb._repeats([victim for _, victim in TYPED]) == (1, 3)
    assert asb._repeats([caller for caller, _ in TYPED]) == (1, 2)


def test_stored_keys_are_put_in_capitals_without_spaces_and_then_the_database_holds_them() -> None:
    """Migration 0009 on keys loaded as typed; 0010's checks then go on (as they would fail to on any
    key left as typed), and the ASB figures count the one victim and the one caller."""
    meeting = MaracMeeting.objects.create(held_on=date(2026, 11, 26))
    with _before_0010():
        AsbCall.objects.bulk_create([_call(caller, victim) for caller, victim in TYPED])
        referral = MaracReferral.objects.create(
            referred_on=date(2026, 11, 20),
            agency="Police",
            risk_score=16,
            victim_key=" v0042 ",
            meeting=meeting,
        )
        migration = importlib.import_module(
            "continuum.community_safety.migrations.0009_pseudonymous_keys_as_stored"
        )
        migration.keys_as_stored(apps, None)
    assert sorted(AsbCall.objects.values_list("caller_key", "victim_key")) == [
        ("C1", "V0348"),
        ("C1", "V0348"),
        ("C2", "V0348"),
        ("C3", "V0349"),
        ("C4", ""),
    ]
    referral.refresh_from_db()
    assert referral.victim_key == "V0042"
    figures = asb.figures(date(2012, 5, 1), date(2012, 5, 31))
    assert (figures.repeat_callers, figures.repeat_caller_calls, figures.repeat_victims) == (1, 2, 1)


@pytest.mark.parametrize("key", ["v0042", " V0042", "V0042 ", "v0042 "])
def test_the_database_refuses_a_marac_victim_key_not_as_stored(key: str) -> None:
    meeting = MaracMeeting.objects.create(held_on=date(2026, 11, 26))
    kept = {"referred_on": date(2026, 11, 20), "agency": "Police", "risk_score": 16, "meeting": meeting}
    with pytest.raises(IntegrityError, match="marac_victim_key_as_stored"), transaction.atomic():
        MaracReferral(victim_key=key, **kept).save()  # a raw save, round the service
    saved = MaracReferral.objects.create(victim_key="V0042", **kept)
    with pytest.raises(IntegrityError, match="marac_victim_key_as_stored"), transaction.atomic():
        MaracReferral.objects.filter(pk=saved.pk).update(victim_key=key)
    assert list(MaracReferral.objects.values_list("victim_key", flat=True)) == ["V0042"]


@pytest.mark.parametrize(
    ("caller", "victim", "check"),
    [
        ("C1", "v0348", "asbcall_victim_key_as_stored"),
        ("C1", " V0348", "asbcall_victim_key_as_stored"),
        ("c1", "V0348", "asbcall_caller_key_as_stored"),
        ("C1 ", "", "asbcall_caller_key_as_stored"),
    ],
)
def test_the_database_refuses_an_asb_key_not_as_stored(caller: str, victim: str, check: str) -> None:
    with pytest.raises(IntegrityError, match=check), transaction.atomic():
        _call(caller, victim).save()
    _call("C1", "V0348").save()
    _call("C1", "").save()  # no victim is still allowed
    assert AsbCall.objects.count() == 2
