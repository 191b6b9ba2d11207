"""50 signed-in users reading and writing for ten minutes, PostgreSQL restarted half way (issue 17 point 8).

What it shows: the server time of each page under a sustained mix of reads and
writes; what users got while the database was down (Continuum's own 503 page
with a retry hint, never a traceback or the WSGI server's plain-text error);
how soon requests succeeded again once the database was back (connection
health checks: the first request after the restart must succeed); and that
every write a user was told was saved is in the database exactly once, with
its chronology event (nothing lost, duplicated or half-done).

1. **Data and users.** The bench database's 5-year synthetic borough and the
   50 users of ``bench/bench_web_load.py`` (35 social workers, 5 team
   managers, 10 MASH practitioners), made by that bench's own functions. The
   run then works on a copy of the bench database (``CREATE DATABASE ...
   TEMPLATE``) so its writes never change the borough other benchmarks time;
   the copy is dropped afterwards.
2. **Server.** The load bench's waitress processes (one per core, one thread
   each, DEBUG off, production settings but plain HTTP on 127.0.0.1 and, as in
   the demo, no second factor at sign-in), with
   ``Server-Timing`` added by a WSGI wrapper; their log goes to a file so the
   lines the outage wrote can be counted.
3. **Users.** One thread each, signed in through the sign-in form, for
   ``CONTINUUM_SOAK_SECONDS`` (600 by default), with a think time of 0.5 to
   1.5 s between requests. Social workers cycle through their own children's
   records, My work, a statutory visit (form, then post) and a case note
   (form, then post); team managers read their team's children, My work and
   the MASH queue; MASH practitioners read the queue and record new contacts
   (form, then post). Every write carries a marker unique to the run.
4. **Outage.** Half way, PostgreSQL is stopped (fast shutdown: open
   transactions roll back), kept down ``CONTINUUM_SOAK_OUTAGE_SECONDS`` (15 by
   default), and started again. Only the embedded server of the bench's own
   ``CONTINUUM_VAR_DIR`` is ever stopped, and only when no other database on
   it has a client (so a demo sharing the server is never interrupted).
5. **Checks.** Outside the outage every request must succeed; during it
   every failure must be the 503 page; the first request after the restart on
   each server process must succeed; the server log must hold no traceback;
   every acknowledged write (a redirect after the post) must be in the
   database once with its chronology event, and any write that is there
   without having been acknowledged must be whole too. The run fails (and no
   row is written) if a check does not hold.

Rows: the server times of the child record, My work, the MASH queue and the
post of each kind of write (p95 in the data size and notes); and the
recovery, whose figure is the time from the database being back to the first
successful request (the notes add when the last 503 page was answered, and
the client round trip that both include).
``CONTINUUM_SOAK_SECONDS=60`` gives a short version of the same run.
"""

# No ``from __future__ import annotations``: the bench loader runs this file without registering it
# as a module, and dataclasses look string annotations up in the module's entry.
import contextlib
import http.client
import importlib.util
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from continuum.devtools.bench import Benchmark

DURATION = float(os.environ.get("CONTINUUM_SOAK_SECONDS", "600"))
OUTAGE = float(os.environ.get("CONTINUUM_SOAK_OUTAGE_SECONDS", "15"))
THINK = (0.5, 1.5)  # seconds between one user's requests, uniform
UNAVAILABLE_PAGE = "Sorry, the service is unavailable"
SOAK_DATABASE = "continuum_bench_soak"
PAGES = {
    "child": "child record",
    "work": "My work",
    "mash": "MASH queue",
    "visit": "post of a statutory visit",
    "note": "post of a case note",
    "contact": "post of a MASH contact",
}


def _load_bench():  # type: ignore[no-untyped-def]
    """bench/bench_web_load.py, for its users, servers and sign-in (bench files are not a package)."""
    path = Path(__file__).resolve().with_name("bench_web_load.py")
    spec = importlib.util.spec_from_file_location("bench.bench_web_load_for_soak", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"Cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


load = _load_bench()
_state: dict[str, Any] = {}


# --- What happened -------------------------------------------------------------------------


@dataclass
class Sample:
    """One request: when, which page, what came back (``problem`` is None when it was what a user wants)."""

    page: str
    started: float
    ended: float
    status: int
    server_ms: float | None
    port: int
    problem: str | None = None


@dataclass
class Write:
    """One write a user posted: its kind, marker, and whether the app said it was saved."""

    kind: str  # "visit", "casenote" or "contact": the chronology's record_type
    marker: str
    acknowledged: bool


@dataclass
class WriteCheck:
    """What the database holds of the writes: the markers that break a rule, by rule."""

    lost: list[str] = field(default_factory=list)  # acknowledged, not in the database
    duplicated: list[str] = field(default_factory=list)  # in the database more than once
    half_done: list[str] = field(default_factory=list)  # in the database without its chronology event
    unacknowledged_saved: list[str] = field(default_factory=list)  # saved though the user saw a failure
    acknowledged: int = 0

    @property
    def holds(self) -> bool:
        return not (self.lost or self.duplicated or self.half_done)


def _rows_by_marker(kind: str, markers: list[str]) -> dict[str, list[int]]:
    """The record ids holding each marker (the field each kind of write carries it in)."""
    from continuum.journey.models import Contact, Visit
    from continuum.practice.models import CaseNoteVersion

    if not markers:
        return {}
    model, column, key = {
        "visit": (Visit, "not_seen_alone_reason", "pk"),
        "casenote": (CaseNoteVersion, "what_happened", "note_id"),
        "contact": (Contact, "concerns", "pk"),
    }[kind]
    found: dict[str, list[int]] = {}
    for text, pk in model.objects.filter(**{f"{column}__in": markers}).values_list(column, key):
        found.setdefault(text, []).append(pk)
    return found


def check_writes(writes: list[Write]) -> WriteCheck:
    """Count each write in the database: every acknowledged one once, with its chronology event."""
    from continuum.journey.models import ChronologyEvent

    result = WriteCheck(acknowledged=sum(w.acknowledged for w in writes))
    for kind in sorted({w.kind for w in writes}):
        mine = [w for w in writes if w.kind == kind]
        found = _rows_by_marker(kind, [w.marker for w in mine])
        ids = [pk for pks in found.values() for pk in pks]
        logged = set(
            ChronologyEvent.objects.filter(record_type=kind, record_id__in=ids).values_list(
                "record_id", flat=True
            )
        )
        for w in mine:
            pks = found.get(w.marker, [])
            if w.acknowledged and not pks:
                result.lost.append(w.marker)
            if len(pks) > 1:
                result.duplicated.append(w.marker)
            if any(pk not in logged for pk in pks):
                result.half_done.append(w.marker)
            if pks and not w.acknowledged:
                result.unacknowledged_saved.append(w.marker)
    return result


# --- Requests ------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the app's answer (saved, or sent to sign in), so it is returned, not followed."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _opener(client: Any) -> urllib.request.OpenerDirector:
    """An opener on the client's signed-in cookie jar that does not follow redirects."""
    jar = next(
        h.cookiejar
        for h in client.opener.handlers
        if isinstance(h, urllib.request.HTTPCookieProcessor)  # the load bench's sign-in opener
    )
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())


def _problem(status: int, body: str, headers: Any, expected: tuple[int, ...]) -> str | None:
    if status in expected:
        return None
    if status == 503 and UNAVAILABLE_PAGE in body and headers.get("Retry-After"):
        return "503 page"
    if "Traceback" in body:
        return f"{status} with a traceback"
    if status == 500 and "<html" not in body.lower():
        return "500 plain text (not Continuum's page)"
    return f"{status}"


def _request(
    opener: urllib.request.OpenerDirector,
    port: int,
    path: str,
    page: str,
    data: dict[str, str] | None = None,
    expected: tuple[int, ...] = (200,),
) -> tuple[Sample, str, Any]:
    """One request: its sample, the body and the headers (a connection failure is a sample too)."""
    url = f"http://127.0.0.1:{port}{path}"
    body_bytes = urllib.parse.urlencode(data).encode() if data is not None else None
    started = time.monotonic()
    try:
        try:
            with opener.open(url, data=body_bytes, timeout=60) as resp:
                status, headers, body = resp.status, resp.headers, resp.read().decode(errors="replace")
        except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx, 5xx
            status, headers, body = exc.code, exc.headers, exc.read().decode(errors="replace")
    except (OSError, http.client.HTTPException) as exc:
        return (
            Sample(page, started, time.monotonic(), 0, None, port, f"connection: {type(exc).__name__}"),
            "",
            {},
        )
    ended = time.monotonic()
    timing = load._DUR.search(headers.get("Server-Timing", "") or "")
    sample = Sample(
        page,
        started,
        ended,
        status,
        float(timing.group(1)) if timing else None,
        port,
        _problem(status, body, headers, expected),
    )
    if sample.problem is None and status == 302 and "/sign-in/" in (headers.get("Location") or ""):
        sample.problem = "sent to sign in"
    return sample, body, headers


# --- Users ---------------------------------------------------------------------------------


@dataclass
class User:
    client: Any  # the load bench's Client: user name, role, children, port, signed-in opener
    visit_kinds: dict[int, str]
    samples: list[Sample] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)

    @property
    def cycle(self) -> list[str]:
        if self.client.role == "MASH practitioner":
            return ["mash", "mash", "contact"]
        if self.client.role == "team manager":
            return self.client.pages
        if not self.client.children:
            return ["work"]
        return ["child", "work", "child", "visit", "child", "note"]


def _visit_kinds(children: list[int], today: date) -> dict[int, str]:
    """The kind of statutory visit each child can have today (looked after, on a plan, in need), if any."""
    from continuum.journey.models import CINEpisode, CLAEpisode, CPPlan

    kinds: dict[int, str] = {}
    for kind, ids in (
        ("cin", CINEpisode.objects.filter(cin_closure_date__isnull=True, cin_referral_date__lte=today)),
        ("cp", CPPlan.objects.filter(cpp_end_date__isnull=True, cpp_start_date__lte=today)),
        ("cla", CLAEpisode.objects.filter(dec__isnull=True, decom__lte=today)),
    ):
        for child_id in ids.filter(child_id__in=children).values_list("child_id", flat=True):
            kinds[child_id] = kind  # the later kinds win: a looked-after child gets a CLA visit
    return kinds


def _write(
    user: User, opener: urllib.request.OpenerDirector, what: str, marker: str, rng: random.Random
) -> None:
    """The form, then the post; the write is acknowledged when the app redirects away from the form."""
    today = _state["today"]
    kids = (
        [c for c in user.client.children if c in user.visit_kinds]
        if what == "visit"
        else user.client.children
    )
    if what in ("visit", "note") and not kids:
        return
    child = rng.choice(kids) if kids else 0
    form_path, kind, data = {
        "visit": (
            f"/children/{child}/visits/new/",
            "visit",
            {
                "kind": user.visit_kinds.get(child, ""),
                **_date_parts("visit_date", today),
                "seen": "yes",
                "seen_alone": "no",
                "not_seen_alone_reason": marker,
                "bedroom_seen": "yes",
            },
        ),
        "note": (
            f"/children/{child}/notes/new/",
            "casenote",
            {
                "note_type": "visit",
                **_date_parts("occurred_on", today - timedelta(days=1)),
                "occurred_time": "10:30",
                "present": "Synthetic: the child and carer",
                "what_happened": marker,
                "childs_voice": "Synthetic: the child said school was fine.",
            },
        ),
        "contact": ("/mash/contacts/new/", "contact", _contact(marker, rng)),
    }[what]
    sample, body, _ = _request(opener, user.client.port, form_path, "form")
    user.samples.append(sample)
    token = load._TOKEN.search(body)
    if sample.problem is not None or token is None:
        return  # no form, so nothing was posted
    data["csrfmiddlewaretoken"] = token.group(1)
    sample, body, headers = _request(opener, user.client.port, form_path, what, data, expected=(302,))
    if sample.status == 200:
        sample.problem = "the form refused the write"
    acknowledged = sample.problem is None and (headers.get("Location") or "").rstrip("/") != form_path.rstrip(
        "/"
    )
    user.samples.append(sample)
    user.writes.append(Write(kind, marker, acknowledged))


def _date_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def _contact(marker: str, rng: random.Random) -> dict[str, str]:
    """A new contact about a new synthetic child (a made-up name no borough child has)."""
    letters = "bcdfghjklmnpqrstvwxz"
    name = "".join(rng.choice(letters) for _ in range(6)).capitalize()
    return {
        "referral_source": "6",
        "referrer_name": "PC Synthetic Soak",
        "referrer_role": "Constable",
        "referrer_organisation": "Synthetic Constabulary",
        "referrer_phone": "01632 960 001",
        "referrer_email": "",
        "child_first_name": f"Soak{name}",
        "child_last_name": f"Test{name}",
        "child_birth_date-day": str(rng.randint(1, 28)),
        "child_birth_date-month": str(rng.randint(1, 12)),
        "child_birth_date-year": str(rng.randint(2010, 2020)),
        "child_sex": rng.choice("MF"),
        "child_postcode": "N1 9GU",
        "concerns": marker,
        "consent": "obtained",
        "consent_dispensed_rationale": "",
        "sibling-TOTAL_FORMS": "1",
        "sibling-INITIAL_FORMS": "0",
        "sibling-MIN_NUM_FORMS": "0",
        "sibling-MAX_NUM_FORMS": "10",
        "sibling-0-first_name": "",
        "sibling-0-last_name": "",
        "sibling-0-birth_date-day": "",
        "sibling-0-birth_date-month": "",
        "sibling-0-birth_date-year": "",
        "action": "save",
        "child_choice": "new",
    }


def _run_users(users: list[User], deadline: float, run: str) -> list[BaseException]:
    """Every user's loop until the deadline; a failed request is recorded and the user carries on."""
    crashed: list[BaseException] = []

    def work(i: int, user: User) -> None:
        rng = random.Random(i)  # noqa: S311 - a reproducible mix, not security
        opener = _opener(user.client)
        n = 0
        try:
            while time.monotonic() < deadline:
                what = user.cycle[n % len(user.cycle)]
                n += 1
                if what in ("visit", "note", "contact"):
                    _write(user, opener, what, f"Synthetic soak {run}-{i:02d}-{n:05d}.", rng)
                else:
                    path = {
                        "child": f"/children/{rng.choice(user.client.children or [0])}/",
                        "mash": "/mash/",
                    }.get(what, "/work/")
                    user.samples.append(_request(opener, user.client.port, path, what)[0])
                time.sleep(rng.uniform(*THINK))
        except BaseException as exc:  # a harness bug: reported, and the run fails
            crashed.append(exc)

    threads = [threading.Thread(target=work, args=(i, u), daemon=True) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.monotonic() + 120))
    return crashed


# --- The database and its outage -----------------------------------------------------------


def _pgdata() -> Path:
    """The embedded server ``./run bench`` uses, which the outage may stop: never any other server."""
    from django.conf import settings

    from continuum.devtools.bench import ROOT

    pgdata = Path(os.environ.get("CONTINUUM_VAR_DIR", ROOT / "var")) / "pg" / "data"
    host = settings.DATABASES["default"].get("HOST", "")
    if Path(host or "/nonexistent").resolve() != pgdata.resolve():
        raise RuntimeError(
            "The soak bench restarts the database, so it runs only on the embedded server of "
            f"CONTINUUM_VAR_DIR ({pgdata}), not on the server of DATABASE_URL."
        )
    return pgdata


def _refuse_if_shared() -> None:
    """No restart while anyone else uses the server (a demo on the same var folder, say)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND datname IS NOT NULL AND datname NOT IN (%s, %s) AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"], SOAK_DATABASE],
        )
        others = cursor.fetchone()[0]
    if others:
        raise RuntimeError(
            f"{others} other connection(s) use this PostgreSQL server: the soak bench will not restart it. "
            "Run it with CONTINUUM_VAR_DIR set to a folder of its own."
        )


@contextlib.contextmanager
def _soak_database():  # type: ignore[no-untyped-def]
    """A copy of the bench database for the run, used by the servers and by this process; dropped after."""
    from django.db import connection, connections

    source = connection.settings_dict["NAME"]
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    old_url = os.environ["DATABASE_URL"]
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{SOAK_DATABASE}"')
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{SOAK_DATABASE}" TEMPLATE "{source}"')
    connections.close_all()
    os.environ["DATABASE_URL"] = urllib.parse.urlunsplit(url._replace(path=f"/{SOAK_DATABASE}"))
    connection.settings_dict["NAME"] = SOAK_DATABASE
    try:
        yield
    finally:
        connections.close_all()
        connection.settings_dict["NAME"] = source
        os.environ["DATABASE_URL"] = old_url
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{SOAK_DATABASE}"')


def _outage(pgdata: Path, at: float, events: dict[str, float]) -> None:
    """At ``at``: stop PostgreSQL, wait OUTAGE seconds, start it again (times into ``events``)."""
    from continuum.devtools import pg

    time.sleep(max(0.0, at - time.monotonic()))
    events["stop"] = time.monotonic()
    pg.stop(pgdata)
    events["stopped"] = time.monotonic()
    time.sleep(OUTAGE)
    events["start"] = time.monotonic()
    pg.start(pgdata)
    events["started"] = time.monotonic()


# --- The run -------------------------------------------------------------------------------


def _prepare() -> list[User]:
    from django.core.management import call_command

    from continuum.core import clock

    call_command("migrate", verbosity=0)
    load._load_borough()
    clients = load._make_users()
    _state["today"] = today = clock.today()
    kinds = _visit_kinds([c for client in clients for c in client.children], today)
    return [User(client, {c: kinds[c] for c in client.children if c in kinds}) for client in clients]


def _sign_in_all(users: list[User], servers: list[tuple[Any, int]]) -> None:
    for i, user in enumerate(users):
        user.client.port = servers[i % len(servers)][1]
    failures: list[BaseException] = []
    at_once = threading.Semaphore(4)  # each sign-in hashes a password: a few at a time, not 50

    def sign_in(user: User) -> None:
        name = user.client.username
        try:
            with at_once:
                load._sign_in(
                    user.client, load._state["demo_password"] if name.startswith("demo-") else load.PASSWORD
                )
        except urllib.error.HTTPError as exc:
            failures.append(RuntimeError(f"{name} could not sign in: {exc.code}"))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=sign_in, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    if failures:
        print(f"  {len(failures)} sign-ins failed, the first: {failures[0]}", flush=True)
        raise failures[0]


def _soak() -> None:
    """Everything: the copy of the database, servers, sign-ins, the run with its outage, the checks."""
    if "results" in _state:
        return
    from django.db import connections

    users = _prepare()
    pgdata = _pgdata()
    run = secrets.token_hex(4)
    with _soak_database(), tempfile.TemporaryFile() as log:
        _refuse_if_shared()
        connections.close_all()
        servers = load._start_servers(log)
        events: dict[str, float] = {}
        try:
            _sign_in_all(users, servers)
            print(
                f"  {len(users)} users signed in; {DURATION:.0f} s with a {OUTAGE:.0f} s outage", flush=True
            )
            load_before = os.getloadavg()[0]
            started = time.monotonic()
            outage = threading.Thread(target=_outage, args=(pgdata, started + DURATION / 2, events))
            outage.start()
            crashed = _run_users(users, started + DURATION, run)
            outage.join()
            elapsed = time.monotonic() - started
            machine = load._machine_state(load_before, os.getloadavg()[0], len(servers))
        finally:
            load._stop_servers(servers)
        if crashed:
            raise crashed[0]
        log.seek(0)
        server_log = log.read().decode(errors="replace")
        writes = check_writes([w for u in users for w in u.writes])
    samples = [s for u in users for s in u.samples]
    _state["results"] = _judge(samples, events, writes, server_log, elapsed, machine)


def _judge(
    samples: list[Sample],
    events: dict[str, float],
    writes: WriteCheck,
    server_log: str,
    elapsed: float,
    machine: str,
) -> dict[str, Any]:
    """The figures, and a failure if any check does not hold."""
    down, up = events["stop"], events["started"]
    in_outage = [s for s in samples if s.started < up and s.ended > down]
    outside = [s for s in samples if not (s.started < up and s.ended > down)]
    outside_problems = [s for s in outside if s.problem is not None]
    outage_problems = [s for s in in_outage if s.problem not in (None, "503 page")]
    failed_in_outage = [s for s in in_outage if s.problem == "503 page"]
    after = sorted((s for s in samples if s.started >= up), key=lambda s: s.started)
    first_after: dict[int, Sample] = {}
    for s in after:
        first_after.setdefault(s.port, s)
    first_ok = next((s for s in after if s.problem is None), None)
    log_lines = [line for line in server_log.splitlines() if line.strip()]
    problems = []
    if outside_problems:
        kinds = sorted({str(s.problem) for s in outside_problems})
        problems.append(f"{len(outside_problems)} failed requests outside the outage ({', '.join(kinds)})")
    if outage_problems:
        kinds = sorted({str(s.problem) for s in outage_problems})
        problems.append(
            f"{len(outage_problems)} requests in the outage got something else than the 503 page: {kinds}"
        )
    if any(s.problem is not None for s in first_after.values()):
        problems.append("the first request after the restart failed on a server process")
    if "Traceback" in server_log:
        problems.append("the server log holds a traceback")
    if not writes.holds:
        problems.append(
            f"writes: {len(writes.lost)} lost, {len(writes.duplicated)} duplicated, "
            f"{len(writes.half_done)} half-done"
        )
    if first_ok is None:
        problems.append("no request succeeded after the restart")
    summary = {
        "requests": len(samples),
        "elapsed": elapsed,
        "outage": up - down,
        "stop_took": events["stopped"] - down,
        "start_took": up - events["start"],
        "failed_in_outage": len(failed_in_outage),
        "in_outage": len(in_outage),
        "recovery": (first_ok.ended - up) if first_ok else float("nan"),
        "last_503": max((s.ended for s in failed_in_outage), default=float("nan")) - up,
        "round_trip": sorted(s.ended - s.started for s in samples if s.problem is None),
        "first_after": len(first_after),
        "log_lines": len(log_lines),
        "unavailable_lines": sum(" Service Unavailable: " in line for line in log_lines),
        "writes": writes,
        "machine": machine,
    }
    print(
        f"  {len(samples)} requests in {elapsed:.0f} s; outage {summary['outage']:.1f} s: "
        f"{len(failed_in_outage)} of {len(in_outage)} requests got the 503 page, "
        f"{len(outage_problems)} something else; outside it {len(outside_problems)} failures; "
        f"first success {summary['recovery'] * 1000:.0f} ms after the database was back; "
        f"server log {len(log_lines)} lines ({summary['unavailable_lines']} 'Service Unavailable'); "
        f"writes acknowledged {writes.acknowledged}, lost "
        f"{len(writes.lost)}, duplicated {len(writes.duplicated)}, half-done {len(writes.half_done)}, "
        f"saved though unacknowledged {len(writes.unacknowledged_saved)}",
        flush=True,
    )
    if problems:
        for problem in problems:
            print(f"  FAILED: {problem}", flush=True)
        by_kind: dict[tuple[str, str], int] = {}
        for s in samples:
            if s.problem is not None:
                by_kind[(s.page, s.problem)] = by_kind.get((s.page, s.problem), 0) + 1
        print(f"  failures by page and kind: {by_kind}", flush=True)
        distinct = list(dict.fromkeys(line[:300] for line in log_lines))
        print("  server log, distinct lines:\n    " + "\n    ".join(distinct[:15]), flush=True)
        raise RuntimeError("The soak run did not hold: " + "; ".join(problems))
    ok = [s for s in samples if s.problem is None and s.server_ms is not None]
    pages: dict[str, list[float]] = {page: [] for page in PAGES}
    for s in ok:
        if s.page in pages:
            pages[s.page].append(s.server_ms / 1000)  # type: ignore[operator]
    for page, times in pages.items():
        print(
            f"  {PAGES[page]}: {len(times)} requests, server p50 {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {load._percentile(times, 95) * 1000:.1f} ms",
            flush=True,
        )
    return {"pages": pages, "summary": summary}


# --- Benchmarks ----------------------------------------------------------------------------


def _describe_run() -> str:
    s = _state["results"]["summary"]
    w: WriteCheck = s["writes"]
    rt = s["round_trip"]
    return (
        f"{s['requests']} requests in {s['elapsed']:.0f} s by 50 users (think time {THINK[0]}-{THINK[1]} s), "
        f"waitress {load.SERVER_PROCESSES} processes × {load.SERVER_THREADS} thread, DEBUG off, two-factor "
        f"sign-in off as in the demo (the bench users have no authenticator). PostgreSQL "
        f"stopped half way for {s['outage']:.1f} s (stop took {s['stop_took']:.1f} s, start "
        f"{s['start_took']:.1f} s): {s['failed_in_outage']} of the {s['in_outage']} requests in that time "
        f"got Continuum's 503 page with Retry-After, none anything else; no failure outside the outage; "
        f"the first request on each of the {s['first_after']} server processes after the restart "
        f"succeeded, the first success {s['recovery'] * 1000:.0f} ms after the database was back and the "
        f"last 503 page {abs(s['last_503']):.1f} s {'before' if s['last_503'] < 0 else 'after'} it; "
        f"client round "
        f"trip p50 {statistics.median(rt):.1f} s, p95 {load._percentile(rt, 95):.1f} s (the queue in front "
        f"of the single-thread server processes). Server log: {s['log_lines']} lines, "
        f"{s['unavailable_lines']} of them one-line 'Service Unavailable' records naming the cause "
        f"({s['unavailable_lines'] / max(1, s['failed_in_outage']):.1f} per failed request), no traceback. "
        f"Writes: {w.acknowledged} acknowledged, "
        f"each in the database once with its chronology event (0 lost, 0 duplicated, 0 half-done); "
        f"{len(w.unacknowledged_saved)} saved whose user saw the 503 page (whole, with their chronology). "
        f"Machine: {s['machine']}. See bench/bench_web_soak.py."
    )


class _Soaked(Benchmark):
    """A benchmark whose timings are the soak run's (server times, or the recovery), not ``run``'s."""

    page: str = ""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "timings" and self.page and "results" in _state:
            value = self._figures()
        super().__setattr__(name, value)

    def _figures(self) -> list[float]:
        minutes = f"{DURATION / 60:g} minute{'' if DURATION == 60 else 's'}"
        if self.page == "recovery":
            self.data_size = f"synthetic borough (5 years, seed 1); 50 users, {minutes}, {OUTAGE:g} s outage"
            self.notes = "Time from PostgreSQL being back to the first successful request. " + _describe_run()
            return [_state["results"]["summary"]["recovery"]]
        times = _state["results"]["pages"][self.page]
        p50, p95 = statistics.median(times) * 1000, load._percentile(times, 95) * 1000
        self.data_size = (
            f"synthetic borough (5 years, seed 1); 50 users for {minutes}, database restarted; "
            f"server p95 {p95:.1f} ms"
        )
        self.notes = (
            f"Server time (Server-Timing) of successful requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms. "
            + (
                "The post of the form up to its redirect (the form is read first, not counted here). "
                if self.page in ("visit", "note", "contact")
                else ""
            )
            + _describe_run()
        )
        return times


def _noop() -> None:
    return None


def _benchmark(page: str, name: str) -> Benchmark:
    b = _Soaked(
        name=f"web soak: {name}",
        data_size="synthetic borough (5 years, seed 1); 50 users",
        run=_noop,
        repeat=1,
        setup=_soak,
        needs_database=True,
    )
    b.page = page
    return b


BENCHMARKS = [
    *(
        _benchmark(page, f"{label}, server time, 50 users reading and writing, PostgreSQL restarted")
        for page, label in PAGES.items()
    ),
    _benchmark("recovery", "recovery after a PostgreSQL restart under 50 users"),
]

if __name__ == "__main__":
    sys.exit("Run with ./run bench --only 'web soak'.")
