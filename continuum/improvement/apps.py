from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "continuum.improvement"
    label = "improvement"
    verbose_name = "Improvement and action plans"

    def ready(self) -> None:
        from continuum.actions.services import on_status_change
        from continuum.improvement import rules  # noqa: F401  (registers the improvement.* policy rules)
        from continuum.improvement.services import follow_tracker

        # An improvement-plan action marked done in "My actions" is rated complete on the plan.
        on_status_change("improvement.planaction", follow_tracker)
