"""The partner API answers in JSON for every error, its tokens expire, and its schema states the form's rules.

Issue 17, point 6: unknown paths, wrong methods, bodies too large, bodies that
are not JSON or nest 100,000 deep, and server failures all come back as the
API's ``{"errors": [...]}``; a token is refused after its expiry day and warns
in the 30 days before; a body the OpenAPI schema accepts is accepted by the
form, and one the form refuses for a rule a schema can state is refused by the
schema too.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import jsonschema
import pytest
from django.db.utils import OperationalError
from django.test import override_settings
from django.utils import timezone

from continuum.api.forms import parse_contact
from continuum.api.models import ApiToken
from continuum.api.openapi import openapi_document
from continuum.api.tokens import create_token
from continuum.core import roles
from continuum.web.views import server_error
from tests.api.test_api import URL, bearer, contact_json, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(make_user):  # type: ignore[no-untyped-def]
    return make_user("pc-api", roles.PARTNER_POLICE)


def _is_api_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["errors"][0]["message"]
    return body


@pytest.mark.parametrize("path", ["/api/nothing/", "/api/v1/contacts/1/extra/", "/api/v2/contacts/"])
def test_unknown_api_paths_are_404_json(client, path) -> None:  # type: ignore[no-untyped-def]
    _is_api_error(client.get(path), 404)


def test_wrong_method_is_405_json_with_allow(client, police) -> None:  # type: ignore[no-untyped-def]
    body = _is_api_error(client.delete(URL, **bearer(police)), 405)
    assert "POST" in body["errors"][0]["message"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_body_too_large_is_413_json(client, police) -> None:  # type: ignore[no-untyped-def]
    big = contact_json(concerns="x" * 5000)
    _is_api_error(post(client, bearer(police), big), 413)


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"\xff\xfe", b"[" * 100_000, b'{"a":' * 100_000, b"[" * 100_000 + b"]" * 100_000],
    ids=["malformed", "not-utf8", "100k-open-brackets", "100k-nested-objects", "100k-balanced"],
)
def test_malformed_or_deeply_nested_json_is_400_json(client, police, raw) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL, raw, content_type="application/json", **bearer(police))
    _is_api_error(response, 400)


def test_a_server_failure_under_api_is_json(rf) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/api/v1/contacts/1/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    body = _is_api_error(response, 503)
    assert response["Retry-After"]
    assert "try again" in body["errors"][0]["message"]
    try:
        raise ValueError("something else")
    except ValueError:
        _is_api_error(server_error(request), 500)


# --- Expiry ----------------------------------------------------------------------------------


def test_tokens_expire_twelve_months_after_they_are_made_by_default(police) -> None:  # type: ignore[no-untyped-def]
    token, _ = create_token(user=police, name="Police case system")
    assert timedelta(days=364) < token.expires - timezone.now() <= timedelta(days=365)


def test_an_expired_token_is_refused(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    assert client.get("/api/v1/openapi.json", **auth).status_code == 200
    ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    body = _is_api_error(client.get("/api/v1/openapi.json", **auth), 401)
    assert "expired" in body["errors"][0]["message"]


def test_every_answer_names_the_expiry_and_warns_in_the_last_30_days(client, police) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(police)
    response = client.get("/api/v1/openapi.json", **auth)
    token = ApiToken.objects.get()
    assert response["Token-Expires"] == timezone.localdate(token.expires).isoformat()
    assert "Warning" not in response
    ApiToken.objects.update(expires=timezone.now() + timedelta(days=10))
    response = client.get("/api/v1/openapi.json", **auth)
    assert response.status_code == 200
    assert "expires on" in response["Warning"]
    assert response["Warning"].startswith("299 ")


# --- The schema states the form's rules -----------------------------------------------------


def _schema_accepts(body: Any) -> bool:
    schema = openapi_document()["components"]["schemas"]["ContactIn"]
    return jsonschema.Draft202012Validator(schema).is_valid(body)


def _without(body: dict[str, Any], path: str) -> dict[str, Any]:
    out = json.loads(json.dumps(body))
    *parents, last = path.split(".")
    target = out
    for key in parents:
        target = target[key]
    del target[last]
    return out


def _with(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(body))
    *parents, last = path.split(".")
    target = out
    for key in parents:
        target = target[key]
    target[last] = value
    return out


BASE = contact_json()
AGREEING = {
    "valid": (BASE, True),
    "no-phone-nor-email": (_without(BASE, "referrer.phone"), False),
    "email-instead-of-phone": (
        _with(_without(BASE, "referrer.phone"), "referrer.email", "pc@police.example"),
        True,
    ),
    "bad-phone": (_with(BASE, "referrer.phone", "call me"), False),
    "blank-name": (_with(BASE, "referrer.name", "   "), False),
    "blank-child-name": (_with(BASE, "child.first_name", " "), False),
    "blank-concerns": (_with(BASE, "concerns", "  "), False),
    "bad-postcode": (_with(BASE, "child.postcode", "NOTAPC"), False),
    "lower-case-postcode": (_with(BASE, "child.postcode", "n1 9gu"), True),
    "no-birth-date": (_without(BASE, "child.birth_date"), False),
    "both-dates": (_with(BASE, "child.expected_birth_date", "2099-01-01"), False),
    "dispensed-without-reason": (_with(BASE, "consent", "dispensed"), False),
    "dispensed-blank-reason": (
        _with(_with(BASE, "consent", "dispensed"), "consent_dispensed_rationale", " "),
        False,
    ),
    "dispensed-with-reason": (
        _with(_with(BASE, "consent", "dispensed"), "consent_dispensed_rationale", "Risk of harm if told"),
        True,
    ),
    "blank-sibling-name": (
        _with(BASE, "siblings", [{"first_name": " ", "last_name": "K", "birth_date": "2018-05-06"}]),
        False,
    ),
}


@pytest.mark.parametrize("case", sorted(AGREEING))
def test_the_schema_and_the_form_agree(case: str) -> None:
    body, valid = AGREEING[case]
    assert _schema_accepts(body) is valid, "schema"
    assert parse_contact(body).ok is valid, parse_contact(body).errors
