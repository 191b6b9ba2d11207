"""Error pages that hold when the database does not (issue 17, points 8 and 9).

With the database unreachable a signed-in user gets Continuum's own "service
unavailable" page (503, with a retry hint), rendered without reading the user,
the session or messages; the failure is logged as one line naming its cause;
and once the database is back the next request succeeds (connection health
checks), with no half-done write.
"""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import OperationalError
from django.utils.functional import SimpleLazyObject

from continuum.core import roles
from continuum.failures import OneLineFailures, one_line
from continuum.journey.models import Contact
from continuum.web.views import RETRY_AFTER_SECONDS, server_error


def _untouchable() -> object:
    raise AssertionError("the error page read request.user, which needs the database")


def test_the_503_page_is_branded_and_never_reads_the_user(rf) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/children/1/")
    request.user = SimpleLazyObject(_untouchable)
    request.csp_nonce = "n0nce"
    try:
        raise OperationalError("connection to server failed")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert f"Try again in {RETRY_AFTER_SECONDS} seconds" in page
    assert settings.CONTINUUM_SERVICE_NAME in page
    assert "govuk-header" in page or "govuk-generic-header" in page  # the service's own layout
    assert 'nonce="n0nce"' in page


def test_other_failures_get_the_branded_500_page(rf) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/children/1/")
    request.user = SimpleLazyObject(_untouchable)
    try:
        raise ValueError("a value from the record")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Retry-After" not in response
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "a value from the record" not in page


def test_a_failure_is_logged_as_one_line_without_the_librarys_message() -> None:
    try:
        try:
            raise OperationalError('connection failed for "Jane Smith"')
        except OperationalError as first:
            raise RuntimeError("while rendering") from first
    except RuntimeError as exc:
        failure = exc
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/x/",),
            (type(exc), exc, exc.__traceback__),
        )
    assert OneLineFailures().filter(record)
    line = record.getMessage()
    assert "\n" not in line
    assert line.startswith(
        "Internal Server Error: /x/: the database could not be reached -> RuntimeError at "
    )
    assert "Jane Smith" not in line
    assert record.exc_info is None
    assert "test_error_pages.py" in one_line(failure)


def test_connections_are_health_checked() -> None:
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


@pytest.mark.django_db(transaction=True)
def test_database_down_then_back(client, make_user, caplog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("mash-user", roles.MASH_PRACTITIONER))
    contacts_before = Contact.objects.count()
    real = connection.settings_dict["HOST"]
    connection.close()
    connection.settings_dict["HOST"] = "/nonexistent-continuum-socket"
    client.raise_request_exception = False
    try:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = client.get("/")
            posted = client.post("/mash/contacts/new/", {"referral_source": "6"})
    finally:
        connection.close()
        connection.settings_dict["HOST"] = real
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Sorry, the service is unavailable" in response.content.decode()
    assert posted.status_code == 503
    failures = [r for r in caplog.records if r.name == "django.request"]
    assert len(failures) == 2  # one line per failed request (the session's save once added a second)
    for record in failures:
        OneLineFailures().filter(record)
        assert "\n" not in record.getMessage()
        assert "the database could not be reached" in record.getMessage()
    # The database is back: the very next request succeeds, and nothing was half-written.
    assert client.get("/").status_code == 200
    assert Contact.objects.count() == contacts_before
