"""The complaints models and their migrations agree (the acknowledgement date came with 0005)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_complaints_models_need_no_new_migration() -> None:
    out = StringIO()
    call_command("makemigrations", "complaints", "--check", "--dry-run", stdout=out, stderr=StringIO())
    assert "No changes detected" in out.getvalue()
