"""The partnership's own RAG key (seed 004, lines 645-648), held as data in the improvement machinery.

Why its own key and not the improvement plan's C/G/A/R: the Safer Communities Partnership rates
milestones, not delivery against timescales, and its key has no "completed" level. The data
migration and the demo both call :func:`ensure_partnership_key`, so the key is always the same rows.
"""

from __future__ import annotations

from typing import Any

PARTNERSHIP_KEY = "community-safety-rag"

#: code, label, meaning (the seed's words), GOV.UK tag colour, reason required, off track.
PARTNERSHIP_LEVELS: tuple[tuple[str, str, str, str, bool, bool], ...] = (
    ("G", "Green", "Milestone met and no future risks to performance", "green", False, False),
    (
        "A",
        "Amber",
        "Milestone met, but risk to future performance has been identified.",
        "yellow",
        True,
        False,
    ),
    (
        "R",
        "Red",
        "Milestone not achieved and/ or risks threaten future performance. Remedial action is "
        "required. Milestone only partly achieved, but identified problem has been resolved and "
        "performance will be met.",
        "red",
        True,
        True,
    ),
)


def ensure_partnership_key(apps: Any = None) -> Any:
    """The partnership's key, created if missing (``apps`` is a migration's app registry, or None)."""
    from continuum.improvement.keys import ensure_key

    return ensure_key(
        PARTNERSHIP_KEY,
        "Safer Communities Partnership RAG guidance",
        "The strategy action plan's quarterly RAG (seed 004, RAG Guidance).",
        tuple((*level, False) for level in PARTNERSHIP_LEVELS),  # no level means "done"
        apps,
    )
