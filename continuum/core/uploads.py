"""Checking an uploaded file before it is kept or read: its type by its content, not only its name, and
its size.

One check for every file a person uploads (a partnership paper, an improvement plan's spreadsheet), so
every upload refuses the same bad files with the same sentence saying what to do. Each caller says
which kinds it takes and how large a file may be; the rules are the same.

A PDF starts with ``%PDF-``; Word and Excel files are ZIP packages holding ``word/document.xml`` or
``xl/workbook.xml``. A file named as one kind but holding another is refused, whatever its name says.

A virus scanner is a setting, ``UPLOAD_VIRUS_SCANNER`` (``PARTNERSHIP_VIRUS_SCANNER``, its first name,
is still read): the path of ClamAV's ``clamdscan`` or ``clamscan``, off by default, since an offline
machine gets no signature updates and a scanner would give false comfort. While it is off, an upload
form says so (:func:`scanner_warning`).
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence

from django.conf import settings

KINDS = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)"}
_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_MB = 1024 * 1024


class UploadRejected(ValueError):
    """The upload is not a file we keep; the message says why, in words."""


def scanner() -> str:
    configured = getattr(settings, "UPLOAD_VIRUS_SCANNER", "") or getattr(
        settings, "PARTNERSHIP_VIRUS_SCANNER", ""
    )
    return str(configured or "")


def scanner_warning() -> str:
    """What an upload form shows while no virus scanner is set ("" when one is)."""
    if scanner():
        return ""
    return (
        "Papers are not scanned for viruses on this installation (no scanner is set). "
        "Only attach files from a trusted source."
    )


def _scan(content: bytes) -> None:
    """Run the configured scanner; a file it flags, or a scanner that fails, is refused."""
    with tempfile.NamedTemporaryFile(suffix=".upload") as handle:
        handle.write(content)
        handle.flush()
        try:
            result = subprocess.run(
                [scanner(), "--no-summary", handle.name], capture_output=True, timeout=120
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise UploadRejected("The virus scanner could not check the file; try again later") from exc
    if result.returncode == 1:
        raise UploadRejected("The virus scanner found a problem in the file; it was not attached")
    if result.returncode != 0:
        raise UploadRejected("The virus scanner could not check the file; try again later")


def _a(label: str) -> str:
    return ("an " if label[:1] in "AEIOU" else "a ") + label


def _one_of(kinds: Sequence[str]) -> str:
    """ "a PDF, Word (DOCX) or Excel (XLSX) file", "an Excel (XLSX) file"."""
    labels = [KINDS[kind] for kind in kinds]
    listed = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"
    return f"{_a(listed)} file"


def check(
    filename: str, content: bytes, *, kinds: Sequence[str] = tuple(KINDS), max_mb: int, noun: str
) -> str:
    """The file's kind (one of ``kinds``: "pdf", "docx", "xlsx") or :class:`UploadRejected`.

    ``noun`` names what the file should be in the refusal ("The plan must be an Excel (XLSX) file");
    a file over ``max_mb`` megabytes (MiB) is refused before it is opened. A caller reads at most
    ``max_mb`` MB and one byte of an upload, so an oversized file is refused without being read whole.
    """
    kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind not in kinds:
        raise UploadRejected(f"The {noun} must be {_one_of(kinds)}")
    if not content:
        raise UploadRejected("The file is empty")
    if len(content) > max_mb * _MB:
        raise UploadRejected(f"The file must be {max_mb} MB or smaller")
    if kind == "pdf":
        if not content.startswith(b"%PDF-"):
            raise UploadRejected("The file is named .pdf but is not a PDF")
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as package:
                names = set(package.namelist())
        except zipfile.BadZipFile:
            names = set()
        if _PARTS[kind] not in names:
            raise UploadRejected(f"The file is named .{kind} but is not {_a(KINDS[kind])} file")
    if scanner():
        _scan(content)
    return kind
