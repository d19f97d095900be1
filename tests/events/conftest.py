import pytest

from .factories import index_page, make_event


@pytest.fixture
def index(db, home_page):
    return index_page()


@pytest.fixture
def event(index):
    return make_event()
