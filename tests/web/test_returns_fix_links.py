"""The validation report as a person acts on it: links to the record and form, cells, filters, years.

A child of the live record (Ada, in care since 1 May 2025, held by Intervention North) and a
child the record does not hold (X2) are in an SSDA903 return whose Episodes give both the legal
status "Z9" (rule 144, column LS = D). Known answers: rule 144 fails on Episodes row 2 (cell D2,
Ada) and row 3 (cell D3, X2); Ada's failure links to her record and to "Change of legal status"
on her open episode for a team manager of her team; a QA officer with no relationship to her
gets the record link only (it asks for a reason there); a performance analyst gets no links;
X2 is "Not in the live record". Two years' files in one upload are two returns: 2021-22 is read,
not validated (no rule set), 2025-26 validated with its own rules.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from continuum.core import roles
from continuum.journey import services as s
from continuum.returns.ssda903.schema import TABLES
from continuum.web.returns.models import ReturnUpload
from tests.returns.ssda903_rows import episode, header, row
from tests.web.test_casework_views import make_world
from tests.web.test_returns_views import upload_dir, upload_files  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def write_903(folder: Path, data: dict[str, list[dict[str, str | None]]], suffix: str = "") -> list[Path]:
    """One CSV per table, every DfE column in order (``Episodes{suffix}.csv``)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, rows in data.items():
        cols = [c.name for c in TABLES[name].required]
        path = folder / f"{TABLES[name].display}{suffix}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            w.writerows([r.get(c) or "" for c in cols] for r in rows)
        out.append(path)
    return out


def files_of(paths: list[Path]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv") for p in paths]


def return_of(child: str, folder: Path) -> list[Path]:
    """Ada (``child``) and X2, each with legal status Z9 (rule 144)."""
    return write_903(
        folder,
        {
            "header": [header(CHILD=child), header(CHILD="X2")],
            "episodes": [episode(CHILD=child, LS="Z9"), episode(CHILD="X2", LS="Z9")],
            "social_worker": [
                row(CHILD=c, SW_ID="SW1", SW_DECOM="01/05/2025", SW_REASON="FCONTA") for c in (child, "X2")
            ],
        },
    )


@pytest.fixture
def ada(make_user):  # type: ignore[no-untyped-def]
    """The casework world, Ada in care since 1 May 2025, and the team manager also a QA officer."""
    world = make_world(make_user)
    child = world["child"]
    world["cla"] = s.start_cla_episode(
        child=child, decom=date(2025, 5, 1), ls="C2", cin="N1", place="U1", in_borough=True, by=None
    )
    world["users"]["tm"].groups.add(Group.objects.get_or_create(name=roles.QA_OFFICER.name)[0])
    return world


def _rows_of(html: str) -> list[str]:
    body = html.split('id="failures"', 1)[1]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, flags=re.S)


def test_failures_link_to_the_record_and_the_form_that_fixes_them(client, ada, tmp_path: Path) -> None:
    child, cla = ada["child"], ada["cla"]
    client.force_login(ada["users"]["tm"])
    upload = upload_files(client, *files_of(return_of(child.la_child_id, tmp_path / "903")))
    assert upload.status == ReturnUpload.Status.SUCCEEDED, upload.problem
    url = reverse("returns-upload-detail", args=[upload.token])

    html = client.get(url, {"rule": "144"}).content.decode()
    assert "Failures 1 to 2 of 2" in html
    ada_row, x2_row = _rows_of(html)[1:]
    assert child.la_child_id in ada_row
    assert ">Episodes, row 2, cell D2<" in ada_row
    assert f'href="{reverse("child-record", args=[child.pk])}"' in ada_row
    form = reverse("child-legal-status-change", kwargs={"pk": child.pk, "episode_pk": cla.pk})
    assert f'href="{form}">Change of legal status' in ada_row
    assert ">X2<" in x2_row
    assert ">Episodes, row 3, cell D3<" in x2_row
    assert "Not in the live record" in x2_row
    assert "/children/" not in x2_row

    # The stored report holds the record id and team; the downloads name the cell.
    stored = pq.read_table(upload.report_dir / "validation_failures.parquet").to_pylist()
    mine = [r for r in stored if r["rule"] == "144"]
    assert [(r["child_id"], r["cell"], r["record"], r["team"]) for r in mine] == [
        (child.la_child_id, "D2", child.pk, "Intervention North"),
        ("X2", "D3", None, None),
    ]
    with (upload.report_dir / "validation_failures.csv").open(encoding="utf-8") as fh:
        assert {r["Cell"] for r in csv.DictReader(fh) if r["Rule"] == "144"} == {"D2", "D3"}

    # Filters: by team (Ada's failures only), by "no team", by severity; pages keep the filters.
    team = client.get(url, {"team": str(ada["team"].pk)}).content.decode()
    ada_count = sum(1 for r in stored if r["record"] == child.pk)
    assert f"Failures 1 to {ada_count} of {ada_count}" in team
    assert all(child.la_child_id in r for r in _rows_of(team)[1:])
    nobody = client.get(url, {"team": "none", "rule": "144"}).content.decode()
    assert "Failures 1 to 1 of 1" in nobody
    assert ">X2<" in nobody
    queries = client.get(url, {"severity": "query"}).content.decode()
    n_queries = sum(1 for r in stored if r["severity"] == "query")
    assert ("No failures match these filters." in queries) == (n_queries == 0)
    assert '<option value="144" selected>144</option>' in html
    assert f'<option value="{ada["team"].pk}">Intervention North</option>' in html
    assert '<option value="none">Not in the live record, or no team</option>' in html
    assert f"/children/{child.la_child_id}" not in html  # URLs carry the internal id only


def test_links_follow_the_policy(client, ada, tmp_path: Path) -> None:
    """A QA officer without a relationship: the record link (which asks for a reason), no form;
    an analyst, who opens no records: no links, and a sentence saying who sees them."""
    child = ada["child"]
    client.force_login(ada["users"]["tm"])
    upload = upload_files(client, *files_of(return_of(child.la_child_id, tmp_path / "903")))
    url = reverse("returns-upload-detail", args=[upload.token])
    form = reverse("child-legal-status-change", kwargs={"pk": child.pk, "episode_pk": ada["cla"].pk})

    client.force_login(ada["users"]["qa"])
    qa = client.get(url, {"rule": "144"}).content.decode()
    assert f'href="{reverse("child-record", args=[child.pk])}"' in qa
    assert form not in qa

    client.force_login(ada["users"]["analyst"])
    analyst = client.get(url, {"rule": "144"}).content.decode()
    assert "/children/" not in analyst
    assert "Fix it" not in analyst
    assert "Staff who may open children’s records see a link" in analyst


def test_two_years_in_one_upload_are_two_returns_each_with_its_own_rules(
    client, make_user, tmp_path: Path
) -> None:
    """Header_2022.csv ... and Header_2026.csv ... together: 2021-22 is read, not validated (no rule
    set), 2025-26 validated with its rules; no failure comes from the 2021-22 files, whose
    legal status Z9 would fail rule 144 under any year's rules."""
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    old = {
        "header": [header()],
        "episodes": [episode(DECOM="01/05/2021", LS="Z9")],  # would fail 144 under any rules
    }
    new = {
        "header": [header()],
        "episodes": [episode(LS="Z9")],
        "social_worker": [row(SW_ID="SW1", SW_DECOM="01/05/2025", SW_REASON="FCONTA")],
    }
    paths = write_903(tmp_path / "y", old, "_2022") + write_903(tmp_path / "y", new, "_2026")
    upload = upload_files(client, *files_of(paths))
    assert upload.status == ReturnUpload.Status.SUCCEEDED, upload.problem
    html = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    table = html.split('id="returns-read"', 1)[1].split("</table>", 1)[0]
    assert "2021-22" in table
    assert "Read, not validated: no rule set for 2021-22" in table
    assert "Episodes_2022.csv, Header_2022.csv" in table
    assert "Validated with the 2025-26 rules: 2 errors, 0 queries" in table
    stored = pq.read_table(upload.report_dir / "validation_failures.parquet")
    assert set(stored["file"].to_pylist()) == {"Episodes_2026.csv"}
    # 144 (legal status Z9) and 630 (no PrevPerm file): cells D2 and C2 of this year's Episodes.
    assert sorted(zip(stored["rule"].to_pylist(), stored["cell"].to_pylist(), strict=True)) == [
        ("144", "D2"),
        ("630", "C2"),
    ]


def test_postcode_directory_is_taken_and_its_rules_run(client, make_user, tmp_path: Path) -> None:
    """An ONSPD file on the upload page: the postcode rules run (not listed as not checked);
    a file without the directory's columns is refused on the form, naming it."""
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    data = {
        "header": [header()],
        "episodes": [episode()],
        "social_worker": [row(SW_ID="SW1", SW_DECOM="01/05/2025", SW_REASON="FCONTA")],
    }
    paths = write_903(tmp_path / "903", data)
    onspd = tmp_path / "ONSPD_NOV_2025_UK.csv"
    onspd.write_text(
        "pcds,oslaua,ctry,lat,long\nAB1 2CD,E09000003,E92000001,51.6,-0.2\n"
        "AB3 4EF,E09000003,E92000001,51.61,-0.21\n",
        encoding="utf-8",
    )
    bad = SimpleUploadedFile("postcodes.csv", b"postcode,area\nAB1 2CD,X\n", content_type="text/csv")
    refused = client.post(reverse("returns-upload"), {"files": files_of(paths), "postcode_files": bad})
    assert refused.status_code == 400
    assert "The file postcodes.csv (ONS Postcode Directory): the postcode directory has no column" in (
        refused.content.decode()
    )

    response = client.post(
        reverse("returns-upload"), {"files": files_of(paths), "postcode_files": files_of([onspd])[0]}
    )
    assert response.status_code == 302
    upload = ReturnUpload.objects.get()
    from tests.web.test_returns_views import finished

    upload = finished(upload.token)
    assert upload.status == ReturnUpload.Status.SUCCEEDED, upload.problem
    assert [f["name"] for f in upload.postcode_files] == [onspd.name]
    html = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert "postcode directory was uploaded" not in html
    assert "ONS Postcode Directory" in html
    assert onspd.name in html
