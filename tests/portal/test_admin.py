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
