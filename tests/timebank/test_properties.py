"""Random sequences of exchanges, confirmations, disputes, broker decisions and reversals
never break a ledger invariant, and balances always match a simple model of the rules."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import UserFactory
from timebank.audit import find_violations
from timebank.models import Exchange, Transfer
from timebank.services import TimebankError, exchanges, ledger, membership

from .factories import AccountFactory

MEMBERS = 4

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("record"),
            st.integers(0, MEMBERS - 1),
            st.lists(st.integers(0, MEMBERS - 1), min_size=1, max_size=3),
            st.integers(-1, 30).map(lambda quarters: quarters * 15),
        ),
        st.tuples(st.just("confirm"), st.integers(0, 20), st.integers(0, MEMBERS - 1)),
        st.tuples(st.just("dispute"), st.integers(0, 20), st.integers(0, MEMBERS - 1)),
        st.tuples(st.just("approve"), st.integers(0, 20)),
        st.tuples(st.just("void"), st.integers(0, 20)),
        st.tuples(st.just("reverse"), st.integers(0, 40)),
        st.tuples(st.just("donate"), st.integers(0, MEMBERS - 1), st.integers(1, 8)),
    ),
    max_size=25,
)


class LedgerProperties(TestCase):
    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(operations)
    def test_invariants_hold_after_every_step(self, steps):
        from django.utils import timezone

        broker = UserFactory()
        pot = ledger.get_pot()
        members = [AccountFactory(credit_limit=-240) for _ in range(MEMBERS)]
        expected = {account.pk: 0 for account in [pot, *members]}

        def apply(payer, payee, minutes):
            expected[payer.pk] -= minutes
            expected[payee.pk] += minutes

        for step in steps:
            kind = step[0]
            existing_exchanges = list(Exchange.objects.order_by("pk"))
            transfers = list(Transfer.objects.order_by("pk"))
            before = Transfer.objects.count()
            try:
                if kind == "record":
                    _, giver, takers, minutes = step
                    exchanges.record_exchange(
                        members[giver],
                        providers=[members[giver]],
                        recipients=[members[i] for i in dict.fromkeys(takers)],
                        minutes=minutes,
                        date=timezone.localdate(),
                        description="Help",
                    )
                elif kind in ("confirm", "dispute") and existing_exchanges:
                    exchange = existing_exchanges[step[1] % len(existing_exchanges)]
                    exchanges.respond_to_exchange(
                        members[step[2]], exchange, confirm=kind == "confirm", reason="Wrong"
                    )
                elif kind == "approve" and existing_exchanges:
                    exchanges.broker_approve_exchange(
                        existing_exchanges[step[1] % len(existing_exchanges)], by=broker
                    )
                elif kind == "void" and existing_exchanges:
                    exchanges.broker_void_exchange(
                        existing_exchanges[step[1] % len(existing_exchanges)],
                        by=broker,
                        note="Void",
                    )
                elif kind == "reverse" and transfers:
                    ledger.reverse_transfer(
                        transfers[step[1] % len(transfers)], reason="Correction", by=broker
                    )
                elif kind == "donate":
                    membership.donate_to_pot(members[step[1]], step[2] * 15)
            except TimebankError:
                assert Transfer.objects.count() == before
            for transfer in Transfer.objects.filter(pk__gt=transfers[-1].pk if transfers else 0):
                debit, credit = sorted(transfer.movements.all(), key=lambda m: m.minutes)
                apply(debit.account, credit.account, credit.minutes)
            assert find_violations() == []

        for account in [pot, *members]:
            account.refresh_from_db()
            assert account.balance == expected[account.pk]
            if not account.is_pot:
                assert account.balance >= account.credit_limit
        completed = Exchange.objects.filter(status=Exchange.Status.COMPLETED)
        for exchange in completed:
            pairs = len(exchange.providers) * len(exchange.recipients)
            assert exchange.transfers.filter(kind=Transfer.Kind.EXCHANGE).count() == pairs
        assert not Transfer.objects.filter(
            kind=Transfer.Kind.EXCHANGE,
            exchange__status__in=[Exchange.Status.VOID, Exchange.Status.DISPUTED],
        ).exists()
