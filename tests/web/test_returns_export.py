"""Exporting a statutory return from the returns page: the form, the job on the real queue, the zip.

Known answer: on 15 June 2026 (the clock) the latest collection year that has ended is 2025-26.
One child, EXP1, is referred on 2 June 2025 (a contact, the MASH decision, the referral, through
the journey services); the CIN census 2025-26 written from the live record therefore holds one
<Child>, LAchildID EXP1, with one CINdetails whose CINreferralDate is 2025-06-02. The job runs on
procrastinate's own worker (:func:`run_queued_jobs`), so the test is transactional.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.returns import services
from continuum.web.audit.words import action_words
from continuum.web.returns import exports
from continuum.web.returns.models import ReturnExport, ReturnUpload
from tests.jobs.worker import run_queued_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path: Path) -> Path:
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    settings.CONTINUUM_AS_OF = "2026-06-15"
    return tmp_path / "uploads"


@pytest.fixture
def analyst(client, make_user):  # type: ignore[no-untyped-def]
    user = make_user("analyst", roles.PERFORMANCE_ANALYST)
    client.force_login(user)
    return user


def _referred_child() -> None:
    """EXP1, referred on Monday 2 June 2025 after a contact the MASH sent on that day."""
    child = s.register_child(
        la_child_id="EXP1", first_name="Test", last_name="Child", person_birth_date=date(2015, 5, 1),
        sex="F", ethnicity="WBRI", by=None,
    )  # fmt: skip
    day = date(2025, 6, 2)
    at = timezone.make_aware(datetime(2025, 6, 2, 10))
    contact = s.record_contact(child=child, received_at=at, referral_source="5A", consent="obtained", by=None)
    contact = s.record_mash_decision(
        contact=contact, initial_brag="A", final_brag="R", decision_at=at + timedelta(hours=5),
        outcome="referral", expected_version=contact.version, by=None,
    )  # fmt: skip
    s.open_referral(
        child=child, contact=contact, cin_referral_date=day, referral_source="5A", primary_need_code="N1",
        by=None,
    )  # fmt: skip


def _export(client, kind: str, year: int) -> ReturnExport:  # type: ignore[no-untyped-def]
    response = client.post(reverse("returns-export"), {"kind": kind, "year": str(year)})
    assert response.status_code == 302, response.content.decode()[:2000]
    export = ReturnExport.objects.get()
    assert response["Location"] == reverse("returns-export-detail", args=[export.token])
    return export


def test_the_collection_year_offered_first_is_the_latest_that_has_ended() -> None:
    assert exports.default_year(date(2026, 12, 7)) == 2026  # 2025-26 ended on 31 March 2026
    assert exports.default_year(date(2026, 3, 31)) == 2025  # 2025-26 not ended until the day is over
    assert exports.default_year(date(2026, 4, 1)) == 2026
    assert exports.year_choices(date(2026, 12, 7))[:2] == [
        (2027, "2026-27 (so far, to 7 Dec 2026)"),
        (2026, "2025-26"),
    ]


def test_the_analyst_exports_the_cin_census_and_downloads_the_zip(client, analyst) -> None:
    _referred_child()
    page = client.get(reverse("returns-index")).content.decode()
    assert "Export a return" in page
    assert '<option value="2026" selected>2025-26</option>' in page

    export = _export(client, "cin", 2026)
    waiting = client.get(reverse("returns-export-detail", args=[export.token]))
    assert waiting["Refresh"] == "3"
    assert "Exporting the CIN census 2025-26" in waiting.content.decode()

    run_queued_jobs()
    export.refresh_from_db()
    assert export.status == ReturnExport.Status.SUCCEEDED, export.problem
    done = client.get(reverse("returns-export-detail", args=[export.token])).content.decode()
    assert "Download the files (zip)" in done
    assert "CIN_census_2025-26.xml" in done
    assert "Validate this export" in done

    response = client.get(reverse("returns-export-download", args=[export.token]))
    assert response["Content-Disposition"] == 'attachment; filename="CIN_2025-26.zip"'
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        assert zf.namelist() == ["CIN_census_2025-26.xml"]
        root = etree.fromstring(zf.read("CIN_census_2025-26.xml"))
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    children = root.findall("Children/Child")
    assert [c.findtext("ChildIdentifiers/LAchildID") for c in children] == ["EXP1"]
    assert [d.findtext("CINreferralDate") for d in children[0].findall("CINdetails")] == ["2025-06-02"]

    logged = list(AccessLogEntry.objects.filter(record_type="return-export").values_list("action", flat=True))
    assert sorted(logged) == ["returns.export", "returns.export.download"]
    assert action_words("returns.export.download").startswith("Downloaded an exported statutory return")


@pytest.mark.parametrize(
    ("kind", "zip_name", "files"),
    [
        # The DfE's eleven SSDA903 files of 2025-26 (the DoLo table comes in 2026-27).
        ("903", "SSDA903_2025-26.zip", ["AD1.csv", "Episodes.csv", "Header.csv", "Missing.csv", "OC2.csv",
                                        "OC3.csv", "PlacedAdoption.csv", "PrevPerm.csv", "Reviews.csv",
                                        "SWEpisodes.csv", "UASC.csv"]),
        # Annex A for the 12 months to 31 March 2026, the end of 2025-26.
        ("annex-a", "Annex_A_2025-26.zip", ["Annex_A_2026-03-31.xlsx"]),
    ],
)  # fmt: skip
def test_the_other_returns_zip_their_files(client, analyst, kind: str, zip_name: str, files: list) -> None:
    export = _export(client, kind, 2026)
    run_queued_jobs()
    response = client.get(reverse("returns-export-download", args=[export.token]))
    assert response["Content-Disposition"] == f'attachment; filename="{zip_name}"'
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        assert zf.namelist() == files
    done = client.get(reverse("returns-export-detail", args=[export.token])).content.decode()
    assert ("Validate this export" in done) is (kind != "annex-a")  # Annex A has no DfE rules


def test_validate_this_export_checks_the_files_as_an_upload(client, analyst) -> None:
    _referred_child()
    export = _export(client, "cin", 2026)
    run_queued_jobs()
    response = client.post(reverse("returns-export-validate", args=[export.token]))
    upload = ReturnUpload.objects.get()
    assert response["Location"] == reverse("returns-upload-detail", args=[upload.token])
    assert upload.files[0]["name"] == "CIN_census_2025-26.xml"
    assert upload.description == "Exported CIN census 2025-26"
    run_queued_jobs()
    upload.refresh_from_db()
    assert upload.status == ReturnUpload.Status.SUCCEEDED, upload.problem
    assert upload.children == 1


def test_a_failed_export_says_why_and_leaves_no_files(client, analyst, monkeypatch) -> None:
    def several(*args: object) -> None:
        raise ValueError("the tables hold several authorities (301, 302); name one")

    monkeypatch.setattr(exports, "_live_tables", several)
    export = _export(client, "903", 2026)
    run_queued_jobs()
    export.refresh_from_db()
    assert export.status == ReturnExport.Status.FAILED
    page = client.get(reverse("returns-export-detail", args=[export.token])).content.decode()
    assert "The SSDA903 (children looked after) 2025-26 could not be exported" in page
    assert "could not be written: the tables hold several authorities (301, 302); name one" in page
    assert not export.folder.exists()
    assert client.get(reverse("returns-export-download", args=[export.token])).status_code == 404


def test_an_unexpected_failure_is_said_plainly(client, analyst, monkeypatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("EXP1 Test Child")  # a message that could quote the record: never shown

    monkeypatch.setattr(exports, "_live_tables", broken)
    export = _export(client, "cin", 2026)
    run_queued_jobs()
    page = client.get(reverse("returns-export-detail", args=[export.token])).content.decode()
    assert "Something went wrong while writing this return" in page
    assert "EXP1" not in page


def test_sen2_is_refused_for_a_year_without_its_layout_beside_the_year(client, analyst) -> None:
    response = client.post(reverse("returns-export"), {"kind": "sen2", "year": "2025"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_year"' in page  # the summary leads to the field
    assert 'id="id_year-error"' in page
    assert "SEN2 can be exported for 2025-26 and 2026-27 only" in page
    assert '<option value="2025" selected>2024-25</option>' in page  # what was chosen is kept
    assert not ReturnExport.objects.exists()


def test_social_workers_and_qa_officers_cannot_export(client, analyst, make_user) -> None:
    export = ReturnExport.objects.create(kind="cin", year=2026)
    urls = [
        reverse("returns-export-detail", args=[export.token]),
        reverse("returns-export-download", args=[export.token]),
    ]
    client.force_login(make_user("sw", roles.SOCIAL_WORKER))
    assert client.post(reverse("returns-export"), {"kind": "cin", "year": "2026"}).status_code == 403
    assert [client.get(u).status_code for u in urls] == [403, 403]
    client.force_login(make_user("qa", roles.QA_OFFICER))  # may upload and read reports, not export
    assert "Export a return" not in client.get(reverse("returns-index")).content.decode()
    assert client.post(reverse("returns-export"), {"kind": "cin", "year": "2026"}).status_code == 403
    assert ReturnExport.objects.count() == 1


def test_exports_go_with_the_uploads_retention(client, analyst, settings) -> None:
    _referred_child()
    export = _export(client, "cin", 2026)
    run_queued_jobs()
    assert export.folder.is_dir()
    later = timezone.now() + timedelta(days=int(settings.CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS) + 1)
    # The nightly purge of uploads deletes the folder (no upload owns it) once it is that old ...
    assert services.purge_expired(later).stray_folders == 1
    assert not export.folder.exists()
    # ... and the row goes when exports are next asked for or listed.
    assert exports.purge_expired_exports(later) == 1
    assert not ReturnExport.objects.exists()


def test_validating_an_ssda903_export_reads_last_years_export_with_it(client, analyst) -> None:
    """Rules 1001 and 1002 compare with last year's return: checked on one year's files alone they
    were listed as not checked (before, failed on every care leaver). A written SSDA903 export of the
    year before is read as last year's return; without one the page says how to get them checked."""
    client.post(reverse("returns-export"), {"kind": "903", "year": "2026"})
    this_year = ReturnExport.objects.get()
    run_queued_jobs()
    page = client.get(reverse("returns-export-detail", args=[this_year.token])).content.decode()
    assert "export the year before first" in page
    # Without it, last year's Episodes and the six years before (to 2018-19) come from the record,
    # kept beside the return (not in its zip) when it was written.
    client.post(reverse("returns-export-validate", args=[this_year.token]))
    upload = ReturnUpload.objects.get()
    assert (
        upload.description
        == "Exported SSDA903 (children looked after) 2025-26, with last year's episodes from the record"
    )
    assert [f["name"] for f in upload.previous_files] == ["Episodes_2025.csv"]
    assert [f["name"] for f in upload.history_files] == [f"Episodes_{y}.csv" for y in range(2024, 2018, -1)]
    upload.delete()
    client.post(reverse("returns-export"), {"kind": "903", "year": "2025"})
    last_year = ReturnExport.objects.get(year=2025)
    run_queued_jobs()
    last_year.refresh_from_db()
    page = client.get(reverse("returns-export-detail", args=[this_year.token])).content.decode()
    assert "Last year's export (2024-25, written on " in page
    assert "is checked with them, for the rules that compare the two years" in page
    client.post(reverse("returns-export-validate", args=[this_year.token]))
    upload = ReturnUpload.objects.get()
    assert (
        upload.description
        == "Exported SSDA903 (children looked after) 2025-26, with last year's export (2024-25)"
    )
    assert [f["name"] for f in upload.previous_files] == [f["name"] for f in last_year.files]
    assert [f["name"] for f in upload.history_files] == [f"Episodes_{y}.csv" for y in range(2024, 2018, -1)]
    # A CIN census export has no last year's files to read.
    assert exports.last_years_export(this_year) == last_year
    assert exports.last_years_export(ReturnExport(kind="cin", year=2026)) is None
