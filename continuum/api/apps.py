from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API partner agencies use to make contacts and read their outcomes."""

    name = "continuum.api"
    label = "api"
    verbose_name = "Partner API"
