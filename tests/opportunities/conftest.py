import pytest

from tests.directory.factories import MembershipFactory, OrganisationFactory

from .factories import index_page, make_opportunity


@pytest.fixture
def index(db, home_page):
    return index_page()


@pytest.fixture
def opportunity(index):
    return make_opportunity()


@pytest.fixture
def member(user):
    """A user who belongs to one published, local, micro organisation."""
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Harbour Test Firm"))
    return user


@pytest.fixture
def organisation(member):
    return member.organisation_memberships.get().organisation
