"""Files a browser asks for at the site's root whatever the page links: served, not logged as missing."""

from __future__ import annotations

from django.test import Client


def test_the_favicon_is_served_without_signing_in(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200  # was a 404 line in the log for every new browser
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an icon file's header
