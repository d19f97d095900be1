from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance and TOMs measures"

    def ready(self):
        from portal import roles, search
        from portal.api import api

        roles.grant(
            roles.EDITORS,
            *[
                f"guidance.{action}_{model}"
                for action in ("add", "change", "delete", "view")
                for model in ("measure", "theme", "outcome")
            ],
        )
        search.register(
            "measures",
            "TOMs measures",
            order=15,
            search=_search_measures,
            template="guidance/includes/search_result.html",
        )
        if not any(prefix == "/social-value/" for prefix, _ in api._routers):
            from guidance.api import router

            api.add_router("/social-value/", router)


def _search_measures(query):
    from django.db.models import Q

    from guidance.models import Measure

    return (
        Measure.objects.active()
        .select_related("theme")
        .filter(
            Q(code__icontains=query) | Q(title__icontains=query) | Q(description__icontains=query)
        )
    )
