"""The children section of the bulk load: children, their home addresses, and who holds each case."""

from __future__ import annotations

from datetime import date

from continuum.synth.loading.rows import LoadContext, Table, array, versioned


def children(ctx: LoadContext) -> list[Table]:
    """``people_child``, ``people_address`` and ``people_childaddress``; fills the child ids."""
    t, ids, stamp = ctx.tables, ctx.ids, ctx.stamp
    first_seen: dict[str, date] = {}
    for c in t["contacts"]:
        d = c.contact_datetime.date()
        if c.la_child_id not in first_seen or d < first_seen[c.la_child_id]:
            first_seen[c.la_child_id] = d
    rows, addresses, links = [], [], []
    for ch in t["children"]:
        pk = ctx.child_pk[ch.la_child_id] = ids.take("people_child")
        rows.append(
            (
                pk,
                ch.la_child_id,
                ch.forename if ch.person_birth_date else "",
                ch.surname,
                ch.person_birth_date,
                ch.expected_person_birth_date,
                ch.sex,
                ch.ethnicity,
                array(ch.disabilities or ("NONE",)),
                ch.upn or "",
                "",
                ch.upn_unknown or "",
                ch.uasc,
                ch.duc,
                ch.person_death_date,
                *stamp,
            )
        )
        if ch.home_post or ch.address_line:
            # Derived: the simulator gives one home address, not its history, so
            # it is taken to start at birth (or at the first contact, for an
            # unborn child or one first known later).
            apk = ids.take("people_address")
            home = (ch.home_post or "", ch.ward or "", bool(ch.in_deprived_area))
            addresses.append((apk, ch.address_line, "", "", *home, *stamp))
            start = ch.person_birth_date or first_seen.get(ch.la_child_id) or ch.expected_person_birth_date
            links.append((ids.take("people_childaddress"), pk, apk, start, None, *stamp))
    return [
        Table(
            "people_child",
            versioned(
                "la_child_id",
                "first_name",
                "last_name",
                "person_birth_date",
                "expected_person_birth_date",
                "sex",
                "ethnicity",
                "disabilities",
                "upn",
                "former_upn",
                "upn_unknown",
                "uasc",
                "uasc_ceased_date",
                "person_death_date",
            ),
            rows,
            (
                "r.id",
                "coalesce(r.person_birth_date, r.expected_person_birth_date)",
                "'Child record created (synthetic load)'",
            ),
        ),
        Table(
            "people_address",
            versioned("line_1", "line_2", "town", "postcode", "ward", "in_deprived_area"),
            addresses,
        ),
        Table(
            "people_childaddress",
            versioned("child_id", "address_id", "start_date", "end_date"),
            links,
            ("r.child_id", "r.start_date", "'Address recorded (synthetic load)'"),
        ),
    ]


def allocations(ctx: LoadContext) -> list[Table]:
    """``people_allocation``: case holders and personal advisers as simulated, then the planned IROs.

    Fills who is each child's personal adviser (the latest allocated) and who
    is their IRO when, for the care leavers and the CLA reviews.
    """
    t, ids, stamp = ctx.tables, ctx.ids, ctx.stamp
    rows = []
    for a in t["allocations"]:
        role = "personal_adviser" if ctx.worker_role.get(a.sw_id) == "PA" else "case_holder"
        wpk = ctx.worker_pk[a.sw_id]
        if role == "personal_adviser":
            latest = ctx.pa_of_child.get(a.la_child_id)
            if latest is None or a.sw_decom >= latest[0]:
                ctx.pa_of_child[a.la_child_id] = (a.sw_decom, wpk)
        rows.append(
            (
                ids.take("people_allocation"),
                ctx.child_pk[a.la_child_id],
                wpk,
                ctx.team_pk[a.team_id],
                role,
                a.sw_decom,
                a.sw_dec,
                a.sw_reason or "",
                *stamp,
            )
        )
    # Derived (the simulator has no IROs): see continuum.synth.iro. The
    # allocation ends with the period of care, with no SW_REASON (not a change
    # of worker).
    for a in ctx.iro.allocations:
        wpk = ctx.worker_pk[a.sw_id]
        ctx.iro_of_child.add(a.la_child_id, a.start_date, a.end_date, wpk)
        rows.append(
            (
                ids.take("people_allocation"),
                ctx.child_pk[a.la_child_id],
                wpk,
                ctx.iro_team,
                "iro",
                a.start_date,
                a.end_date,
                "",
                *stamp,
            )
        )
    return [
        Table(
            "people_allocation",
            versioned("child_id", "worker_id", "team_id", "role", "start_date", "end_date", "end_reason"),
            rows,
            (
                "r.child_id",
                "r.start_date",
                "CASE WHEN r.role = 'iro' THEN 'Independent reviewing officer allocated (synthetic load)' "
                "ELSE 'Case allocated (synthetic load)' END",
            ),
        )
    ]
