"""The anonymous page cache: fast for visitors, never stale after a publish or a moderation
decision, and never shared with signed-in people or forms."""

import pytest
from django.urls import reverse

from directory import services as directory_services
from directory.models import Organisation
from portal.models import StandardPage
from tests.directory.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs the block's on-commit callbacks, as the real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, home_page, django_assert_num_queries
):
    first = client.get("/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_publishing_a_change_shows_on_the_next_anonymous_visit(client, home_page, commit):
    assert "Social value in Portsmouth" in client.get("/").content.decode()
    home_page.hero_heading = "Portsmouth spends locally"
    with commit():
        home_page.save_revision().publish()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Portsmouth spends locally" in response.content.decode()


def test_a_draft_is_not_shown_until_it_is_published(client, home_page, commit):
    client.get("/")
    home_page.hero_heading = "Not published yet"
    with commit():
        home_page.save_revision()
    assert "Not published yet" not in client.get("/").content.decode()


def test_unpublishing_a_page_removes_it_at_once(client, home_page, commit):
    page = StandardPage(title="Cookies", slug="cookies")
    with commit():
        home_page.add_child(instance=page)
        page.save_revision().publish()
    assert client.get("/cookies/").status_code == 200
    assert client.get("/cookies/")["X-Page-Cache"] == "hit"
    with commit():
        page.unpublish()
    assert client.get("/cookies/").status_code == 404


def test_suspending_an_organisation_takes_it_off_the_cached_directory(
    client, home_page, make_role_user, commit
):
    with commit():
        organisation = OrganisationFactory(name="Tidal Wave Cleaning")
    url = reverse("directory:directory")
    assert "Tidal Wave Cleaning" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    with commit():
        directory_services.suspend(organisation, make_role_user("Moderators"), "Complaints")
    assert "Tidal Wave Cleaning" not in client.get(url).content.decode()


def test_approving_an_organisation_puts_it_in_the_cached_directory(
    client, home_page, make_role_user, commit
):
    with commit():
        organisation = OrganisationFactory(name="Harbour Lights Bakery", status="pending")
    url = reverse("directory:directory")
    assert "Harbour Lights Bakery" not in client.get(url).content.decode()
    with commit():
        directory_services.approve(organisation, make_role_user("Moderators"))
    assert Organisation.objects.get(pk=organisation.pk).status == "published"
    assert "Harbour Lights Bakery" in client.get(url).content.decode()


def test_signed_in_people_never_get_or_fill_the_shared_cache(client, home_page, user):
    client.get("/")
    client.force_login(user)
    signed_in = client.get("/")
    assert "X-Page-Cache" not in signed_in
    client.logout()
    anonymous = client.get("/")
    assert user.email not in anonymous.content.decode()


def test_pages_with_a_form_token_are_never_cached(client, home_page):
    organisation = OrganisationFactory()
    url = reverse("directory:contact", kwargs={"slug": organisation.slug})
    first = client.get(url)
    assert first.status_code == 200
    assert "csrftoken" in first.cookies
    second = client.get(url)
    assert "X-Page-Cache" not in second
    assert "X-Page-Cache" not in first


def test_query_strings_and_posts_are_not_cached(client, home_page):
    assert "X-Page-Cache" not in client.get("/?utm=1")
    assert "X-Page-Cache" not in client.get(reverse("directory:directory") + "?q=bakery")
    client.get("/")
    response = client.post("/", {})
    assert "X-Page-Cache" not in response


def test_cache_is_off_when_its_lifetime_is_zero(client, home_page, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")
