from django.db import migrations

# The IOM team (community safety) and SEND caseworker roles: named here rather than read from
# ALL_ROLES, so that this migration means the same thing whatever the role list says later. The
# IOM group may exist already (the community-safety app made it before it was a role).
NEW_GROUPS = ("IOM team", "SEND caseworker")


def create_groups(apps, schema_editor):
    """Installations migrated before these roles existed get their groups (0002 ran with the old list)."""
    Group = apps.get_model("auth", "Group")
    for name in NEW_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("core", "0011_head_of_service_partner_member")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
