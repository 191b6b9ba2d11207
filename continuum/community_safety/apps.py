from django.apps import AppConfig


class CommunitySafetyConfig(AppConfig):
    name = "continuum.community_safety"
    label = "community_safety"
    verbose_name = "Community safety"

    def ready(self) -> None:
        from continuum.community_safety import rules  # noqa: F401  (registers community_safety.*)
