import pytest

from awards import services
from tests.factories import UserFactory

from .factories import (
    NominationFactory,
    OrganisationFactory,
    administrator,
    category_with_criteria,
    judge,
)


@pytest.fixture
def people(db):
    """Every role the awards know: anonymous is the test client without a login."""
    return {
        "nominator": UserFactory(),
        "assigned": judge(first_name="Asha"),
        "conflicted": judge(first_name="Connor"),
        "unassigned": judge(first_name="Uma"),
        "administrator": administrator(),
    }


@pytest.fixture
def scenario(people):
    """An open cycle, one category judged by two judges, an eligible nomination that the
    assigned judge has declared no conflict on and the conflicted judge a conflict."""
    category = category_with_criteria(
        weights=(50, 30, 20), judges=[people["assigned"], people["conflicted"]]
    )
    nomination = NominationFactory(
        category=category,
        organisation=OrganisationFactory(name="Southsea Repair Cafe"),
        nominator=people["nominator"],
        nominator_name="Nina Nominator",
    )
    services.declare_conflict(nomination, people["assigned"], False)
    services.declare_conflict(nomination, people["conflicted"], True, "I am a trustee")
    return {"category": category, "nomination": nomination, **people}


@pytest.fixture
def signed_in(client, scenario):
    """The test client signed in as one of the scenario's roles ("anonymous": signed out)."""

    def sign_in(role):
        if role != "anonymous":
            client.force_login(scenario[role])
        return client

    return sign_in
