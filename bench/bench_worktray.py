"""How fast the work tray answers for a team of 20 workers, and due items for one child.

Two datasets share the bench database (``continuum_bench``):

1. **The synthetic borough**: ``continuum.synth.load.load_borough(simulate(years=5, seed=1))``,
   five years of a borough (about 58,000 children, 100,000 visits, 25,000
   allocations) bulk-loaded with the services' rules checked in SQL. Its
   teams hold 100 to 180 open cases each; the benchmark takes the case-holding
   team with the most workers (20) and evaluates as of the last day in the data.
2. **A team of 20 workers holding about 350 children**, built on top through
   the journey services (the borough's own teams are smaller than the 300–400
   children the issue asks about). Seeded (``random.Random(1)``), as of
   30 Jun 2025, each child with up to five years of history:

   * about a third on child in need plans (referral, contact and MASH
     decision, assessment, four-weekly visits, some late or with the child
     not seen);
   * about a quarter on child protection plans (strategy discussion, s47,
     ICPC, core group, review conferences, fortnightly visits);
   * about a quarter looked after for up to four years (placement moves,
     reviews, six-weekly visits, health assessments, PEPs, missing episodes
     and return interviews for teenagers), a few now care leavers;
   * the rest in assessment, some with a contact awaiting a MASH decision;
   * four in ten also with an earlier referral, assessed and closed.

   A second team of 8 workers and 120 children is built alongside it.

Both are built once and kept: a later run finds them and reuses them. The
first run takes about three minutes (half a minute for the borough, the rest
for the service-built teams, because every record goes through a service and
its chronology). If another benchmark reloads the database, the next run
builds them again.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from continuum.core.timescales import add_months
from continuum.devtools.bench import Benchmark

AS_OF = date(2025, 6, 30)
TEAM_NAME = "Bench: intervention team (worktray v2)"
SYNTH_YEARS, SYNTH_SEED = 5, 1
OTHER_TEAM_NAME = "Bench: children in care team (worktray v2)"
LONDON = ZoneInfo("Europe/London")

_state: dict[str, object] = {}


def _at(d: date, hour: int = 10) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=LONDON)


def _clip(d: date) -> date:
    return min(d, AS_OF)


class _Builder:
    """Makes one child's journey through the services, from a seeded random generator."""

    def __init__(self, rng: random.Random, team, workers) -> None:  # type: ignore[no-untyped-def]
        from continuum.journey import services as s

        self.s = s
        self.rng = rng
        self.team = team
        self.workers = workers

    def child(self, min_age: int, max_age: int):  # type: ignore[no-untyped-def]
        born = AS_OF - timedelta(days=self.rng.randint(min_age * 365 + 30, max_age * 365 + 300))
        return self.s.register_child(
            first_name=f"Bench{self.rng.randint(1, 10**6)}",
            last_name="Child",
            person_birth_date=born,
            sex=self.rng.choice("MF"),
            by=None,
        )

    @staticmethod
    def after_birth(child, day: date) -> date:  # type: ignore[no-untyped-def]
        """No record before birth: a baby's journey starts a few days after it."""
        return min(max(day, child.person_birth_date + timedelta(days=3)), AS_OF)

    def allocate(self, child, start: date) -> None:  # type: ignore[no-untyped-def]
        worker = None if self.rng.random() < 0.03 else self.rng.choice(self.workers)
        self.s.allocate(child=child, team=self.team, worker=worker, start_date=start, by=None)
        if worker is not None and self.rng.random() < 0.25:
            moved = start + timedelta(days=self.rng.randint(1, max(1, (AS_OF - start).days)))
            if moved <= AS_OF:
                self.s.allocate(
                    child=child,
                    team=self.team,
                    worker=self.rng.choice(self.workers),
                    start_date=moved,
                    previous_end_reason="MANAGE",
                    by=None,
                )

    def referral(self, child, on: date, *, decide: bool = True):  # type: ignore[no-untyped-def]
        s = self.s
        contact = s.record_contact(
            child=child, received_at=_at(on, 9), referral_source="6", consent="obtained", by=None
        )
        if decide:
            contact = s.record_mash_decision(
                contact=contact,
                initial_brag="A",
                final_brag=self.rng.choice("AR"),
                decision_at=_at(on, 16),
                outcome="referral",
                expected_version=contact.version,
                by=None,
            )
        return s.open_referral(
            child=child,
            contact=contact,
            cin_referral_date=on,
            referral_source="6",
            primary_need_code="N1",
            by=None,
        )

    def assess(self, episode, on: date, days: int, outcome: str) -> date | None:  # type: ignore[no-untyped-def]
        a = self.s.start_assessment(cin_episode=episode, assessment_actual_start_date=on, by=None)
        done = on + timedelta(days=days)
        if done > AS_OF:
            return None
        self.s.complete_assessment(
            assessment=a,
            assessment_authorisation_date=done,
            assessment_factors=["1A"],
            child_seen=True,
            outcome=outcome,
            expected_version=a.version,
            by=None,
        )
        return done

    def visits(self, child, kind: str, start: date, end: date, low: int, high: int) -> None:  # type: ignore[no-untyped-def]
        """Visits from ``start`` to ``end``: the first within a week, then every ``low``–``high`` days."""
        day = start + timedelta(days=self.rng.randint(1, 7))
        while day <= end:
            seen = self.rng.random() > 0.08
            self.s.record_visit(
                child=child, kind=kind, visit_date=day, seen=seen, seen_alone=True if seen else None, by=None
            )
            day += timedelta(days=self.rng.randint(low, high))

    def earlier_referral(self, child, before: date) -> None:  # type: ignore[no-untyped-def]
        on = before - timedelta(days=self.rng.randint(300, 1200))
        born = child.person_birth_date
        if on <= born:
            return
        episode = self.referral(child, on)
        done = self.assess(episode, on, self.rng.randint(10, 70), "nfa")
        if done is not None:
            episode.refresh_from_db()
            self.s.close_cin_episode(
                cin_episode=episode,
                cin_closure_date=done,
                reason_for_closure="RC8",
                expected_version=episode.version,
                by=None,
            )

    # --- Journeys ----------------------------------------------------------------------

    def in_need(self) -> None:
        child = self.child(1, 16)
        start = self.after_birth(child, AS_OF - timedelta(days=self.rng.randint(60, 420)))
        if self.rng.random() < 0.4:
            self.earlier_referral(child, start)
        self.allocate(child, start)
        episode = self.referral(child, start)
        done = self.assess(episode, start, self.rng.randint(15, 75), "cin_plan")
        if done is None:
            return
        self.s.start_cin_plan(cin_episode=episode, cin_plan_start_date=done, by=None)
        self.visits(child, "cin", done, AS_OF, 18, 34)

    def protection(self) -> None:
        rng, s = self.rng, self.s
        child = self.child(0, 16)
        start = self.after_birth(child, AS_OF - timedelta(days=rng.randint(40, 640)))
        if rng.random() < 0.4:
            self.earlier_referral(child, start)
        self.allocate(child, start)
        episode = self.referral(child, start)
        self.assess(episode, start, rng.randint(15, 45), "strategy")
        sd_on = start + timedelta(days=rng.randint(0, 5))
        sd = s.hold_strategy_discussion(cin_episode=episode, held_on=sd_on, decision_s47=True, by=None)
        s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=sd_on, strategy_discussion=sd, by=None)
        icpc_on = sd_on + timedelta(days=rng.randint(10, 26))
        if icpc_on > AS_OF:
            return
        icpc = s.hold_icpc(
            cin_episode=episode, conference_date=icpc_on, outcome="plan", section47=s47, by=None
        )
        plan = s.start_cp_plan(
            icpc=icpc, initial_category_of_abuse=rng.choice(["NEG", "EMO", "PHY"]), by=None
        )
        core = icpc_on + timedelta(days=rng.randint(5, 16))
        if core <= AS_OF:
            s.record_core_group(cp_plan=plan, meeting_date=core, by=None)
        review = icpc_on + timedelta(days=rng.randint(70, 100))
        while review <= AS_OF:
            plan.refresh_from_db()
            s.hold_cp_review(
                cp_plan=plan,
                conference_date=review,
                outcome="continue_plan",
                expected_version=plan.version,
                by=None,
            )
            review += timedelta(days=rng.randint(150, 190))
        self.visits(child, "cp", icpc_on, AS_OF, 8, 17)

    def looked_after(self) -> None:
        rng, s = self.rng, self.s
        child = self.child(1, 17)
        decom = max(
            AS_OF - timedelta(days=rng.randint(30, 1500)), child.person_birth_date + timedelta(days=30)
        )
        self.allocate(child, decom)
        episode = s.start_cla_episode(
            child=child,
            decom=decom,
            ls=rng.choice(["C2", "V2", "J2"]),
            cin="N1",
            place=rng.choice(["U1", "U4", "K2"]),
            in_borough=rng.random() < 0.4,
            permanence_plan=rng.choice(["long_term_fostering", "return_home", "adoption"]),
            by=None,
        )
        moves = sorted(
            decom + timedelta(days=rng.randint(20, max(21, (AS_OF - decom).days)))
            for _ in range(rng.randint(0, 2))
        )
        starts = [decom]
        for move in moves:
            if move <= starts[-1] or move > AS_OF:
                continue
            episode = s.change_placement(
                cla_episode=episode,
                on=move,
                place=rng.choice(["U1", "U4", "K2"]),
                in_borough=False,
                reason_place_change="CARPL",
                expected_version=episode.version,
                by=None,
            )
            starts.append(move)
        for i, start in enumerate(starts):
            end = starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else AS_OF
            self.visits(child, "cla", start, end, 28, 46)
        review = decom + timedelta(days=rng.randint(15, 35))
        gap = 90
        while review <= AS_OF:
            s.record_cla_review(child=child, review=review, review_code="PN1", by=None)
            review += timedelta(days=rng.randint(gap - 10, gap + 20))
            gap = 180
        day = decom + timedelta(days=rng.randint(10, 30))
        while day <= AS_OF:
            s.record_health_assessment(child=child, assessment_date=day, kind="review", by=None)
            day += timedelta(days=rng.randint(160, 400))
        day = decom + timedelta(days=rng.randint(10, 60))
        while day <= AS_OF:
            s.record_pep(child=child, pep_date=day, by=None)
            day += timedelta(days=rng.randint(150, 200))
        if child.age_on(AS_OF) and child.age_on(AS_OF) >= 12 and rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                gone = _clip(decom + timedelta(days=rng.randint(1, max(1, (AS_OF - decom).days))))
                back = _at(gone, 22)
                if back.date() >= AS_OF:
                    continue
                m = s.record_missing_episode(
                    child=child,
                    missing="M",
                    mis_start=_at(gone, 15),
                    mis_end=back,
                    where_from="placement_out_of_borough",
                    by=None,
                )
                if rng.random() < 0.8:
                    s.record_return_home_interview(
                        missing_episode=m,
                        rhi_offered_at=back + timedelta(hours=rng.randint(10, 100)),
                        rhi_accepted=rng.random() < 0.6,
                        expected_version=m.version,
                        by=None,
                    )

    def care_leaver(self) -> None:
        rng, s = self.rng, self.s
        child = self.child(18, 22)
        eighteen = add_months(child.person_birth_date, 12 * 18)
        decom = eighteen - timedelta(days=rng.randint(200, 900))
        self.allocate(child, decom)
        episode = s.start_cla_episode(
            child=child, decom=decom, ls="C2", cin="N1", place="U4", in_borough=True, by=None
        )
        self.visits(child, "cla", decom, eighteen - timedelta(days=1), 28, 45)
        s.end_cla_episode(
            cla_episode=episode, dec=eighteen, rec="E11", expected_version=episode.version, by=None
        )
        record = s.register_care_leaver(
            child=child, eligibility_category="former_relevant", start_date=eighteen, by=None
        )
        day = eighteen + timedelta(days=rng.randint(20, 60))
        while day <= AS_OF:
            s.record_care_leaver_contact(
                care_leaver=record, contact_date=day, in_touch="YES" if rng.random() < 0.9 else "NO", by=None
            )
            day += timedelta(days=rng.randint(40, 75))

    def assessing(self) -> None:
        child = self.child(0, 17)
        start = self.after_birth(child, AS_OF - timedelta(days=self.rng.randint(1, 50)))
        if self.rng.random() < 0.4:
            self.earlier_referral(child, start)
        self.allocate(child, start)
        self.referral(child, start)
        if self.rng.random() < 0.3:
            self.s.record_contact(
                child=child,
                received_at=_at(AS_OF - timedelta(days=1)),
                referral_source="5A",
                consent="obtained",
                by=None,
            )


def _build_team(name: str, workers: int, children: int, seed: int):  # type: ignore[no-untyped-def]
    from continuum.people import services as people

    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    team = people.create_team(name=name, team_type="intervention_planning")
    staff = [
        people.create_worker(
            first_name="Bench", last_name=f"Worker {i}", start_date=date(2015, 1, 1), team=team
        )
        for i in range(workers)
    ]
    builder = _Builder(rng, team, staff)
    journeys = [
        (0.33, builder.in_need),
        (0.25, builder.protection),
        (0.27, builder.looked_after),
        (0.05, builder.care_leaver),
        (0.10, builder.assessing),
    ]
    for _ in range(children):
        pick = rng.random()
        for share, make in journeys:
            if pick < share:
                make()
                break
            pick -= share
        else:
            builder.assessing()
    return team


def _load_borough() -> None:
    """Load the 5-year synthetic borough unless one is there already (it replaces the case tables)."""
    from continuum.journey.models import ChronologyEvent
    from continuum.synth.load import STEP, load_borough
    from continuum.synth.simulate import simulate

    if not ChronologyEvent.objects.filter(step=STEP).exists():
        load_borough(simulate(years=SYNTH_YEARS, seed=SYNTH_SEED), replace=True, progress=None)


def _setup() -> None:
    if "team" in _state:
        return
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count, Max, Q

    from continuum.core.timescales import LOCAL_ZONE, load_rules, rules_by_code
    from continuum.journey.models import CLAEpisode, Contact
    from continuum.people.models import Allocation, Team

    call_command("migrate", verbosity=0)
    _load_borough()
    team = Team.objects.filter(name=TEAM_NAME).first()
    if team is None:
        with transaction.atomic():  # all or nothing, so a failed build leaves no half-built team behind
            _build_team(OTHER_TEAM_NAME, 8, 120, seed=2)
            team = _build_team(TEAM_NAME, 20, 350, seed=1)
    _state["team"] = team
    _state["rules"] = rules_by_code(load_rules())
    held = Allocation.objects.filter(team=team, role="case_holder", end_date__isnull=True).values("child_id")
    # The busiest looked-after child in the team: the longest history.
    _state["busy_child"] = (
        CLAEpisode.objects.filter(child_id__in=held)
        .order_by("decom", "pk")
        .values_list("child_id", flat=True)
        .first()
    )
    # The synthetic borough: evaluate as of its last contact; take its case-holding team with most workers.
    last = Contact.objects.exclude(child__la_child_id__startswith="C").aggregate(last=Max("received_at"))[
        "last"
    ]
    _state["synth_as_of"] = last.astimezone(LOCAL_ZONE).date() if last else AS_OF
    _state["synth_team"] = (
        Team.objects.exclude(name__startswith="Bench:")
        .annotate(
            n_workers=Count("workers", distinct=True),
            n_open=Count("allocations", filter=Q(allocations__end_date__isnull=True), distinct=True),
        )
        .filter(n_open__gt=0)
        .order_by("-n_workers", "-n_open")
        .first()
    )
    synth_team = _state["synth_team"]
    print(
        f"  synthetic team: {synth_team} ({synth_team.n_workers} workers, {synth_team.n_open} open cases), "  # type: ignore[union-attr]
        f"as of {_state['synth_as_of']}",
        flush=True,
    )


def _team_tray() -> None:
    from continuum.journey.worktray import work_tray

    work_tray(team=_state["team"], as_of=AS_OF, rules=_state["rules"])  # type: ignore[arg-type]


def _child_items() -> None:
    from continuum.journey.worktray import due_items_for_child

    due_items_for_child(_state["busy_child"], as_of=AS_OF, rules=_state["rules"])  # type: ignore[arg-type]


def _synth_team_tray() -> None:
    from continuum.journey.worktray import work_tray

    work_tray(team=_state["synth_team"], as_of=_state["synth_as_of"], rules=_state["rules"])  # type: ignore[arg-type]


def _service_tray() -> None:
    from continuum.journey.worktray import work_tray

    work_tray(as_of=_state["synth_as_of"], rules=_state["rules"])  # type: ignore[arg-type]


BENCHMARKS = [
    Benchmark(
        name="worktray: work_tray(team=...) for a synthetic-borough team of 20 workers",
        data_size=f"synthetic borough ({SYNTH_YEARS} years, seed {SYNTH_SEED}): its team with most workers",
        run=_synth_team_tray,
        setup=_setup,
        needs_database=True,
        notes=(
            "Borough from continuum.synth.load (simulate(years=5, seed=1)); the team with most workers "
            "(20) holds about 110 open cases; evaluated as of the last contact in the data."
        ),
    ),
    Benchmark(
        name="worktray: work_tray(team=...) for a team of 20 workers holding 350 children",
        data_size="350 children with up to 5 years of records, on top of the synthetic borough",
        run=_team_tray,
        setup=_setup,
        needs_database=True,
        notes=(
            "The borough's teams are smaller than 300–400 children, so bench/bench_worktray.py builds "
            "this team through the journey services (seed 1), as of 30 Jun 2025. Rules loaded once."
        ),
    ),
    Benchmark(
        name="worktray: due_items_for_child, full history",
        data_size="the 350-child team's longest-looked-after child (up to 4 years in care)",
        run=_child_items,
        setup=_setup,
        needs_database=True,
    ),
    Benchmark(
        name="worktray: work_tray() for the whole service",
        data_size="every open case in the synthetic borough, as of its last day",
        run=_service_tray,
        setup=_setup,
        needs_database=True,
    ),
]
