"""The cut: what the simulated records hold on the extraction day."""

from __future__ import annotations

from datetime import date, datetime, time

from continuum.synth.journey.draws import add_years, reception


def cut_tables(t: dict[str, list], end: date, extracted_at: datetime | None, keep_from: date) -> None:
    """Cut the simulated tables ``t`` at the extraction: what the records hold on ``end``.

    Why a function of the tables alone: the simulation draws every child's
    journey the same whatever the extraction day (a decision, a school place or
    a plan's end is drawn in full and withheld here until its day comes), so
    cutting a borough simulated to a later day at ``end`` gives exactly the
    borough simulated to ``end`` (``tests/synth/test_simulation_prefix.py``).
    Later events are dropped, later end dates become "still open", and records
    that had finished before ``keep_from`` are dropped to keep the borough small.
    ``extracted_at`` is the moment of extraction (``as_of`` only): contacts
    received later have not come in, decisions due later are not yet made.
    """
    moment = extracted_at or datetime.combine(end, time.max)

    def cut_end(value: date | None) -> date | None:
        return value if value is not None and value <= end else None

    # A UPN comes with a school place: a child starting school after the extraction has none yet
    # (UN1: aged under 6 and not yet in school, a code both the CIN census and the SSDA903 know;
    # the 903 takes UN1-UN5 only, rule 168).
    for child in t["children"]:
        born = child.person_birth_date or child.expected_person_birth_date
        if not child.uasc and child.upn and (born is None or reception(born) > end):
            child.upn, child.upn_unknown = None, "UN1"
    # A MASH decision due after the extraction is not made yet, so nothing is behind it.
    withheld = {
        c.referral_id
        for c in t["contacts"]
        if c.referral_id and c.mash_decision_datetime and c.mash_decision_datetime > moment
    }

    # Children: births after the extraction date have not happened yet.
    for child in t["children"]:
        born_later = child.person_birth_date is not None and child.person_birth_date > end
        if child.expected_person_birth_date is not None and born_later:
            child.person_birth_date = None
            child.sex = "U"
    refs = []
    for r in t["referrals"]:
        if r.cin_referral_date > end or r.referral_id in withheld:
            continue
        if r.cin_closure_date and r.cin_closure_date > end:
            r.cin_closure_date = r.reason_for_closure = None
        if r.cin_closure_date is not None and r.cin_closure_date < keep_from:
            continue
        refs.append(r)
    t["referrals"] = refs
    kept_refs = {r.referral_id for r in refs}

    def in_kept(rows: list, start_attr: str, end_attr: str | None = None) -> list:
        out = []
        for row in rows:
            if getattr(row, start_attr) > end or row.referral_id not in kept_refs:
                continue
            if end_attr is not None:
                setattr(row, end_attr, cut_end(getattr(row, end_attr)))
            out.append(row)
        return out

    t["cin_plans"] = in_kept(t["cin_plans"], "cin_plan_start_date", "cin_plan_end_date")
    t["cp_plans"] = in_kept(t["cp_plans"], "cpp_start_date", "cpp_end_date")
    t["assessments"] = in_kept(
        t["assessments"], "assessment_actual_start_date", "assessment_authorisation_date"
    )
    t["s47"] = in_kept(t["s47"], "s47_actual_start_date")
    for s in t["s47"]:
        if s.date_of_initial_cpc and s.date_of_initial_cpc > end:
            s.date_of_initial_cpc = None
            s.icpc_not_required = False
    t["conferences"] = in_kept(t["conferences"], "conference_date")
    t["contacts"] = [
        c
        for c in t["contacts"]
        if c.contact_datetime.date() <= end
        and (extracted_at is None or c.contact_datetime <= extracted_at)
        and (c.contact_datetime.date() >= keep_from or c.referral_id in kept_refs)
    ]
    for c in t["contacts"]:
        if c.referral_id is not None and c.referral_id not in kept_refs:
            c.referral_id = None
        if c.mash_decision_datetime and c.mash_decision_datetime > moment:
            c.mash_decision_datetime = c.final_brag = None
            c.mash_outcome = None
            c.referral_id = None
    live_refs = {c.referral_id for c in t["contacts"] if c.referral_id}
    for r in t["referrals"]:
        if r.contact_id and r.referral_id not in live_refs:
            r.contact_id = None
    t["care_leavers"] = [
        c
        for c in t["care_leavers"]
        if c.left_care_date <= end and (c.duty_end_date is None or c.duty_end_date >= keep_from)
    ]
    for c in t["care_leavers"]:
        c.latest_contact_date = cut_end(c.latest_contact_date) or end
    # A care leaver kept keeps the episodes that made them one (SSDA903 rules 1001/1002,
    # read with earlier years' history), however long ago they left care.
    leavers = {c.la_child_id for c in t["care_leavers"]}
    episodes = []
    for e in t["cla_episodes"]:
        if e.decom > end:
            continue
        if e.dec and e.dec > end:
            e.dec = e.rec = e.reason_place_change = None
        if e.dec is not None and e.dec < keep_from and e.la_child_id not in leavers:
            continue
        episodes.append(e)
    t["cla_episodes"] = episodes
    t["visits"] = [v for v in t["visits"] if keep_from <= v.visit_date <= end]
    t["reviews"] = [r for r in t["reviews"] if keep_from <= r.review <= end]
    t["missing"] = [m for m in t["missing"] if keep_from <= m.mis_start <= end]
    for m in t["missing"]:
        m.mis_end = cut_end(m.mis_end)
    allocations = []
    for a in t["allocations"]:
        if a.sw_decom > end:
            continue
        if a.sw_dec and a.sw_dec > end:
            a.sw_dec = a.sw_reason = None
        if a.sw_dec is not None and a.sw_dec < keep_from:
            continue
        allocations.append(a)
    t["allocations"] = allocations
    workers = []
    for w in t["workers"]:
        if w.start_date > end:
            continue
        w.end_date = cut_end(w.end_date)
        if w.end_date is not None and w.end_date < keep_from:
            continue
        workers.append(w)
    t["workers"] = workers
    kept_workers = {w.sw_id for w in workers}
    for v in t["visits"]:
        if v.sw_id not in kept_workers:
            v.sw_id = None
    t["allocations"] = [a for a in t["allocations"] if a.sw_id in kept_workers]
    # Children: only those with something left.
    referenced: set[str] = set()
    for name in ("contacts", "referrals", "cla_episodes", "care_leavers", "allocations"):
        referenced.update(row.la_child_id for row in t[name])
    t["children"] = [c for c in t["children"] if c.la_child_id in referenced]
    for child in t["children"]:
        if child.uasc and child.person_birth_date:
            ceased = add_years(child.person_birth_date, 18)
            child.duc = ceased if ceased <= end else None
