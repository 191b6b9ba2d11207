"""The map from a failure's table and field to the form that fixes it (no database needed).

Every form named exists with the arguments the map gives it, every record kind it names has a
child and the field the map reads as "open", and every table of both returns has a form, so a
failure of a child in the live record always has at least the record link.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from continuum.returns.cin.schema import TABLES as CIN_TABLES
from continuum.returns.ssda903.schema import TABLES as SSDA903_TABLES
from continuum.web.returns.fix_links import FIXES, RECORD, fix_for


@pytest.mark.parametrize("key", sorted(FIXES), ids="-".join)
def test_each_form_exists_with_its_arguments(key: tuple[str, str]) -> None:
    fix = FIXES[key]
    kwargs = {"pk": 1} | ({fix.kwarg: 2} if fix.kwarg else {})
    assert reverse(fix.url_name, kwargs=kwargs).startswith("/children/1/")
    if fix.model:
        model = apps.get_model(fix.model)
        fields = {f.name for f in model._meta.get_fields()}
        assert "child" in fields
        assert fix.open_field is None or fix.open_field in fields


def test_every_table_of_both_returns_has_a_form() -> None:
    tables = set(CIN_TABLES) | set(SSDA903_TABLES)
    assert {t for t in tables if fix_for(t, "ANY") is None} == set()


def test_known_answers() -> None:
    """The field's own form first (the first of several that has one), else the table's."""
    assert fix_for("episodes", "LS").url_name == "child-legal-status-change"
    assert fix_for("episodes", "CHILD, DEC").url_name == "child-cla-end"
    assert fix_for("episodes", "PL_POST").url_name == "child-placement-change"
    assert fix_for("episodes", "DECOM") is RECORD
    assert fix_for("cp_plans", "CPPendDate").url_name == "child-cp-plan-end"
    assert fix_for("oc2", "SDQ_SCORE").url_name == "child-sdq-new"
    assert fix_for("no_such_table", "X") is None
