"""The database copies of two rules every journey model repeats: ends after starts, DfE codes only.

Why in the database too: a bulk load or a stray script that bypasses the
services still cannot write an end before its start, or a code the DfE lists
do not hold.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from continuum.core import codes


def ends_after_starts(start: str, end: str, name: str) -> models.CheckConstraint:
    """The database copy of the rule "an end date is never before its start date"."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message="The end date cannot be before the start date.",
    )


def codes_check(field: str, code_set: str, name: str, *, blank: bool = True) -> models.CheckConstraint:
    """The database copy of "only DfE codes in this field" (bulk loads cannot slip a typo in)."""
    allowed = Q(**{f"{field}__in": list(codes.codes_of(code_set))})
    return models.CheckConstraint(condition=(Q(**{field: ""}) | allowed) if blank else allowed, name=name)
