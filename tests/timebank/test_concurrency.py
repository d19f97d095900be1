"""Eight threads make random transfers among twenty accounts at once. Row locks taken in
primary-key order must keep every balance right, never pass a limit and never deadlock."""

import random
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.models import F, Sum, Window

from timebank.models import Account, Movement, Transfer
from timebank.services import ledger

from .factories import AccountFactory

THREADS = 8
TRANSFERS_PER_THREAD = 30
ACCOUNTS = 20

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks: SQLite's shared in-memory test database refuses concurrent "
        "writers with 'table is locked' instead of waiting",
    ),
]


def test_concurrent_transfers_keep_the_ledger_sound(capsys):
    pot = ledger.get_pot()
    accounts = [AccountFactory(credit_limit=-120) for _ in range(ACCOUNTS)]
    for account in accounts[:5]:
        ledger.post_transfer(pot, account, 240, kind=Transfer.Kind.GIFT)
    setup_transfers = Transfer.objects.count()
    ids = [account.pk for account in accounts]
    successes, refusals, errors = [], [], []
    start = threading.Barrier(THREADS)

    def worker(seed):
        rng = random.Random(seed)
        try:
            start.wait()
            for _ in range(TRANSFERS_PER_THREAD):
                payer_id, payee_id = rng.sample(ids, 2)
                minutes = rng.randrange(15, 181, 15)
                try:
                    ledger.post_transfer(
                        Account(pk=payer_id),
                        Account(pk=payee_id),
                        minutes,
                        kind=Transfer.Kind.EXCHANGE,
                    )
                except ledger.CreditLimitExceeded:
                    refusals.append(1)
                else:
                    successes.append(1)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(successes) + len(refusals) == THREADS * TRANSFERS_PER_THREAD
    assert refusals, "the limits were never tested; make the accounts poorer"
    assert Transfer.objects.count() - setup_transfers == len(successes)
    call_command("timebank_audit")
    assert "Time bank ledger OK" in capsys.readouterr().out
    # No balance ever passed its limit: the lowest running balance of each account, in the
    # order its movements were written (each written while holding that account's lock).
    lowest = (
        Movement.objects.filter(account__in=ids)
        .annotate(
            running=Window(Sum("minutes"), partition_by=[F("account_id")], order_by=F("id").asc())
        )
        .values_list("account_id", "running")
    )
    floor = {}
    for account_id, running in lowest:
        floor[account_id] = min(floor.get(account_id, 0), running)
    for account in Account.objects.filter(pk__in=ids):
        assert floor.get(account.pk, 0) >= account.credit_limit
    assert Account.objects.aggregate(total=Sum("balance"))["total"] == 0
