from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "continuum.improvement"
    label = "improvement"
    verbose_name = "Improvement and action plans"

    def ready(self) -> None:
        from continuum.improvement import rules  # noqa: F401  (registers the improvement.* policy rules)
