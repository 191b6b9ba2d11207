"""Install the standard crime-type hierarchy (data/crime_types.csv) so the summary has its rows."""

from django.db import migrations


def install(apps, schema_editor):
    from continuum.community_safety.hierarchy import install_crime_types

    install_crime_types(apps.get_model("community_safety", "CrimeType"))


class Migration(migrations.Migration):
    dependencies = [("community_safety", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
