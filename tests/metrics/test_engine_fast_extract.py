"""Concurrent extraction (several connections, one snapshot) gives exactly the sequential tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.db import connection, transaction

from continuum.metrics.extract import extract_tables
from continuum.synth.load import load_borough
from continuum.synth.params import Params
from continuum.synth.simulate import SimConfig, simulate


@pytest.mark.django_db(transaction=True)  # committed rows: the extra connections must see them
def test_concurrent_copies_equal_one_connection_copies() -> None:
    borough = simulate(
        SimConfig(
            years=1,
            seed=12,
            last_year_end=date(2025, 3, 31),
            warm_up_years=2,
            params=replace(Params(), new_children_per_year=600.0, uasc_per_year=3.0),
        )
    )
    load_borough(borough, progress=None)
    together = extract_tables(code=borough.la_code, workers=3)
    with transaction.atomic():  # inside a transaction: one connection, one table after another
        one_by_one = extract_tables(code=borough.la_code)
    assert connection.connection.info.transaction_status.name == "IDLE"
    assert list(together) == list(one_by_one)
    for name, table in one_by_one.items():
        assert together[name].equals(table, check_metadata=True), name
    assert together["children"].num_rows > 100
