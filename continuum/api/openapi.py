"""The OpenAPI 3.1 description of the partner API, written as a Python dict.

Kept by hand next to the views (no generator): the tests check that it is
valid JSON, that it lists every API URL, and that its enums match the codes
the form accepts. It states the form's rules too (text that must not be blank,
phone and postcode patterns, a phone or an email, a date of birth or an
expected one, a reason when consent is dispensed with), so a body the schema
accepts is refused only for what a schema cannot say (a date in the future,
an impossible date such as 30 February); tests/api/test_api_errors.py checks
the schema and the form agree on each rule.
"""

from __future__ import annotations

from typing import Any

from continuum.core import codes
from continuum.journey.models import Consent, ContactOutcome
from continuum.web.govuk.fields import POSTCODE_RE
from continuum.web.mash.forms import PHONE_RE, SEX_CHOICES

#: Text that must hold something besides spaces (the form strips it, then requires it).
NOT_BLANK = r"\S"


def _text(description: str, max_length: int | None = None, *, required: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "description": description}
    if max_length:
        schema["maxLength"] = max_length
    if required:
        schema["pattern"] = NOT_BLANK
    return schema


def _pattern(regex: Any) -> str:
    """A Python pattern as JSON Schema's (ECMA 262, no flags): case-insensitive letters spelt out."""
    pattern = regex.pattern
    if regex.flags & 2:  # re.IGNORECASE
        pattern = pattern.replace("[A-Z]", "[A-Za-z]").replace("[A-Z0-9]", "[A-Za-z0-9]")
    return pattern


_DATE = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}

_ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {
                        "type": ["string", "null"],
                        "description": "JSON path of the wrong field "
                        "(child.birth_date, siblings[0].last_name); "
                        "null when the error is about the request as a whole.",
                    },
                    "message": {"type": "string", "description": "What is wrong and what to do."},
                },
            },
        }
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def openapi_document() -> dict[str, Any]:
    sources = codes.choices("ReferralSource", with_code=False)
    contact_in = {
        "type": "object",
        "required": ["referral_source", "referrer", "child", "concerns", "consent"],
        "additionalProperties": False,
        "properties": {
            "referral_source": {
                "type": "string",
                "enum": [code for code, _ in sources],
                "description": "CIN census (DfE) ReferralSource code of the agency: "
                + "; ".join(f"{code} {label}" for code, label in sources),
            },
            "referrer": {
                "type": "object",
                "required": ["name", "organisation"],
                "additionalProperties": False,
                "description": "Give a phone number or an email address (or both).",
                "anyOf": [{"required": ["phone"]}, {"required": ["email"]}],
                "properties": {
                    "name": _text("Referrer's full name", 200, required=True),
                    "role": _text("Job title", 200),
                    "organisation": _text("Organisation", 200, required=True),
                    "phone": {
                        **_text("Phone number, like 01632 960 001", 20),
                        "pattern": _pattern(PHONE_RE),
                    },
                    "email": {"type": "string", "format": "email", "maxLength": 120},
                },
            },
            "child": {
                "type": "object",
                "required": ["first_name", "last_name", "sex"],
                "additionalProperties": False,
                "description": "Exactly one of birth_date and expected_birth_date (an unborn child).",
                "oneOf": [{"required": ["birth_date"]}, {"required": ["expected_birth_date"]}],
                "properties": {
                    "first_name": _text("First name", 100, required=True),
                    "last_name": _text("Last name", 100, required=True),
                    "birth_date": {**_DATE, "description": "Date of birth, YYYY-MM-DD, not in the future"},
                    "expected_birth_date": {
                        **_DATE,
                        "description": "Unborn child's expected date of birth, YYYY-MM-DD, today or later",
                    },
                    "sex": {"type": "string", "enum": [code for code, _ in SEX_CHOICES]},
                    "postcode": {**_text("Home postcode, like N1 9GU", 8), "pattern": _pattern(POSTCODE_RE)},
                    "address_line_1": _text("Address line 1", 200),
                    "address_line_2": _text("Address line 2", 200),
                    "town": _text("Town or city", 100),
                },
            },
            "concerns": _text("What the concerns about the child are", 10_000, required=True),
            "consent": {"type": "string", "enum": list(Consent.values)},
            "consent_dispensed_rationale": _text(
                "Required when consent is 'dispensed': why it was right to proceed without it", 5_000
            ),
            "siblings": {
                "type": "array",
                "maxItems": 10,
                "items": {
                    "type": "object",
                    "required": ["first_name", "last_name", "birth_date"],
                    "additionalProperties": False,
                    "properties": {
                        "first_name": _text("First name", 100, required=True),
                        "last_name": _text("Last name", 100, required=True),
                        "birth_date": {
                            **_DATE,
                            "description": "Date of birth, YYYY-MM-DD, not in the future",
                        },
                    },
                },
            },
        },
    }
    # The reason is required when consent was dispensed with (the form's rule).
    contact_in["if"] = {"properties": {"consent": {"const": "dispensed"}}, "required": ["consent"]}
    contact_in["then"] = {
        "required": ["consent_dispensed_rationale"],
        "properties": {"consent_dispensed_rationale": {"pattern": NOT_BLANK}},
    }
    status = {"type": "string", "enum": ["awaiting_decision", "decided"]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Continuum partner API",
            "version": "1",
            "description": "Partner agencies (police, health, education) make contacts to the front door "
            "(MASH) and read the outcome of the contacts they made, nothing else.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/contacts/": {
                "post": {
                    "operationId": "createContact",
                    "summary": "Make a contact about a child",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ContactIn"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Contact recorded",
                            "headers": {"Location": {"schema": {"type": "string"}}},
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["id", "status"],
                                        "properties": {"id": {"type": "integer"}, "status": status},
                                    }
                                }
                            },
                        },
                        "400": _error("The contact was refused: each error names the field"),
                        "401": _error("No token, or a token that is not valid or has been revoked"),
                        "403": _error("The token's user holds no partner agency role"),
                        "405": _error("Another method than POST"),
                        "413": _error("The body is larger than the server accepts"),
                        "415": _error("The body was not sent as application/json"),
                    },
                }
            },
            "/api/v1/contacts/{id}/": {
                "get": {
                    "operationId": "getContactOutcome",
                    "summary": "The outcome of a contact you made",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "Where the contact stands",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Outcome"}}
                            },
                        },
                        "401": _error("No token, or a token that is not valid or has been revoked"),
                        "403": _error("The token's user holds no partner agency role"),
                        "404": _error("No such contact, or one you did not make"),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This description",
                    "responses": {
                        "200": {"description": "OpenAPI 3.1 document"},
                        "401": _error("No token, or a token that is not valid or has been revoked"),
                        "403": _error("The token's user holds no partner agency role"),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from './run api-token create': 'Authorization: Bearer <token>'",
                }
            },
            "schemas": {
                "ContactIn": contact_in,
                "Outcome": {
                    "type": "object",
                    "required": ["id", "status", "outcome", "outcome_label", "decided_on"],
                    "properties": {
                        "id": {"type": "integer"},
                        "status": status,
                        "outcome": {"type": ["string", "null"], "enum": [*ContactOutcome.values, None]},
                        "outcome_label": {"type": ["string", "null"]},
                        "decided_on": {"type": ["string", "null"], "format": "date"},
                    },
                },
                "Errors": _ERRORS,
            },
        },
    }
