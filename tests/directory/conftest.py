import pytest

from tests.directory.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Harbour Lights Bakery", slug="harbour-lights-bakery")


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation).user


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, role="member").user


@pytest.fixture
def moderator(make_role_user):
    return make_role_user("Moderators")
