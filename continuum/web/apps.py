from django.apps import AppConfig


class WebConfig(AppConfig):
    """Staff-facing pages: views, forms and GOV.UK-styled templates."""

    name = "continuum.web"
    label = "web"
    verbose_name = "Continuum web"
