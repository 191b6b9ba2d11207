"""SSDA903 rules, one module per area; importing this package registers them all."""

from continuum.returns.ssda903.rules import (  # noqa: F401
    adoption,
    carers,
    dolo,
    episodes,
    header,
    integrity,
    missing,
    oc2,
    placements,
    postcodes,
    prev_perm,
    providers,
    reviews,
    social_worker,
    uasc,
)
