import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The two roles of the shared building blocks (design.md): named here rather than read from
# ALL_ROLES, so that this migration means the same thing whatever the role list says later.
NEW_GROUPS = ("Head of service", "Partner member")


def create_groups(apps, schema_editor):
    """Installations migrated before these roles existed get their groups (0002 ran with the old list)."""
    Group = apps.get_model("auth", "Group")
    for name in NEW_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("core", "0010_seed_escalation_timescales"),
    ]

    operations = [
        migrations.CreateModel(
            name="HeadOfServiceTeam",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("team_id", models.PositiveBigIntegerField(help_text="The team's internal record number.")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "team_id"), name="head_of_service_team_once")
                ]
            },
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
