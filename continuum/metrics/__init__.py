"""Indicators and the canonical analytical schema they run on.

Every indicator is defined once, as SQL over the tables in
:mod:`continuum.metrics.schema`, and runs on DuckDB. The tables are filled from
the live database, from imported CIN census / SSDA903 files, or from the
synthetic borough (:mod:`continuum.synth`), so the same figures come out of all
three.
"""
