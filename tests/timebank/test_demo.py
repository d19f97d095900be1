import pytest

from timebank.audit import find_violations
from timebank.demo import build_timebank
from timebank.models import Account, Exchange, Listing, Message, Movement, Transfer

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count() for model in (Account, Exchange, Listing, Message, Movement, Transfer)
    ]


def test_demo_time_bank_is_complete_sound_and_idempotent():
    build_timebank({})
    members = Account.objects.members()
    assert members.count() == 40
    assert members.filter(status=Account.Status.PENDING).count() == 2
    statuses = set(Exchange.objects.values_list("status", flat=True))
    assert {"completed", "awaiting_confirmation", "disputed"} <= statuses
    assert Transfer.objects.filter(kind=Transfer.Kind.REVERSAL, reverses__isnull=False).exists()
    assert Listing.objects.count() == 20
    assert find_violations() == []
    first = counts()
    build_timebank({})
    assert counts() == first
