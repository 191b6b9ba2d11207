"""The analytical schema agrees with what PostgreSQL returns for every extraction query.

Why: the extractor (``continuum/metrics/extract.py``) turns each query's CSV into
the schema's Arrow types. If a model change alters a column's type (a date
becomes a timestamp, an integer becomes a bigint, a code becomes free text),
extraction would fail, or worse silently null or truncate the value, only
when a practitioner first records such a value. Here every query is described
by PostgreSQL itself (run with ``LIMIT 0``) and each result column is checked
against :func:`continuum.metrics.schema.schema_for`; where the column is a plain
model column, the Django field behind it is checked too. Codes mapped with a
``CASE`` that nulls what it does not know must know every choice of the model.
"""

from __future__ import annotations

import pyarrow as pa
import pytest
from django.apps import apps
from django.db import connection, models

from continuum.journey.models import ContactOutcome, MissingFrom
from continuum.metrics.extract import QUERIES
from continuum.metrics.schema import schema_for

pytestmark = pytest.mark.django_db

# PostgreSQL type OIDs (pg_type.oid; fixed since PostgreSQL 7).
_BOOL, _INT8, _INT2, _INT4, _TEXT, _FLOAT8 = 16, 20, 21, 23, 25, 701
_BPCHAR, _VARCHAR, _DATE, _TIMESTAMP, _TIMESTAMPTZ = 1042, 1043, 1082, 1114, 1184
_TEXTS = {_TEXT, _VARCHAR, _BPCHAR}

#: Which PostgreSQL types each schema type accepts without loss. ``timestamptz`` is
#: not among them: the schema's moments are naive local time, so a query must turn
#: each one to Europe/London (``AT TIME ZONE``), which yields ``timestamp``.
_ACCEPTS: dict[pa.DataType, set[int]] = {
    pa.date32(): {_DATE},
    pa.timestamp("ms"): {_TIMESTAMP},
    pa.bool_(): {_BOOL},
    pa.string(): _TEXTS,
    pa.int32(): {_INT2, _INT4},
    pa.int64(): {_INT2, _INT4, _INT8},
    pa.float64(): {_FLOAT8},  # a numeric (hours, FTE) cast to float8 in the query
    pa.list_(pa.string()): _TEXTS,  # built with array_to_string and split after reading
    pa.list_(pa.date32()): _TEXTS,  # ISO dates joined with string_agg, split and read as dates
}

#: Django field classes (by internal type) that may feed each schema type directly.
_FIELDS: dict[pa.DataType, set[str]] = {
    pa.date32(): {"DateField"},
    pa.bool_(): {"BooleanField"},
    pa.float64(): {"DecimalField", "FloatField"},
    pa.string(): {"CharField", "TextField", "SlugField", "EmailField"},
    pa.int32(): {"SmallIntegerField", "PositiveSmallIntegerField", "IntegerField", "PositiveIntegerField"},
    pa.int64(): {
        "SmallIntegerField",
        "PositiveSmallIntegerField",
        "IntegerField",
        "PositiveIntegerField",
        "BigIntegerField",
        "PositiveBigIntegerField",
    },
}


def _describe(name: str) -> list[tuple[str, int, int, int]]:
    """(column name, type OID, source table OID, source column number) for one query's result."""
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg cursor: its result knows where each column came from
        cursor.execute(f"SELECT * FROM ({QUERIES[name]}) q LIMIT 0")  # noqa: S608 (fixed SQL)
        result = cursor.pgresult
        return [
            (column.name, column.type_code, result.ftable(i), result.ftablecol(i))
            for i, column in enumerate(cursor.description)
        ]


def _model_field(table_oid: int, column_number: int) -> models.Field | None:
    """The Django field stored in that table column, or None if no model owns it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
            "WHERE c.oid = %s AND a.attnum = %s",
            [table_oid, column_number],
        )
        table, column = cursor.fetchone()
    for model in apps.get_models():
        if model._meta.db_table == table:
            for field in model._meta.concrete_fields:
                if field.column == column:
                    return field
    return None


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_returns_the_schema_types(name: str) -> None:
    fields = [f for f in schema_for(name) if f.name != "la_code"]  # la_code is added in Python
    described = _describe(name)
    assert len(described) == len(fields), f"{name}: query has {len(described)} columns, schema {len(fields)}"
    for field, (column, oid, table_oid, column_number) in zip(fields, described, strict=True):
        where = f"{name}.{field.name} (query column {column!r})"
        assert field.type in _ACCEPTS, f"{where}: no rule for schema type {field.type}"
        assert oid in _ACCEPTS[field.type], f"{where}: PostgreSQL returns type OID {oid} for {field.type}"
        if not table_oid:  # an expression (CASE, nullif, a subquery...): its type was checked above
            continue
        model_field = _model_field(table_oid, column_number)
        if model_field is None:
            continue
        internal = model_field.get_internal_type()
        if pa.types.is_list(field.type):
            assert internal == "ArrayField", f"{where}: a list column from {internal}"
            continue
        if internal == "ForeignKey":
            continue  # ids are cast to text in the query
        assert internal in _FIELDS.get(field.type, set()), f"{where}: schema {field.type} from {internal}"
        if isinstance(model_field, models.CharField):
            # Arrow strings have no length: the longest value the model allows passes whole.
            assert field.type == pa.string(), f"{where}: {model_field.max_length}-character field"


def test_every_char_field_the_queries_read_is_unbounded_text_in_the_schema() -> None:
    """A CharField's max_length may grow; nothing in the extraction may cut or refuse the value.

    PostgreSQL reports ``varchar(n)`` for a plain column; a query that cast to a
    shorter varchar, or a schema type that is not an unbounded string, would lose
    characters. The column's declared length must be at least the model's.
    """
    seen = 0
    for name in QUERIES:
        fields = [f for f in schema_for(name) if f.name != "la_code"]
        for field, (_column, oid, table_oid, column_number) in zip(fields, _describe(name), strict=True):
            if not table_oid:
                continue
            model_field = _model_field(table_oid, column_number)
            if isinstance(model_field, models.CharField) and model_field.max_length:
                seen += 1
                assert field.type in (pa.string(), pa.list_(pa.string())), f"{name}.{field.name}"
                assert oid in _TEXTS, f"{name}.{field.name}"
    assert seen > 20  # the check looked at the case record's codes, not at nothing


#: Choices the extraction maps to null on purpose, and why.
_UNMAPPED_ON_PURPOSE = {
    # Another council's child placed here: the SSDA903 "missing from" codes are
    # for this council's own children, so the column is left null.
    MissingFrom.OTHER_LA_CHILD_HERE,
}


@pytest.mark.parametrize(
    ("name", "choices"),
    [("contacts", ContactOutcome), ("missing", MissingFrom)],
)
def test_coded_columns_know_every_choice_of_the_model(name: str, choices: type[models.TextChoices]) -> None:
    """A ``CASE`` that maps to NULL by default would silently drop a new choice added to the model."""
    missing = [c.value for c in choices if f"WHEN '{c.value}'" not in QUERIES[name]]
    assert set(missing) <= {c.value for c in _UNMAPPED_ON_PURPOSE}, f"{name}: unmapped choices {missing}"
