from django.apps import AppConfig
from wagtail.search import apps as wagtail_search_apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import cache, roles, search

        cache.connect_signals()

        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="portal.roles.sync")
        search.register_pages()


class SearchConfig(wagtail_search_apps.WagtailSearchAppConfig):
    """wagtail.search, with a search cluster's index updated by tasks after commit
    (portal/search_index.py) instead of in the request."""

    default = False

    def ready(self):
        super().ready()
        from portal import search_index

        search_index.connect_signals()
