# A complaint's learning action linked to an improvement-plan line or a QA action (issue 21).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("complaints", "0003_compliment_service_area"),
        ("improvement", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LearningLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("linked_at", models.DateTimeField(auto_now_add=True)),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="learning_links",
                        to="complaints.complaint",
                    ),
                ),
                (
                    "learning",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaint_learning_link",
                        to="actions.action",
                    ),
                ),
                (
                    "plan_action",
                    models.ForeignKey(
                        blank=True,
                        help_text="The improvement-plan line the learning serves.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaint_learning_links",
                        to="improvement.planaction",
                    ),
                ),
                (
                    "qa_action",
                    models.ForeignKey(
                        blank=True,
                        help_text="The QA action plan's action the learning serves.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaint_learning_links",
                        to="actions.action",
                    ),
                ),
                (
                    "linked_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("plan_action__isnull", False), ("qa_action__isnull", True))
                        | models.Q(("plan_action__isnull", True), ("qa_action__isnull", False)),
                        name="learning_link_one_target",
                    )
                ],
            },
        ),
    ]
