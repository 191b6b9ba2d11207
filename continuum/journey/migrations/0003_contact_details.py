"""Give the contact real columns for the referrer and the decision, and a partner-check table.

Before this, the referrer's job title, organisation, phone and email were kept
labelled in ``referrer_role`` ("Role: ...; Organisation: ...; Phone: ...;
Email: ..."), the decision rationale in ``manager_oversight_note``
("Decision rationale: ..."), and who made a contact only in its
``record_contact`` chronology event. The data steps at the end move what was
kept that way into the new columns, so nothing recorded before is lost.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LABELS = {
    "Role": "referrer_role",
    "Organisation": "referrer_organisation",
    "Phone": "referrer_phone",
    "Email": "referrer_email",
}
RATIONALE = "Decision rationale: "

CREATED_BY = """
UPDATE journey_contact AS c SET created_by_id = e.by_id
FROM journey_chronologyevent AS e
WHERE e.step = 'record_contact' AND e.record_type = 'contact' AND e.record_id = c.id AND c.created_by_id IS NULL
"""


def unpack_labelled_fields(apps, schema_editor):
    """Split "Role: x; Organisation: y; ..." into its columns; lift the rationale out of the note."""
    Contact = apps.get_model("journey", "Contact")
    for contact in Contact.objects.filter(referrer_role__contains=": ").iterator():
        parts = dict(part.split(": ", 1) for part in contact.referrer_role.split("; ") if ": " in part)
        if not set(parts) <= set(LABELS):
            continue
        values = {LABELS[label]: value for label, value in parts.items()}
        values.setdefault("referrer_role", "")
        Contact.objects.filter(pk=contact.pk).update(**values)
    for contact in Contact.objects.filter(manager_oversight_note__startswith=RATIONALE).iterator():
        first, _, rest = contact.manager_oversight_note.partition("\n")
        Contact.objects.filter(pk=contact.pk).update(
            decision_rationale=first[len(RATIONALE) :].strip(), manager_oversight_note=rest.strip()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("journey", "0002_chronology_append_only"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who recorded the contact (a partner sees the outcome of their own contacts only).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="decision_rationale",
            field=models.TextField(
                blank=True, db_default="", default="", help_text="Why the MASH reached this outcome."
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="referrer_email",
            field=models.CharField(blank=True, db_default="", default="", max_length=120),
        ),
        migrations.AddField(
            model_name="contact",
            name="referrer_organisation",
            field=models.CharField(blank=True, db_default="", default="", max_length=200),
        ),
        migrations.AddField(
            model_name="contact",
            name="referrer_phone",
            field=models.CharField(blank=True, db_default="", default="", max_length=20),
        ),
        migrations.AlterField(
            model_name="contact",
            name="partner_checks",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("police", "Police"),
                        ("health", "Health"),
                        ("education", "Education"),
                        ("probation", "Probation"),
                        ("housing", "Housing"),
                        ("adult_social_care", "Adult social care"),
                        ("mental_health", "Mental health"),
                        ("youth_justice", "Youth justice"),
                        ("childrens_social_care", "Children's social care"),
                        ("other", "Other"),
                    ],
                    max_length=30,
                ),
                blank=True,
                default=list,
                help_text="Agencies that contributed checks (kept in step with the contact's PartnerCheck rows).",
                size=None,
            ),
        ),
        migrations.AlterField(
            model_name="contact",
            name="referrer_role",
            field=models.CharField(blank=True, help_text="The referrer's job title.", max_length=200),
        ),
        migrations.CreateModel(
            name="PartnerCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "agency",
                    models.CharField(
                        choices=[
                            ("police", "Police"),
                            ("health", "Health"),
                            ("education", "Education"),
                            ("probation", "Probation"),
                            ("housing", "Housing"),
                            ("adult_social_care", "Adult social care"),
                            ("mental_health", "Mental health"),
                            ("youth_justice", "Youth justice"),
                            ("childrens_social_care", "Children's social care"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                    ),
                ),
                ("checked_on", models.DateField()),
                ("summary", models.TextField()),
                ("recorded_at", models.DateTimeField()),
                (
                    "child",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="partner_checks",
                        to="people.child",
                    ),
                ),
                (
                    "contact",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="checks",
                        to="journey.contact",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["contact", "checked_on"], name="partnercheck_contact_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "agency__in",
                                [
                                    "police",
                                    "health",
                                    "education",
                                    "probation",
                                    "housing",
                                    "adult_social_care",
                                    "mental_health",
                                    "youth_justice",
                                    "childrens_social_care",
                                    "other",
                                ],
                            )
                        ),
                        name="partnercheck_agency_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("summary", ""), _negated=True), name="partnercheck_has_summary"
                    ),
                ],
            },
        ),
        migrations.RunSQL(CREATED_BY, migrations.RunSQL.noop),
        migrations.RunPython(unpack_labelled_fields, migrations.RunPython.noop),
    ]
