from django.db import migrations

# The community safety officer role (MARAC coordination and the partnership's figures): named here
# rather than read from ALL_ROLES, so that this migration means the same thing whatever the role list
# says later. Installations migrated before the role existed get its group (0002 ran with the old list).
NEW_GROUP = "Community safety officer"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=NEW_GROUP)


class Migration(migrations.Migration):
    dependencies = [("core", "0013_timescale_date_in_year")]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
