from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "continuum.complaints"
    label = "complaints"
    verbose_name = "Complaints and feedback"

    def ready(self) -> None:
        from continuum.complaints import rules  # noqa: F401  (registers the complaints.* policy rules)
