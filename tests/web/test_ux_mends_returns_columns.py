"""The returns report names the person column by return: the CIN census and SSDA903 call a child by
LAchildID; SEN2 calls a person by UPN, else UniqueLearnerNumber (its layout's Person items 1.7 and 1.8),
and counts children and young people. Checked on a real SEN2 upload through the queue and its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from continuum.returns.validate import CIN, SEN2, SSDA903
from continuum.web.returns.views import _who
from tests.returns.test_sen2_rules import BASE
from tests.web.test_returns_views import analyst, upload_dir, upload_files  # noqa: F401 (fixtures)

SPECS = Path(__file__).resolve().parents[2] / "continuum" / "specs"


def _person_column(kinds: list[str]) -> str:
    return str(_who([{"kind": k} for k in kinds])["columns"][4])  # type: ignore[index]


def test_the_column_is_named_for_the_returns_read() -> None:
    assert _person_column([CIN]) == _person_column([SSDA903, CIN]) == "Child (LAchildID)"
    assert _person_column([]) == "Child (LAchildID)"  # a report from before the returns were listed
    assert _person_column([SEN2]) == "Person (UPN, else UniqueLearnerNumber)"
    assert _person_column([CIN, SEN2]) == "Child (LAchildID) or person (UPN, else UniqueLearnerNumber)"
    # The names are the SEN2 layout's own Person items.
    layout = (SPECS / "sen2_2025_26_layout.csv").read_text(encoding="utf-8")
    assert "persons,UPN,Person" in layout
    assert "persons,UniqueLearnerNumber,Person" in layout


@pytest.mark.django_db(transaction=True)
def test_a_sen2_report_page_says_upn_not_lachildid(client, analyst) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    bad_sex = BASE.replace(b"<Sex>M</Sex>", b"<Sex>X</Sex>", 1)
    upload = upload_files(client, SimpleUploadedFile("sen2_2026.xml", bad_sex, content_type="text/xml"))
    html = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert "LAchildID" not in html
    headers = re.findall(r'<th scope="col" class="govuk-table__header">([^<]*)</th>', html)
    assert "Person (UPN, else UniqueLearnerNumber)" in headers
    assert '<dt class="govuk-summary-list__key">Children and young people</dt>' in html
    assert ">1234567890<" in html  # the column holds the ULN of the person with no UPN, as it is named
