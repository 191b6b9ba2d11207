from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "continuum.practice"
    label = "practice"
    verbose_name = "Practice record"

    def ready(self) -> None:
        from continuum.practice import rules  # noqa: F401  (registers the note.* policy rules)
