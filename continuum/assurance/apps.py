from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    """Quality assurance: case audits and their cycle, practice reviews, Section 11 campaigns."""

    name = "continuum.assurance"
    label = "assurance"
    verbose_name = "Quality assurance and learning"

    def ready(self) -> None:
        from continuum.assurance import rules  # noqa: F401  (registers the assurance.* policy rules)
