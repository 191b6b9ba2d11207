"""The indicator library: one small module per area, each indicator one registered definition.

Importing this package registers every indicator in
:data:`continuum.metrics.definitions.REGISTRY`, in the order of the monthly
report: front door, early help, assessment, children in need, child
protection, looked-after children (with their health and education), care
leavers, exploitation, workforce, quality assurance.
"""

import importlib

AREAS = (
    "front_door",
    "early_help",
    "assessment",
    "children_in_need",
    "child_protection",
    "looked_after",
    "health_education",
    "care_leavers",
    "exploitation",
    "workforce",
    "quality_assurance",
    "send",
)

for _area in AREAS:
    importlib.import_module(f"{__name__}.{_area}")
