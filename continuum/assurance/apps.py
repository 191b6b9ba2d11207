from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    """Quality assurance: case audits and their cycle, practice reviews, Section 11 campaigns."""

    name = "continuum.assurance"
    label = "assurance"
    verbose_name = "Quality assurance and learning"

    def ready(self) -> None:
        from continuum.actions.rules import readers_of
        from continuum.assurance import rules  # noqa: F401  (registers the assurance.* policy rules)

        # The QA action plan's actions are read by those who may read the record each came from: a
        # case audit's by QA and its auditor (and anyone who may open the child), a theme's by those
        # who see the QA figures, a practice review's by those who see the reviews register.
        readers_of("assurance.caseaudit", "assurance.case_audit")
        readers_of("assurance.thematicaudit", "assurance.figures")
        readers_of("assurance.practicereview", "assurance.reviews")
