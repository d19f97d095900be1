import shutil

import pytest
from django.conf import settings
from django.core.cache import cache

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
