"""The console says what matters: libraries' step-by-step INFO is held back, their warnings are not."""

from __future__ import annotations

import logging

import pytest


@pytest.mark.parametrize("library", ["weasyprint", "weasyprint.progress", "fontTools.subset"])
def test_library_progress_is_not_printed_but_warnings_are(library: str) -> None:
    logger = logging.getLogger(library)
    assert not logger.isEnabledFor(logging.INFO)  # a PDF's seven steps filled the demo's console
    assert logger.isEnabledFor(logging.WARNING)


def test_continuums_own_lines_keep_the_console_level() -> None:
    # CONTINUUM_LOG_LEVEL sets the root; Continuum's own loggers follow it (INFO by default).
    assert logging.getLogger("continuum.jobs").getEffectiveLevel() == logging.getLogger().getEffectiveLevel()
