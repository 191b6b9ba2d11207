"""Checking an uploaded paper before it is kept: its type by its content, not only its name, and its size.

A PDF starts with ``%PDF-``; Word and Excel files are ZIP packages holding
``word/document.xml`` or ``xl/workbook.xml``. Anything else, or a file over
``PARTNERSHIP_MAX_PAPER_MB``, is refused with a sentence saying what to do.

A virus scanner is a setting, ``PARTNERSHIP_VIRUS_SCANNER`` (the path of ClamAV's ``clamdscan`` or
``clamscan``), off by default: an offline machine gets no signature updates, so a scanner would give
false comfort. While it is off, the upload form says so (:func:`scanner_warning`).
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile

from django.conf import settings

KINDS = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)"}
_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


class PaperRejected(ValueError):
    """The upload is not a paper we keep; the message says why, in words."""


def scanner() -> str:
    return str(getattr(settings, "PARTNERSHIP_VIRUS_SCANNER", "") or "")


def scanner_warning() -> str:
    """What the upload form shows while no virus scanner is set ("" when one is)."""
    if scanner():
        return ""
    return (
        "Papers are not scanned for viruses on this installation (no scanner is set). "
        "Only attach files from a trusted source."
    )


def _scan(content: bytes) -> None:
    """Run the configured scanner; a file it flags, or a scanner that fails, is refused."""
    with tempfile.NamedTemporaryFile(suffix=".paper") as handle:
        handle.write(content)
        handle.flush()
        try:
            result = subprocess.run(
                [scanner(), "--no-summary", handle.name], capture_output=True, timeout=120
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise PaperRejected("The virus scanner could not check the file; try again later") from exc
    if result.returncode == 1:
        raise PaperRejected("The virus scanner found a problem in the file; it was not attached")
    if result.returncode != 0:
        raise PaperRejected("The virus scanner could not check the file; try again later")


def max_bytes() -> int:
    return int(getattr(settings, "PARTNERSHIP_MAX_PAPER_MB", 20)) * 1024 * 1024


def check(filename: str, content: bytes) -> str:
    """Return the paper's kind ("pdf", "docx", "xlsx") or raise :class:`PaperRejected`."""
    kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind not in KINDS:
        raise PaperRejected("The paper must be a PDF, Word (DOCX) or Excel (XLSX) file")
    if not content:
        raise PaperRejected("The file is empty")
    if len(content) > max_bytes():
        raise PaperRejected(f"The file must be smaller than {max_bytes() // (1024 * 1024)} MB")
    if kind == "pdf":
        if not content.startswith(b"%PDF-"):
            raise PaperRejected("The file is named .pdf but is not a PDF")
        if scanner():
            _scan(content)
        return kind
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        names = set()
    if _PARTS[kind] not in names:
        raise PaperRejected(f"The file is named .{kind} but is not a {KINDS[kind]} file")
    if scanner():
        _scan(content)
    return kind
