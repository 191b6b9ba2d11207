from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """Children, their families and addresses, and the workers and teams who hold their cases."""

    name = "continuum.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from continuum.people import rules  # noqa: F401  (registers the workforce.* policy rules)
