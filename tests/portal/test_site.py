import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from portal import roles
from portal.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_every_role_exists_after_migrate():
    assert set(roles.ROLES) <= set(Group.objects.values_list("name", flat=True))


def test_admin_roles_can_open_the_wagtail_admin():
    for role in roles.ADMIN_ROLES:
        group = Group.objects.get(name=role)
        assert group.permissions.filter(codename="access_admin").exists(), role


def test_editor_can_sign_in_to_admin_but_judge_cannot(client, make_role_user):
    client.force_login(make_role_user(roles.EDITORS))
    assert client.get("/admin/").status_code == 200
    client.force_login(make_role_user(roles.JUDGES))
    assert client.get("/admin/").status_code == 302


def test_home_page_renders_with_few_queries(client, home_page, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Home – Portsmouth Social Value</title>" in html
    assert 'href="#main-content"' in html
    assert "GOV.UK" not in html


def test_home_page_query_count_does_not_grow_with_cards(
    client, home_page, django_assert_num_queries
):
    client.get("/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/")
    home_page.cards = [
        (
            "card",
            {
                "heading": f"Card {n}",
                "text": "Text",
                "link": {"text": "x", "page": None, "url": "/"},
            },
        )
        for n in range(30)
    ]
    home_page.save_revision().publish()
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")
    assert response.content.decode().count('psv-card"') == 30
    assert len(many) == len(few)


def test_seed_demo_builds_the_page_tree_and_is_idempotent():
    call_command("seed_demo", "--only", "portal.demo")
    call_command("seed_demo", "--only", "portal.demo")
    assert HomePage.objects.count() == 1
    assert sorted(StandardPage.objects.values_list("slug", flat=True)) == [
        "about",
        "accessibility",
        "cookies",
        "privacy",
    ]
    home = HomePage.objects.get()
    assert home.get_site().root_page_id == home.pk
    assert Page.objects.filter(depth=2).count() == 1


@pytest.mark.parametrize("path", ["/about/", "/accessibility/", "/privacy/", "/cookies/"])
def test_footer_pages_exist_after_seed(client, path):
    call_command("seed_demo", "--only", "portal.demo")
    assert client.get(path).status_code == 200


def test_unknown_page_is_a_404_with_the_portal_layout(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_healthz_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.content == b"ok"


class TestSearch:
    def test_pages_are_found_and_grouped(self, client, home_page):
        call_command("seed_demo", "--only", "portal.demo")
        response = client.get("/search/", {"q": "cookies"})
        assert response.status_code == 200
        groups = response.context["groups"]
        assert [group["section"].key for group in groups][0] == "pages"
        assert any(result.title == "Cookies" for result in groups[0]["results"])

    def test_no_results_suggests_what_to_try(self, client, home_page):
        response = client.get("/search/", {"q": "zzzzqqqq"})
        assert "No results" in response.content.decode()
        assert "checking your spelling" in response.content.decode()

    def test_one_kind_is_paginated(self, client, home_page):
        for n in range(12):
            page = StandardPage(title=f"Procurement note {n}", slug=f"note-{n}", body=[])
            home_page.add_child(instance=page)
        response = client.get("/search/", {"q": "procurement", "kind": "pages"})
        assert response.context["page_obj"].paginator.count == 12
        assert len(response.context["page_obj"].object_list) == 10
        response = client.get("/search/", {"q": "procurement", "kind": "pages", "page": 2})
        assert len(response.context["page_obj"].object_list) == 2

    @pytest.mark.parametrize(
        "params", [{"q": "x", "kind": "nonsense"}, {"q": "x", "kind": "pages", "page": "999"}]
    )
    def test_bad_parameters_are_404_not_500(self, client, home_page, params):
        assert client.get("/search/", params).status_code == 404

    def test_hostile_query_is_escaped(self, client, home_page):
        response = client.get("/search/", {"q": "<script>alert(1)</script>"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_userbar_is_on_cms_pages_only(client, home_page, make_role_user):
    """The userbar edits the page being viewed: an editor gets it on a CMS page. An app's view
    has no page to edit, and a signed-in visitor's request there checks no admin permission."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_role_user(roles.EDITORS))
    assert "<wagtail-userbar" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directory:directory"))
    assert response.status_code == 200
    assert "<wagtail-userbar" not in response.content.decode()
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
