"""The care leavers section of the bulk load: care leavers, their personal advisers and dated contacts."""

from __future__ import annotations

from continuum.synth.loading.rows import LoadContext, Table, versioned


def care_leavers(ctx: LoadContext) -> list[Table]:
    """``journey_careleaver`` and ``journey_careleavercontact``.

    A duty end date still in the future stays blank: ``CareLeaver.end_date``
    is a past fact. The personal adviser is the latest one allocated. Every dated
    contact is written (the status at leaving and around each 19th-21st birthday),
    so the birthday indicators read the same history from the database as from
    the simulated borough.
    """
    ids, stamp, extracted_on = ctx.ids, ctx.stamp, ctx.borough.extracted_on
    leavers, contacts, leaver_pk = [], [], {}
    for c in ctx.tables["care_leavers"]:
        pk = leaver_pk[c.care_leaver_id] = ids.take("journey_careleaver")
        duty_end = c.duty_end_date if c.duty_end_date and c.duty_end_date <= extracted_on else None
        pa = ctx.pa_of_child.get(c.la_child_id)
        leavers.append(
            (
                pk,
                ctx.child_pk[c.la_child_id],
                c.eligibility_category.lower(),
                c.left_care_date,
                duty_end,
                pa[1] if pa else None,
                *stamp,
            )
        )
    for k in ctx.tables.get("care_leaver_contacts", ()):
        if k.care_leaver_id not in leaver_pk:
            continue  # a contact of a care leaver the cut left out
        contacts.append(
            (
                ids.take("journey_careleavercontact"),
                ctx.child_pk[k.la_child_id],
                leaver_pk[k.care_leaver_id],
                k.contact_date,
                k.in_touch or "",
                k.accom or "",
                k.activ or "",
                k.staying_put,
                *stamp,
            )
        )
    return [
        Table(
            "journey_careleaver",
            versioned("child_id", "eligibility_category", "start_date", "end_date", "personal_adviser_id"),
            leavers,
            ("r.child_id", "r.start_date", "'Care leaver registered (synthetic load)'"),
        ),
        Table(
            "journey_careleavercontact",
            versioned(
                "child_id", "care_leaver_id", "contact_date", "in_touch", "accom", "activ", "staying_put"
            ),
            contacts,
            ("r.child_id", "r.contact_date", "'Care leaver contact recorded (synthetic load)'"),
        ),
    ]
