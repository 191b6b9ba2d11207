"""How many queries a page asks, for the tests that a page's queries do not grow with its rows.

Why one helper: the complaints, community safety, improvement and partnership page tests each
had their own copy of these lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client: Any, url: str) -> int:
    """The queries of the page's second reading (the first fills per-process caches: content types,
    the session), which must answer 200."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def queries_per_page(client: Any, urls: Iterable[str]) -> dict[str, int]:
    """:func:`queries_of` for each page."""
    return {url: queries_of(client, url) for url in urls}
