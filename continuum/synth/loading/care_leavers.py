"""The care leavers section of the bulk load: care leavers, their personal advisers and latest contacts."""

from __future__ import annotations

from continuum.synth.loading.rows import LoadContext, Table, versioned


def care_leavers(ctx: LoadContext) -> list[Table]:
    """``journey_careleaver`` and ``journey_careleavercontact``.

    A duty end date still in the future stays blank: ``CareLeaver.end_date``
    is a past fact. The personal adviser is the latest one allocated.
    """
    ids, stamp, extracted_on = ctx.ids, ctx.stamp, ctx.borough.extracted_on
    leavers, contacts = [], []
    for c in ctx.tables["care_leavers"]:
        pk = ids.take("journey_careleaver")
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
        if c.latest_contact_date is not None:
            contacts.append(
                (
                    ids.take("journey_careleavercontact"),
                    ctx.child_pk[c.la_child_id],
                    pk,
                    c.latest_contact_date,
                    c.in_touch or "",
                    c.accom or "",
                    c.activ or "",
                    c.staying_put,
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
