"""The repairs the bulk load makes to simulator slips, and :func:`repairs_needed` counting them.

The loader repairs a few simulator slips the services would refuse, noting
each; :func:`repairs_needed` counts them (and two slips the CIN census would
flag) without a database, so a test can hold the simulator to none.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from continuum.journey.services._base import RC_AFTER_ASSESSMENT
from continuum.synth.loading.rows import open_on, urn_valid
from continuum.synth.model import Borough

#: What the loader would repair, by kind. The simulator should make none of these
#: (``tests/synth/test_load.py`` holds a five-year seed-1 borough to zero); the
#: repairs stay so that a borough from other seeds or parameters still loads.
REPAIR_RC8_RC9_WITH_S47 = "referrals with s47 work closed RC8/RC9: loaded as RC7 (simulator slip)"
REPAIR_CLOSED_BEFORE_WORK = (
    "referrals closed before their last recorded work: closure moved to that day (simulator slip)"
)
REPAIR_SEEN_ALONE_NOT_SEEN = "visits: 'seen alone' cleared where the child was not seen (simulator slip)"
REPAIR_WORKER_NOT_IN_POST = (
    "visits by a worker not in post that day: loaded without the worker (simulator slip)"
)
REPAIR_URN = "URNs not in Ofsted format (SC + 6 digits): derived from their digits (simulator slip)"
#: Not repaired (the CIN census would flag them, rules 8565 and 8867), but counted.
SLIP_ASSESSMENT_AFTER_CLOSURE = "assessments authorised after their referral closed (CIN rule 8565)"
SLIP_ASSESSMENT_OPEN_AT_CLOSURE = "assessments never authorised in a closed referral (CIN rule 8867)"


def statutory_referrals(t: dict[str, list[Any]]) -> set[str]:
    """The referrals holding an s47, a conference or a CP plan."""
    return {x.referral_id for name in ("s47", "conferences", "cp_plans") for x in t[name]}


def latest_work(t: dict[str, list[Any]]) -> dict[str, date]:
    """Per referral, the date of the last work recorded in it (closure may not precede it)."""
    latest: dict[str, date] = {}
    for name, col in (
        ("assessments", "assessment_actual_start_date"),
        ("s47", "strategy_discussion_date"),
        ("s47", "s47_actual_start_date"),
        ("conferences", "conference_date"),
        ("cp_plans", "cpp_start_date"),
        ("cin_plans", "cin_plan_start_date"),
    ):
        for x in t[name]:
            day = getattr(x, col)
            if day is not None and day > latest.get(x.referral_id, day - timedelta(days=1)):
                latest[x.referral_id] = day
    return latest


def repairs_needed(borough: Borough) -> dict[str, int]:
    """Every simulator slip the loader would have to repair (or the census would flag), counted.

    Pure Python, no database: the same tests :func:`continuum.synth.load.load_borough`
    applies before it writes. An empty dict means the borough loads exactly as simulated.
    """
    t = borough.tables
    out: dict[str, int] = defaultdict(int)
    statutory = statutory_referrals(t)
    latest = latest_work(t)
    closed: dict[str, date] = {}
    for r in t["referrals"]:
        if r.cin_closure_date is None:
            continue
        closed[r.referral_id] = r.cin_closure_date
        if r.reason_for_closure in RC_AFTER_ASSESSMENT and r.referral_id in statutory:
            out[REPAIR_RC8_RC9_WITH_S47] += 1
        if r.referral_id in latest and latest[r.referral_id] > r.cin_closure_date:
            out[REPAIR_CLOSED_BEFORE_WORK] += 1
    for a in t["assessments"]:
        closure = closed.get(a.referral_id)
        if closure is None:
            continue
        if a.assessment_authorisation_date is None:
            out[SLIP_ASSESSMENT_OPEN_AT_CLOSURE] += 1
        elif a.assessment_authorisation_date > closure:
            out[SLIP_ASSESSMENT_AFTER_CLOSURE] += 1
    post = {w.sw_id: (w.start_date, w.end_date) for w in t["workers"]}
    for v in t["visits"]:
        if v.sw_id and v.sw_id in post and not open_on(*post[v.sw_id], v.visit_date):
            out[REPAIR_WORKER_NOT_IN_POST] += 1
        if not v.seen and v.seen_alone is not None:
            out[REPAIR_SEEN_ALONE_NOT_SEEN] += 1
    for e in t["cla_episodes"]:
        if e.urn and (not urn_valid(e.urn) or len(e.urn) > 8):
            out[REPAIR_URN] += 1
    return dict(out)
