"""Synthetic SSDA903 rows for tests: a valid baseline child, changed one field at a time."""

from __future__ import annotations

from continuum.returns.ssda903 import Ssda903Tables, tables_from_rows

Rows = dict[str, list[dict[str, str | None]]]


def header(**kw: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "CHILD": "1",
        "SEX": "F",
        "DOB": "01/01/2012",
        "ETHNIC": "WBRI",
        "UPN": "UN2",
        "MOTHER": "0",
    }
    row.update(kw)
    return row


def episode(**kw: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "CHILD": "1", "DECOM": "01/05/2025", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U1",
        "PLACE_PROVIDER": "PR1", "HOME_POST": "AB1 2CD", "PL_POST": "AB3 4EF", "URN": "SC123456",
    }  # fmt: skip
    row.update(kw)
    return row


def row(**kw: str | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {"CHILD": "1", "DOB": "01/01/2012"}
    out.update(kw)
    return out


def ret(current: Rows, last: Rows | None = None) -> Ssda903Tables:
    """A return: the baseline header unless ``current`` gives one."""
    data: Rows = {"header": [header()]}
    data.update(current)
    return tables_from_rows(data, last)
