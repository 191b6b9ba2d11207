from django.apps import AppConfig


class SendConfig(AppConfig):
    """SEND: EHC needs assessments on the 20-week clock, EHC plans and their annual reviews (issue 24)."""

    name = "continuum.send"
    label = "send"
    verbose_name = "Special educational needs and disabilities"

    def ready(self) -> None:
        from continuum.send import rules  # noqa: F401  (registers the send.* policy rules)
