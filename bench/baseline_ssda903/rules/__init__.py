"""SSDA903 rules, one module per area; importing this package registers them all."""

from bench.baseline_ssda903.rules import (  # noqa: F401
    carers,
    dolo,
    episodes,
    integrity,
    missing,
    placements,
    providers,
    reviews,
)
