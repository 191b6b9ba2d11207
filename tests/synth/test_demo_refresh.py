"""Issue 11 point 3: `./run demo --refresh` rolls the demo borough forward, keeping what was entered by hand.

A small borough (one reported year, short warm-up, fewer children) is loaded
as of D1; a contact is recorded through the services on a synthetic child and
a child is created by hand; the borough is refreshed to D2 (across a month
end, where the simulated workforce once reshuffled). Fixed past days, so the
tests do not move with the calendar.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from continuum.core.models import SyntheticBorough
from continuum.journey import models as j
from continuum.journey.services.children import register_child
from continuum.journey.services.front_door import record_contact
from continuum.people import models as p
from continuum.synth.load import load_borough
from continuum.synth.params import Params
from continuum.synth.refresh import refresh_demo_borough
from continuum.synth.simulate import SimConfig, Simulation, cut_tables, simulate

D1 = date(2026, 11, 20)
D2 = date(2026, 12, 2)
SMALL = SimConfig(
    years=1,
    seed=7,
    warm_up_years=3,
    params=replace(Params(), new_children_per_year=1500.0, uasc_per_year=6.0),
)


@pytest.fixture(scope="module")
def at_d1():
    return simulate(replace(SMALL, as_of=D1))


@pytest.fixture(scope="module")
def at_d2():
    return simulate(replace(SMALL, as_of=D2))


def _before(day: date, borough, name: str, when: str) -> dict[str, list[tuple]]:
    """Per child, the records of ``name`` begun before ``day``."""
    out: dict[str, list[tuple]] = {}
    for r in borough[name]:
        moment = getattr(r, when)
        if (moment.date() if isinstance(moment, datetime) else moment) < day:
            out.setdefault(r.la_child_id, []).append((moment, *(getattr(r, f) for f in _FIELDS[name])))
    return {k: sorted(v) for k, v in out.items()}


_FIELDS = {
    "contacts": ("contact_source",),
    "referrals": ("referral_source", "primary_need_code"),
    "cla_episodes": ("rne", "ls", "place"),
}
_WHEN = {"contacts": "contact_datetime", "referrals": "cin_referral_date", "cla_episodes": "decom"}


def test_simulating_further_keeps_the_children_and_their_records_up_to_the_old_day(at_d1, at_d2) -> None:
    first = {c.la_child_id: c for c in at_d1["children"]}
    later = {c.la_child_id: c for c in at_d2["children"]}
    assert first.keys() <= later.keys()
    assert len(later) > len(first)  # children first known between the two days
    # The same people (a child unborn on D1 may be born by D2).
    assert all(
        (later[k].forename, later[k].expected_person_birth_date) == (c.forename, c.expected_person_birth_date)
        and (c.person_birth_date is None or later[k].person_birth_date == c.person_birth_date)
        for k, c in first.items()
    )
    # Every child's records up to D1, as the D2 borough held them on D1 (the simulator's own cut: a
    # decision due after the extraction on D1 is not made yet, an end date after D1 is still open).
    sim = Simulation(replace(SMALL, as_of=D1))
    known = {name: copy.deepcopy(rows) for name, rows in at_d2.tables.items()}
    cut_tables(known, sim.end, sim.extracted_at, sim.history_start)
    for name, when in _WHEN.items():
        old = _before(D1 + timedelta(days=1), at_d1, name, when)
        new = _before(D1 + timedelta(days=1), known, name, when)
        assert old == new, name
        assert old, name


def _load_as_of(borough, day: date) -> None:
    load_borough(borough, progress=None)
    SyntheticBorough.objects.create(seed=SMALL.seed, years=SMALL.years, as_of=day, loaded_at=timezone.now())


def _hand_records() -> tuple[j.Contact, p.Child]:
    """A contact on a synthetic child and a child created by hand, through the services."""
    user = User.objects.create_user("h3b-practitioner")
    synthetic = p.Child.objects.filter(person_birth_date__lt=date(2015, 1, 1)).order_by("id").first()
    received = datetime(2026, 11, 20, 9, 15, 30, 123456, tzinfo=UTC)
    contact = record_contact(
        child=synthetic, received_at=received, referral_source="1A", consent="obtained", by=user
    )
    made = register_child(
        first_name="Siobhán", last_name="O'Neill", person_birth_date=date(2019, 5, 4), by=user
    )
    record_contact(child=made, received_at=received, referral_source="1B", consent="obtained", by=user)
    return contact, made


def _snapshot() -> dict[str, object]:
    return {
        "children": p.Child.objects.count(),
        "contacts": sorted(j.Contact.objects.values_list("id", "received_at")),
        "events": j.ChronologyEvent.objects.count(),
        "workers": sorted(p.Worker.objects.values_list("id", "sw_id", "first_name", "start_date")),
        "as_of": SyntheticBorough.objects.get().as_of,
    }


@pytest.mark.django_db(transaction=True)
def test_refresh_rolls_forward_and_keeps_records_entered_by_hand(at_d1) -> None:
    from continuum.devtools.demo_users import ensure_demo_users
    from continuum.synth.demo import link_demo_users

    ensure_demo_users()
    _load_as_of(at_d1, D1)
    linked = {name: w.pk for name, w in link_demo_users().items()}
    contact, made = _hand_records()
    contact_values = j.Contact.objects.filter(pk=contact.pk).values().get()
    made_values = p.Child.objects.filter(pk=made.pk).values().get()
    synthetic_pk = contact.child_id
    kept_events = list(
        j.ChronologyEvent.objects.filter(child_id__in=[synthetic_pk, made.pk]).values_list("id", "what")
    )
    a_replaced = (
        p.Child.objects.exclude(pk__in=[synthetic_pk, made.pk]).order_by("id").values("pk", "la_child_id")[0]
    )

    lines: list[str] = []
    assert refresh_demo_borough(D2, base=SMALL, progress=lines.append), lines[-1]

    assert j.Contact.objects.filter(pk=contact.pk).values().get() == contact_values
    assert p.Child.objects.filter(pk=made.pk).values().get() == made_values
    assert j.Contact.objects.filter(child=made).count() == 1
    assert (
        list(j.ChronologyEvent.objects.filter(child_id__in=[synthetic_pk, made.pk]).values_list("id", "what"))
        == kept_events
    )
    # The days in between are simulated: contacts received after D1, up to D2.
    between = j.Contact.objects.filter(received_at__date__gt=D1, received_at__date__lte=D2).exclude(
        child_id__in=[synthetic_pk, made.pk]
    )
    assert between.filter(received_at__date=D2 - timedelta(days=1)).exists()
    assert between.count() > 50
    assert SyntheticBorough.objects.get().as_of == D2
    # A re-simulated child keeps its internal id; the demo sign-ins keep their workers.
    assert p.Child.objects.get(la_child_id=a_replaced["la_child_id"]).pk == a_replaced["pk"]
    assert {name: w.pk for name, w in link_demo_users().items()} == linked
    # Every synthetic record has its chronology event again, none twice.
    assert not j.Contact.objects.exclude(
        pk__in=j.ChronologyEvent.objects.filter(record_type="contact").values("record_id")
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_a_refresh_that_breaks_a_rule_changes_nothing(at_d1) -> None:
    _load_as_of(at_d1, D1)
    _hand_records()
    before = _snapshot()
    lines: list[str] = []
    # A day after today: the simulation then writes future dates, which the "no future dates" rule refuses.
    future = timezone.localdate() + timedelta(days=20)
    assert not refresh_demo_borough(future, base=SMALL, progress=lines.append)
    assert _snapshot() == before
    assert "refused and nothing changed" in lines[-1]
    assert "future_date" in lines[-1]


@pytest.mark.django_db
def test_a_later_day_says_how_old_the_borough_is_and_how_to_refresh_it() -> None:
    from continuum.synth.demo import describe_demo_borough

    SyntheticBorough.objects.create(seed=1, years=5, as_of=date(2026, 11, 30), loaded_at=timezone.now())
    assert describe_demo_borough(date(2026, 12, 6)) == (
        "The synthetic borough is as of Monday 30 November 2026, "
        "6 days before today (Sunday 6 December 2026). "
        "Run ./run demo --refresh to bring it up to today; records you entered are kept."
    )
