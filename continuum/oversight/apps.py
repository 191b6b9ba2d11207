from django.apps import AppConfig


class OversightConfig(AppConfig):
    """The IRO's and conference chair's own records, apart from the casework they oversee."""

    name = "continuum.oversight"
    label = "oversight"
    verbose_name = "Independent oversight: IRO reviews and escalations"
