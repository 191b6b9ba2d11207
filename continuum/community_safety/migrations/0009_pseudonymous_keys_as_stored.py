"""Every stored pseudonymous key put as ``models.key_as_stored`` keeps it: in capitals, no spaces round it.

Why: the ASB figures count repeat callers and victims by key, and nothing held ASB keys to one form
(a call loaded with "v0348" and another with "V0348 " were two victims); MARAC keys were put in
capitals by 0008 but not trimmed. The next migration makes the database refuse a key in any other
form, so stored keys must first agree with it: upper(trim(key)), the database's own words for the rule
it will check. Not undone: the form a key was first written in says nothing.
"""

from django.db import migrations
from django.db.models.functions import Trim, Upper

#: (model, its key fields) held to the one form.
KEYS = (("AsbCall", ("caller_key", "victim_key")), ("MaracReferral", ("victim_key",)))


def keys_as_stored(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    for name, fields in KEYS:
        model = apps.get_model("community_safety", name)
        for field in fields:
            stored = Upper(Trim(field))
            model.objects.exclude(**{field: stored}).update(**{field: stored})


class Migration(migrations.Migration):
    dependencies = [
        ("community_safety", "0008_marac_victim_keys_in_capitals"),
    ]

    operations = [
        migrations.RunPython(keys_as_stored, migrations.RunPython.noop),
    ]
