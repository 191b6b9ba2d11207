from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """Children, their families and addresses, and the workers and teams who hold their cases."""

    name = "continuum.people"
    label = "people"
    verbose_name = "People"
