from django.apps import AppConfig


class CommunitySafetyConfig(AppConfig):
    name = "continuum.community_safety"
    label = "community_safety"
    verbose_name = "Community safety"

    def ready(self) -> None:
        from continuum.actions.rules import owners_of, readers_of
        from continuum.community_safety import rules  # noqa: F401  (registers community_safety.*)
        from continuum.core import roles

        # An action agreed at MARAC is read by whoever may read the partnership's pages (another
        # coordinator covering the meeting), not only by its owner and whoever set it.
        readers_of("community_safety.maracreferral", "community_safety.view")
        # An action agreed at MARAC goes to an agency at the meeting: police, health, education,
        # children's social care (the front door, a social worker, a manager), the IOM team for the
        # perpetrator, or the coordinator. Never a board member, an analyst or an administrator.
        owners_of(
            "community_safety.maracreferral",
            {
                roles.COMMUNITY_SAFETY_OFFICER,
                roles.PARTNER_POLICE,
                roles.PARTNER_HEALTH,
                roles.PARTNER_EDUCATION,
                roles.MASH_PRACTITIONER,
                roles.SOCIAL_WORKER,
                roles.TEAM_MANAGER,
                roles.IOM_OFFICER,
            },
        )
