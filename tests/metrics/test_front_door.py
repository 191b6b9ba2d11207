"""Known answers for the front door: contacts, MASH timeliness, BRAG, referrals, re-referrals."""

from __future__ import annotations

from fractions import Fraction

from tests.metrics.builders import ids, run, table

# March 2024 contacts around Easter (Good Friday 29 March, Easter Monday 1 April).
CONTACTS = table(
    "contacts",
    # m1: Thu 28 Mar, decided Tue 2 Apr. Due = 1 working day after 28 Mar = Tue 2 Apr
    # (29 GF, 30-31 weekend, 1 Apr EM) -> on time, though 5 calendar days later.
    {
        "contact_id": "m1",
        "la_child_id": "c1",
        "contact_datetime": "2024-03-28T09:00",
        "mash_decision_datetime": "2024-04-02T16:00",
        "initial_brag": "R",
        "final_brag": "R",
    },
    # m2: Thu 28 Mar, decided Wed 3 Apr -> late. BRAG changed A -> B. Became a referral.
    {
        "contact_id": "m2",
        "la_child_id": "c2",
        "contact_datetime": "2024-03-28T11:00",
        "mash_decision_datetime": "2024-04-03T10:00",
        "initial_brag": "A",
        "final_brag": "B",
        "referral_id": "r-m2",
    },
    # m3: Saturday 30 Mar, decided Tue 2 Apr: due Tue 2 Apr -> on time.
    {
        "contact_id": "m3",
        "la_child_id": "c3",
        "contact_datetime": "2024-03-30T12:00",
        "mash_decision_datetime": "2024-04-02T09:00",
        "initial_brag": "G",
        "final_brag": "G",
        "contact_source": "5D",
    },
    # m4: Fri 15 Mar, decided Mon 18 Mar (due Mon 18) -> on time. No initial BRAG.
    {
        "contact_id": "m4",
        "la_child_id": "c4",
        "contact_datetime": "2024-03-15T17:00",
        "mash_decision_datetime": "2024-03-18T09:00",
        "final_brag": "G",
        "contact_source": "5D",
    },
    # m5: Fri 15 Mar, never decided: due Mon 18 Mar, before 31 Mar -> overdue (in the
    # denominator, not the numerator). BRAG A -> R changed. Outcome REFERRAL, no id yet.
    {
        "contact_id": "m5",
        "la_child_id": "c5",
        "contact_datetime": "2024-03-15T10:00",
        "initial_brag": "A",
        "final_brag": "R",
        "mash_outcome": "REFERRAL",
    },
    # m6: Good Friday 29 Mar, undecided: due Tue 2 Apr, after 31 Mar -> not yet due, left out.
    {
        "contact_id": "m6",
        "la_child_id": "c6",
        "contact_datetime": "2024-03-29T08:00",
        "initial_brag": "B",
        "final_brag": "B",
    },
    # m7: 29 February -> not in March.
    {
        "contact_id": "m7",
        "la_child_id": "c7",
        "contact_datetime": "2024-02-29T08:00",
        "mash_decision_datetime": "2024-02-29T09:00",
    },
)


def test_contacts_count_and_by_source() -> None:
    r = run({"contacts": CONTACTS}, "contacts", "2024-03", breakdown="source")
    assert r.value == 6
    assert r.numerator == 6
    assert ids(r) == ["m1", "m2", "m3", "m4", "m5", "m6"]
    by = {g["group"]: g["numerator"] for g in r.breakdown}
    assert by == {"1A": 4, "5D": 2}


def test_mash_decision_within_1_working_day_over_easter() -> None:
    r = run({"contacts": CONTACTS}, "mash_decision_1wd", "2024-03")
    # Denominator m1-m5 (m6 not yet due); numerator m1, m3, m4 -> 3/5 = 60%.
    assert (r.numerator, r.denominator) == (3, 5)
    assert r.value == 60.0
    assert ids(r, where_num=True) == ["m1", "m3", "m4"]
    assert r.rag == "R"  # default target 99%


def test_brag_changes() -> None:
    r = run({"contacts": CONTACTS}, "brag_changes", "2024-03")
    # With both ratings: m1, m2, m3, m5, m6 (m4 has no initial). Changed: m2, m5 -> 2/5.
    assert (r.numerator, r.denominator) == (2, 5)
    assert r.value == 40.0


def test_referral_conversion() -> None:
    r = run({"contacts": CONTACTS}, "referral_conversion", "2024-03")
    # 6 contacts in March; m2 has a referral, m5's outcome is REFERRAL -> 2/6.
    assert (r.numerator, r.denominator) == (2, 6)
    assert r.exact == Fraction(100, 3)
    assert r.display == "33.3%"


REFERRALS = table(
    "referrals",
    # Child A: exactly 12 months after the previous referral -> a re-referral (boundary inclusive).
    {"referral_id": "r1", "la_child_id": "A", "cin_referral_date": "2023-05-10"},
    {"referral_id": "r2", "la_child_id": "A", "cin_referral_date": "2024-05-10"},
    # Child B: 12 months and 1 day -> not a re-referral.
    {"referral_id": "r3", "la_child_id": "B", "cin_referral_date": "2023-05-10"},
    {"referral_id": "r4", "la_child_id": "B", "cin_referral_date": "2024-05-11"},
    # Child C: r7's most recent earlier referral is r6 (29 Feb 2024); 28 Feb 2025 minus
    # 12 months is 28 Feb 2024, and 29 Feb 2024 is after it -> re-referral.
    {"referral_id": "r5", "la_child_id": "C", "cin_referral_date": "2023-02-28"},
    {"referral_id": "r6", "la_child_id": "C", "cin_referral_date": "2024-02-29"},
    {"referral_id": "r7", "la_child_id": "C", "cin_referral_date": "2025-02-28", "referral_source": "3A"},
    # Child E: first referral -> not.
    {"referral_id": "r8", "la_child_id": "E", "cin_referral_date": "2024-07-01"},
    # Child F: two referrals on the same day: neither has a strictly earlier one -> not.
    {"referral_id": "r9", "la_child_id": "F", "cin_referral_date": "2024-08-01"},
    {"referral_id": "r10", "la_child_id": "F", "cin_referral_date": "2024-08-01"},
    # Child D: leap day: 29 Feb 2024 minus 12 months is 28 Feb 2023 -> re-referral (FY 2023-24).
    {"referral_id": "d1", "la_child_id": "D", "cin_referral_date": "2023-02-28"},
    {"referral_id": "d2", "la_child_id": "D", "cin_referral_date": "2024-02-29"},
    # Child G: 27 Feb 2023 is one day too early -> not (FY 2023-24).
    {"referral_id": "g1", "la_child_id": "G", "cin_referral_date": "2023-02-27"},
    {"referral_id": "g2", "la_child_id": "G", "cin_referral_date": "2024-02-29"},
)


def test_referrals_count() -> None:
    r = run({"referrals": REFERRALS}, "referrals", "2024-25", breakdown="source")
    assert ids(r) == ["r10", "r2", "r4", "r7", "r8", "r9"]
    assert {g["group"]: g["numerator"] for g in r.breakdown} == {"1A": 5, "3A": 1}


def test_rereferral_boundary_exactly_12_months() -> None:
    r = run({"referrals": REFERRALS}, "rereferral_12m", "2024-25")
    assert ids(r, where_num=True) == ["r2", "r7"]
    assert (r.numerator, r.denominator) == (2, 6)


def test_rereferral_leap_day() -> None:
    # FY 2023-24 (Apr 2023 - Mar 2024) holds r1 and r3 (first referrals, not), d2, g2
    # and r6 (previous r5 on 28 Feb 2023, exactly 12 months before 28/29 Feb -> re-referral).
    r = run({"referrals": REFERRALS}, "rereferral_12m", "2023-24")
    assert ids(r, where_num=True) == ["d2", "r6"]
    assert (r.numerator, r.denominator) == (2, 5)
