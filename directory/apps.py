from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Local supplier directory"

    def ready(self):
        from directory import signals  # noqa: F401 - keeps the search column up to date
        from portal import roles, search
        from portal.accounts.sections import register_section
        from portal.api import api

        roles.grant(
            roles.MODERATORS,
            "directory.moderate_organisation",
            "directory.view_organisation",
            "directory.change_organisation",
            "directory.add_sector",
            "directory.change_sector",
            "directory.delete_sector",
            "directory.view_sector",
            "directory.add_accreditation",
            "directory.change_accreditation",
            "directory.delete_accreditation",
            "directory.view_accreditation",
            "directory.view_service",
            "wagtailimages.choose_image",
        )
        search.register(
            "organisations",
            "Organisations",
            order=20,
            search=_search_organisations,
            template="directory/includes/search_result.html",
        )
        register_section(template="directory/includes/account_section.html", order=20)
        from directory.api import router

        if all(mounted is not router for _, mounted in api._routers):
            api.add_router("/directory", router)
        from directory.oruk import router as oruk_router

        if all(mounted is not oruk_router for _, mounted in api._routers):
            api.add_router("/oruk", oruk_router)


def _search_organisations(query):
    from directory.search import search_published

    results = search_published(query)
    return [] if results is None else results
