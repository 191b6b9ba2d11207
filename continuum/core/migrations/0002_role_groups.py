from django.db import migrations


def create_role_groups(apps, schema_editor):
    """Every installation has one group per role, so administrators only assign them."""
    from continuum.core.roles import ALL_ROLES

    Group = apps.get_model("auth", "Group")
    for role in ALL_ROLES:
        Group.objects.get_or_create(name=role.name)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
