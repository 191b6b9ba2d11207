"""Simulated boroughs shared by the whole test session.

Simulating a borough is pure Python and deterministic (tests/synth/test_simulation.py checks
that), so tests that only read one can share it: the same configuration is simulated once per
test session (per worker under pytest-xdist), not once per module or per parametrised case.
The five-year demo borough alone took a minute or more each of the three times it was drawn.

Tests that check the simulation itself (determinism, a prefix equal to a longer run) call
:func:`continuum.synth.simulate.simulate` directly, as they must. Tests that share a borough
must not change it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.db import transaction

from continuum.synth.load import load_borough
from continuum.synth.model import Borough
from continuum.synth.simulate import SimConfig, simulate


def simulated(config: SimConfig) -> Borough:
    """The borough ``config`` simulates, drawn once per session.

    Keyed on the LA number too: the council's number (``CONTINUUM_LA_CODE``) is read from the
    settings at simulation time and is in every UPN.
    """
    return _simulated(config, config.la_code)


@cache
def _simulated(config: SimConfig, la_code: str) -> Borough:
    return simulate(config)


@contextmanager
def loaded_for_the_module(django_db_blocker, borough: Borough) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """``borough`` loaded once, in a transaction rolled back when the module's tests are done.

    For a module-scoped fixture (with ``django_db_setup``) whose tests read a loaded borough:
    each test still runs in its own savepoint (``django_db``), so what one test writes the next
    does not see. Not for ``transaction=True`` tests, which would flush the shared load.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_borough(borough, progress=None)
        yield
        transaction.set_rollback(True)
