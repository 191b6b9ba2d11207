"""The partner JSON API: tokens, authentication, contacts, outcomes, the OpenAPI document, the access log."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.urls import get_resolver
from django.utils import timezone

from continuum.api.cli import create as cli_create
from continuum.api.models import ApiToken
from continuum.api.tokens import create_token, hash_token
from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent, Contact
from continuum.people.models import Child, RelationshipType

pytestmark = pytest.mark.django_db

URL = "/api/v1/contacts/"


def contact_json(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "referral_source": "6",
        "referrer": {
            "name": "PC Test Person",
            "role": "Constable",
            "organisation": "Synthetic Constabulary",
            "phone": "01632 960 001",
        },
        "child": {
            "first_name": "Mohammed",
            "last_name": "Khan",
            "birth_date": "2016-03-04",
            "sex": "M",
            "postcode": "N1 9GU",
            "address_line_1": "1 Synthetic Street",
            "town": "London",
        },
        "concerns": "Synthetic: child seen with bruising.",
        "consent": "obtained",
        "siblings": [{"first_name": "Aisha", "last_name": "Khan", "birth_date": "2018-05-06"}],
    }
    body.update(overrides)
    return body


@pytest.fixture
def police(make_user):  # type: ignore[no-untyped-def]
    return make_user("pc-api", roles.PARTNER_POLICE)


def bearer(user: Any) -> dict[str, str]:
    _, secret = create_token(user=user, name="test system")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(client: Any, auth: dict[str, str], body: Any) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", **auth)


def fields(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# --- Tokens ---------------------------------------------------------------------------------


def test_token_is_stored_as_a_sha256_digest_only(police) -> None:  # type: ignore[no-untyped-def]
    token, secret = create_token(user=police, name="Police case system")
    assert len(secret) > 40
    token.refresh_from_db()
    assert token.token_hash == hash_token(secret)
    assert len(token.token_hash) == 64
    assert secret not in {str(v) for v in ApiToken.objects.values().get(pk=token.pk).values()}
    other, other_secret = create_token(user=police, name="Second")
    assert other_secret != secret
    assert other.token_hash != token.token_hash


def test_cli_creates_a_token_and_shows_the_secret_once(police, make_user) -> None:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    assert cli_create("pc-api", "Police case system", out, err) == 0
    secret = out.getvalue().splitlines()[1]
    token = ApiToken.objects.get()
    assert token.user == police
    assert token.name == "Police case system"
    assert token.token_hash == hash_token(secret)
    make_user("sw-api", roles.SOCIAL_WORKER)
    assert cli_create("sw-api", "x", out, err) == 1
    assert cli_create("nobody", "x", out, err) == 1
    assert ApiToken.objects.count() == 1


# --- Authentication and permissions ---------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer ctm_not-a-real-token", "Basic abc"])
def test_missing_or_bad_token_is_401_json(client, police, header) -> None:  # type: ignore[no-untyped-def]
    auth = {"HTTP_AUTHORIZATION": header} if header else {}
    for response in (
        client.get("/api/v1/openapi.json", **auth),
        client.get(f"{URL}1/", **auth),
        post(client, auth, contact_json()),
    ):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["errors"][0]["message"]
    assert Contact.objects.count() == 0


def test_revoked_token_is_401(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    assert client.get("/api/v1/openapi.json", **auth).status_code == 200
    ApiToken.objects.update(revoked=True)
    assert client.get("/api/v1/openapi.json", **auth).status_code == 401


def test_inactive_user_token_is_401(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    police.is_active = False
    police.save()
    assert client.get("/api/v1/openapi.json", **auth).status_code == 401


def test_last_used_is_recorded(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    assert ApiToken.objects.get().last_used is None
    client.get("/api/v1/openapi.json", **auth)
    assert ApiToken.objects.get().last_used is not None


@pytest.mark.parametrize(
    "role", [roles.MASH_PRACTITIONER, roles.SOCIAL_WORKER, roles.SYSTEM_ADMINISTRATOR, roles.BOARD_MEMBER]
)
def test_users_without_a_partner_role_are_403(client, make_user, role) -> None:  # type: ignore[no-untyped-def]
    user = make_user("not-partner", role)
    auth = bearer(user)
    assert post(client, auth, contact_json()).status_code == 403
    assert client.get(f"{URL}1/", **auth).status_code == 403
    assert client.get("/api/v1/openapi.json", **auth).status_code == 403
    assert Contact.objects.count() == 0
    assert AccessLogEntry.objects.filter(user=user, action="api.contact.create.refused").exists()


@pytest.mark.parametrize("role", sorted(roles.PARTNER_ROLES, key=lambda r: r.slug))
def test_every_partner_role_may_make_a_contact(client, make_user, role) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(make_user("partner", role))
    assert post(client, auth, contact_json()).status_code == 201


def test_session_cookie_is_not_a_credential(client, police) -> None:  # type: ignore[no-untyped-def]
    client.force_login(police)
    assert post(client, {}, contact_json()).status_code == 401


def test_wrong_method_is_405(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    assert client.get(URL, **auth).status_code == 405
    assert client.delete(f"{URL}1/", **auth).status_code == 405


def test_api_views_are_csrf_exempt_and_name_a_policy_action() -> None:
    names = {
        "api-contacts": "contact.create",
        "api-contact": "contact.outcome",
        "api-openapi": "contact.create",
    }
    found = {p.name: p.callback for p in get_resolver().url_patterns if getattr(p, "name", "") in names}
    assert set(found) == set(names)
    for name, view in found.items():
        assert view.csrf_exempt is True
        assert view.continuum_action == names[name]


def test_post_works_with_csrf_checks_on(police) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert post(client, bearer(police), contact_json()).status_code == 201


# --- Making a contact ---------------------------------------------------------------------


def test_valid_contact_creates_child_contact_address_and_sibling(client, police) -> None:  # type: ignore[no-untyped-def]
    response = post(client, bearer(police), contact_json())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "awaiting_decision"
    contact = Contact.objects.get(pk=body["id"])
    assert response["Location"] == f"{URL}{contact.pk}/"
    child = contact.child
    assert (child.first_name, child.last_name, str(child.person_birth_date)) == (
        "Mohammed",
        "Khan",
        "2016-03-04",
    )
    assert contact.referral_source == "6"
    assert contact.consent == "obtained"
    # The referrer's details land in the contact's own columns, as from the browser form.
    assert (contact.referrer_name, contact.referrer_role, contact.referrer_organisation) == (
        "PC Test Person",
        "Constable",
        "Synthetic Constabulary",
    )
    assert contact.created_by == police
    address = child.addresses.get().address
    assert (address.postcode, address.line_1, address.town) == ("N1 9GU", "1 Synthetic Street", "London")
    sibling = child.relationships.get(relationship_type=RelationshipType.SIBLING).related_child
    assert sibling.first_name == "Aisha"
    # Written through the services: the chronology names the token's user.
    steps = set(ChronologyEvent.objects.filter(by=police).values_list("step", flat=True))
    assert {"register_child", "record_address", "record_contact", "add_relationship"} <= steps


def test_unborn_child_with_expected_date_of_birth(client, police) -> None:  # type: ignore[no-untyped-def]
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    child = contact_json()["child"] | {"birth_date": None, "expected_birth_date": due, "sex": "U"}
    response = post(client, bearer(police), contact_json(child=child, siblings=[]))
    assert response.status_code == 201, response.content
    made = Contact.objects.get().child
    assert made.person_birth_date is None
    assert made.expected_person_birth_date.isoformat() == due


def test_partner_contact_never_reuses_an_existing_child(client, police) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    s.register_child(first_name="Mohammed", last_name="Khan", person_birth_date=date(2016, 3, 4), by=None)
    response = post(client, bearer(police), contact_json(siblings=[]))
    assert response.status_code == 201
    assert Child.objects.filter(first_name="Mohammed").count() == 2
    assert set(response.json()) == {"id", "status"}


# --- Validation -----------------------------------------------------------------------------


def test_empty_body_names_every_missing_field(client, police) -> None:  # type: ignore[no-untyped-def]
    response = post(client, bearer(police), {})
    assert response.status_code == 400
    errors = fields(response)
    for name in (
        "referral_source",
        "referrer.name",
        "referrer.organisation",
        "referrer.phone",
        "child.first_name",
        "child.last_name",
        "child.birth_date",
        "child.sex",
        "concerns",
        "consent",
    ):
        assert name in errors, name
    assert errors["child.first_name"] == "Enter the child's first name"
    assert Contact.objects.count() == 0
    assert Child.objects.count() == 0


def test_form_rules_are_the_mash_forms(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    child = contact_json()["child"] | {"birth_date": "2023-02-29", "postcode": "XYZ"}
    referrer = contact_json()["referrer"] | {"email": "not-an-email"}
    errors = fields(post(client, auth, contact_json(child=child, referrer=referrer, consent="dispensed")))
    assert (
        errors["child.birth_date"] == "Child's date of birth must be a real date: February 2023 has 28 days"
    )
    assert errors["child.postcode"] == "Enter a real postcode, like N1 9GU"
    assert errors["referrer.email"].startswith("Enter an email address in the correct format")
    assert errors["consent_dispensed_rationale"] == "Enter why it was right to proceed without consent"
    errors = fields(post(client, auth, contact_json(referral_source="ZZ")))
    assert "referral_source" in errors


def test_shape_errors_name_the_field(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    child = contact_json()["child"] | {"birth_date": "04/03/2016", "first_name": 7, "nickname": "x"}
    errors = fields(post(client, auth, contact_json(child=child, colour="blue")))
    assert errors["child.birth_date"].startswith("Must be a date written as YYYY-MM-DD")
    assert errors["child.first_name"] == "Must be text (a JSON string)"
    assert "child.nickname" in errors
    assert "colour" in errors
    assert post(client, auth, ["not", "an", "object"]).status_code == 400
    response = client.post(URL, "{not json", content_type="application/json", **auth)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] is None
    assert client.post(URL, {"a": "b"}, **auth).status_code == 415


def test_birth_date_or_expected_not_both(client, police) -> None:  # type: ignore[no-untyped-def]
    child = contact_json()["child"] | {"expected_birth_date": "2099-01-01"}
    errors = fields(post(client, bearer(police), contact_json(child=child)))
    assert "child.expected_birth_date" in errors


def test_sibling_errors_name_the_row_and_field(client, police) -> None:  # type: ignore[no-untyped-def]
    siblings = [
        {"first_name": "Aisha", "last_name": "Khan", "birth_date": "2018-05-06"},
        {"first_name": "Omar", "birth_date": "2019-01-01"},
        {},
    ]
    errors = fields(post(client, bearer(police), contact_json(siblings=siblings)))
    assert errors["siblings[1].last_name"].startswith("Enter the sibling's last name")
    assert "siblings[2]" in errors
    assert "siblings[0].first_name" not in errors
    assert Contact.objects.count() == 0
    too_many = [siblings[0]] * 11
    assert "siblings" in fields(post(client, bearer(police), contact_json(siblings=too_many)))


# --- Outcomes -----------------------------------------------------------------------------


def test_partner_sees_only_their_own_contacts_outcome(client, police, make_user) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    pk = post(client, auth, contact_json()).json()["id"]
    response = client.get(f"{URL}{pk}/", **auth)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "id": pk,
        "status": "awaiting_decision",
        "outcome": None,
        "outcome_label": None,
        "decided_on": None,
    }
    # Decided by the MASH: the partner sees outcome and date, nothing about the child.
    Contact.objects.filter(pk=pk).update(decision_at=timezone.now(), outcome="early_help")
    body = client.get(f"{URL}{pk}/", **auth).json()
    assert body["status"] == "decided"
    assert body["outcome"] == "early_help"
    assert body["outcome_label"] == "Early help"
    assert body["decided_on"] == timezone.localdate().isoformat()
    assert "Khan" not in json.dumps(body)
    # Another partner (even another police officer) gets 404, as for a contact that does not exist.
    other = bearer(make_user("pc-other", roles.PARTNER_POLICE))
    assert client.get(f"{URL}{pk}/", **other).status_code == 404
    assert client.get(f"{URL}{pk + 1000}/", **auth).status_code == 404


def test_contact_made_in_the_browser_by_someone_else_is_404(client, police, make_user) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    mash = make_user("mash-api", roles.MASH_PRACTITIONER)
    child = s.register_child(first_name="A", last_name="B", person_birth_date=date(2015, 1, 1), by=mash)
    contact = s.record_contact(
        child=child, received_at=timezone.now(), referral_source="6", consent="obtained", by=mash
    )
    assert client.get(f"{URL}{contact.pk}/", **bearer(police)).status_code == 404


# --- OpenAPI --------------------------------------------------------------------------------


def test_openapi_document_lists_the_endpoints(client, police) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/openapi.json", **bearer(police))
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {"/api/v1/contacts/", "/api/v1/contacts/{id}/", "/api/v1/openapi.json"}
    assert "post" in doc["paths"]["/api/v1/contacts/"]
    assert "get" in doc["paths"]["/api/v1/contacts/{id}/"]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    schema = doc["components"]["schemas"]["ContactIn"]
    assert "6" in schema["properties"]["referral_source"]["enum"]
    # Every field the API reads is described, and nothing else.
    from continuum.api import forms

    assert set(schema["properties"]) == set(forms.TOP_LEVEL) | forms.OBJECTS
    assert set(schema["properties"]["child"]["properties"]) == set(forms.CHILD) | set(forms.CHILD_DATES)
    assert set(schema["properties"]["referrer"]["properties"]) == set(forms.REFERRER)
    # The lengths described are the contact's columns' (and the form's) lengths.
    referrer = schema["properties"]["referrer"]["properties"]
    assert (referrer["organisation"]["maxLength"], referrer["phone"]["maxLength"]) == (200, 20)
    assert referrer["email"]["maxLength"] == 120


# --- Access log -----------------------------------------------------------------------------


def test_every_request_is_access_logged_without_personal_data(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    pk = post(client, auth, contact_json()).json()["id"]
    post(client, auth, {})
    client.get(f"{URL}{pk}/", **auth)
    client.get(f"{URL}{pk + 1000}/", **auth)
    client.get("/api/v1/openapi.json", **auth)
    entries = list(AccessLogEntry.objects.filter(user=police).order_by("pk"))
    assert [(e.action, e.record_type, e.record_id) for e in entries] == [
        ("api.contact.create", "contact", str(pk)),
        ("api.contact.create.invalid", "api", "400"),
        ("api.contact.outcome", "contact", str(pk)),
        ("api.contact.outcome.refused", "contact", str(pk + 1000)),
        ("api.openapi", "api", "openapi"),
    ]
    logged = json.dumps([[e.action, e.record_type, e.record_id, e.reason] for e in entries])
    assert "Khan" not in logged
    assert "Mohammed" not in logged


# --- Admin ----------------------------------------------------------------------------------


def test_admin_revokes_tokens_and_cannot_unrevoke_or_add(client, police, make_user) -> None:  # type: ignore[no-untyped-def]
    token, _ = create_token(user=police, name="Police case system")
    client.force_login(make_user("sysadmin", roles.SYSTEM_ADMINISTRATOR, staff=True))
    listing = client.get("/admin/api/apitoken/")
    assert listing.status_code == 200
    assert token.token_hash not in listing.content.decode()
    response = client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked is True
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    change = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert 'name="revoked"' not in change
