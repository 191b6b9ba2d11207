"""PostgreSQL's ``unaccent``, so that the child search finds "Seán" for "Sean" and "Sean" for "Seán".

A social worker types a name as they heard it, often without the accent the record carries
(or with one it lacks); the search compares both sides with their accents removed
(continuum/web/children/record.py). ``unaccent`` is a trusted extension, shipped with the
embedded server, so the database owner who runs the migrations may create it.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_professional"),
    ]

    operations = [
        UnaccentExtension(),
    ]
