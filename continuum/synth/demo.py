"""The demo's synthetic borough: loaded once, the first time ``./run demo`` finds no children.

The borough lives in the present: it is simulated up to the day the demo
first runs (or ``--as-of``), with five complete financial years of history
behind the current one, and that day is stored
(:class:`~continuum.core.models.SyntheticBorough`) so later runs can say how
old the borough is.

Why here and not in the demo command: the demo must start without the
simulator installed (it then starts empty), so it imports this module only if
it exists. After the first load the database keeps the borough, and restarts
are instant.
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from continuum.core import clock
from continuum.core.models import SyntheticBorough
from continuum.people.models import Child, Team, Worker

__all__ = [
    "DEMO_SEED",
    "DEMO_YEARS",
    "demo_borough_day",
    "describe_demo_borough",
    "ensure_demo_borough",
    "ensure_demo_population",
    "link_demo_head_of_service",
    "link_demo_users",
]

DEMO_SEED = 1
DEMO_YEARS = 5


def taken_at(day: date) -> datetime | None:
    """The moment the demo's records are taken, when the borough runs up to today: now.

    A borough simulated to today otherwise runs to the end of today's working
    hours, so loaded in the morning it held contacts received this afternoon
    (finding 12: "16:09" at 08:38), with a misleading time left on the queue.
    Naive local time, as the simulator keeps; None for a day already over.
    """
    moment = timezone.localtime(clock.now())
    return moment.replace(tzinfo=None) if moment.date() == day else None


def ensure_demo_borough(*, years: int = DEMO_YEARS, seed: int = DEMO_SEED, as_of: date | None = None) -> bool:
    """Load a borough if the database holds no children yet; return whether one was loaded.

    The borough is simulated up to ``as_of`` (default: today by
    :mod:`continuum.core.clock`, which ``CONTINUUM_AS_OF`` sets). Either way
    the demo sign-ins are linked to workers (see :func:`link_demo_users`) and
    the borough's day is printed.
    """
    from continuum.synth.load import load_borough
    from continuum.synth.simulate import SimConfig, simulate

    # The case record does not store the LA number; the extractor reads it from here.
    os.environ.setdefault("CONTINUUM_LA_CODE", SimConfig().la_code)
    loaded = False
    if not Child.objects.exists():
        day = as_of or clock.today()
        print(
            f"Loading the synthetic borough ({years} years of history up to {_long(day)}, seed {seed}); "
            "this happens once…",
            flush=True,
        )
        started = time.perf_counter()
        borough = simulate(SimConfig(years=years, seed=seed, as_of=day, taken_at=taken_at(day)))
        print(
            f"  simulated {sum(borough.counts().values()):,} records in {time.perf_counter() - started:.1f} s"
        )
        with transaction.atomic():
            load_borough(borough, progress=lambda line: print(line, flush=True))
            SyntheticBorough.objects.all().delete()
            SyntheticBorough.objects.create(seed=seed, years=years, as_of=day, loaded_at=timezone.now())
        loaded = True
    ensure_demo_population(years=years, as_of=demo_borough_day())
    link_demo_users()
    link_demo_head_of_service()
    from continuum.synth.iro import ensure_demo_conference_chairs

    chaired = ensure_demo_conference_chairs(as_of=demo_borough_day() or clock.today())  # the chairs' reason
    if chaired:
        print(
            f"  conferences: {chaired:,} child protection conferences due, booked with their chairs",
            flush=True,
        )
    from continuum.synth.assurance import ensure_demo_assurance

    audits = ensure_demo_assurance(seed=seed)  # quality assurance (issue 19): once, after the users exist
    if audits:
        print(f"  quality assurance: {audits:,} case audits, Section 11, rapid reviews", flush=True)
    from continuum.synth.improvement import ensure_demo_improvement_plan

    moves = ensure_demo_improvement_plan(seed=seed, as_of=demo_borough_day() or clock.today())  # issue 20
    if moves:
        print(f"  improvement plan: two years of monthly RAG reviews ({moves:,} moves)", flush=True)
    from continuum.synth.community_safety import ensure_demo_community_safety

    safety = ensure_demo_community_safety(seed=seed, as_of=demo_borough_day() or clock.today())  # issue 23
    if safety:
        print("  community safety: " + ", ".join(f"{n:,} {what}" for what, n in safety.items()), flush=True)
    from continuum.synth.complaints import ensure_demo_complaints

    complaints = ensure_demo_complaints(seed=seed, as_of=demo_borough_day() or clock.today())  # issue 21
    if complaints:
        print(f"  complaints: {complaints:,} over three years, compliments, members' enquiries", flush=True)
    from continuum.synth.partnership import ensure_demo_partnership

    partnership = ensure_demo_partnership(seed=seed, as_of=demo_borough_day() or clock.today())  # issue 22
    if partnership:
        print("  partnership: " + ", ".join(f"{n:,} {what}" for what, n in partnership.items()), flush=True)
    from continuum.synth.send import ensure_demo_send

    ehc = ensure_demo_send(seed=seed, as_of=demo_borough_day() or clock.today())  # issue 24
    if ehc:
        print(f"  SEND: {ehc:,} EHC requests over five years, their plans and reviews", flush=True)
    from continuum.synth.supervision import ensure_demo_supervision

    sessions = ensure_demo_supervision(seed=seed, as_of=demo_borough_day() or clock.today())  # issue 18
    if sessions:
        print(f"  supervision: {sessions:,} sessions, decisions copied to each child's record", flush=True)
    from continuum.synth.signoff import ensure_demo_sign_offs

    awaiting = ensure_demo_sign_offs(seed=seed, as_of=demo_borough_day() or clock.today())  # issue 18
    if awaiting:
        print(f"  sign-off: {awaiting:,} assessments awaiting a manager's authorisation", flush=True)
    from continuum.synth.family import ensure_demo_family

    family = ensure_demo_family(seed=seed, as_of=demo_borough_day() or clock.today())  # issue 18 point 5
    if family:
        print("  families: " + ", ".join(f"{n:,} {what}" for what, n in family.items()), flush=True)
    print(describe_demo_borough(clock.today()), flush=True)
    return loaded


@transaction.atomic
def link_demo_head_of_service() -> list[int]:
    """Give the demo head of service a service: every active team of the demo team manager's type.

    So "demo-head-of-service" sees several teams' caseloads and work trays and
    switches between them. Safe to run again (rows are added once). Returns
    the team ids, in id order.
    """
    from django.contrib.auth.models import User

    from continuum.core.models import HeadOfServiceTeam

    head = User.objects.filter(username="demo-head-of-service").first()
    if head is None:
        return []
    manager = Worker.objects.filter(user__username="demo-team-manager", team__isnull=False).first()
    kind = manager.team.team_type if manager and manager.team else "intervention_planning"
    team_ids = list(
        Team.objects.filter(team_type=kind, is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    for team_id in team_ids:
        HeadOfServiceTeam.objects.get_or_create(user=head, team_id=team_id)
    if team_ids:
        print(f"  demo-head-of-service heads {len(team_ids)} teams", flush=True)
    return team_ids


def demo_borough_day() -> date | None:
    """The day the demo borough was simulated up to, or None if none is recorded."""
    row = SyntheticBorough.objects.order_by("-loaded_at").first()
    return row.as_of if row is not None else None


def describe_demo_borough(today: date) -> str:
    """One sentence on the borough's day, as seen on ``today`` (what ``./run demo`` prints)."""
    day = demo_borough_day()
    if day is None:
        if Child.objects.exists():
            return "The synthetic borough was loaded before its day was recorded (it ends on a 31 March)."
        return "No synthetic borough is loaded."
    sentence = f"The synthetic borough is as of {_long(day)}"
    age = (today - day).days
    if age == 0:
        return sentence + " (today)."
    if age > 0:
        return (
            sentence + f", {age} day{'s' if age != 1 else ''} before today ({_long(today)}). "
            "Run ./run demo --refresh to bring it up to today; records you entered are kept."
        )
    return sentence + f", {-age} day{'s' if age != -1 else ''} after today ({_long(today)})."


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def ensure_demo_population(*, years: int = DEMO_YEARS, as_of: date | None = None) -> bool:
    """Load the borough's 0-17 population (for rates) if none is held; return whether it was loaded.

    Separate from the borough so a demo database loaded before population
    figures existed gains them on its next start. The estimates run from the
    year before the first reported year to ``as_of`` (default: the last
    complete financial year, as for a borough loaded before its day was stored).
    """
    from continuum.core.models import PopulationEstimate
    from continuum.synth.population import borough_rows, load_population
    from continuum.synth.simulate import SimConfig, default_last_year_end

    if PopulationEstimate.objects.exists():
        return False
    config = SimConfig(years=years)  # the demo borough's wards and population
    last_year_end = default_last_year_end(as_of) if as_of is not None else default_last_year_end()
    totals = load_population(
        borough_rows(
            la_code=config.la_code,
            total=config.child_population,
            first_year_start=date(last_year_end.year - years, 4, 1),
            last_day=as_of or last_year_end,
            wards=config.wards,
        )
    )
    years_held = f"{min(totals)}-{max(totals)}"
    print(f"  population estimates for {years_held}: {config.child_population:,} children aged 0-17")
    return True


@transaction.atomic
def link_demo_users() -> dict[str, Worker]:
    """Give the demo social worker a caseload, the demo team manager that worker's team, the demo
    MASH manager the MASH team (the front door's oversight is theirs), and the demo IRO the children
    one independent reviewing officer reviews.

    The demo sign-ins (``continuum.devtools.demo_users``) are plain users; a
    worktray or caseload page is only interesting for a user who is a worker
    holding cases. The social worker takes over the synthetic worker in an
    intervention and planning team with the most open cases; the team manager
    takes over that team's manager; the IRO takes over the reviewing officer
    with the most children (continuum/synth/iro.py), so "Conferences and
    reviews due" lists the reviews of the children they review. Safe to run
    again: users already linked keep their workers.
    """
    from django.contrib.auth.models import User
    from django.db.models import Count, Q, QuerySet

    linked: dict[str, Worker] = {}
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["demo-social-worker", "demo-team-manager", "demo-mash-manager", "demo-iro"]
        )
    }
    for username, user in users.items():
        existing = Worker.objects.filter(user=user).first()
        if existing is not None:
            linked[username] = existing
    free = Worker.objects.filter(user__isnull=True, leave_date__isnull=True)
    busiest = Count("allocations", filter=Q(allocations__end_date__isnull=True))

    def take(username: str, candidates: QuerySet[Worker]) -> None:
        """The first of ``candidates`` becomes ``username``'s worker, unless they have one already."""
        user = users.get(username)
        if user is None or username in linked:
            return
        worker = candidates.first()
        if worker is not None:
            worker.user = user
            worker.save(update_fields=["user", "updated_at"])
            linked[username] = worker

    take(
        "demo-social-worker",
        free.filter(role="social_worker", team__team_type="intervention_planning")
        .annotate(open_cases=busiest)
        .order_by("-open_cases", "id"),
    )
    team: Team | None = linked["demo-social-worker"].team if "demo-social-worker" in linked else None
    if team is not None:
        take("demo-team-manager", free.filter(team=team, role="team_manager").order_by("id"))
    take("demo-mash-manager", free.filter(team__team_type="mash", role="team_manager").order_by("id"))
    take("demo-iro", free.filter(role="iro").annotate(open_cases=busiest).order_by("-open_cases", "id"))
    for username, worker in linked.items():
        team_name = worker.team.name if worker.team else "no team"
        print(f"  {username} works as {worker} ({worker.get_role_display()}, {team_name})")
    return linked
