"""ASB: calls by type, month and ward, year on year, repeat callers and victims by key; the ward map."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.community_safety import asb
from continuum.community_safety.models import AsbCall
from continuum.community_safety.wards import load_wards
from continuum.core import roles

URL = "/community-safety/asb/"
N1, N2 = "E05099901", "E05099902"  # Northgate, Millbrook in the synthetic wards file


def _calls() -> None:
    rows = [
        # this period (April-May 2012)
        (date(2012, 4, 2), "Noise", N1, "KEY-C1", "KEY-C1"),
        (date(2012, 4, 9), "Noise", N1, "KEY-C1", "KEY-C1"),
        (date(2012, 5, 1), "Noise", N1, "KEY-C1", ""),
        (date(2012, 5, 3), "Street Drinking", N2, "KEY-C2", "KEY-V9"),
        (date(2012, 5, 31), "Street Drinking", N2, "KEY-C3", "KEY-V9"),
        # a year before (April-May 2011): 4 calls
        (date(2011, 4, 1), "Noise", N1, "KEY-C1", ""),
        (date(2011, 4, 2), "Noise", N2, "KEY-C4", ""),
        (date(2011, 5, 30), "Noise", N2, "KEY-C5", ""),
        (date(2011, 5, 31), "Noise", N2, "KEY-C6", ""),
        # outside both
        (date(2012, 6, 1), "Noise", N1, "KEY-C1", "KEY-C1"),
    ]
    AsbCall.objects.bulk_create(
        [AsbCall(received=d, call_type=t, ward=w, caller_key=c, victim_key=v) for d, t, w, c, v in rows]
    )


@pytest.mark.django_db
def test_known_answers() -> None:
    _calls()
    f = asb.figures(date(2012, 4, 1), date(2012, 5, 31))
    assert (f.total, f.total_last_year, f.change) == (5, 4, 25.0)
    assert f.rows() == [("Noise", [2, 1], 3), ("Street Drinking", [0, 2], 2)]
    assert f.monthly_totals() == [2, 3]
    assert f.by_ward == {N1: (3, 1), N2: (2, 3)}
    assert (f.repeat_callers, f.repeat_caller_calls, f.repeat_victims) == (1, 3, 2)


def test_the_ward_file_draws_as_svg_paths() -> None:
    wards, width, height = load_wards()
    assert len(wards) == 8
    assert {w.code for w in wards} >= {N1, N2}
    assert all(w.path.startswith("M") and w.path.endswith("Z") for w in wards)
    assert width == 480
    assert 0 < height < width


@pytest.mark.django_db
def test_the_page(client, make_user) -> None:  # type: ignore[no-untyped-def]
    _calls()
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = client.get(URL, {"from": "2012-04-01", "to": "2012-05-31"}).content.decode()
    assert "data-ward-map" in page
    assert "Northgate: 3 calls" in page
    assert "data-monthly-total" in page
    assert "data-repeat-callers>1<" in page
    assert "KEY-" not in page  # keys are counted, never listed (a plain "C1" can occur in the CSRF token)
    assert "http" not in page.split("data-ward-map")[1].split("</svg>")[0]  # no external tiles
    assert client.get(URL, {"from": "2012-04", "to": "x"}).status_code == 400
    client.force_login(make_user("worker", roles.SOCIAL_WORKER))
    assert client.get(URL).status_code == 403
