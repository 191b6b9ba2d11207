"""The seed's C/G/A/R key (seed 001, lines 774-783) as the default RAG key, held as data."""

from django.db import migrations


def create_default_key(apps, schema_editor):  # type: ignore[no-untyped-def]
    from continuum.improvement.keys import ensure_default_key

    ensure_default_key(apps)


class Migration(migrations.Migration):
    dependencies = [("improvement", "0001_initial")]

    operations = [migrations.RunPython(create_default_key, migrations.RunPython.noop)]
