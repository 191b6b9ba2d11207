from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces: roles, the permissions policy, the access log."""

    name = "continuum.core"
    label = "core"
    verbose_name = "Continuum core"

    def ready(self) -> None:
        # The app's database role gets its privileges after every migrate (continuum/core/db_roles.py).
        from django.db.models.signals import post_migrate

        from continuum.core.db_roles import after_migrate

        post_migrate.connect(after_migrate, dispatch_uid="continuum-app-role")
        # Every admin page asks the policy, other libraries' included (continuum/core/admin.py).
        from continuum.core.admin import guard_every_model_admin

        guard_every_model_admin()
