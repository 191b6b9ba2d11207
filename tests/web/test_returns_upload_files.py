"""Uploads with last year's SSDA903 files, earlier years' Episodes and provider information.

The return and the provider list are built by hand (``tests/returns``):

* This year: the baseline child 1 (``ssda903_rows``), one episode from
  1 February 2025 to 28 February 2026 (E4A, home to parents) under LS C1, a
  foster placement (U1, PR1) with URN SC333333, PL_POST ZZ9 9ZZ.
* Last year: the same episode, still open at 31 March 2025, under LS C2. The
  legal status of one episode differs between the years: rule 503B, once (row
  2 of this year's episodes). Without last year's files the rule has nothing to
  compare.
* Providers: SC333333 is a foster provider (U1, PR1) in LA 302 at AB3 4EF,
  open since 2020. The episode's PL_POST is not the provider's postcode: rule
  221, once (row 2). Every other provider rule passes (the placing authority is
  the setting, 302). Without the file the six rules are "not checked".
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from continuum.core import roles
from continuum.returns.services import purge_expired
from continuum.web.returns.forms import DatasetForm
from continuum.web.returns.models import ReturnUpload
from tests.returns.ssda903_rows import episode, header
from tests.returns.test_ssda903_cli import _clean, _write
from tests.returns.test_ssda903_providers import HEADER, _provider_file
from tests.web.test_returns_views import finished, imported, upload_files

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDER_RULES = ("219", "221", "224", "227", "228", "229")
#: A foster provider (U1, PR1) in LA 302 at AB3 4EF, registered 2020 and open.
FOSTER = ["SC333333", "U1", "PR1", "AB3 4EF", "01/01/2020", "", "302"]


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path: Path) -> Path:
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    settings.CONTINUUM_LA_CODE = "302"
    return tmp_path / "uploads"


@pytest.fixture
def analyst(client, make_user):  # type: ignore[no-untyped-def]
    user = make_user("analyst", roles.PERFORMANCE_ANALYST)
    client.force_login(user)
    return user


#: The one episode: placed with foster carers (U1, PR1) at URN SC333333 from 1 February 2025 to
#: 28 February 2026, when the child went home (E4A).
THE_EPISODE = {
    "DECOM": "01/02/2025",
    "URN": "SC333333",
    "PL_POST": "ZZ9 9ZZ",
    "DEC": "28/02/2026",
    "REC": "E4A",
}


def _uploaded(paths: list[str] | list[Path]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(Path(p).name, Path(p).read_bytes(), content_type="text/csv") for p in paths]


def _this_year(folder: Path) -> list[SimpleUploadedFile]:
    data = _clean()
    data["episodes"] = [episode(**THE_EPISODE, LS="C1")]
    return _uploaded(_write(folder, data))


def _last_year(folder: Path) -> list[SimpleUploadedFile]:
    """Last year's return, its files named exactly as this year's are (they are kept apart)."""
    last = episode(**{**THE_EPISODE, "DEC": None, "REC": None})
    return _uploaded(_write(folder, {"header": [header()], "episodes": [last]}))


def _providers(folder: Path, rows: list[list[str]] | None = None) -> SimpleUploadedFile:
    folder.mkdir(parents=True, exist_ok=True)
    return _uploaded([_provider_file(folder, rows or [FOSTER], HEADER)])[0]


def _post(client, **fields: object):  # type: ignore[no-untyped-def]
    return client.post(reverse("returns-upload"), {"description": "kept after an error", **fields})


def _upload(client, **fields: object) -> ReturnUpload:  # type: ignore[no-untyped-def]
    """Post the upload form and wait for the check to finish."""
    response = client.post(reverse("returns-upload"), fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return finished(response["Location"].rstrip("/").rsplit("/", 1)[1])


def _failures(client, upload: ReturnUpload) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("returns-report-download", args=[upload.token, "failures.csv"]))
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def _where(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    keys = ("Rule", "File", "Child (LAchildID)", "Table", "Line")
    return sorted(tuple(r[k] for k in keys) for r in rows)


def test_last_year_and_provider_files_give_the_known_answer(client, analyst, tmp_path: Path) -> None:
    upload = _upload(
        client,
        files=_this_year(tmp_path / "now"),
        previous_files=_last_year(tmp_path / "last"),
        provider_files=_providers(tmp_path / "prov"),
    )
    assert upload.status == ReturnUpload.Status.SUCCEEDED, upload.problem
    assert [f["name"] for f in upload.previous_files] == [f.name for f in _last_year(tmp_path / "l2")]
    assert [f["name"] for f in upload.provider_files] == ["providers.csv"]
    assert (upload.folder / "previous" / "903_episodes.csv").exists()
    assert (upload.folder / "providers" / "providers.csv").exists()

    assert _where(_failures(client, upload)) == [
        ("221", "903_episodes.csv", "1", "episodes", "2"),
        ("503B", "903_episodes.csv", "1", "episodes", "2"),
    ]
    assert (upload.errors, upload.queries, upload.children) == (2, 0, 1)

    page = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    # With the provider file the six provider rules ran; only the postcode-directory rules,
    # for which no directory was given, are listed as not checked.
    assert "provider information was uploaded" not in page
    assert "No postcode directory was uploaded" in page
    assert (
        "Checked against the provider information in providers.csv: rules 219, 221, 224, 227, 228, 229"
        in page
    )
    assert "Last year’s SSDA903 files" in page
    assert str(upload.folder) not in page


def test_without_the_extra_files_the_same_return_passes_those_rules_unchecked(
    client, analyst, tmp_path: Path
) -> None:
    upload = upload_files(client, *_this_year(tmp_path / "now"))
    assert _failures(client, upload) == []
    page = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert 'id="not-checked"' in page
    rules = ", ".join(PROVIDER_RULES)
    assert (
        f"No provider information was uploaded (‘Provider information’ on the upload page): rules {rules}<"
        in page
    )
    assert 'id="provider-rules"' not in page


def test_earlier_years_episodes_reach_the_history_rules(client, analyst, tmp_path: Path) -> None:
    """A care leaver (born 1 June 2005) in this year's OC3 with no episode this year or last: rule
    1002 fails. Their care, 1 October 2019 - 1 October 2022, in an earlier year's Episodes file
    uploaded as history: 1002 passes (tests/returns/test_ssda903_history.py, by hand). Last
    year's Episodes (another child's) are uploaded to both: without them 1002 is not checked."""
    from tests.returns.test_ssda903_history import _OTHERS_LAST_YEAR, _leaver

    leaver = _leaver("01/06/2005")
    old = {"episodes": [episode(DECOM="01/10/2019", DEC="01/10/2022", REC="E8")]}
    without = _upload(
        client,
        files=_uploaded(_write(tmp_path / "a", leaver)),
        previous_files=_uploaded(_write(tmp_path / "last_a", _OTHERS_LAST_YEAR)),
    )
    with_history = _upload(
        client,
        files=_uploaded(_write(tmp_path / "b", leaver)),
        previous_files=_uploaded(_write(tmp_path / "last_b", _OTHERS_LAST_YEAR)),
        history_files=_uploaded(_write(tmp_path / "old", old)),
    )
    assert _where(_failures(client, without)) == [("1002", "903_oc3.csv", "1", "oc3", "2")]
    assert _failures(client, with_history) == []
    assert [f["name"] for f in with_history.history_files] == ["903_episodes.csv"]


def test_a_bad_provider_file_is_refused_naming_the_file_and_row(client, analyst, tmp_path: Path) -> None:
    bad = _providers(tmp_path / "prov", [FOSTER, FOSTER])
    response = _post(client, files=_this_year(tmp_path / "now"), provider_files=bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert (
        "The provider information file providers.csv, row 3: URN SC333333 is also on row 2; "
        "expected one row per URN" in html
    )
    assert 'href="#id_provider_files"' in html
    assert 'value="kept after an error"' in html
    assert ReturnUpload.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        (
            "provider_files",
            SimpleUploadedFile("providers.xlsx", b"PK\x03\x04"),
            "The file providers.xlsx (provider information) must be a CSV file",
        ),
        (
            "previous_files",
            SimpleUploadedFile("last.csv", b"NAME,AGE\nx,1\n"),
            "The file last.csv (last year’s SSDA903 files), row 1: the columns (NAME, AGE) match no "
            "SSDA903 table",
        ),
        (
            "history_files",
            SimpleUploadedFile("header_2024.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"),
            "The file header_2024.csv (earlier years’ Episodes files) is not an Episodes file. "
            "Select Episodes files only",
        ),
        (
            "history_files",
            SimpleUploadedFile("episodes_2024.csv", b""),
            "The file episodes_2024.csv (earlier years’ Episodes files) is empty",
        ),
    ],
)
def test_extra_files_of_the_wrong_kind_are_refused_naming_them(
    client, analyst, tmp_path: Path, field: str, upload: SimpleUploadedFile, message: str
) -> None:
    response = _post(client, files=_this_year(tmp_path / "now"), **{field: upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{field}"' in html
    assert ReturnUpload.objects.count() == 0


def test_extra_files_need_an_ssda903_return(client, analyst, tmp_path: Path) -> None:
    cin = Path(__file__).resolve().parents[1] / "returns" / "fixtures" / "cin_small_valid.xml"
    response = _post(
        client,
        files=[SimpleUploadedFile(cin.name, cin.read_bytes())],
        provider_files=_providers(tmp_path / "prov"),
    )
    assert response.status_code == 400
    assert "Provider information is only read with an SSDA903 return" in response.content.decode()


def test_the_extra_files_go_with_the_upload_at_retention(client, analyst, tmp_path: Path) -> None:
    upload = _upload(
        client,
        files=_this_year(tmp_path / "now"),
        previous_files=_last_year(tmp_path / "last"),
        provider_files=_providers(tmp_path / "prov"),
    )
    assert (upload.folder / "providers" / "providers.csv").exists()
    ReturnUpload.objects.update(uploaded_at=timezone.now() - timedelta(days=31))
    assert purge_expired().uploads == 1
    assert not upload.folder.exists()


# -- the import in the background --------------------------------------------------


def test_import_runs_in_the_background_and_the_dataset_appears(client, analyst, tmp_path: Path) -> None:
    """This year's and last year's returns are imported: child 1 and the episode of 1 February 2025
    (the same id in both years, so one row)."""
    import pyarrow.parquet as pq

    upload = _upload(client, files=_this_year(tmp_path / "now"), previous_files=_last_year(tmp_path / "last"))
    response = client.post(reverse("returns-import", args=[upload.token]), {"name": "Looked after 2025-26"})
    progress = reverse("returns-import-progress", args=[upload.token])
    assert response["Location"] == progress
    upload = imported(upload.token)
    assert upload.import_status == ReturnUpload.Status.SUCCEEDED, upload.import_problem
    assert upload.has_dataset
    assert upload.import_percent == 100
    assert pq.read_table(upload.dataset_dir / "children.parquet").num_rows == 1
    assert pq.read_table(upload.dataset_dir / "cla_episodes.parquet").num_rows == 1
    assert not [p for p in upload.folder.iterdir() if p.name.startswith(".")]  # no temporary folders

    done = client.get(progress)
    assert done.status_code == 302
    assert done["Location"] == reverse("returns-upload-detail", args=[upload.token])
    page = client.get(done["Location"]).content.decode()
    assert "Imported as the dataset ‘Looked after 2025-26’" in page


def test_import_progress_page_refreshes_itself(client, analyst) -> None:
    upload = ReturnUpload.objects.create(
        status=ReturnUpload.Status.SUCCEEDED,
        import_status=ReturnUpload.Status.RUNNING,
        import_percent=70,
        import_stage="Writing the dataset",
        dataset_name="Draft",
    )
    response = client.get(reverse("returns-import-progress", args=[upload.token]))
    assert response["Refresh"] == "3"
    html = response.content.decode()
    assert "Importing the dataset ‘Draft’" in html
    assert 'aria-live="polite"' in html
    assert "70% done" in html
    assert "Writing the dataset" in html
    # While it runs, the name is taken.
    form = DatasetForm({"name": "draft"})
    assert not form.is_valid()
    assert form.errors["name"] == ["A dataset called draft already exists. Enter a different name"]


def test_a_failing_import_leaves_nothing_behind(client, analyst, tmp_path: Path) -> None:
    """The stored episodes file is broken after the check (a date the parser refuses): the import
    fails naming the file and row, writes no dataset, and frees the name for another try."""
    upload = upload_files(client, *_this_year(tmp_path / "now"))
    stored = upload.folder / "files" / "903_episodes.csv"
    text = stored.read_text(encoding="utf-8").replace("01/02/2025", "2025-02-01")
    stored.write_text(text, encoding="utf-8")

    client.post(reverse("returns-import", args=[upload.token]), {"name": "Draft"})
    upload = imported(upload.token)
    assert upload.import_status == ReturnUpload.Status.FAILED
    assert upload.import_problem.startswith("903_episodes.csv, line 2: column DECOM holds '2025-02-01'")
    assert not upload.has_dataset
    assert upload.dataset_name == ""
    assert not upload.dataset_dir.exists()
    assert sorted(p.name for p in upload.folder.iterdir()) == ["files", "report"]

    html = client.get(reverse("returns-import-progress", args=[upload.token])).content.decode()
    assert "The dataset could not be imported" in html
    assert "903_episodes.csv, line 2: column DECOM holds" in html
    report = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert "The last import could not finish" in report

    # Mended, the same name can be used again.
    shutil.copy(tmp_path / "now" / "903_episodes.csv", stored)
    client.post(reverse("returns-import", args=[upload.token]), {"name": "Draft"})
    assert imported(upload.token).has_dataset


def test_qa_officers_cannot_follow_an_import(client, make_user) -> None:
    client.force_login(make_user("qa", roles.QA_OFFICER))
    upload = ReturnUpload.objects.create(status=ReturnUpload.Status.SUCCEEDED)
    assert client.get(reverse("returns-import-progress", args=[upload.token])).status_code == 403
