import pytest

from timebank.models import Transfer
from timebank.services import ledger

from .factories import AccountFactory


@pytest.fixture
def pot(db):
    return ledger.get_pot()


@pytest.fixture
def member(db):
    return AccountFactory()


@pytest.fixture
def other_member(db):
    return AccountFactory()


@pytest.fixture
def fund(pot):
    """fund(account, minutes): give an account hours from the community pot."""

    def give(account, minutes):
        return ledger.post_transfer(pot, account, minutes, kind=Transfer.Kind.GIFT)

    return give
