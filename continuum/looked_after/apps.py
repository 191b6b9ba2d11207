from django.apps import AppConfig


class LookedAfterConfig(AppConfig):
    """Adoption, permanence, yearly outcomes and motherhood of looked-after children."""

    name = "continuum.looked_after"
    label = "looked_after"
    verbose_name = "Looked-after children: adoption and outcomes"
