"""The returns upload service without the web: every write to an upload, with known answers.

Real PostgreSQL, real files on disk and the real importer; no request, form
or background thread. The fixture ``cin_small_valid.xml`` holds 3 children.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from continuum.returns import services
from continuum.returns.report import ReturnFileError
from continuum.returns.services import Requested, ReturnUploadError
from continuum.web.returns.models import ReturnUpload

FIXTURES = Path(__file__).resolve().parent / "fixtures"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path: Path) -> Path:
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    settings.CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS = 30
    return tmp_path / "uploads"


def _xml(name: str = "cin_small_valid.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / "cin_small_valid.xml").read_bytes())


def _checked(**fields: object) -> ReturnUpload:
    """An upload of the valid CIN file, marked checked as the validation job would."""
    upload = services.create_upload({"files": [_xml()]})
    services.validation_succeeded(upload.pk, children=3, errors=0, queries=0)
    upload.refresh_from_db()
    for name, value in fields.items():
        setattr(upload, name, value)
    if fields:
        upload.save()
    return upload


# --- The upload and its files ---------------------------------------------------------------


def test_an_upload_stores_its_row_and_each_group_in_its_folder(django_capture_on_commit_callbacks) -> None:
    started: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        upload = services.create_upload(
            {
                "files": [_xml("CIN census 2026.xml")],
                "previous_files": [SimpleUploadedFile("episodes.csv", b"CHILD\n1\n")],
            },
            description="Draft",
            runner="proc-1",
            start=started.append,
        )
    assert started == [upload.pk]  # the job starts only once the row is committed
    upload.refresh_from_db()
    size = (FIXTURES / "cin_small_valid.xml").stat().st_size
    assert upload.files == [{"name": "CIN_census_2026.xml", "size": size}]
    assert upload.previous_files == [{"name": "episodes.csv", "size": 8}]
    assert upload.history_files == []
    assert upload.provider_files == []
    assert (upload.description, upload.runner, upload.stage) == ("Draft", "proc-1", "Waiting to start")
    assert upload.status == ReturnUpload.Status.QUEUED
    assert upload.paths("files")[0].read_bytes() == (FIXTURES / "cin_small_valid.xml").read_bytes()
    assert (upload.folder / "previous" / "episodes.csv").read_bytes() == b"CHILD\n1\n"


@pytest.mark.parametrize(
    ("groups", "description", "message"),
    [
        ({"files": []}, "", "Select a CIN census XML file or SSDA903 CSV files to upload"),
        ({"previous_files": []}, "", "Select a CIN census XML file or SSDA903 CSV files to upload"),
        ({"files": ["x"], "photos": []}, "", "Unknown file group: photos"),
        ({"files": ["x"]}, "d" * 201, "Description must be 200 characters or fewer"),
    ],
)
def test_a_refused_upload_writes_nothing(groups, description: str, message: str, upload_dir: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReturnUploadError, match=message):
        services.create_upload(groups, description=description)
    assert not ReturnUpload.objects.exists()
    assert not upload_dir.exists()


class _BreaksHalfWay:
    """A file whose second chunk cannot be read (a dropped connection, a full disk)."""

    name = "census.xml"
    size = 20

    def chunks(self) -> Iterator[bytes]:
        yield b"<Message>"
        raise OSError("connection reset")


def test_a_file_that_cannot_be_stored_leaves_no_row_and_no_folder(upload_dir: Path) -> None:
    with pytest.raises(OSError, match="connection reset"):
        services.create_upload({"files": [_BreaksHalfWay()]})
    assert not ReturnUpload.objects.exists()
    assert list(upload_dir.iterdir()) == []


def test_each_upload_first_purges_the_expired(upload_dir: Path) -> None:
    old = services.create_upload({"files": [_xml()]})
    ReturnUpload.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(days=31))
    new = services.create_upload({"files": [_xml()]})
    assert list(ReturnUpload.objects.values_list("pk", flat=True)) == [new.pk]
    assert not old.folder.exists()
    assert sorted(p.name for p in upload_dir.iterdir()) == [new.token]


# --- The jobs' progress ---------------------------------------------------------------------


def test_a_validation_job_is_recorded_from_start_to_end() -> None:
    upload = services.create_upload({"files": [_xml()]})
    services.validation_started(upload.pk, runner="proc-2")
    services.record_progress(upload.pk, "Checking the CIN census file", 50)
    upload.refresh_from_db()
    assert (upload.status, upload.runner, upload.stage, upload.percent) == (
        ReturnUpload.Status.RUNNING,
        "proc-2",
        "Checking the CIN census file",
        50,
    )
    services.validation_succeeded(upload.pk, children=3, errors=2, queries=1)
    upload.refresh_from_db()
    assert (upload.status, upload.stage, upload.percent) == (ReturnUpload.Status.SUCCEEDED, "", 100)
    assert (upload.children, upload.errors, upload.queries) == (3, 2, 1)
    assert upload.finished_at is not None


def test_a_failed_validation_keeps_its_reason() -> None:
    upload = services.create_upload({"files": [_xml()]})
    services.validation_failed(upload.pk, "census.xml, line 4: expected <Header>")
    upload.refresh_from_db()
    assert upload.status == ReturnUpload.Status.FAILED
    assert upload.problem == "census.xml, line 4: expected <Header>"
    assert upload.finished
    assert upload.finished_at is not None


# --- Asking for an import -------------------------------------------------------------------


def test_an_import_is_queued_under_its_tidied_name(django_capture_on_commit_callbacks) -> None:
    upload = _checked(import_problem="last time", import_unmapped=["x"])
    started: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        asked = services.request_import(upload, "  CIN   draft ", runner="proc-3", start=started.append)
    assert asked.outcome == Requested.QUEUED
    assert started == [upload.pk]
    upload.refresh_from_db()
    assert upload.dataset_name == "CIN draft"
    assert (upload.import_status, upload.import_stage, upload.import_percent) == (
        ReturnUpload.Status.QUEUED,
        "Waiting to start",
        0,
    )
    assert (upload.import_problem, upload.import_unmapped, upload.runner) == ("", [], "proc-3")


def test_one_import_per_upload() -> None:
    upload = _checked()
    assert services.request_import(upload, "First").outcome == Requested.QUEUED
    again = services.request_import(upload, "Second")
    assert again.outcome == Requested.ALREADY_IMPORTING
    assert again.upload.dataset_name == "First"
    ReturnUpload.objects.filter(pk=upload.pk).update(
        import_status=ReturnUpload.Status.SUCCEEDED, dataset_imported_at=timezone.now()
    )
    assert services.request_import(upload, "Third").outcome == Requested.ALREADY_IMPORTED
    # A name refused by the caller's form is not asked for, unless the import is under way or done.
    assert services.request_import(upload, None).outcome == Requested.ALREADY_IMPORTED
    assert services.request_import(_checked(), None).outcome == Requested.NOT_ASKED


def test_a_name_taken_by_a_dataset_or_a_running_import_is_refused() -> None:
    _checked(dataset_name="CIN draft", dataset_imported_at=timezone.now())
    _checked(dataset_name="Running", import_status=ReturnUpload.Status.RUNNING)
    _checked(dataset_name="Failed once", import_status=ReturnUpload.Status.FAILED)
    upload = _checked()
    for name in ("cin DRAFT", "running"):
        with pytest.raises(ReturnUploadError, match=f"A dataset called {name} already exists"):
            services.request_import(upload, name)
    upload.refresh_from_db()
    assert upload.import_status == ""
    assert upload.dataset_name == ""
    assert services.request_import(upload, "failed once").outcome == Requested.QUEUED


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "Enter a name for the dataset"),
        ("n" * 100, None),
        ("n" * 101, "Dataset name must be 100 characters or fewer"),
    ],
)
def test_dataset_name_edges(name: str, problem: str | None) -> None:
    assert services.dataset_name_problem(name) == problem


def test_only_checked_files_can_be_imported() -> None:
    upload = services.create_upload({"files": [_xml()]})
    with pytest.raises(ReturnUploadError, match="Only checked files can be imported"):
        services.request_import(upload, "Draft")


# --- The import itself ----------------------------------------------------------------------


def test_the_import_writes_the_dataset_whole_then_marks_it() -> None:
    upload = _checked()
    services.request_import(upload, "Draft")
    services.import_started(upload.pk, runner="proc-4")
    assert services.import_into_dataset(upload) == ReturnUpload.objects.get(pk=upload.pk).import_unmapped
    upload.refresh_from_db()
    assert upload.has_dataset
    assert (upload.import_status, upload.import_stage, upload.import_percent) == (
        ReturnUpload.Status.SUCCEEDED,
        "",
        100,
    )
    assert pq.read_table(upload.dataset_dir / "children.parquet").num_rows == 3
    assert not [p for p in upload.folder.iterdir() if p.name.startswith(".")]  # no temporary folder


def test_an_unreadable_file_imports_nothing_and_the_failure_frees_the_name() -> None:
    upload = _checked()
    upload.paths("files")[0].write_text("<Message><Header>", encoding="utf-8")
    services.request_import(upload, "Draft")
    with pytest.raises(ReturnFileError):
        services.import_into_dataset(upload)
    assert not upload.dataset_dir.exists()
    services.import_failed(upload.pk, "cin_small_valid.xml, line 1: the file ends early")
    upload.refresh_from_db()
    assert upload.import_status == ReturnUpload.Status.FAILED
    assert upload.import_problem == "cin_small_valid.xml, line 1: the file ends early"
    assert (upload.dataset_name, upload.dataset_imported_at) == ("", None)
    assert sorted(p.name for p in upload.folder.iterdir()) == ["files"]
    assert services.dataset_name_problem("Draft") is None


def test_a_failed_import_removes_a_half_written_dataset_but_never_a_whole_one() -> None:
    half = _checked(dataset_name="Half", import_status=ReturnUpload.Status.RUNNING)
    half.dataset_dir.mkdir()
    services.import_failed(half.pk, "cut off")
    assert not half.dataset_dir.exists()
    whole = _checked(dataset_name="Whole", dataset_imported_at=timezone.now())
    whole.dataset_dir.mkdir()
    services.import_failed(whole.pk, "cut off")
    assert whole.dataset_dir.exists()
