"""The demo borough's SSDA903 passes every 2025-26 rule (issue 13 point 6).

The session borough is the demo's (five years, seed 1, the full warm-up), ending 31 March 2026:
its 2025-26 return, with 2024-25 as last year's and every earlier year's episodes as history,
has no failure at all: no error, no query, none of Continuum's own checks. The rules that need
files a council supplies (providers, the ONS postcode directory) are not checked without them.
"""

from __future__ import annotations

from pathlib import Path

from continuum.returns.export.ssda903 import export_903, export_903_history
from continuum.returns.ssda903 import validate_903
from continuum.synth.model import Borough
from continuum.synth.parquet import borough_tables
from tests.returns.test_export_903 import history_years


def test_the_demo_borough_exports_a_2025_26_return_with_no_failure(borough: Borough, tmp_path: Path) -> None:
    tables = borough_tables(borough)
    for year in (2025, 2026):
        export_903(tables, tmp_path / str(year), year)
    history = export_903_history(tables, tmp_path / "2026", 2026, history_years(tables, 2026))
    report = validate_903(
        sorted((tmp_path / "2026").glob("*.csv")),
        "2025-26",
        previous=sorted((tmp_path / "2025").glob("*.csv")),
        history=history,
    )
    assert report.children > 500
    assert len(report.rules) > 250
    assert len(report) == 0, report.summary_text()
