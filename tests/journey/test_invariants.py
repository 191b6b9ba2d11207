"""Property tests: whatever order practitioners call the services in, the record stays coherent.

Random sequences of service calls (many of them refused) must never leave a
child with two open CLA episodes, two open referrals, overlapping episodes,
or an end date before a start date; and every accepted call adds exactly one
chronology event while every refused call adds none.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import ChronologyEvent, CINEpisode, CLAEpisode, Placement

BASE = date(2022, 1, 1)
OPS = ("start_cla", "change_placement", "change_legal_status", "end_cla", "open_referral", "close_referral")
steps = st.lists(
    st.tuples(
        st.sampled_from(OPS), st.integers(min_value=0, max_value=900), st.sampled_from(["V2", "C1", "C2"])
    ),
    max_size=14,
)


def _apply(op: str, child, on: date, ls: str, by) -> None:  # type: ignore[no-untyped-def]
    episode = selectors.open_cla_episode(child)
    referral = selectors.open_cin_episode(child)
    if op == "start_cla":
        s.start_cla_episode(child=child, decom=on, ls=ls, cin="N1", place="U6", in_borough=True, by=by)
    elif op == "change_placement" and episode is not None:
        s.change_placement(
            cla_episode=episode,
            on=on,
            place="U4",
            in_borough=False,
            reason_place_change="CARPL",
            expected_version=episode.version,
            by=by,
        )
    elif op == "change_legal_status" and episode is not None:
        s.change_legal_status(cla_episode=episode, on=on, ls=ls, expected_version=episode.version, by=by)
    elif op == "end_cla" and episode is not None:
        s.end_cla_episode(cla_episode=episode, dec=on, rec="E4A", expected_version=episode.version, by=by)
    elif op == "open_referral":
        s.open_referral(child=child, cin_referral_date=on, referral_source="6", by=by)
    elif op == "close_referral" and referral is not None:
        s.close_cin_episode(
            cin_episode=referral,
            cin_closure_date=on,
            reason_for_closure="RC7",
            expected_version=referral.version,
            by=by,
        )
    else:
        raise LookupError("nothing to act on")


def _assert_coherent(child) -> None:  # type: ignore[no-untyped-def]
    episodes = list(CLAEpisode.objects.filter(child=child).order_by("decom", "pk"))
    assert sum(e.dec is None for e in episodes) <= 1
    for e in episodes:
        assert e.dec is None or e.dec >= e.decom
        assert (e.dec is None) == (e.rec == "")
    for earlier, later in itertools.pairwise(episodes):
        assert earlier.dec is not None
        assert earlier.dec <= later.decom
    placements = list(Placement.objects.filter(child=child))
    assert sum(p.end_date is None for p in placements) <= 1
    assert all(p.end_date is None or p.end_date >= p.start_date for p in placements)
    referrals = list(CINEpisode.objects.filter(child=child).order_by("cin_referral_date", "pk"))
    assert sum(r.cin_closure_date is None for r in referrals) <= 1
    assert all(r.cin_closure_date is None or r.cin_closure_date >= r.cin_referral_date for r in referrals)
    for earlier, later in itertools.pairwise(referrals):
        assert earlier.cin_closure_date is not None
        assert earlier.cin_closure_date <= later.cin_referral_date


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(calls=steps)
def test_random_service_sequences_keep_the_record_coherent(officer, calls):
    with transaction.atomic():
        child = s.register_child(person_birth_date=date(2012, 1, 1), by=officer)
        for op, offset, ls in calls:
            events_before = ChronologyEvent.objects.filter(child=child).count()
            try:
                _apply(op, child, BASE + timedelta(days=offset), ls, officer)
            except JourneyRuleError:
                assert ChronologyEvent.objects.filter(child=child).count() == events_before
            except LookupError:
                pass
            else:
                assert ChronologyEvent.objects.filter(child=child).count() == events_before + 1
            _assert_coherent(child)
        transaction.set_rollback(True)
