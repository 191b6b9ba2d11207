"""Checking an uploaded paper before it is kept: its type by its content, not only its name, and its size.

A PDF starts with ``%PDF-``; Word and Excel files are ZIP packages holding
``word/document.xml`` or ``xl/workbook.xml``. Anything else, or a file over
``PARTNERSHIP_MAX_PAPER_MB``, is refused with a sentence saying what to do.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

KINDS = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)"}
_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


class PaperRejected(ValueError):
    """The upload is not a paper we keep; the message says why, in words."""


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
        return kind
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        names = set()
    if _PARTS[kind] not in names:
        raise PaperRejected(f"The file is named .{kind} but is not a {KINDS[kind]} file")
    return kind
