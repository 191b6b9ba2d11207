from django.apps import AppConfig


class JourneyConfig(AppConfig):
    """The child's journey: front door, casework, care, and the chronology that records it."""

    name = "continuum.journey"
    label = "journey"
    verbose_name = "Child's journey"
