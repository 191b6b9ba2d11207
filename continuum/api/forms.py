"""The API's contact, checked by the MASH contact form's own rules.

The JSON body is turned into the form data the browser would post and fed to
a subclass of :class:`continuum.web.mash.forms.ContactForm` (and one
:class:`SiblingForm` per sibling), so a contact is refused for exactly the
same reasons, with the same messages, wherever it comes from. Errors come back
as ``{"field": <JSON path>, "message": ...}``: ``child.birth_date``,
``siblings[1].last_name``.

The API adds address lines, and says an unborn child by giving its expected
date of birth instead of a date of birth (the browser form has a box to tick).
Dates are ISO 8601 (``YYYY-MM-DD``); they are split into the form's day,
month and year boxes so that an impossible date gets the form's reason
("February 2023 has 28 days").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from continuum.web.govuk.fields import text_field
from continuum.web.mash.forms import ContactForm, SiblingForm

MAX_SIBLINGS = 10
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

# JSON path -> form field name. Dates are handled separately.
TOP_LEVEL = {
    "referral_source": "referral_source",
    "concerns": "concerns",
    "consent": "consent",
    "consent_dispensed_rationale": "consent_dispensed_rationale",
}
REFERRER = {
    "name": "referrer_name",
    "role": "referrer_role",
    "organisation": "referrer_organisation",
    "phone": "referrer_phone",
    "email": "referrer_email",
}
CHILD = {
    "first_name": "child_first_name",
    "last_name": "child_last_name",
    "sex": "child_sex",
    "postcode": "child_postcode",
    "address_line_1": "child_address_line_1",
    "address_line_2": "child_address_line_2",
    "town": "child_town",
}
CHILD_DATES = {"birth_date": "child_birth_date", "expected_birth_date": "child_expected_birth_date"}
SIBLING = {"first_name": "first_name", "last_name": "last_name"}
SIBLING_DATES = {"birth_date": "birth_date"}
OBJECTS = {"referrer", "child", "siblings"}

FORM_TO_PATH = {
    **{form: path for path, form in TOP_LEVEL.items()},
    **{form: f"referrer.{path}" for path, form in REFERRER.items()},
    **{form: f"child.{path}" for path, form in {**CHILD, **CHILD_DATES}.items()},
}


class ApiContactForm(ContactForm):
    """The MASH contact form, with address lines as well; unborn when only an expected date is given."""

    child_address_line_1 = text_field("Address line 1", required=False, max_length=200)
    child_address_line_2 = text_field("Address line 2", required=False, max_length=200)
    child_town = text_field("Town or city", required=False, max_length=100)

    def _check_birth(self, data: dict[str, Any]) -> None:
        """Born or unborn by the date given: one of the two dates, never both; an expected date
        within a pregnancy, as on the browser's form (ContactForm._check_expected)."""
        born, expected = data.get("child_birth_date"), data.get("child_expected_birth_date")
        named = data.get("child_first_name") or "child_first_name" in self.errors
        if not named and (expected is None or born is not None):  # a born child has a first name
            self.add_error("child_first_name", "Enter the child's first name")
        if {"child_birth_date", "child_expected_birth_date"} & set(self.errors):
            return
        if born is None and expected is None:
            self.add_error(
                "child_birth_date",
                "Enter the child's date of birth or, for an unborn child, the expected date of birth",
            )
        elif born is not None and expected is not None:
            self.add_error(
                "child_expected_birth_date",
                "Give either the child's date of birth or an expected date of birth, not both",
            )
        elif expected is not None:
            data["child_unborn"] = True
            self._check_expected(data)

    def address(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "postcode": data.get("child_postcode", ""),
            "line_1": data.get("child_address_line_1", ""),
            "line_2": data.get("child_address_line_2", ""),
            "town": data.get("child_town", ""),
        }


@dataclass
class ParsedContact:
    """The checked contact, or the errors that refused it."""

    form: ApiContactForm | None = None
    siblings: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Reader:
    """Turns JSON values into form data, noting shape errors (wrong types, unknown fields)."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str | None]] = []

    def refuse(self, path: str | None, message: str) -> None:
        self.errors.append({"field": path, "message": message})

    def obj(self, value: Any, path: str, known: set[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.refuse(path, f"{path} must be an object")
            return {}
        for key in sorted(set(value) - known):
            self.refuse(f"{path}.{key}" if path else key, "This field is not part of the API; remove it")
        return value

    def texts(self, source: dict[str, Any], names: dict[str, str], prefix: str, out: dict[str, str]) -> None:
        for key, form_name in names.items():
            value = source.get(key)
            if value is None:
                out[form_name] = ""
            elif isinstance(value, str):
                out[form_name] = value.strip()
            else:
                self.refuse(prefix + key, "Must be text (a JSON string)")

    def dates(self, source: dict[str, Any], names: dict[str, str], prefix: str, out: dict[str, str]) -> None:
        for key, form_name in names.items():
            value = source.get(key)
            if value is None or value == "":
                continue
            match = ISO_DATE_RE.match(value) if isinstance(value, str) else None
            if match is None:
                self.refuse(prefix + key, "Must be a date written as YYYY-MM-DD, like 2016-03-04")
                continue
            year, month, day = match.groups()
            out.update({f"{form_name}-day": day, f"{form_name}-month": month, f"{form_name}-year": year})


def _form_errors(form: Any, paths: dict[str, str]) -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    for message in form.non_field_errors():
        out.append({"field": None, "message": message})
    for name in form.fields:
        for message in form.errors.get(name, []):
            out.append({"field": paths.get(name, name), "message": message})
    return out


def parse_contact(body: Any) -> ParsedContact:
    """Check a contact's JSON body with the MASH form's rules."""
    reader = _Reader()
    if not isinstance(body, dict):
        return ParsedContact(errors=[{"field": None, "message": "The body must be a JSON object"}])
    top = reader.obj(body, "", set(TOP_LEVEL) | OBJECTS)
    data: dict[str, str] = {}
    reader.texts(top, TOP_LEVEL, "", data)
    reader.texts(reader.obj(top.get("referrer"), "referrer", set(REFERRER)), REFERRER, "referrer.", data)
    child = reader.obj(top.get("child"), "child", set(CHILD) | set(CHILD_DATES))
    reader.texts(child, CHILD, "child.", data)
    reader.dates(child, CHILD_DATES, "child.", data)
    if top.get("referrer") is None:
        reader.refuse("referrer", "Enter the referrer's details")
    if top.get("child") is None:
        reader.refuse("child", "Enter the child's details")

    siblings_in = top.get("siblings") or []
    if not isinstance(siblings_in, list):
        reader.refuse("siblings", "siblings must be a list")
        siblings_in = []
    if len(siblings_in) > MAX_SIBLINGS:
        reader.refuse("siblings", f"Give {MAX_SIBLINGS} siblings or fewer")
        siblings_in = []

    form = ApiContactForm(data)
    errors = list(reader.errors)
    if not form.is_valid():
        # A date the reader already refused (not YYYY-MM-DD) is not reported again as missing.
        date_paths = {f"child.{key}" for key in CHILD_DATES}
        shadowed = {e["field"] for e in reader.errors}
        if shadowed & date_paths:
            shadowed |= date_paths
        errors += [e for e in _form_errors(form, FORM_TO_PATH) if e["field"] not in shadowed]
    siblings: list[dict[str, Any]] = []
    for i, raw in enumerate(siblings_in):
        prefix = f"siblings[{i}]"
        sibling_reader = _Reader()
        source = sibling_reader.obj(raw, prefix, set(SIBLING) | set(SIBLING_DATES))
        row: dict[str, str] = {}
        sibling_reader.texts(source, SIBLING, prefix + ".", row)
        sibling_reader.dates(source, SIBLING_DATES, prefix + ".", row)
        errors += sibling_reader.errors
        sibling = SiblingForm(row)
        paths = {name: f"{prefix}.{name}" for name in sibling.fields}
        if not sibling.is_valid():
            errors += _form_errors(sibling, paths)
        elif sibling.is_blank() and not sibling_reader.errors:
            errors.append({"field": prefix, "message": "Enter the sibling's names and date of birth"})
        else:
            siblings.append(sibling.cleaned_data)
    if errors:
        return ParsedContact(errors=errors)
    return ParsedContact(form=form, siblings=siblings)
