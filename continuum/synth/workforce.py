"""Teams, workers and allocations for the synthetic borough.

Why simulated after the children: a council sizes its teams to the work, not
the other way round. So the children's journeys first give each team's
workload over time (the *segments*: a child's case held by a service from one
date to another). Then, month by month, each service recruits towards
``ceil(open cases / target caseload)`` workers. Posts fall vacant when people
leave (permanent and agency staff leave at different rates) and are filled
after a delay, by an agency worker or a permanent one. Finally every segment
is allocated, in date order, to the least-loaded worker in post; when a worker
leaves, their cases pass to colleagues (a new allocation with
``SW_REASON = LEFTRL``). Caseloads, agency share and turnover are therefore
outcomes that can be checked against the seeds (caseloads 14-21, seed 001
L451-461; agency 30% to 10.9% and turnover 12.8%, seed 001 L1495-1497).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from continuum.synth import names
from continuum.synth.model import Allocation, Team, Worker

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation

__all__ = ["SERVICES", "simulate_workforce"]

#: Service code -> team name stem. Several teams per service when it is large.
SERVICES: tuple[tuple[str, str], ...] = (
    ("MASH", "MASH"),
    ("DAT", "Duty and Assessment"),
    ("IP", "Intervention and Planning"),
    ("CIC", "Children in Care"),
    ("LC", "Leaving Care"),
    ("DIS", "0-25 Disability"),
)
_TEAM_SIZE = 8  # social workers per team manager


def _trimmed_segments(sim: Simulation) -> dict[str, list[tuple[str, date, date, str]]]:
    """Per service, the segments with overlaps within a child removed.

    A child moves from duty and assessment to intervention and planning when a
    plan starts, even if the assessment is still being written up, so each
    segment is cut at the start of the child's next one.
    """
    by_service: dict[str, list[tuple[str, date, date, str]]] = {code: [] for code, _ in SERVICES}
    segs = sim.segments
    for i, (cid, service, start, end, kind) in enumerate(segs):
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        if nxt and nxt[0] == cid and nxt[1] != service and nxt[2] < end and service != "LC":
            end, kind = nxt[2], "TRANSFER"
        if end > start:
            by_service[service].append((cid, start, end, kind))
    for rows in by_service.values():
        rows.sort(key=lambda r: (r[1], r[0]))
    return by_service


def _monthly_demand(rows: list[tuple[str, date, date, str]], months: list[date], end: date) -> list[float]:
    """Average number of open segments in each month."""
    first = months[0]
    n_days = (end - first).days + 2
    diff = [0] * (n_days + 1)
    for _, s, e, _ in rows:
        a = max(0, (s - first).days)
        b = min(n_days, (e - first).days)
        if b > a:
            diff[a] += 1
            diff[b] -= 1
    open_by_day, running = [], 0
    for k in range(n_days):
        running += diff[k]
        open_by_day.append(running)
    out = []
    for i, m in enumerate(months):
        a = (m - first).days
        b = (months[i + 1] - first).days if i + 1 < len(months) else n_days
        span = open_by_day[a:b] or [0]
        out.append(sum(span) / len(span))
    return out


def simulate_workforce(sim: Simulation) -> None:
    """Teams, workers and allocations, month by month, each month's draws independent of later ones.

    Why so: the demo borough is rolled forward by simulating again to a later
    day, and a demo sign-in's worker (found by SW_ID) must stay the same person
    in the same team. So each month is staffed to the work of the month before
    (known in full whatever the extraction day), each service draws from
    streams of its own, leaving dates are drawn whole (the cut hides those after
    the extraction), and SW_IDs are given in order of starting, not of drawing.
    """
    p = sim.p
    months: list[date] = []
    m = sim.start
    while m <= sim.end:
        months.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    segments = _trimmed_segments(sim)
    targets = dict(p.caseload_target)
    # Teams are sized to the two years before the first reported year, which a later extraction
    # day does not move (a refresh keeps the first simulated day).
    reported_from = (sim.report_start.year - sim.start.year) * 12 + sim.report_start.month - sim.start.month
    # MASH: sized by contacts a month.
    contacts_by_month = [0] * len(months)
    for c in sim.t["contacts"]:
        d = c.contact_datetime.date()
        idx = (d.year - sim.start.year) * 12 + d.month - sim.start.month
        if 0 <= idx < len(months):
            contacts_by_month[idx] += 1
    allocations_by_child: dict[str, list[tuple[date, date | None, str]]] = {}
    for s_idx, (service, stem) in enumerate(SERVICES):
        if service == "MASH":
            need = [max(1, math.ceil(n / p.mash_contacts_per_worker_month)) for n in contacts_by_month]
        else:
            demand = _monthly_demand(segments[service], months, sim.end)
            need = [max(1, math.ceil(x / targets[service])) for x in demand]
        required = [need[max(0, i - 1)] for i in range(len(months))]  # last month's work
        window = required[max(0, reported_from - 24) : reported_from] or required[:1]
        n_teams = max(1, round(max(window) / _TEAM_SIZE))
        teams = []
        for k in range(n_teams):
            team = Team(sim.la, sim.next_id("T"), stem if n_teams == 1 else f"{stem} {k + 1}", service)
            teams.append(team)
            sim.t["teams"].append(team)
            sim.t["workers"].append(
                Worker(sim.la, f"~{s_idx}0{k:06d}", "", team.team_id, "TM", False, sim.start, None)
            )
        rng = random.Random(f"{sim.seed_base}:workforce:{service}")  # noqa: S311 - simulation, not security
        workers = _roster(sim, rng, service, s_idx, required, months)
        for i, w in enumerate(workers):
            w.team_id = teams[i % n_teams].team_id
            sim.t["workers"].append(w)
        if service != "MASH":
            cover = random.Random(f"{sim.seed_base}:workforce:{service}:cover")  # noqa: S311 - simulation
            _allocate(sim, cover, s_idx, segments[service], workers, allocations_by_child)
    final = _number_workers(sim)
    for a in sim.t["allocations"]:
        a.sw_id = final[a.sw_id]
    # The visiting worker is the allocated worker that day. A child's allocations
    # were collected service by service, so they are sorted by start first: the
    # search below needs date order (unsorted, it could pick a worker who had
    # not started yet, or had already left).
    index = {}
    for cid, rows in allocations_by_child.items():
        rows = sorted(rows, key=lambda r: r[0])
        index[cid] = ([r[0] for r in rows], rows)
    for v in sim.t["visits"]:
        entry = index.get(v.la_child_id)
        if not entry:
            continue
        starts, rows = entry
        k = bisect.bisect_right(starts, v.visit_date) - 1
        while k >= 0:
            _, e, sw = rows[k]
            if e is None or e >= v.visit_date:
                v.sw_id = final[sw]
                break
            k -= 1


#: The social work workforce of a London borough by DfE ethnicity code, for names only.
WORKFORCE_ETHNICITY = names.Weighted(
    {
        "WBRI": 40,
        "BAFR": 20,
        "WOTH": 9,
        "BCRB": 7,
        "AIND": 6,
        "APKN": 4,
        "WIRI": 5,
        "MWBC": 4,
        "ABAN": 2,
        "OOTH": 3,
    }
)


def _number_workers(sim: Simulation) -> dict[str, str]:
    """Give every worker an SW_ID and a name, in order of starting; return draft id -> SW_ID.

    An SW_ID is in the DfE form: a Social Work England registration number, "SW"
    and six digits, apart for each borough of a run. Workers are drafted with
    ids ordering them within their service (team managers, then recruits in the
    order drawn, then cover), and numbered by start day, then service, then
    draft id: a later extraction day adds only people starting later, so
    nobody's SW_ID moves. The name comes from a stream keyed by the SW_ID.
    """
    staff = sorted(sim.t["workers"], key=lambda w: (w.start_date, w.sw_id))
    if len(staff) >= 10_000:
        raise ValueError("more than 9,999 workers in one borough: SW_ID numbers would run into the next")
    final: dict[str, str] = {}
    for n, w in enumerate(staff, start=1):
        sw_id = f"SW{sim.cfg.borough_index * 10_000 + n:06d}"
        final[w.sw_id] = sw_id
        own = random.Random(f"{sim.seed_base}:names:{sw_id}")  # noqa: S311 - simulation, not security
        sex = "F" if own.random() < 0.8 else "M"  # the social work workforce is mostly women
        forename, surname = names.person_name(own, sex, WORKFORCE_ETHNICITY.draw(own))
        w.sw_id, w.worker_name = sw_id, f"{forename} {surname}"
    return final


def _roster(
    sim: Simulation, rng: random.Random, service: str, s_idx: int, required: list[int], months: list[date]
) -> list[Worker]:
    """Hire towards the required headcount each month; people leave at random.

    Leaving dates are drawn in full, however far past the extraction, so a
    month's draws never depend on where the simulation stops.
    """
    p = sim.p
    role = "PA" if service == "LC" else "SW"
    workers: list[Worker] = []
    starts_pending: list[date] = []

    def hire(on: date, agency: bool) -> Worker:
        rate = p.agency_turnover if agency else p.permanent_turnover
        tenure = rng.expovariate(rate) * 365.25
        end = on + timedelta(days=max(30, int(tenure)))
        w = Worker(sim.la, f"~{s_idx}1{len(workers):06d}", "", "", role, agency, on, end)
        workers.append(w)
        return w

    # Start of the warm-up: the establishment is already in post.
    for _ in range(required[0]):
        w = hire(sim.start - timedelta(days=rng.randrange(0, 1500)), rng.random() < p.agency_fill)
        if w.end_date is not None and w.end_date < sim.start:
            w.end_date = sim.start + timedelta(days=rng.randrange(1, 365))
    for i, month in enumerate(months):
        in_post = sum(
            1 for w in workers if w.start_date <= month and (w.end_date is None or w.end_date >= month)
        )
        starts_pending = [d for d in starts_pending if d > month]
        gap = required[i] - in_post - len(starts_pending)
        for _ in range(max(0, gap)):
            agency = rng.random() < p.agency_fill
            delay = rng.expovariate(1.0 / (p.agency_vacancy_days if agency else p.permanent_vacancy_days))
            on = month + timedelta(days=int(delay))
            hire(on, agency)
            starts_pending.append(on)
    return workers


def _allocate(
    sim: Simulation,
    rng: random.Random,
    s_idx: int,
    rows: list[tuple[str, date, date, str]],
    workers: list[Worker],
    by_child: dict[str, list[tuple[date, date | None, str]]],
) -> None:
    """Allocate each segment to the least-loaded worker in post, in date order."""
    # Events: (date, order, seq, payload). Order on a day: case ends, worker
    # joins, worker leaves (their cases move), new cases.
    events: list[tuple[date, int, int, object]] = []
    seq = 0
    for w in workers:
        events.append((w.start_date, 1, seq, w))
        seq += 1
        if w.end_date is not None:
            events.append((w.end_date + timedelta(days=1), 2, seq, w))
            seq += 1
    for k, row in enumerate(rows):
        events.append((row[1], 3, seq, (k, row)))
        seq += 1
        events.append((row[2], 0, seq, (k, row)))
        seq += 1
    heapq.heapify(events)
    extra_seq = itertools.count(seq)
    active: dict[str, list] = {}  # sw_id -> [worker, {segment key: allocation}]
    holder: dict[tuple, tuple[str, Allocation]] = {}
    allocations = sim.t["allocations"]
    #: Per child, the allocations it has had from this service (numbers its allocation ids).
    counts: dict[str, int] = {}
    covers = itertools.count()

    def least_loaded(on: date) -> str:
        """The worker in post on ``on`` with fewest cases (ties: earliest id)."""
        best = None
        for sw_id, (worker, cases) in active.items():
            if worker.end_date is not None and worker.end_date < on:
                continue  # leaving today; their own cases are being moved
            if best is None or len(cases) < best[0]:
                best = (len(cases), sw_id)
        if best is None:
            ensure_someone(on, next(iter(active.values()))[0] if active else workers[0], force=True)
            return least_loaded(on)
        return best[1]

    def open_allocation(key: tuple, sw_id: str, on: date) -> None:
        worker = active[sw_id][0]
        # The child's id, the service and a count of the child's own: an id no other child's
        # allocations or a later extraction day can move.
        counts[key[0]] = n = counts.get(key[0], 0) + 1
        alloc = Allocation(sim.la, f"AL{key[0]}{s_idx}{n:03d}", key[0], sw_id, worker.team_id, on)
        allocations.append(alloc)
        active[sw_id][1][key] = alloc
        holder[key] = (sw_id, alloc)
        by_child.setdefault(key[0], []).append((on, None, sw_id))

    def close_allocation(key: tuple, on: date, reason: str | None) -> None:
        sw_id, alloc = holder.pop(key)
        alloc.sw_dec = on
        alloc.sw_reason = reason
        del active[sw_id][1][key]
        rows_ = by_child[key[0]]
        for k in range(len(rows_) - 1, -1, -1):
            if rows_[k][2] == sw_id and rows_[k][1] is None:
                rows_[k] = (rows_[k][0], on, sw_id)
                break

    def ensure_someone(on: date, template: Worker, force: bool = False) -> None:
        """Nobody in post: an agency worker is brought in that day."""
        if active and not force:
            return
        w = Worker(
            sim.la,
            f"~{s_idx}2{next(covers):06d}",
            "",
            template.team_id,
            template.role,
            True,
            on,
            on + timedelta(days=rng.randrange(60, 240)),
        )
        workers.append(w)
        sim.t["workers"].append(w)
        active[w.sw_id] = [w, {}]
        heapq.heappush(events, (w.end_date + timedelta(days=1), 2, next(extra_seq), w))  # type: ignore[operator]

    while events:
        day, order, _, payload = heapq.heappop(events)
        if day > sim.end:
            break  # after the extraction date: what is open stays open
        if order == 0:
            k, row = payload  # type: ignore[misc]
            key = (row[0], k)
            if key in holder:
                close_allocation(key, day, "TSPROC" if row[3] == "TRANSFER" else None)
        elif order == 1:
            w = payload
            active[w.sw_id] = [w, {}]  # type: ignore[attr-defined]
        elif order == 2:
            w = payload
            if w.sw_id not in active:  # type: ignore[attr-defined]
                continue
            cases = list(active[w.sw_id][1].keys())  # type: ignore[attr-defined]
            leaving_day = w.end_date  # type: ignore[attr-defined]
            for key in cases:
                close_allocation(key, leaving_day, "LEFTRL")
            del active[w.sw_id]  # type: ignore[attr-defined]
            ensure_someone(day, w)  # type: ignore[arg-type]
            for key in cases:
                open_allocation(key, least_loaded(day), day)
        else:
            k, row = payload  # type: ignore[misc]
            key = (row[0], k)
            if not active:
                ensure_someone(day, workers[0])
            open_allocation(key, least_loaded(day), day)
