import copy
import io
import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _isolate(settings, tmp_path):
    """Each test gets an empty cache and its own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def make_role_user(db):
    """make_role_user("Moderators") -> a verified user in that group."""

    def make(*roles, **kwargs):
        return UserFactory(roles=roles, **kwargs)

    return make


@pytest.fixture
def home_page(db):
    from tests.factories import site_with_home

    return site_with_home()


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(settings.BASE_DIR / ".test-media", ignore_errors=True)


@pytest.fixture(scope="module")
def osmem():
    """osmem-server, an in-memory OpenSearch-compatible server on loopback, for one module;
    take an empty index store for a test with osmem.clone()."""
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


# The search cluster pass (SEARCH_BACKEND=opensearch3, a step of .ci/run): the session starts
# an in-memory OpenSearch-compatible server on loopback, and each test gets an empty clone
# of it with the index built by `update_index`, so that no test sees another's documents.
if os.environ.get("SEARCH_BACKEND", "database") != "database":

    @pytest.fixture(scope="session")
    def search_cluster():
        from osmem_server import OsmemServer

        server = OsmemServer.start(japanese=False)
        yield server
        server.close()

    @pytest.fixture(autouse=True)
    def _empty_search_cluster(request, settings):
        if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
            yield
            return
        request.getfixturevalue("db")
        with request.getfixturevalue("search_cluster").clone() as clone:
            backends = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
            backends["default"]["URLS"] = [clone.url]
            # These tests check what the cluster answers, not when it learns of a change
            # (tests/portal/test_search_index.py does): their rows are saved in a transaction
            # that never commits, so the cluster is updated in it, as modelsearch does itself.
            backends["default"]["AUTO_UPDATE"] = True
            settings.WAGTAILSEARCH_BACKENDS = backends
            call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
            yield
