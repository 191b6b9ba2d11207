"""Write statutory returns from the analytical tables (:mod:`continuum.metrics.schema`).

Why from the analytical tables: the same code then exports the live case
record (through :func:`continuum.metrics.extract.extract_tables`), a set of
Parquet files (a synthetic borough, another system's data) or tables imported
from last year's returns. Modules:

* :mod:`.cin`: the CIN census XML for a collection year.
* :mod:`.ssda903`: the SSDA903 CSV tables for a collection year.
* :mod:`.annex_a`: Ofsted's Annex A lists 1-11 as one XLSX workbook.
* :mod:`.source`: where the tables come from (live database or Parquet).
"""

from __future__ import annotations

from continuum.returns.export.source import collection_year_dates, load_parquet, pick_la_code

__all__ = ["collection_year_dates", "load_parquet", "pick_la_code"]
