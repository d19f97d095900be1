import pytest

pytestmark = pytest.mark.django_db


def test_admin_is_branded_for_the_portal(client, superuser, home_page):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Portsmouth Social Value" in response.content.decode()


def test_admin_login_page_is_branded(client):
    response = client.get("/admin/login/")
    assert "Sign in to Portsmouth Social Value" in response.content.decode()


def test_editor_can_edit_site_settings(client, make_role_user, home_page):
    from wagtail.models import Site

    client.force_login(make_role_user("Editors"))
    site = Site.objects.get(is_default_site=True)
    response = client.get(f"/admin/settings/portal/portalsettings/{site.pk}/")
    assert response.status_code == 200


def test_header_navigation_comes_from_site_settings(client, superuser, home_page):
    from wagtail.models import Site

    from portal.models import PortalSettings

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.header_links = [("link", {"text": "Our pledge", "page": None, "url": "/pledge/"})]
    settings.save()
    html = client.get("/").content.decode()
    assert '<a class="govuk-service-navigation__link" href="/pledge/">Our pledge</a>' in html


def test_signed_in_pages_read_the_site_settings_again_only_after_a_change(
    client, user, home_page, settings, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from portal.models import PortalSettings

    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    client.force_login(user)
    from django.urls import reverse

    url = reverse("accounts:home")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries if "portal_portalsettings" in q["sql"]]
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.header_links = [
        ("link", {"text": "Our pledge", "page": None, "url": "/pledge/"})
    ]
    with django_capture_on_commit_callbacks(execute=True):
        portal_settings.save()
    html = client.get(url).content.decode()
    assert '<a class="govuk-service-navigation__link" href="/pledge/">Our pledge</a>' in html
