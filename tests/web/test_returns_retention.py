"""Retention of uploaded returns: files, reports and datasets older than the setting are deleted.

Real folders and files on disk; ``uploaded_at`` is moved back in the
database, and a stray folder's modification time on disk, to age them.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from continuum.core import roles
from continuum.returns.services import Purged, purge_expired
from continuum.web.returns.models import ReturnUpload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path: Path) -> Path:
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    settings.CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS = 30
    return tmp_path / "uploads"


def stored(days_old: float, *, dataset: bool = False) -> ReturnUpload:
    """An upload with a real file, report and (optionally) dataset, uploaded ``days_old`` days ago."""
    upload = ReturnUpload.objects.create(
        status=ReturnUpload.Status.SUCCEEDED, files=[{"name": "a.xml", "size": 9}]
    )
    for folder, name in ((upload.files_dir, "a.xml"), (upload.report_dir, "validation.xlsx")):
        folder.mkdir(parents=True)
        (folder / name).write_text("<Message/>")
    if dataset:
        upload.dataset_dir.mkdir()
        (upload.dataset_dir / "children.parquet").write_bytes(b"PAR1")
        upload.dataset_name, upload.dataset_imported_at = f"set {upload.pk}", timezone.now()
        upload.save()
    ReturnUpload.objects.filter(pk=upload.pk).update(uploaded_at=timezone.now() - timedelta(days=days_old))
    return upload


def test_purge_deletes_only_what_is_older_than_the_setting(upload_dir: Path, caplog) -> None:
    old = stored(31)
    old_with_dataset = stored(45, dataset=True)
    recent = stored(29, dataset=True)
    stray_old = upload_dir / "left-by-a-crash"
    stray_old.mkdir()
    (stray_old / "b.csv").write_text("CHILD\n1\n")
    aged = (timezone.now() - timedelta(days=40)).timestamp()
    os.utime(stray_old, (aged, aged))
    stray_new = upload_dir / "being-written"
    stray_new.mkdir()

    with caplog.at_level("INFO", logger="continuum.returns.services"):
        assert purge_expired() == Purged(uploads=2, datasets=1, stray_folders=1)

    assert list(ReturnUpload.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not old.folder.exists()
    assert not old_with_dataset.folder.exists()
    assert (recent.dataset_dir / "children.parquet").exists()
    assert not stray_old.exists()
    assert stray_new.exists()
    # Counts only: no file or dataset names in the log.
    assert caplog.messages == ["Return uploads purged: 2 uploads, 1 datasets, 1 stray folders"]


def test_retention_setting_is_honoured(settings) -> None:
    settings.CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS = 7
    stored(8)
    stored(6)
    assert purge_expired().uploads == 1
    assert ReturnUpload.objects.count() == 1


def test_each_upload_purges_expired_ones(client, make_user) -> None:
    old = stored(60, dataset=True)
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    # An upload that fails the form purges nothing; a valid one does.
    client.post(reverse("returns-upload"), {"files": [SimpleUploadedFile("x.pdf", b"%PDF")]})
    assert ReturnUpload.objects.filter(pk=old.pk).exists()
    response = client.post(reverse("returns-upload"), {"files": [SimpleUploadedFile("c.xml", b"<Message/>")]})
    assert response.status_code == 302
    assert not ReturnUpload.objects.filter(pk=old.pk).exists()
    assert not old.folder.exists()


def test_a_purged_dataset_drops_out_of_the_dashboards(client, make_user) -> None:
    from continuum.web.returns.datasets import DATASET_SESSION_KEY

    chosen = stored(60, dataset=True)
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    session = client.session
    session[DATASET_SESSION_KEY] = chosen.token
    session.save()
    purge_expired()
    html = client.get(reverse("returns-index")).content.decode()
    assert "imported dataset" not in html
    assert DATASET_SESSION_KEY not in client.session


def test_purge_command(capsys) -> None:  # type: ignore[no-untyped-def]
    """``./run returns purge`` on the test database: one expired upload (with a dataset) goes."""
    from continuum.cli import build_parser
    from continuum.commands import COMMANDS

    expired = stored(31, dataset=True)
    kept = stored(1)
    ns = build_parser().parse_args(["returns", "purge"])
    assert COMMANDS["returns"][2](ns) == 0
    assert capsys.readouterr().out.strip() == (
        "Deleted 1 upload(s) (1 with an imported dataset) and 0 stray folder(s)"
    )
    assert not expired.folder.exists()
    assert list(ReturnUpload.objects.values_list("pk", flat=True)) == [kept.pk]
