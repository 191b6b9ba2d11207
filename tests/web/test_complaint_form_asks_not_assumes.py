"""The new complaint form asks who is complaining and which service area, rather than opening on
"Parent" and "Children's Social Care": an officer who did not notice the question recorded those
answers for every such complaint, and the annual report counted them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from continuum.complaints.models import Complaint
from continuum.core import roles

pytestmark = pytest.mark.django_db


def _filled(**changes: str) -> dict[str, str]:
    form = {
        "procedure": "corporate",
        "received-day": "18",
        "received-month": "3",
        "received-year": "2024",
        "complainant_name": "Pat Parent",
        "complainant_type": "young_person",
        "category": "communication",
        "service_area": "early_help",
        "summary": "No reply to calls",
    }
    form.update(changes)
    return form


def _options(page: str, name: str) -> list[tuple[str, bool]]:
    """The select called ``name``'s option values in order, each with whether it is marked ``selected``."""
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select is not None
    return [
        (value, bool(mark))
        for value, mark in re.findall(r'<option value="([^"]*)"( selected)?>', select.group(0))
    ]


def _opens_on(page: str, name: str) -> str:
    """The value a browser shows the select opening on: the one marked ``selected``, else the first."""
    options = _options(page, name)
    return next((value for value, chosen in options if chosen), options[0][0])


@pytest.fixture
def officer_client(client, make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-10"
    client.force_login(make_user("cfa-officer", roles.COMPLAINTS_OFFICER))
    return client


def test_the_new_form_opens_with_neither_answer_chosen(officer_client) -> None:  # type: ignore[no-untyped-def]
    page = officer_client.get(reverse("complaints-new")).content.decode()
    assert _opens_on(page, "complainant_type") == ""
    assert _opens_on(page, "service_area") == ""
    assert '<option value="">Choose who is complaining</option>' in page
    assert '<option value="">Choose a service area</option>' in page


def test_leaving_them_unanswered_is_refused_naming_each_field(officer_client) -> None:  # type: ignore[no-untyped-def]
    response = officer_client.post(reverse("complaints-new"), _filled(complainant_type="", service_area=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert not Complaint.objects.exists()
    assert "Select who is complaining" in page
    assert "Select the service area" in page
    # The summary links each error to its select.
    assert 'href="#id_complainant_type"' in page
    assert 'href="#id_service_area"' in page


def test_a_value_not_in_the_list_is_refused_in_words(officer_client) -> None:  # type: ignore[no-untyped-def]
    response = officer_client.post(reverse("complaints-new"), _filled(service_area="housing"))
    assert response.status_code == 400
    assert "Select the service area from the list" in response.content.decode()


def test_the_chosen_answers_are_recorded_and_kept_when_the_form_comes_back(officer_client) -> None:  # type: ignore[no-untyped-def]
    # Another field wrong: the form comes back still showing what was chosen.
    back = officer_client.post(reverse("complaints-new"), _filled(summary="")).content.decode()
    assert _opens_on(back, "complainant_type") == "young_person"
    assert _opens_on(back, "service_area") == "early_help"

    response = officer_client.post(reverse("complaints-new"), _filled())
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.complainant_type, complaint.service_area) == ("young_person", "early_help")
    shown = officer_client.get(response["Location"]).content.decode()
    assert "(Young person)" in shown
    assert "Early Intervention and Prevention" in shown
