"""The shared action form: whom it offers as owner, and what an empty due date says.

Known answers, worked out by hand from continuum/actions/rules.py and the MARAC
registration in continuum/community_safety/apps.py:

- about a child, only casework roles (social worker, team manager and a head of
  service acting as one, QA officer) are offered: of the nine people below,
  Quinn Audit, Ann Head, Tess Manager and Sam Worker, by surname;
- set from a MARAC referral (no child), the agencies at the meeting: Cal
  Coordinator, Ann Head (acting as a team manager), Tess Manager, Ivo Offender,
  Pat Police, Sam Worker; not the board member, the partner member, the
  analyst, the administrator or the QA officer;
- "By when?" left empty says "Enter the date it is due by"; another date field
  reads "Enter the date of the visit" (a label starting "Date" gains "the").
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from continuum.actions.models import Action
from continuum.community_safety.models import MaracReferral
from continuum.core import roles
from continuum.core.policy import may
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.web.actions.forms import ActionForm
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm
from tests.web.test_plan_actions import cp_plan_for

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)

PEOPLE = {
    "sam": ("Sam", "Worker", roles.SOCIAL_WORKER),
    "tess": ("Tess", "Manager", roles.TEAM_MANAGER),
    "ann": ("Ann", "Head", roles.HEAD_OF_SERVICE),
    "quinn": ("Quinn", "Audit", roles.QA_OFFICER),
    "cal": ("Cal", "Coordinator", roles.COMMUNITY_SAFETY_OFFICER),
    "pat": ("Pat", "Police", roles.PARTNER_POLICE),
    "ivo": ("Ivo", "Offender", roles.IOM_OFFICER),
    "bea": ("Bea", "Board", roles.BOARD_MEMBER),
    "pam": ("Pam", "Partner", roles.PARTNER_MEMBER),
    "ana": ("Ana", "Lyst", roles.PERFORMANCE_ANALYST),
    "adm": ("Adam", "Admin", roles.SYSTEM_ADMINISTRATOR),
}


@pytest.fixture
def people(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    made = {}
    for key, (first, last, role) in PEOPLE.items():
        user = make_user(f"owners-{key}", role)
        user.first_name, user.last_name = first, last
        user.save()
        made[key] = user
    return made


def _offered(form: ActionForm) -> list[str]:
    return [name for value, name in form.fields["owner"].choices if value]


def test_about_a_child_only_casework_roles_are_offered(people) -> None:  # type: ignore[no-untyped-def]
    kid, _plan = cp_plan_for("Owned", AS_OF - timedelta(days=30))
    form = ActionForm(outcomes=[], child=kid)
    assert _offered(form) == ["Quinn Audit", "Ann Head", "Tess Manager", "Sam Worker"]


def test_from_a_marac_referral_only_the_agencies_at_the_meeting_are_offered(people) -> None:  # type: ignore[no-untyped-def]
    form = ActionForm(outcomes=[], source=MaracReferral)
    assert _offered(form) == [
        "Cal Coordinator",
        "Ann Head",
        "Tess Manager",
        "Ivo Offender",
        "Pat Police",
        "Sam Worker",
    ]
    # The policy agrees with the list, for the record and for its model alike.
    referral = MaracReferral(pk=1)
    assert not may(people["bea"], "actions.own", referral)
    assert not may(people["adm"], "actions.own", MaracReferral)
    assert may(people["pat"], "actions.own", referral)
    # An action about no child and from no named record (a board's action log) is unchanged.
    assert may(people["bea"], "actions.own", None)


def test_an_owner_not_offered_is_refused_by_the_form(people) -> None:  # type: ignore[no-untyped-def]
    data = {"what": "Share the safety plan", "owner": str(people["bea"].pk), "due-day": "3"}
    data |= {"due-month": "12", "due-year": "2026"}
    form = ActionForm(data, outcomes=[], source=MaracReferral)
    assert not form.is_valid()
    assert form.errors["owner"] == ["Select who will do it from the people listed"]
    accepted = ActionForm({**data, "owner": str(people["pat"].pk)}, outcomes=[], source=MaracReferral)
    assert accepted.is_valid(), accepted.errors
    assert accepted.cleaned_data["owner"] == people["pat"]


def test_an_empty_due_date_asks_for_the_date_it_is_due_by(people) -> None:  # type: ignore[no-untyped-def]
    form = ActionForm({"what": "Visit", "owner": str(people["sam"].pk)}, outcomes=[], source=None)
    assert not form.is_valid()
    assert form.errors["due"] == ["Enter the date it is due by"]
    half = ActionForm({"due-day": "3", "due-year": "2026"}, outcomes=[], source=None)
    assert not half.is_valid()
    assert half.errors["due"] == ["The date it is due by must include a month"]

    class VisitForm(GovukForm):
        visit_date = GovukDateField(label="Date of the visit")

    other = VisitForm({})
    assert not other.is_valid()
    assert other.errors["visit_date"] == ["Enter the date of the visit"]


def test_the_plan_page_offers_and_accepts_only_casework_owners(people) -> None:  # type: ignore[no-untyped-def]

    kid, plan = cp_plan_for("Pageowned", AS_OF - timedelta(days=30))
    team = create_team(name="Owners North", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=people["sam"]
    )
    s.allocate(child=kid, team=team, worker=worker, start_date=AS_OF - timedelta(days=30), by=None)
    # The analyst is linked to a worker in post too: before, that was enough to be offered.
    create_worker(
        first_name="Ana", last_name="Lyst", start_date=date(2020, 1, 1), team=team, user=people["ana"]
    )
    client = Client()
    client.force_login(people["sam"])
    url = reverse("child-plan", args=[kid.pk, "cp", plan.pk]) + "actions/new/"
    page = client.get(url).content.decode()
    assert "Tess Manager" in page
    assert "Ana Lyst" not in page
    typed = {"what": "Book the FGC", "owner": str(people["ana"].pk), "due-day": "3"}
    typed |= {"due-month": "12", "due-year": "2026"}
    refused = client.post(url, typed)
    body = refused.content.decode()
    assert "Select who will do it from the people listed" in body
    assert not Action.objects.exists()
    empty = client.post(url, {"what": "Book the FGC", "owner": str(people["tess"].pk)}).content.decode()
    assert "Enter the date it is due by" in empty
    assert "Enter by when?" not in empty
    done = client.post(url, {**typed, "owner": str(people["tess"].pk)})
    assert done.status_code == 302
    assert Action.objects.get().owner == people["tess"]
