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
    if apps is None:
        from continuum.improvement.models import RagKey, RagLevel
    else:
        RagKey = apps.get_model("improvement", "RagKey")
        RagLevel = apps.get_model("improvement", "RagLevel")
    key, _ = RagKey.objects.get_or_create(
        code=PARTNERSHIP_KEY,
        defaults={
            "name": "Safer Communities Partnership RAG guidance",
            "description": "The strategy action plan's quarterly RAG (seed 004, RAG Guidance).",
        },
    )
    for order, (code, label, meaning, colour, reason, off) in enumerate(PARTNERSHIP_LEVELS, start=1):
        RagLevel.objects.get_or_create(
            key=key,
            code=code,
            defaults={
                "label": label,
                "meaning": meaning,
                "colour": colour,
                "order": order,
                "reason_required": reason,
                "off_track": off,
                "done": False,
            },
        )
    return key
