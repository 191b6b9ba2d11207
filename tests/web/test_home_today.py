"""The home page leads with what each role would do first today: known answers on a hand-built record.

The day is fixed with ``CONTINUUM_AS_OF`` (Monday 30 November 2026), so working
days are known: the previous working day is Friday 27th, two working days
ago is Thursday 26th. Records go through the journey and people services.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.models import AccessLogEntry, BreakGlassReview, HeadOfServiceTeam, RestrictedRecord
from continuum.core.timescales import LOCAL_ZONE
from continuum.core.working_days import add_working_days
from continuum.journey import services as s
from continuum.journey.models import Assessment
from continuum.people.models import Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import signoff
from continuum.web.returns.models import ReturnUpload
from tests.conftest import TEST_PASSWORD, axe_violations, sign_in

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)  # a Monday
START = date(2020, 1, 1)
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

USERS: dict[str, roles.Role] = {
    "mash": roles.MASH_PRACTITIONER,
    "sw": roles.SOCIAL_WORKER,
    "tm": roles.TEAM_MANAGER,
    "iro": roles.IRO_CP_CHAIR,
    "qa": roles.QA_OFFICER,
    "analyst": roles.PERFORMANCE_ANALYST,
    "police": roles.PARTNER_POLICE,
    "health": roles.PARTNER_HEALTH,
    "education": roles.PARTNER_EDUCATION,
    "complaints": roles.COMPLAINTS_OFFICER,
    "board": roles.BOARD_MEMBER,
    "sysadmin": roles.SYSTEM_ADMINISTRATOR,
    "hos": roles.HEAD_OF_SERVICE,
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL_ZONE)


def child(first: str, born: date = date(2015, 6, 1)) -> Child:
    return s.register_child(first_name=first, last_name="Hometest", person_birth_date=born, by=None)


def cin_child(first: str, referral_day: date) -> Child:
    kid = child(first)
    episode = s.open_referral(child=kid, cin_referral_date=referral_day, referral_source="6", by=None)
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=referral_day, by=None)
    return kid


def cp_child(first: str, icpc_day: date) -> Child:
    sd_day = icpc_day - timedelta(days=7)
    kid = child(first, date(2016, 3, 1))
    episode = s.open_referral(child=kid, cin_referral_date=sd_day, referral_source="6", by=None)
    sd = s.hold_strategy_discussion(cin_episode=episode, held_on=sd_day, decision_s47=True, by=None)
    s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=sd_day, strategy_discussion=sd, by=None)
    icpc = s.hold_icpc(cin_episode=episode, conference_date=icpc_day, outcome="plan", section47=s47, by=None)
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    s.record_core_group(cp_plan=plan, meeting_date=icpc_day + timedelta(days=1), by=None)
    return kid


def submit_assessment(kid: Child, by: User) -> None:
    """Put the child's one assessment up for authorisation, as the worker's form would."""
    signoff.submit(
        child=kid,
        kind="assessment",
        record_id=Assessment.objects.get(child=kid).pk,
        by=by,
        summary="Synthetic analysis.",
        proposed={"child_seen": True, "outcome": "nfa", "assessment_factors": ["1A"]},
    )


def contact(received: datetime, *, brag: str = "", by: User | None = None):  # type: ignore[no-untyped-def]
    made = s.record_contact(
        child=child("Contact"),
        received_at=received,
        referral_source="1B",
        consent="obtained",
        concerns="Synthetic concern.",
        by=by,
    )
    if brag:
        made = s.record_initial_brag(contact=made, initial_brag=brag, expected_version=made.version, by=None)
    return made


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    users = {name: make_user(f"home-{name}", role) for name, role in USERS.items()}
    users["nobody"] = make_user("home-nobody")  # signed in, no role yet
    north = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    other = create_team(name="Intervention South", team_type=TeamType.INTERVENTION_PLANNING)
    sw = create_worker(first_name="Sam", last_name="Worker", start_date=START, team=north, user=users["sw"])
    create_worker(
        first_name="Tia",
        last_name="Manager",
        start_date=START,
        team=north,
        role="team_manager",
        user=users["tm"],
    )
    elsewhere = create_worker(first_name="Ela", last_name="Sewhere", start_date=START, team=other)
    for team in (north, other):  # the head of service's service: both teams
        HeadOfServiceTeam.objects.create(user=users["hos"], team_id=team.pk)
    iro = create_worker(
        first_name="Ira", last_name="Chair", start_date=START, team=other, role="iro", user=users["iro"]
    )

    # The social worker's cases: one overdue assessment, one due today, one CIN visit due on Wednesday.
    late = cin_child("Late", AS_OF - timedelta(days=100))
    s.allocate(child=late, team=north, worker=sw, start_date=AS_OF - timedelta(days=100), by=None)
    today_referral = add_working_days(AS_OF, -45)
    due_today = cin_child("Today", today_referral)
    s.allocate(child=due_today, team=north, worker=sw, start_date=today_referral, by=None)
    plan_start = AS_OF + timedelta(days=2) - timedelta(weeks=4)  # Wednesday 4 November
    visited = cin_child("Visit", plan_start)
    s.allocate(child=visited, team=north, worker=sw, start_date=plan_start, by=None)
    s.start_cin_plan(cin_episode=visited.cin_episodes.get(), cin_plan_start_date=plan_start, by=None)
    # A restricted record the social worker holds but is not named on: counted nowhere here.
    secret = cin_child("Secret", AS_OF - timedelta(days=100))
    s.allocate(child=secret, team=north, worker=sw, start_date=AS_OF - timedelta(days=100), by=None)
    RestrictedRecord.objects.create(child_id=secret.pk, reason="Synthetic restriction.")
    # Unallocated in the team for 20 days.
    waiting = cin_child("Waiting", AS_OF - timedelta(days=20))
    s.allocate(child=waiting, team=north, start_date=AS_OF - timedelta(days=20), by=None)
    # Sign-off: Sam submitted Late's and Secret's assessments, which await a manager; Today's was
    # submitted and returned by Tia with comments. Visit's and Waiting's were never submitted.
    for kid in (late, secret, due_today):
        submit_assessment(kid, users["sw"])
    signoff.return_for_changes(
        signoff.for_record("assessment", Assessment.objects.get(child=due_today).pk),
        by=users["tm"],
        comments="Add the father's views.",
    )

    # The IRO's child: CP plan from an ICPC on Thursday 3 September, first review due 3 December.
    reviewed = cp_child("Reviewed", date(2026, 9, 3))
    s.allocate(child=reviewed, team=other, worker=elsewhere, start_date=date(2026, 9, 3), by=None)
    s.allocate(child=reviewed, team=other, worker=iro, role="iro", start_date=date(2026, 9, 3), by=None)
    # The same, for a child the IRO has nothing to do with.
    unrelated = cp_child("Unrelated", date(2026, 9, 3))
    s.allocate(child=unrelated, team=other, worker=elsewhere, start_date=date(2026, 9, 3), by=None)

    # The front door: three awaiting a decision (two red, one of them two working days old),
    # one decided on Thursday awaiting oversight, one decided and overseen.
    contact(at(AS_OF, 0), brag="R")
    contact(at(date(2026, 11, 27)), by=users["police"])
    contact(at(date(2026, 11, 26)), brag="R")
    decided = contact(at(date(2026, 11, 25)))
    s.record_mash_decision(
        contact=decided,
        initial_brag="G",
        final_brag="G",
        decision_at=at(date(2026, 11, 26), 11),
        outcome="advice",
        expected_version=decided.version,
        by=None,
    )
    overseen = contact(at(date(2026, 11, 24)))
    s.record_mash_decision(
        contact=overseen,
        initial_brag="G",
        final_brag="G",
        decision_at=at(date(2026, 11, 24), 11),
        outcome="advice",
        manager_oversight_by=elsewhere,
        manager_oversight_at=at(date(2026, 11, 24), 12),
        expected_version=overseen.version,
        by=None,
    )

    # Break glass: two flagged accesses, one reviewed.
    for reason in ("Synthetic reason one.", "Synthetic reason two."):
        AccessLogEntry.objects.create(
            user=users["sw"],
            action="child.break_glass",
            record_type="child",
            record_id=str(unrelated.pk),
            reason=reason,
            flagged=True,
        )
    BreakGlassReview.objects.create(
        entry=AccessLogEntry.objects.filter(flagged=True).order_by("pk").first(),
        reviewed_by=users["qa"],
        outcome=BreakGlassReview.Outcome.JUSTIFIED,
    )
    # Returns: one being checked, one checked with 3 errors.
    ReturnUpload.objects.create(status=ReturnUpload.Status.QUEUED)
    checked = ReturnUpload.objects.create(status=ReturnUpload.Status.SUCCEEDED, errors=3)
    return {
        "users": users,
        "north": north,
        "south": other,
        "late": late,
        "due_today": due_today,
        "waiting": waiting,
        "checked": checked,
        "secret": secret,
    }


def home(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def card(page: str, key: str) -> str:
    """The HTML of one card, or '' when the page has none with that key."""
    found = re.search(
        rf'id="today-{re.escape(key)}"(.*?)(?=<div class="govuk-summary-card |<h2 class="govuk-heading-l)',
        page,
        re.S,
    )
    return found.group(1) if found else ""


def figure(html: str, label: str) -> int:
    """The number shown against ``label`` in a card."""
    found = re.search(
        rf"<dt class=\"govuk-summary-list__key\">{re.escape(label)}</dt>\s*<dd[^>]*>\s*"
        r"<span class=\"[^\"]*app-today-count\">(\d+)</span>",
        html,
    )
    assert found, f"no figure for {label!r}"
    return int(found.group(1))


def test_mash_practitioner_sees_contacts_to_decide_red_first(world) -> None:
    page = home(world["users"]["mash"])
    assert "Monday 30 November 2026" in page
    html = card(page, "mash-decisions")
    assert figure(html, "Rated red") == 2
    assert "1 of them past the timescale." in html
    assert figure(html, "Past the 1 working day timescale") == 1
    assert figure(html, "Awaiting a decision") == 3
    assert "The oldest was received 2 working days ago." in html
    assert html.index("Rated red") < html.index("Awaiting a decision")
    queue = reverse("mash-queue")
    assert f'href="{queue}?stage=decision&amp;brag=R&amp;sort=urgency"' in html
    assert card(page, "mash-oversight") == ""  # only a team manager signs off
    assert "Hometest" not in page  # no child's name on the home page


def test_team_manager_sees_team_work_and_caseloads(world) -> None:
    page = home(world["users"]["tm"])
    # Intervention North's manager, not the MASH's: its decisions are not theirs to sign off.
    assert card(page, "mash-oversight") == ""
    assert "stage=oversight" not in page
    assert card(page, "mash-decisions") == ""  # not in the MASH team
    team = next(v for k, v in [(m, card(page, m)) for m in re.findall(r'id="today-(team-\d+)"', page)])
    # Overdue: Late's assessment; Secret's (restricted, not named) is not counted.
    assert figure(team, "Overdue work in the team") == 1
    assert figure(team, "Cases awaiting allocation") == 1
    assert "The longest has waited 20 days." in team
    assert reverse("child-allocate", args=[world["waiting"].pk]) in team
    # Submitted and not answered: Late's only. Secret's is restricted; Today's was returned;
    # Visit's and Waiting's are still being written (they used to be counted: four).
    assert figure(team, "Assessments awaiting authorisation") == 1
    assert "1 past the 45 working days timescale" in team  # Late's started 100 days ago
    late = Assessment.objects.get(child=world["late"])
    assert reverse("child-sign-off", args=[world["late"].pk, "assessment", late.pk]) in team
    assert reverse("child-assessment-complete", args=[world["late"].pk, late.pk]) not in team
    # The same one work item as "Submitted to you" on the authorisation card.
    assert figure(card(page, "authorisation"), "Submitted to you") == 1
    assert figure(team, "Caseloads outside 12 to 16") == 1
    assert "0 above, 1 below the range." in team
    assert card(page, "my-work") == ""  # the manager holds no cases


def team_rows(html: str) -> dict[str, list[int]]:
    """A card's table as {row heading: its numbers}."""
    rows = re.findall(
        r'<tr class="govuk-table__row[^"]*">\s*<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', html, re.S
    )
    return {
        re.sub(r"<[^>]+>|Act first", "", head).strip(): [int(n) for n in re.findall(r">(\d+)</td>", cells)]
        for head, cells in rows
    }


def test_head_of_service_reads_every_team_in_one_table_with_the_totals(world) -> None:
    """Two teams: one table, each team's row as its own manager would count it, and the service's totals.

    North as in the team manager's test: Late's overdue assessment (Secret's is
    restricted, so not counted), Waiting unallocated for 20 days, one
    assessment awaiting authorisation (Late's: submitted and not answered;
    Secret's is restricted, Today's was returned to Sam, Visit's and Waiting's
    were never submitted), past 45 working days since it started 100 days ago,
    and Sam's caseload below the range. South: the
    two CP children, not visited since their conferences on 3 September, are
    overdue; Ela's caseload of two is below the range.
    """
    page = home(world["users"]["hos"])
    # A head of service signs off the MASH's decisions: the one decided on Thursday awaits it.
    oversight = card(page, "mash-oversight")
    assert figure(oversight, "Awaiting oversight") == 1
    assert "The oldest decision was made 2 working days ago." in oversight
    assert f"{reverse('mash-queue')}?stage=oversight" in oversight
    html = card(page, "teams")
    assert not re.search(r'id="today-team-\d+"', page)  # no card per team
    rows = team_rows(html)
    assert rows == {
        "Intervention North team": [1, 1, 1, 1, 1],
        "Intervention South team": [2, 0, 0, 0, 1],
        "All your teams": [3, 1, 1, 1, 2],
    }
    for team in (world["north"], world["south"]):
        assert f'href="{reverse("worktray-team")}?team={team.pk}"' in html
    assert "Of which past the 45 working days timescale" in html
    # What to act on first, once for the service, saying in which team.
    assert figure(html, "Cases awaiting allocation") == 1
    assert "The longest has waited 20 days, in Intervention North team." in html
    assert figure(html, "Assessments awaiting authorisation") == 1
    assert "1 past the 45 working days timescale; the oldest started" in html
    late = Assessment.objects.get(child=world["late"])
    assert reverse("child-sign-off", args=[world["late"].pk, "assessment", late.pk]) in html
    assert "Hometest" not in page


def test_social_worker_sees_overdue_due_today_and_visits(world) -> None:
    page = home(world["users"]["sw"])
    html = card(page, "my-work")
    assert figure(html, "Overdue") == 1  # Secret's overdue assessment is not counted
    assert "For 1 child; the longest is" in html
    assert figure(html, "Due today") == 1
    assert figure(html, "Visits due by Sun 6 Dec") == 1
    mine = reverse("worktray-mine")
    # Each link shows what its line counts.
    for status in ("overdue", "due-today", "visits"):
        assert f'href="{mine}?status={status}"' in html
    # Today's assessment came back from Tia with comments (Late's and Secret's await her still).
    assert figure(html, "Returned to you") == 1
    assert "the oldest was returned today." in html
    assert f'href="{mine}#returned"' in html
    assert card(page, "mash-decisions") == ""
    assert card(page, "break-glass") == ""


def test_iro_sees_their_conferences_and_reviews_due(world) -> None:
    html = card(home(world["users"]["iro"]), "conferences")
    assert figure(html, "Overdue") == 0
    assert figure(html, "Due by Mon 14 Dec (10 working days)") == 1  # not the unrelated child's
    assert "1 child protection conference, 0 looked-after reviews." in html
    assert f'href="{reverse("worktray-conferences")}?status=overdue"' in html


def rows_at(user: User, url: str) -> list[tuple[str, str]]:
    """The (child's first name, rule) of each row a tray page shows."""
    client = Client()
    client.force_login(user)
    rows = client.get(url).context["rows"]
    return [(row.line.child_name.split()[0], row.line.rule_code) for row in rows]


def test_each_your_cases_link_shows_the_items_its_line_counts(world) -> None:
    """Sam's lines, worked by hand: overdue is Late's assessment (100 days, past 45 working days);
    due today is Today's assessment (started 45 working days before Monday 30 November); the one visit
    due by Sunday 6 December is Visit's CIN visit (plan from Wednesday 4 November, visits every 4 weeks:
    due Wednesday 2 December). Each link opens "My work" showing exactly that row."""
    sw = world["users"]["sw"]
    mine = reverse("worktray-mine")
    assert rows_at(sw, f"{mine}?status=overdue") == [("Late", "assessment_45wd")]
    assert rows_at(sw, f"{mine}?status=due-today") == [("Today", "assessment_45wd")]
    assert rows_at(sw, f"{mine}?status=visits") == [("Visit", "cin_visit")]


def test_the_iros_overdue_link_lists_only_the_overdue_reviews(world) -> None:
    """A second child for the IRO, conference on 1 July 2026: first review due 3 months on, 1 October,
    so overdue on 30 November. The overdue link lists that review only; the page unfiltered also lists
    Reviewed's, due 3 December."""
    from continuum.people.models import Worker

    iro = world["users"]["iro"]
    late_review = cp_child("Overreviewed", date(2026, 7, 1))
    holder = Worker.objects.get(first_name="Ela")
    s.allocate(child=late_review, team=world["south"], worker=holder, start_date=date(2026, 7, 1), by=None)
    s.allocate(
        child=late_review,
        team=world["south"],
        worker=Worker.objects.get(user=iro),
        role="iro",
        start_date=date(2026, 7, 1),
        by=None,
    )
    assert figure(card(home(iro), "conferences"), "Overdue") == 1
    page = reverse("worktray-conferences")
    assert rows_at(iro, f"{page}?status=overdue") == [("Overreviewed", "cp_first_review")]
    both = [("Overreviewed", "cp_first_review"), ("Reviewed", "cp_first_review")]
    assert sorted(rows_at(iro, page)) == both


def test_qa_officer_sees_break_glass_to_review_and_returns(world) -> None:
    page = home(world["users"]["qa"])
    assert figure(card(page, "break-glass"), "Not yet reviewed") == 1
    assert reverse("access-break-glass") in card(page, "break-glass")
    returns = card(page, "returns")
    assert figure(returns, "Being checked") == 1
    assert reverse("returns-upload-detail", args=[world["checked"].token]) in returns


def test_analyst_sees_this_month_and_returns(world) -> None:
    page = home(world["users"]["analyst"])
    html = card(page, "this-month")
    assert figure(html, "Contacts since 1 November") == 5
    # Referrals in November: Visit (4th) and Waiting (10th).
    assert figure(html, "Referrals since 1 November") == 2
    assert "covers the last complete month, October 2026" in html
    # Each count opens its own figure on this month's front door; the report line opens the reports.
    front_door = reverse("performance-dashboard", args=["front-door"])
    assert f"{front_door}?period=2026-11#ind-contacts" in html
    assert f"{front_door}?period=2026-11#ind-referrals" in html
    assert f'href="{reverse("reports-index")}"' in html
    assert "Open the reports: October&#x27;s is not published yet" in html
    errors = card(page, "returns")
    assert re.search(r"Errors in the latest upload \([^)]*\)</dt>\s*<dd[^>]*>\s*<span[^>]*>3</span>", errors)
    assert card(page, "break-glass") == ""


def test_analyst_is_sent_to_the_months_published_report(world) -> None:
    """Once October's Performance Matters is published, the card opens it, not the list of reports."""
    from django.utils import timezone

    from continuum.publishing.models import ReportVersion

    version = ReportVersion.objects.create(
        kind=ReportVersion.Kind.PERFORMANCE_MATTERS, period="2026-10", number=1, status="ready",
        published_at=timezone.now(),
    )  # fmt: skip
    html = card(home(world["users"]["analyst"]), "this-month")
    assert f'href="{reverse("reports-version", args=[version.token])}"' in html
    assert "Read Performance Matters for October" in html


def test_system_administrator_sees_sign_ins_not_cases(world) -> None:
    page = home(world["users"]["sysadmin"])
    html = card(page, "administration")
    assert figure(html, "Active users with no role") == 1
    assert figure(html, "Locked out after failed sign-ins") == 0
    for other in ("mash-decisions", "my-work", "conferences", "break-glass"):
        assert card(page, other) == ""


def test_partner_sees_only_the_contacts_they_made(world) -> None:
    html = card(home(world["users"]["police"]), "partner-contacts")
    assert figure(html, "Awaiting a MASH decision") == 1
    assert figure(html, "Outcome given in the last 7 days") == 0
    assert reverse("mash-my-contacts") in html
    assert figure(card(home(world["users"]["health"]), "partner-contacts"), "Awaiting a MASH decision") == 0


def test_board_member_reads_last_month_figures_and_complaints_officer_sees_the_complaints_due(world) -> None:
    page = home(world["users"]["board"])
    html = card(page, "latest-figures")
    assert "The figures for October 2026" in html
    assert f"{reverse('performance-dashboard', args=['front-door'])}?period=2026-10" in html
    assert "awaiting" not in html.lower()
    page = home(world["users"]["complaints"])
    assert figure(card(page, "complaints"), "Stages overdue") == 0
    assert "Everything you can use" in page


def test_no_count_without_permission(world, make_user) -> None:
    """A team manager outside any team sees no team counts, and nobody but the MASH sees the queue's."""
    stranger = make_user("home-tm-elsewhere", roles.TEAM_MANAGER)
    page = home(stranger)
    assert "not linked to a worker in a team" in page
    assert not re.search(r'id="today-team-\d+"', page)
    for name in ("sw", "iro", "qa", "analyst", "police", "board", "sysadmin", "complaints"):
        assert card(home(world["users"][name]), "mash-decisions") == "", name
    # The restricted child's own worker cannot count it: one overdue, not two.
    assert figure(card(home(world["users"]["sw"]), "my-work"), "Overdue") == 1


# --- In the browser ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_pages_in_the_browser_pass_axe(world, page) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, role in USERS.items():
        sign_in(page, f"home-{name}", TEST_PASSWORD)
        page.wait_for_selector("h1")
        assert page.locator("h1").inner_text() == "What to do first today"
        page.screenshot(path=str(ARTIFACTS / f"home-{role.slug}.png"), full_page=True)
        violations = axe_violations(page)
        assert violations == [], (name, violations)
        page.context.clear_cookies()
