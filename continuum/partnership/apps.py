from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "continuum.partnership"
    label = "partnership"
    verbose_name = "Partnership business"

    def ready(self) -> None:
        from continuum.partnership import rules  # noqa: F401  (registers the partnership.* policy rules)
