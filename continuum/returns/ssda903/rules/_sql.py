"""Small SQL builders shared by the SSDA903 rule modules (kept tiny so each rule reads as SQL)."""

from __future__ import annotations

#: Temporary placements (T0-T4).
TEMP = "('T0', 'T1', 'T2', 'T3', 'T4')"
#: Legal statuses of short-term breaks (respite).
RESPITE = "('V3', 'V4')"
#: Placement type Z1 ("other") was split into Z11-Z14 for placements from this day (2025-26).
Z1_ENDED = "DATE '2025-04-01'"
#: Reason episode ceased codes that end a period of care (all but X1).
ENDS_CARE = "rec IS NOT NULL AND rec <> 'X1'"


def where(table: str, condition: str) -> str:
    """Rows of ``table`` (a table or view with ``child`` and ``line``) meeting ``condition``."""
    return f"SELECT child AS child_id, line FROM {table}, census WHERE {condition}"


def invalid_code(table: str, column: str, *, required: bool) -> str:
    """Rows whose ``column`` is not one of the DfE's codes (blank fails only when ``required``)."""
    col = column.lower()
    blank = f"{col} IS NULL OR " if required else ""
    return where(table, f"{blank}({col} IS NOT NULL AND NOT valid_code('{table}', '{column}', {col}))")


def bad_date(table: str, column: str, *, required: bool) -> str:
    """Rows whose date is blank (when required) or outside 1900-2099 (a mistyped year)."""
    col = column.lower()
    blank = f"{col} IS NULL OR " if required else ""
    return where(table, f"{blank}year({col}) NOT BETWEEN 1900 AND 2099")
