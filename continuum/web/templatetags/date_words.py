"""``day_words`` and ``moment_words``: a template's dates in the project's words.

Why a filter and not Django's ``|date:"j M Y"``: the words come from one function,
``continuum.core.dates``, which the views, messages and papers call too, so a page
and the flash message above it cannot say the same day two ways.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template

from continuum.core import dates

register = template.Library()


@register.filter
def day_words(value: date | datetime | None, form: str = "") -> str:
    """``{{ d|day_words }}`` reads "7 Dec 2026"; ``{{ d|day_words:"long" }}`` "7 December 2026"."""
    return dates.day_words(value, long=form == "long")


@register.filter
def moment_words(value: datetime | None, form: str = "") -> str:
    """``{{ at|moment_words }}`` reads "7 Dec 2026 14:05", in the service's time zone."""
    return dates.moment_words(value, long=form == "long")
