"""SEN2's code lists are stated once (continuum/returns/sen2/codes.py): the import's inverses are derived,
and every Continuum value the export writes has its code."""

from __future__ import annotations

from continuum.returns.sen2.codes import (
    CEASE_CODES,
    CEASE_REASON,
    REQUEST_SOURCE,
    REQUESTED_BY,
    REVIEW_OUTCOME,
)
from continuum.send.models import AnnualReview, CeaseReason, Requester


def test_every_value_has_its_code() -> None:
    assert set(REQUEST_SOURCE) == set(Requester.values)
    assert set(CEASE_CODES) == set(CeaseReason.values)
    assert set(REVIEW_OUTCOME) == set(AnnualReview.Outcome.values)


def test_the_inverses_read_back_what_the_export_writes() -> None:
    assert REQUESTED_BY == {"1": "PARENT", "2": "YOUNG_PERSON", "3": "SCHOOL", "4": "OTHER"}
    assert CEASE_REASON == {
        "1": "AGE_25", "2": "NEEDS_MET", "3": "HIGHER_EDUCATION", "4": "EMPLOYMENT", "5": "MOVED_LA",
        "6": "LEFT_EDUCATION", "7": "OTHER", "8": "DIED", "9": "OTHER",
    }  # fmt: skip
    for ours, code in CEASE_CODES.items():
        assert CEASE_REASON[code] == ours.upper()
