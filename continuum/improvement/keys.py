"""The RAG keys the system ships: the seed's improvement-plan key (seed 001, lines 774-783).

Why a function rather than rows typed into a migration only: the data
migration calls it, and so can anything that finds the key missing (a test
database emptied by a browser test), so the default key is always the same
rows with the same meanings.
"""

from __future__ import annotations

from typing import Any

DEFAULT_KEY = "improvement-cgar"

#: code, label, meaning (the seed's words), GOV.UK tag colour, reason required, off track, done.
CGAR_LEVELS: tuple[tuple[str, str, str, str, bool, bool, bool], ...] = (
    ("C", "Completed", "Action completed", "blue", False, False, True),
    ("G", "On track", "Action on track to be completed in timescales", "green", False, False, False),
    (
        "A",
        "Off track, plan in place",
        "Action unlikely to meet timescales, but plan in place to deliver",
        "yellow",
        True,
        True,
        False,
    ),
    (
        "R",
        "Off track, no mitigation",
        "Action will not be delivered in timescales and no plan in place to mitigate",
        "red",
        True,
        True,
        False,
    ),
)


#: One level of a key: code, label, meaning, GOV.UK tag colour, reason required, off track, done.
Level = tuple[str, str, str, str, bool, bool, bool]


def ensure_key(code: str, name: str, description: str, levels: tuple[Level, ...], apps: Any = None) -> Any:
    """A RAG key and its levels, created if missing (``apps``: a migration's app registry, or None).

    Every shipped key (this plan's, the community safety partnership's) is made here, so a key is
    always the same rows with the same meanings, whoever creates it first.
    """
    if apps is None:
        from continuum.improvement.models import RagKey, RagLevel
    else:
        RagKey = apps.get_model("improvement", "RagKey")
        RagLevel = apps.get_model("improvement", "RagLevel")
    key, _ = RagKey.objects.get_or_create(code=code, defaults={"name": name, "description": description})
    for order, (level, label, meaning, colour, reason, off, done) in enumerate(levels, start=1):
        RagLevel.objects.get_or_create(
            key=key,
            code=level,
            defaults={
                "label": label,
                "meaning": meaning,
                "colour": colour,
                "order": order,
                "reason_required": reason,
                "off_track": off,
                "done": done,
            },
        )
    return key


def ensure_default_key(apps: Any = None) -> Any:
    """The seed's C/G/A/R key, created if missing (``apps`` is a migration's app registry, or None)."""
    return ensure_key(
        DEFAULT_KEY,
        "Improvement plan RAG key",
        "The RAG rating monitors the delivery of each item in the plan; "
        "its impact is reported through the improvement dashboard.",
        CGAR_LEVELS,
        apps,
    )
