"""A partnership paper's upload check: the shared one (:mod:`continuum.core.uploads`) for a PDF, Word
or Excel file no larger than ``PARTNERSHIP_MAX_PAPER_MB`` (20 by default).

Why a module of its own: the agenda page reads at most :func:`max_bytes` and one byte of an upload,
and shows :func:`scanner_warning` beside the form; both come from here, with the paper's own limit.
"""

from __future__ import annotations

from django.conf import settings

from continuum.core import uploads
from continuum.core.uploads import KINDS, scanner, scanner_warning
from continuum.core.uploads import UploadRejected as PaperRejected

__all__ = ["KINDS", "PaperRejected", "check", "max_bytes", "max_mb", "scanner", "scanner_warning"]


def max_mb() -> int:
    return int(getattr(settings, "PARTNERSHIP_MAX_PAPER_MB", 20))


def max_bytes() -> int:
    return max_mb() * 1024 * 1024


def check(filename: str, content: bytes) -> str:
    """Return the paper's kind ("pdf", "docx", "xlsx") or raise :class:`PaperRejected`."""
    return uploads.check(filename, content, kinds=tuple(KINDS), max_mb=max_mb(), noun="paper")
