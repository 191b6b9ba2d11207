"""Which navigation item is the section the page belongs to.

Why: the accessibility audit (issue 16) found that the navigation did not
mark the current section, so a screen-reader user could not tell where they
were. A page belongs to the area whose address is the longest prefix of the
page's path (``/performance/front-door/`` is in Performance, ``/`` is Home
only when it is the path itself), so exactly one item is marked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

register = template.Library()


def current_href(hrefs: Iterable[str], path: str) -> str | None:
    """The address among ``hrefs`` that ``path`` falls under, the most specific one; None for none."""
    best: str | None = None
    for href in hrefs:
        under = path == href or (href != "/" and href.endswith("/") and path.startswith(href))
        if under and (best is None or len(href) > len(best)):
            best = href
    return best


@register.simple_tag
def current_section(home_href: str, areas: Iterable[Any], path: str) -> str | None:
    """The href of the navigation item to mark with ``aria-current`` (home included)."""
    return current_href([home_href, *(a.href for a in areas)], path)
