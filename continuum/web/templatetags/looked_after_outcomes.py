"""Whether the child record offers the yearly outcomes (OC2) form, from the episodes the page holds.

A filter rather than a view variable so the record page asks no extra query:
``cla_episodes`` is already in its context.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import template

from continuum.core import clock
from continuum.journey.models import CLAEpisode
from continuum.looked_after.cohort import outcome_year_ending

register = template.Library()


@register.filter
def oc2_year_ending(episodes: Iterable[CLAEpisode]) -> date | None:
    """The 31 March the OC2 outcomes are due for today, or None when the child is not in the cohort."""
    return outcome_year_ending(episodes, clock.today())
