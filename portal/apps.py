from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import cache, roles, search

        cache.connect_signals()

        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="portal.roles.sync")
        search.register_pages()
