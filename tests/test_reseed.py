"""After a test that empties the database, every row the migrations seeded comes back.

Under pytest-xdist a flushing test (live server, transactional) can run first on a worker;
without the reseed in tests/conftest.py every later test there would miss role groups,
clocks, audit tools, RAG keys and crime types.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.conftest import _data_migration_functions, _reseed


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.mark.django_db(transaction=True)
def test_every_migrated_row_comes_back_after_a_flush() -> None:
    before = _row_counts()
    call_command("flush", interactive=False, verbosity=0)
    assert _row_counts() != before, "the flush emptied the seeded tables"
    _reseed(apps)
    assert _row_counts() == before


def test_every_data_migration_is_run_again() -> None:
    names = {f"{code.__module__}.{code.__name__}" for code in _data_migration_functions()}
    assert "continuum.core.migrations.0002_role_groups.create_role_groups" in names
    assert "continuum.core.migrations.0004_seed_timescales.seed_timescales" in names
    assert any(".assurance.migrations." in name for name in names)
