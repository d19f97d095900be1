from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import deployment, views
from portal.api import api

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Deployment: readiness, robots.txt and the sitemap (portal/deployment.py).
    path("readyz", deployment.readyz, name="readyz"),
    path("robots.txt", deployment.robots_txt, name="robots_txt"),
    path("sitemap.xml", deployment.sitemap, name="sitemap"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("accounts/", include("portal.accounts.urls")),
    path("captcha/", include("captcha.urls")),
    path("api/", api.urls),
    path("", include("guidance.urls")),
    path("", include("directory.urls")),
    path("", include("survey.urls")),
    path("", include("awards.urls")),
    path("", include("timebank.urls")),
    path("", include("spend.urls")),
    path("", include("opportunities.urls")),
    path("", include("contracts.urls")),
    path("", include("supplier_events.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
