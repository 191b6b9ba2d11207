"""The front-door services: referrer columns, triage, partner checks one by one, the decision's rationale."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from continuum.journey import services as s
from continuum.journey.errors import ConcurrentChangeError, Rule
from continuum.journey.models import ChronologyEvent, Contact, PartnerCheck
from continuum.people.models import Child
from tests.journey.conftest import at
from tests.journey.test_rules import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(child: Child, officer: User) -> Contact:
    return s.record_contact(
        child=child,
        received_at=at(2024, 1, 9, 9),
        referral_source="6",
        consent="obtained",
        referrer_name="PC Test Person",
        referrer_role="Constable",
        referrer_organisation="Synthetic Constabulary",
        referrer_phone="01632 960 001",
        referrer_email="pc.test@example.com",
        by=officer,
    )


def test_contact_keeps_the_referrer_in_its_own_columns_and_who_made_it(contact, officer):
    saved = Contact.objects.get(pk=contact.pk)
    assert (saved.referrer_organisation, saved.referrer_phone, saved.referrer_email) == (
        "Synthetic Constabulary",
        "01632 960 001",
        "pc.test@example.com",
    )
    assert saved.referrer_role == "Constable"
    assert saved.created_by == officer


def test_new_columns_fill_themselves_in_when_a_bulk_insert_leaves_them_out(child):
    """The synthetic loader COPYs a fixed list of columns; the new ones must take their database default."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO journey_contact (version, created_at, updated_at, child_id, received_at, "
            "referral_source, referrer_name, referrer_role, concerns, consent, consent_dispensed_rationale, "
            "initial_brag, final_brag, outcome, partner_checks, manager_oversight_note) "
            "VALUES (1, now(), now(), %s, now(), '6', '', '', '', 'obtained', '', '', '', '', '{}', '') "
            "RETURNING referrer_organisation, referrer_phone, referrer_email, decision_rationale, "
            "created_by_id",
            [child.pk],
        )
        assert cursor.fetchone() == ("", "", "", "", None)


def test_initial_brag_at_triage_and_every_change_kept_in_the_chronology(contact, officer):
    rated = s.record_initial_brag(contact=contact, initial_brag="A", expected_version=1, by=officer)
    assert (rated.initial_brag, rated.version) == ("A", 2)
    # Saving the same rating again changes nothing and writes no event.
    assert s.record_initial_brag(contact=rated, initial_brag="A", expected_version=2, by=officer).version == 2
    with pytest.raises(ConcurrentChangeError):
        s.record_initial_brag(contact=rated, initial_brag="R", expected_version=1, by=officer)
    s.record_initial_brag(contact=rated, initial_brag="R", expected_version=2, by=officer)
    events = ChronologyEvent.objects.filter(step="record_initial_brag", record_id=contact.pk).order_by("pk")
    assert [e.what for e in events] == [
        "Initial BRAG rating: Amber",
        "Initial BRAG rating changed from Amber to Red",
    ]
    assert [(e.before, e.after) for e in events] == [
        ({"initial_brag": ""}, {"initial_brag": "A"}),
        ({"initial_brag": "A"}, {"initial_brag": "R"}),
    ]
    with Refused(Rule.INVALID_CODE):
        s.record_initial_brag(contact=contact, initial_brag="X", expected_version=3, by=officer)


def test_partner_checks_are_added_one_by_one_before_the_decision(contact, officer):
    first = s.record_partner_check(
        contact=contact,
        agency="police",
        checked_on=date(2024, 1, 9),
        summary=" No police history. ",
        by=officer,
    )
    s.record_partner_check(
        contact=contact, agency="health", checked_on=date(2024, 1, 10), summary="Known to the GP.", by=officer
    )
    s.record_partner_check(
        contact=contact, agency="police", checked_on=date(2024, 1, 10), summary="Update: none.", by=officer
    )
    assert first.summary == "No police history."
    assert first.recorded_by == officer
    assert first.child_id == contact.child_id
    saved = Contact.objects.get(pk=contact.pk)
    # Each check moves the version on (so an open decision form notices) and lists its agency once.
    assert (saved.partner_checks, saved.version) == (["police", "health"], 4)
    assert PartnerCheck.objects.filter(contact=contact).count() == 3
    assert ChronologyEvent.objects.filter(step="record_partner_check", child=contact.child).count() == 3


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"agency": "fire_brigade"}, Rule.INVALID_CODE),
        ({"checked_on": date(2024, 1, 8)}, Rule.END_BEFORE_START),  # before the contact arrived
        ({"checked_on": date(2099, 1, 1)}, Rule.FUTURE_DATE),
        ({"summary": "   "}, Rule.MISSING_VALUE),
    ],
)
def test_partner_check_rules(contact, officer, changes: dict[str, Any], rule: str):
    values = {"agency": "police", "checked_on": date(2024, 1, 9), "summary": "None known."} | changes
    with Refused(rule):
        s.record_partner_check(contact=contact, by=officer, **values)
    assert not PartnerCheck.objects.exists()


def test_a_blank_summary_is_refused_by_the_database_too(contact):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerCheck.objects.create(
            child=contact.child,
            contact=contact,
            agency="police",
            checked_on=date(2024, 1, 9),
            summary="",
            recorded_at=at(2024, 1, 9),
        )


def test_decision_keeps_the_triage_rating_and_its_rationale_and_then_refuses_checks(contact, officer):
    s.record_initial_brag(contact=contact, initial_brag="A", expected_version=1, by=officer)
    s.record_partner_check(
        contact=contact, agency="police", checked_on=date(2024, 1, 9), summary="No history.", by=officer
    )
    decided = s.record_mash_decision(
        contact=contact,
        final_brag="R",
        decision_at=at(2024, 1, 9, 15),
        outcome="referral",
        decision_rationale="  Injuries need a section 47 strategy discussion.  ",
        partner_checks=["education"],
        expected_version=3,
        by=officer,
    )
    assert (decided.initial_brag, decided.final_brag, decided.brag_changed) == ("A", "R", True)
    assert decided.decision_rationale == "Injuries need a section 47 strategy discussion."
    assert decided.partner_checks == ["police", "education"]
    with Refused(Rule.CONTACT_ALREADY_DECIDED):
        s.record_partner_check(
            contact=contact, agency="health", checked_on=date(2024, 1, 10), summary="Late.", by=officer
        )
    with Refused(Rule.CONTACT_ALREADY_DECIDED):
        s.record_initial_brag(contact=contact, initial_brag="G", expected_version=decided.version, by=officer)


def test_decision_without_any_initial_rating_is_refused(contact, officer):
    with Refused(Rule.MISSING_VALUE):
        s.record_mash_decision(
            contact=contact,
            final_brag="G",
            decision_at=at(2024, 1, 9, 15),
            outcome="advice",
            expected_version=1,
            by=officer,
        )


def test_update_contact_corrects_the_referrer_columns(contact, officer):
    updated = s.update_contact(
        contact=contact, expected_version=1, referrer_phone="01632 960 002", referrer_email="", by=officer
    )
    assert (updated.referrer_phone, updated.referrer_email, updated.version) == ("01632 960 002", "", 2)
    event = ChronologyEvent.objects.get(step="update_contact")
    assert event.what == "Contact details corrected: referrer_email, referrer_phone"


def _immediate_constraints() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_migration_moves_the_stop_gap_labels_into_the_new_columns(child, officer):
    """Contacts saved before 0003 kept the referrer and rationale labelled in text; 0003 unpacks them."""
    before, after = [("journey", "0002_chronology_append_only")], [("journey", "0003_contact_details")]
    _immediate_constraints()
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO journey_contact (version, created_at, updated_at, child_id, received_at, "
                "referral_source, referrer_name, referrer_role, concerns, consent, "
                "consent_dispensed_rationale, initial_brag, final_brag, outcome, partner_checks, "
                "manager_oversight_note) VALUES (1, now(), now(), %s, now(), '6', 'PC Test', %s, '', "
                "'obtained', '', 'A', 'B', 'nfa', '{}', %s) RETURNING id",
                [
                    child.pk,
                    "Role: Constable; Organisation: Synthetic Constabulary; Email: pc@example.com",
                    "Decision rationale: No role for social care.\nManager's oversight: Agreed.",
                ],
            )
            pk = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO journey_chronologyevent "
                "(child_id, by_id, at, step, what, record_type, record_id) "
                "VALUES (%s, %s, now(), 'record_contact', 'Contact received', 'contact', %s)",
                [child.pk, officer.pk, pk],
            )
        _immediate_constraints()  # PostgreSQL will not ALTER a table with foreign-key checks pending
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    saved = Contact.objects.get(pk=pk)
    assert (saved.referrer_role, saved.referrer_organisation, saved.referrer_phone, saved.referrer_email) == (
        "Constable",
        "Synthetic Constabulary",
        "",
        "pc@example.com",
    )
    assert (saved.decision_rationale, saved.manager_oversight_note) == (
        "No role for social care.",
        "Manager's oversight: Agreed.",
    )
    assert saved.created_by == officer
