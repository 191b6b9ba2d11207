from django.apps import AppConfig


class CommunitySafetyConfig(AppConfig):
    name = "continuum.community_safety"
    label = "community_safety"
    verbose_name = "Community safety"

    def ready(self) -> None:
        from continuum.actions.rules import readers_of
        from continuum.community_safety import rules  # noqa: F401  (registers community_safety.*)

        # An action agreed at MARAC is read by whoever may read the partnership's pages (another
        # coordinator covering the meeting), not only by its owner and whoever set it.
        readers_of("community_safety.maracreferral", "community_safety.view")
