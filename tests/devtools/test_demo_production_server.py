"""``./run demo`` serves as production would (issue 17, point 9).

The demo is started for real (embedded PostgreSQL, migrations, demo users; no
borough, to keep it quick) and asked over HTTP: waitress answers, DEBUG is off
(a page that does not exist is the service's own 404, never Django's debug page
listing every URL), the stylesheet is served, a demo user signs in (the
server connects as the app's database role, which cannot empty the access log),
and a stop (SIGTERM) stops the database too. The console shows no warning on the way.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from continuum.devtools import pg
from continuum.devtools.demo_users import DEMO_PASSWORD
from tests.devtools.test_setup_commands import ROOT, _free_port, _wait_for


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as page:  # noqa: S310 - http on loopback only
            return page.status, dict(page.headers), page.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read().decode()


def _sign_in(base: str, username: str, password: str) -> str:
    """Sign in through the form (CSRF cookie and token) and return the home page."""
    import http.cookiejar
    from urllib.parse import urlencode

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(f"{base}/sign-in/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    body = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": password})
    with opener.open(f"{base}/sign-in/", body.encode(), timeout=30) as home:
        assert home.status == 200
        return home.read().decode()


def test_demo_serves_under_waitress_with_debug_off(open_folder: Path) -> None:
    var = open_folder
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CONTINUUM_SECRET_KEY"}}
    env.update(CONTINUUM_VAR_DIR=str(var / "var"), CONTINUUM_DEBUG="1")  # even asked for, debug stays off
    port = _free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "continuum.cli", "demo", "--no-data", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    console: list[str] = []
    try:
        _wait_for(demo, "is running at", lines=console)
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):  # the server binds a moment after printing its address
            try:
                status, headers, page = _get(f"{base}/sign-in/")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200
        assert headers.get("Server") == "waitress"
        status, _, page = _get(f"{base}/no-such-page/")
        assert status == 404
        assert "Page not found" in page
        assert "URLconf" not in page
        assert "DEBUG = True" not in page
        assert "sign-in/" not in page.split("Page not found", 1)[1][:200]
        css = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert _get(base + css)[0] == 200
        # Signing in reads and writes the database (session, sign-in records) as the app's role.
        assert "System administrator" in _sign_in(base, "demo-admin", DEMO_PASSWORD)
        printed = "".join(console)
        # No Python warning on the console (WhiteNoise warned of a missing var/static on every start).
        assert not re.search(r"\w+Warning: ", printed), printed
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(60)
        stopped = not pg.is_running(var / "var" / "pg" / "data")
    assert stopped, "the demo stops its database on exit"
