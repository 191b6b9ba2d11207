"""SSDA903 export: columns as the DfE list, dd/mm/yyyy dates, scope."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from continuum.returns.export.ssda903 import NOT_WRITTEN, export_903
from continuum.returns.ssda903 import parse_903
from continuum.returns.ssda903.schema import TABLES
from tests.returns.test_export_cin import synth_tables


def test_columns_and_dates(tmp_path: Path) -> None:
    written = export_903(synth_tables(), tmp_path, 2026)
    assert set(written) == set(TABLES) - set(NOT_WRITTEN)
    for name, path in written.items():
        with path.open() as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == [c.name for c in TABLES[name].required]
        date_cols = [i for i, c in enumerate(TABLES[name].required) if c.kind == "date"]
        for row in rows[1:]:
            for i in date_cols:
                assert row[i] == "" or re.fullmatch(r"\d\d/\d\d/\d{4}", row[i]), (name, row)
    episodes = parse_903(list(written.values())).current["episodes"].to_pylist()
    assert episodes
    assert all(e["dec"] is None or e["dec"].year >= 2025 for e in episodes)
