"""Known answers for caseloads, agency staff and changes of social worker (June 2024)."""

from __future__ import annotations

from tests.metrics.builders import ids, run, table

WORKERS = table(
    "workers",
    {"sw_id": "w1", "team_id": "T1"},
    {"sw_id": "w2", "team_id": "T1", "agency": True},
    {"sw_id": "w3", "team_id": "T2", "agency": True, "end_date": "2024-06-15"},  # left mid-June
    {"sw_id": "w4", "team_id": "T1", "agency": True, "role": "TM"},  # a manager, not counted
    {"sw_id": "w5", "team_id": "T2", "start_date": "2024-07-01"},  # not yet in post
    {"sw_id": "w6", "team_id": "T2", "end_date": "2024-06-30"},  # in post on the last day
)
ALLOCATIONS = table(
    "allocations",
    {"allocation_id": "al1", "la_child_id": "a", "sw_id": "w1", "team_id": "T1", "sw_decom": "2024-01-01"},
    {"allocation_id": "al2", "la_child_id": "b", "sw_id": "w1", "team_id": "T1", "sw_decom": "2024-01-01"},
    # Child c changed worker on 30 June: w1's allocation ends that day (not held at the end)...
    {
        "allocation_id": "al3",
        "la_child_id": "c",
        "sw_id": "w1",
        "team_id": "T1",
        "sw_decom": "2024-01-01",
        "sw_dec": "2024-06-30",
        "sw_reason": "LEFTRL",
    },
    # ... and w2 holds it from 30 June.
    {"allocation_id": "al4", "la_child_id": "c", "sw_id": "w2", "team_id": "T1", "sw_decom": "2024-06-30"},
    {"allocation_id": "al5", "la_child_id": "d", "sw_id": "w4", "team_id": "T1", "sw_decom": "2024-01-01"},
    # Closed case in May: no reason -> not a change of worker.
    {
        "allocation_id": "al6",
        "la_child_id": "e",
        "sw_id": "w2",
        "team_id": "T1",
        "sw_decom": "2024-01-01",
        "sw_dec": "2024-05-31",
    },
)
TABLES = {"workers": WORKERS, "allocations": ALLOCATIONS}


def test_agency_share() -> None:
    r = run(TABLES, "agency_worker_share", "2024-06")
    # In post on 30 June as social workers: w1, w2, w6; agency: w2 -> 1/3.
    assert ids(r) == ["w1", "w2", "w6"]
    assert (r.numerator, r.denominator) == (1, 3)


def test_caseload_average() -> None:
    r = run(TABLES, "caseload_avg", "2024-06", breakdown="worker")
    # Held at the end by social workers: al1, al2 (w1), al4 (w2) -> 3 children / 2 workers.
    assert ids(r) == ["al1", "al2", "al4"]
    assert (r.numerator, r.denominator, r.value) == (3, 2, 1.5)
    assert [(g["group"], g["value"]) for g in r.breakdown] == [("w1", 2.0), ("w2", 1.0)]
    assert r.rag == "G"


def test_social_worker_changes() -> None:
    r = run(TABLES, "sw_changes", "2024-06", breakdown="team")
    assert ids(r) == ["al3"]
    assert r.value == 1
    # On 30 June child c is held by w2 (the latest allocation starting on or before that day).
    assert r.breakdown == [
        {"group": "T1", "numerator": 1, "denominator": None, "value": 1.0, "share_of_numerator": 100.0}
    ]
