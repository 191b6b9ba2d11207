from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "continuum.publishing"
    label = "publishing"
    verbose_name = "Published reports"

    def ready(self) -> None:
        from continuum.publishing import rules  # noqa: F401  (registers the reports.* policy rules)
