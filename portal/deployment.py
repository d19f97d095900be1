"""What a deployment asks of the portal: readiness for the load balancer or orchestrator,
robots.txt for crawlers, and the sitemap (Wagtail pages plus the directory's profiles)."""

import logging

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as wagtail_sitemaps
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

logger = logging.getLogger(__name__)

READY_KEY = "portal:readyz"


def _database():
    connection = connections["default"]
    connection.ensure_connection()
    if not connection.is_usable():
        raise RuntimeError("the database connection is not usable")


def _cache():
    cache = caches["default"]
    cache.set(READY_KEY, "ok", 10)
    if cache.get(READY_KEY) != "ok":
        raise RuntimeError("the cache did not keep a value")


def _search():
    from wagtail.search.backends import get_search_backend

    if not get_search_backend().es.ping():
        raise RuntimeError("the search cluster does not answer")


def readiness_checks():
    checks = {"database": _database, "cache": _cache}
    if settings.SEARCH_BACKEND != "database":
        checks["search"] = _search
    return checks


@require_GET
@cache_control(no_store=True)
def readyz(request):
    """200 when the database, the cache and (when configured) the search cluster answer,
    else 503 naming what failed. `/healthz` stays the bare liveness check."""
    results = {}
    for name, check in readiness_checks().items():
        try:
            check()
        except Exception as error:  # any failure means not ready; the log says which
            logger.warning("Readiness check %s failed: %s", name, error)
            results[name] = "failing"
        else:
            results[name] = "ok"
    ready = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "failing", "checks": results}, status=200 if ready else 503
    )


# Pages of no use to a search engine: forms, accounts, staff screens and search results.
ROBOTS_DISALLOW = [
    "/admin/",
    "/accounts/",
    "/api/",
    "/captcha/",
    "/search/",
    "/directory/export.csv",
    "/awards/judging/",
    "/awards/nominate/",
    "/timebank/",
    "/survey/",
]


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class PortalViewsSitemap(Sitemap):
    """The public pages that are Django views rather than Wagtail pages."""

    def items(self):
        return ["directory:directory", "awards:index", "guidance:measures"]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(Sitemap):
    """Every published profile in the directory."""

    limit = 5000

    def items(self):
        from directory.models import Organisation

        return Organisation.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, organisation):
        return reverse("directory:profile", args=[organisation.slug])

    def lastmod(self, organisation):
        return organisation.updated_at


SITEMAPS = {"pages": WagtailSitemap, "views": PortalViewsSitemap, "directory": OrganisationSitemap}


@require_GET
def sitemap(request):
    return wagtail_sitemaps.sitemap(request, sitemaps=SITEMAPS)
