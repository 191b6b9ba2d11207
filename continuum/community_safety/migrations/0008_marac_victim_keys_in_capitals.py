"""MARAC victim keys kept in capitals, as the service now keeps them (``victim_key_as_stored``).

Why: repeats and the one-case-per-meeting rule compare keys exactly, and before this the form kept a
key as typed, so "v0042" and "V0042" were two victims. A key never holds spaces (the service refused
them), so capitals are the only change. Not undone: the case a key was first typed in says nothing.
"""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Upper


def keys_in_capitals(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    referral = apps.get_model("community_safety", "MaracReferral")
    referral.objects.exclude(victim_key=Upper(F("victim_key"))).update(victim_key=Upper(F("victim_key")))


class Migration(migrations.Migration):
    dependencies = [
        ("community_safety", "0007_marac_referral_withdrawal"),
    ]

    operations = [
        migrations.RunPython(keys_in_capitals, migrations.RunPython.noop),
    ]
