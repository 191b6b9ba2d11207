from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "continuum.actions"
    label = "actions"
    verbose_name = "Actions"

    def ready(self) -> None:
        from continuum.actions import rules  # noqa: F401  (registers the actions.* policy rules)
