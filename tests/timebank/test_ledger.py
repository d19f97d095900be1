import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from timebank.audit import find_violations
from timebank.models import Account, Exchange, ImmutableRecord, Movement, Party, Transfer
from timebank.services import TimebankError, exchanges, ledger, membership

from .factories import AccountFactory, completed_exchange, recorded_exchange

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_a_transfer_writes_two_movements_and_moves_the_balances(member, other_member, fund):
    fund(member, 120)
    transfer = ledger.post_transfer(member, other_member, 45, kind=Transfer.Kind.EXCHANGE)
    assert sorted(transfer.movements.values_list("minutes", flat=True)) == [-45, 45]
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert (member.balance, other_member.balance) == (75, 45)
    assert find_violations() == []


def test_the_credit_limit_blocks_and_leaves_the_ledger_untouched(member, other_member):
    assert member.credit_limit == -600
    ledger.post_transfer(member, other_member, 600, kind=Transfer.Kind.EXCHANGE)
    before = Movement.objects.count()
    with pytest.raises(ledger.CreditLimitExceeded, match="below their limit"):
        ledger.post_transfer(member, other_member, 15, kind=Transfer.Kind.EXCHANGE)
    member.refresh_from_db()
    assert member.balance == -600
    assert Movement.objects.count() == before
    assert find_violations() == []


def test_a_broker_can_change_one_accounts_limit(member, other_member, superuser):
    membership.set_credit_limit(member, -900, by=superuser)
    ledger.post_transfer(member, other_member, 900, kind=Transfer.Kind.EXCHANGE)
    member.refresh_from_db()
    assert member.balance == -900
    with pytest.raises(TimebankError, match="cannot be above"):
        membership.set_credit_limit(member, -600, by=superuser)


def test_the_database_refuses_a_balance_below_the_limit(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=member.pk).update(balance=-601)


def test_the_pot_is_exempt_from_the_limit_and_the_total_stays_zero(pot, member):
    ledger.post_transfer(pot, member, 5000, kind=Transfer.Kind.GIFT)
    pot.refresh_from_db()
    assert pot.balance == -5000
    assert find_violations() == []


def test_movements_and_transfers_cannot_be_changed_or_deleted(member, other_member, fund):
    transfer = fund(member, 60)
    movement = transfer.movements.first()
    movement.minutes = 600
    with pytest.raises(ImmutableRecord):
        movement.save()
    with pytest.raises(ImmutableRecord):
        movement.delete()
    with pytest.raises(ImmutableRecord):
        transfer.delete()
    with pytest.raises(ImmutableRecord):
        Movement.objects.filter(pk=movement.pk).update(minutes=1)
    with pytest.raises(ImmutableRecord):
        Transfer.objects.all().delete()
    assert find_violations() == []


def test_a_reversal_is_a_new_linked_transfer_and_cannot_repeat(member, other_member, fund):
    fund(member, 120)
    original = ledger.post_transfer(member, other_member, 60, kind=Transfer.Kind.EXCHANGE)
    with pytest.raises(TimebankError, match="reason"):
        ledger.reverse_transfer(original, reason=" ", by=None)
    reversal = ledger.reverse_transfer(original, reason="Recorded twice", by=None)
    assert reversal.reverses == original
    assert reversal.kind == Transfer.Kind.REVERSAL
    member.refresh_from_db()
    assert member.balance == 120
    with pytest.raises(TimebankError, match="already been reversed"):
        ledger.reverse_transfer(original, reason="Again", by=None)
    with pytest.raises(TimebankError, match="cannot itself be reversed"):
        ledger.reverse_transfer(reversal, reason="Undo", by=None)
    assert Transfer.objects.count() == 3
    assert find_violations() == []


def test_approval_gives_starter_credits_and_emails_the_member(
    pot, superuser, settings, django_capture_on_commit_callbacks
):
    settings.TIMEBANK_STARTER_MINUTES = 180
    applicant = AccountFactory(status=Account.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        membership.approve_member(applicant, by=superuser, references_checked=True)
    applicant.refresh_from_db()
    assert applicant.status == Account.Status.APPROVED
    assert applicant.balance == 180
    assert mail.outbox[-1].to == [applicant.user.email]
    assert "approved" in mail.outbox[-1].body
    with pytest.raises(TimebankError, match="already been decided"):
        membership.approve_member(applicant, by=superuser, references_checked=True)


def test_declining_needs_a_reason_and_sends_it(superuser, django_capture_on_commit_callbacks):
    applicant = AccountFactory(status=Account.Status.PENDING)
    with pytest.raises(TimebankError):
        membership.decline_member(applicant, by=superuser, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        membership.decline_member(applicant, by=superuser, reason="We could not reach your referee")
    assert "We could not reach your referee" in mail.outbox[-1].body
    assert Movement.objects.count() == 0


def test_an_exchange_completes_when_the_other_member_confirms(
    member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        exchange = recorded_exchange(member, other_member, minutes=90)
    assert exchange.status == Exchange.Status.AWAITING_CONFIRMATION
    assert Transfer.objects.count() == 0
    assert "confirm" in mail.outbox[-1].subject.lower()
    exchanges.respond_to_exchange(other_member, exchange, confirm=True)
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.COMPLETED
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert (member.balance, other_member.balance) == (90, -90)
    assert find_violations() == []


def test_broker_approval_setting_holds_the_exchange(member, other_member, superuser, settings):
    settings.TIMEBANK_BROKER_APPROVAL = True
    exchange = recorded_exchange(member, other_member, minutes=60)
    exchanges.respond_to_exchange(other_member, exchange, confirm=True)
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.AWAITING_APPROVAL
    assert Transfer.objects.count() == 0
    exchanges.broker_approve_exchange(exchange, by=superuser)
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.COMPLETED
    assert exchange.transfers.count() == 1


def test_a_dispute_goes_to_a_broker_who_can_void_it(member, other_member, superuser):
    exchange = recorded_exchange(member, other_member, minutes=60)
    with pytest.raises(TimebankError, match="what is wrong"):
        exchanges.respond_to_exchange(other_member, exchange, confirm=False, reason="")
    exchanges.respond_to_exchange(other_member, exchange, confirm=False, reason="It was 30 minutes")
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.DISPUTED
    exchanges.broker_void_exchange(exchange, by=superuser, note="Members agreed to re-record")
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.VOID
    assert Transfer.objects.count() == 0


def test_a_group_exchange_posts_one_transfer_per_recipient(member):
    recipients = AccountFactory.create_batch(3)
    exchange = completed_exchange(member, *recipients, minutes=120)
    member.refresh_from_db()
    assert member.balance == 360
    assert exchange.transfers.count() == 3
    assert find_violations() == []


def test_a_group_exchange_completes_all_or_nothing(member):
    rich, broke = AccountFactory(), AccountFactory(credit_limit=-60)
    exchange = recorded_exchange(member, rich, broke, minutes=120)
    exchanges.respond_to_exchange(rich, exchange, confirm=True)
    with pytest.raises(ledger.CreditLimitExceeded):
        exchanges.respond_to_exchange(broke, exchange, confirm=True)
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.AWAITING_CONFIRMATION
    assert Transfer.objects.count() == 0
    assert Party.objects.get(account=broke).response == Party.Response.PENDING


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "above zero"),
        (-60, "above zero"),
        (50, "quarter of an hour"),
        (25 * 60, "no more than 24 hours"),
    ],
)
def test_bad_hours_are_refused(member, other_member, minutes, message):
    with pytest.raises(TimebankError, match=message):
        recorded_exchange(member, other_member, minutes=minutes)
    assert Exchange.objects.count() == 0


def test_more_than_24_hours_in_one_day_is_refused(member, other_member):
    recorded_exchange(member, other_member, minutes=20 * 60)
    with pytest.raises(TimebankError, match="more than 24 hours"):
        recorded_exchange(member, other_member, minutes=5 * 60)


def test_exchanging_with_yourself_is_refused(member):
    with pytest.raises(TimebankError, match="yourself"):
        recorded_exchange(member, member)


@pytest.mark.parametrize("status", [Account.Status.PENDING, Account.Status.CLOSED])
def test_unapproved_or_closed_members_cannot_exchange(member, status):
    outsider = AccountFactory(status=status)
    with pytest.raises(TimebankError):
        recorded_exchange(member, outsider)
    assert Exchange.objects.count() == 0


def test_future_dates_are_refused(member, other_member):
    with pytest.raises(TimebankError, match="today or in the past"):
        recorded_exchange(member, other_member, date=TODAY() + datetime.timedelta(days=1))


def test_confirming_your_own_record_or_twice_is_refused(member, other_member):
    exchange = recorded_exchange(member, other_member)
    with pytest.raises(TimebankError, match="You recorded this exchange"):
        exchanges.respond_to_exchange(member, exchange, confirm=True)
    exchanges.respond_to_exchange(other_member, exchange, confirm=True)
    with pytest.raises(TimebankError, match="already confirmed"):
        exchanges.respond_to_exchange(other_member, exchange, confirm=True)
    assert Transfer.objects.count() == 1


def test_someone_elses_exchange_cannot_be_confirmed(member, other_member):
    exchange = recorded_exchange(member, other_member)
    stranger = AccountFactory()
    with pytest.raises(TimebankError, match="took part in"):
        exchanges.respond_to_exchange(stranger, exchange, confirm=True)
    assert Transfer.objects.count() == 0


def test_the_same_form_token_records_only_once(member, other_member):
    token = "0b7f3c1e-2f4b-4c1a-9a8e-5d8f0a6b7c21"
    form = {
        "providers": [member],
        "recipients": [other_member],
        "minutes": 60,
        "date": TODAY(),
        "description": "Lift to hospital",
        "token": token,
    }
    first = exchanges.record_exchange(member, **form)
    second = exchanges.record_exchange(member, **form)
    assert first.created and not second.created
    assert first.exchange.pk == second.exchange.pk
    assert Exchange.objects.count() == 1


def test_closing_an_account_anonymises_it_and_keeps_the_ledger(member, other_member, fund):
    fund(member, 60)
    ledger.post_transfer(member, other_member, 30, kind=Transfer.Kind.EXCHANGE)
    pending = recorded_exchange(other_member, member)
    user = member.user
    membership.close_account(member)
    member.refresh_from_db()
    assert member.status == Account.Status.CLOSED
    assert member.user is None
    assert member.display_name == f"Former member {member.pk}"
    assert member.skills_offered == member.access_needs == ""
    assert member.balance == 30
    assert Movement.objects.filter(account=member).count() == 2
    pending.refresh_from_db()
    assert pending.status == Exchange.Status.VOID
    assert not Account.objects.filter(user=user).exists()
    assert find_violations() == []


def test_donating_to_the_pot(member, pot, fund):
    fund(member, 120)
    membership.donate_to_pot(member, 60)
    member.refresh_from_db()
    pot.refresh_from_db()
    assert (member.balance, pot.balance) == (60, -60)


def test_the_audit_command_reports_ok(member, other_member, fund, capsys):
    fund(member, 60)
    call_command("timebank_audit")
    out = capsys.readouterr().out
    assert out.startswith("Time bank ledger OK")
    assert len(out.strip().splitlines()) == 1


def test_the_audit_command_lists_each_violation(member, other_member, fund, capsys):
    fund(member, 60)
    # Tampering behind the ledger's back, as a bad migration or a manual SQL edit might.
    Account.objects.filter(pk=member.pk).update(balance=75)
    transfer = Transfer.objects.create(kind=Transfer.Kind.REVERSAL)
    Movement.objects.create(transfer=transfer, account=other_member, minutes=15, balance_after=15)
    with pytest.raises(CommandError, match="violation"):
        call_command("timebank_audit")
    err = capsys.readouterr().err
    assert f"Transfer {transfer.pk} has 1 movements" in err
    assert f"Account {member.pk}" in err
    assert f"Account {other_member.pk}" in err
    assert "not zero" in err
    assert "not linked" in err


def test_each_movement_records_the_balance_after_it(member, other_member, fund):
    fund(member, 120)
    ledger.post_transfer(member, other_member, 45, kind=Transfer.Kind.EXCHANGE)
    ledger.post_transfer(other_member, member, 30, kind=Transfer.Kind.EXCHANGE)
    history = list(
        Movement.objects.filter(account=member)
        .order_by("created_at", "id")
        .values_list("minutes", "balance_after")
    )
    assert history == [(120, 120), (-45, 75), (30, 105)]
    assert list(
        Movement.objects.filter(account=other_member).values_list("minutes", "balance_after")
    ) == [(45, 45), (-30, 15)]
    member.refresh_from_db()
    assert history[-1][1] == member.balance
    assert find_violations() == []


def test_the_audit_finds_a_movement_whose_recorded_balance_is_wrong(member, other_member):
    transfer = Transfer.objects.create(kind=Transfer.Kind.EXCHANGE)
    Movement.objects.bulk_create(
        [
            Movement(transfer=transfer, account=member, minutes=-30, balance_after=-30),
            Movement(transfer=transfer, account=other_member, minutes=30, balance_after=45),
        ]
    )
    Account.objects.filter(pk=member.pk).update(balance=-30, movement_count=1)
    Account.objects.filter(pk=other_member.pk).update(balance=30, movement_count=1)
    violations = find_violations()
    assert len(violations) == 1
    assert "records a balance of 45 minutes after it" in violations[0]
    assert "sum to 30" in violations[0]


def test_the_migration_fills_the_balance_after_existing_movements(member, other_member):
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = "0003_movement_balance_after"
    fill = import_module(f"timebank.migrations.{migration}").fill_balance_after
    # The migration runs with the historical model, as `migrate` would give it.
    apps = MigrationLoader(connection).project_state(("timebank", migration)).apps
    start = timezone.now()
    for number, minutes in enumerate((60, -15, 25)):
        transfer = Transfer.objects.create(kind=Transfer.Kind.EXCHANGE)
        at = start + datetime.timedelta(minutes=number)
        Movement.objects.bulk_create(
            [
                Movement(
                    transfer=transfer,
                    account=member,
                    minutes=minutes,
                    balance_after=0,
                    created_at=at,
                ),
                Movement(
                    transfer=transfer,
                    account=other_member,
                    minutes=-minutes,
                    balance_after=0,
                    created_at=at,
                ),
            ]
        )
    fill(apps, None)
    assert list(
        Movement.objects.filter(account=member)
        .order_by("created_at", "id")
        .values_list("balance_after", flat=True)
    ) == [60, 45, 70]
    assert list(
        Movement.objects.filter(account=other_member)
        .order_by("created_at", "id")
        .values_list("balance_after", flat=True)
    ) == [-60, -45, -70]


def test_each_account_keeps_the_number_of_its_movements(member, other_member, fund):
    fund(member, 120)
    ledger.post_transfer(member, other_member, 30, kind=Transfer.Kind.EXCHANGE)
    ledger.post_transfer(other_member, member, 15, kind=Transfer.Kind.EXCHANGE)
    for account in (member, other_member, ledger.get_pot()):
        account.refresh_from_db()
        assert account.movement_count == Movement.objects.filter(account=account).count()
    assert (member.movement_count, other_member.movement_count) == (3, 2)
    assert find_violations() == []


def test_the_audit_finds_a_stored_movement_count_that_is_wrong(member, other_member, fund):
    fund(member, 60)
    Account.objects.filter(pk=member.pk).update(movement_count=5)
    violations = find_violations()
    assert violations == [
        f"Account {member.pk} ({member.display_name}) stores 5 movements but has 1"
    ]


def test_the_migration_counts_the_movements_of_existing_accounts(member, other_member, fund):
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = "0005_account_movement_count"
    fill = import_module(f"timebank.migrations.{migration}").fill_movement_count
    apps = MigrationLoader(connection).project_state(("timebank", migration)).apps
    fund(member, 60)
    ledger.post_transfer(member, other_member, 15, kind=Transfer.Kind.EXCHANGE)
    Account.objects.update(movement_count=0)
    fill(apps, None)
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert (member.movement_count, other_member.movement_count) == (2, 1)
    assert find_violations() == []
