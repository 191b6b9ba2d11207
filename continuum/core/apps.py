from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces: roles, the permissions policy, the access log."""

    name = "continuum.core"
    label = "core"
    verbose_name = "Continuum core"
