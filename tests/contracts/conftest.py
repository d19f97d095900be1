import pytest

from portal import roles
from tests.contracts.factories import ContractFactory, measure
from tests.directory.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def volunteering(db):
    return measure("PSV-VOL")


@pytest.fixture
def manager(make_role_user):
    user = make_role_user(roles.CONTRACT_MANAGERS)
    roles.sync_role_permissions()
    return user


@pytest.fixture
def supplier_org(db):
    return OrganisationFactory(
        name="Harbour Lights Catering Ltd", companies_house_number="01234567"
    )


@pytest.fixture
def supplier_member(supplier_org):
    return MembershipFactory(organisation=supplier_org).user


@pytest.fixture
def contract(supplier_org, volunteering):
    return ContractFactory(
        reference="PCC-0001",
        title="School meals",
        supplier_name="Harbour Lights Catering Limited",
        organisation=supplier_org,
        match_method="companies_house",
    )
