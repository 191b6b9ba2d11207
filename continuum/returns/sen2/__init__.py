"""SEN2, the DfE's person-level special educational needs survey: read, validate, export, import.

Use::

    from continuum.returns.sen2 import validate_sen2
    report = validate_sen2("sen2_2027.xml")      # rules of the year its census date names

The layout and rules are data in ``continuum/specs`` (``sen2_years.csv`` names each year's census
date, layout file and whether it is provisional), read through :mod:`continuum.core.specs`; the
rules are registered with the one rule registry of every return. Unreadable files raise
:class:`~continuum.returns.report.ReturnFileError` naming the file, line and what was expected.
"""

from __future__ import annotations

from continuum.returns.sen2 import layout
from continuum.returns.sen2.engine import validate_sen2, validate_sen2_tables
from continuum.returns.sen2.parser import Sen2Tables, is_sen2, parse_sen2, tables_from_xml
from continuum.returns.sen2.rulesets import LATEST_YEAR, RULESETS, ruleset_for

__all__ = [
    "LATEST_YEAR",
    "RULESETS",
    "Sen2Tables",
    "is_sen2",
    "layout",
    "parse_sen2",
    "ruleset_for",
    "tables_from_xml",
    "validate_sen2",
    "validate_sen2_tables",
]
