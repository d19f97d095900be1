import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from directory.models import Organisation, OrganisationMembership
from guidance.models import Measure, Theme
from portal.roles import BROKERS
from tests.factories import date_data
from timebank.audit import find_violations
from timebank.models import Account, Exchange, Message, Movement, Transfer
from timebank.services import exchanges, ledger, membership

from .factories import (
    AccountFactory,
    CategoryFactory,
    ListingFactory,
    completed_exchange,
    disputed_exchange,
    listing_data,
    recorded_exchange,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def exchange_data(other, **overrides):
    data = {
        "direction": "gave",
        "members": [other.pk],
        "hours": "1.5",
        **date_data("date", TODAY()),
        "description": "Fixed a dripping tap",
        "listing": "",
        "token": "6f1c1d2a-1111-4a4a-9b9b-0123456789ab",
    }
    if "date" in overrides:
        data.update(date_data("date", overrides.pop("date")))
    data.update(overrides)
    return data


def test_joining_creates_an_application_for_a_broker(client, user):
    client.force_login(user)
    response = client.post(reverse("timebank:join"), {"display_name": ""})
    page = response.content.decode()
    assert "Enter the name other members will see" in page
    assert "Agree to the member terms to join" in page
    assert page.count("<title>Error: ") == 1
    response = client.post(
        reverse("timebank:join"),
        {
            "display_name": "Ada L",
            "neighbourhood": "po4",
            "skills_offered": "Baking",
            "agree_terms": "on",
        },
    )
    assert response.status_code == 302
    account = Account.objects.get(user=user)
    assert (account.status, account.neighbourhood) == (Account.Status.PENDING, "PO4")
    assert account.agreed_terms_at is not None


def test_joining_rejects_a_bad_postcode_district(client, user):
    client.force_login(user)
    response = client.post(
        reverse("timebank:join"),
        {"display_name": "Ada", "neighbourhood": "Portsmouth", "agree_terms": "on"},
    )
    assert "Enter the first part of a postcode, like PO4" in response.content.decode()
    assert not Account.objects.exists()


def test_an_organisation_member_can_open_an_account_for_it(client, user):
    organisation = Organisation.objects.create(
        name="Fratton Community Larder", slug="fratton-larder", legal_form="cio", size_band="micro"
    )
    OrganisationMembership.objects.create(organisation=organisation, user=user, role="owner")
    client.force_login(user)
    client.post(
        reverse("timebank:join"),
        {
            "display_name": "Fratton Larder",
            "neighbourhood": "PO1",
            "organisation": organisation.pk,
            "agree_terms": "on",
        },
    )
    account = Account.objects.get(user=user)
    assert account.organisation == organisation
    assert account.kind == Account.Kind.ORGANISATION


def test_broker_approves_and_declines_with_reasons(
    client, make_role_user, django_capture_on_commit_callbacks
):
    broker = make_role_user(BROKERS)
    client.force_login(broker)
    applicant = AccountFactory(status=Account.Status.PENDING)
    url = reverse("timebank:broker_application", args=[applicant.pk])
    response = client.post(url, {"decision": "approve"})
    assert "Confirm that references have been checked" in response.content.decode()
    client.post(url, {"decision": "approve", "references_checked": "on"})
    applicant.refresh_from_db()
    assert applicant.status == Account.Status.APPROVED
    assert applicant.balance == 120
    other = AccountFactory(status=Account.Status.PENDING)
    url = reverse("timebank:broker_application", args=[other.pk])
    response = client.post(url, {"decision": "decline"})
    assert "Enter the reason for declining" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "decline", "reason": "No reference"})
    other.refresh_from_db()
    assert other.status == Account.Status.DECLINED
    assert "No reference" in mail.outbox[-1].body


def test_listings_search_and_filters(client):
    gardening = CategoryFactory(slug="gardening")
    lifts = CategoryFactory(slug="lifts")
    ListingFactory(title="Hedge trimming", category=gardening, neighbourhood="PO4")
    ListingFactory(title="Lift to the dentist", category=lifts, kind="request", neighbourhood="PO2")
    ListingFactory(
        title="Old offer", category=gardening, expires_on=TODAY() - datetime.timedelta(days=1)
    )
    ListingFactory(title="Applicant's offer", account=AccountFactory(status="pending"))

    def titles(**params):
        page = client.get(reverse("timebank:listings"), params).content.decode()
        return {t for t in ["Hedge", "Lift to", "Old offer", "Applicant"] if t in page}

    assert titles() == {"Hedge", "Lift to"}
    assert titles(q="dentist") == {"Lift to"}
    assert titles(kind="request") == {"Lift to"}
    assert titles(category=gardening.pk) == {"Hedge"}
    assert titles(neighbourhood="po4") == {"Hedge"}


def test_contact_through_the_portal_never_shows_an_email_address(
    client, django_capture_on_commit_callbacks
):
    owner = AccountFactory(display_name="Bea")
    listing = ListingFactory(account=owner)
    asker = AccountFactory(display_name="Cal")
    client.force_login(asker.user)
    page = client.get(reverse("timebank:listing", args=[listing.pk])).content.decode()
    assert owner.user.email not in page
    url = reverse("timebank:message", args=[owner.pk]) + f"?listing={listing.pk}"
    response = client.post(url, {"body": ""})
    assert "Enter your message" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Could you help on Saturday?"})
    message = Message.objects.get()
    assert (message.sender, message.recipient, message.listing) == (asker, owner, listing)
    (email,) = [m for m in mail.outbox if m.to == [owner.user.email]]
    assert "Could you help on Saturday?" in email.body
    assert asker.user.email not in email.body
    assert email.reply_to == []
    client.force_login(owner.user)
    inbox = client.get(reverse("timebank:messages")).content.decode()
    assert "Could you help on Saturday?" in inbox
    assert asker.user.email not in inbox


def test_recording_an_exchange_and_the_other_member_confirming(client):
    giver, receiver = AccountFactory(), AccountFactory()
    client.force_login(giver.user)
    response = client.post(reverse("timebank:exchange_create"), exchange_data(receiver))
    exchange = Exchange.objects.get()
    assert response.url == reverse("timebank:exchange", args=[exchange.pk])
    assert exchange.minutes == 90
    client.force_login(receiver.user)
    home = client.get(reverse("timebank:home")).content.decode()
    assert "Fixed a dripping tap" in home
    client.post(reverse("timebank:exchange", args=[exchange.pk]), {"answer": "confirm"})
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.COMPLETED
    giver.refresh_from_db()
    assert giver.balance == 90
    statement = client.get(reverse("timebank:statement")).content.decode()
    assert "Fixed a dripping tap" in statement and "-1:30" in statement


def test_a_double_clicked_submit_records_one_exchange(client):
    giver, receiver = AccountFactory(), AccountFactory()
    client.force_login(giver.user)
    first = client.post(reverse("timebank:exchange_create"), exchange_data(receiver))
    second = client.post(reverse("timebank:exchange_create"), exchange_data(receiver))
    assert first.url == second.url
    assert Exchange.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours": "0"}, "Enter a number of hours above zero"),
        ({"hours": "-2"}, "Enter a number of hours above zero"),
        ({"hours": "1.1"}, "Enter hours in steps of a quarter of an hour"),
        ({"hours": "0:20"}, "Enter hours in steps of a quarter of an hour"),
        ({"hours": "25"}, "Enter no more than 24 hours"),
        ({"hours": "lots"}, "Enter the hours as a number"),
        ({"hours": ""}, "Enter the hours"),
        ({"members": []}, "Find the other member by name, then select them"),
        ({"description": ""}, "Enter what was done"),
        ({"date_day": "30", "date_month": "2"}, "Date must be a real date"),
        ({"date_month": ""}, "Date must include a month"),
        ({"direction": ""}, "Select whether you gave or received the help"),
    ],
)
def test_bad_exchange_input_is_refused_with_a_clear_message(client, overrides, message):
    giver, receiver = AccountFactory(), AccountFactory()
    client.force_login(giver.user)
    response = client.post(
        reverse("timebank:exchange_create"), exchange_data(receiver, **overrides)
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "<title>Error: " in page
    assert not Exchange.objects.exists()


@pytest.mark.parametrize("who", ["self", "pending", "closed"])
def test_exchanging_with_yourself_or_an_unapproved_member_is_refused(client, who):
    giver = AccountFactory()
    other = {
        "self": giver,
        "pending": AccountFactory(status="pending"),
        "closed": AccountFactory(status="closed"),
    }[who]
    client.force_login(giver.user)
    response = client.post(reverse("timebank:exchange_create"), exchange_data(other))
    assert "Select a member from the list" in response.content.decode()
    assert not Exchange.objects.exists()


def test_a_future_date_is_refused(client):
    giver, receiver = AccountFactory(), AccountFactory()
    client.force_login(giver.user)
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = client.post(
        reverse("timebank:exchange_create"), exchange_data(receiver, date=tomorrow)
    )
    assert "must be today or in the past" in response.content.decode()


def test_confirmation_refusals_show_a_message_and_leave_the_ledger_alone(client):
    giver, receiver = AccountFactory(), AccountFactory(credit_limit=-60)
    exchange = recorded_exchange(giver, receiver, minutes=120)
    url = reverse("timebank:exchange", args=[exchange.pk])
    client.force_login(giver.user)
    page = client.post(url, {"answer": "confirm"}).content.decode()
    assert "You recorded this exchange" in page
    client.force_login(receiver.user)
    response = client.post(url, {"answer": "confirm"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "below their limit" in page and "<title>Error: " in page
    assert not Movement.objects.exists()
    client.force_login(AccountFactory().user)
    assert client.post(url, {"answer": "confirm"}).status_code == 404
    assert not Movement.objects.exists()


def test_confirming_twice_is_refused(client):
    giver, receiver = AccountFactory(), AccountFactory()
    exchange = recorded_exchange(giver, receiver)
    url = reverse("timebank:exchange", args=[exchange.pk])
    client.force_login(receiver.user)
    client.post(url, {"answer": "confirm"})
    page = client.post(url, {"answer": "confirm"}).content.decode()
    assert "You have already confirmed this exchange" in page
    assert Transfer.objects.count() == 1


def test_disputing_needs_a_reason(client):
    giver, receiver = AccountFactory(), AccountFactory()
    exchange = recorded_exchange(giver, receiver)
    client.force_login(receiver.user)
    url = reverse("timebank:exchange", args=[exchange.pk])
    page = client.post(url, {"answer": "dispute"}).content.decode()
    assert "Enter what is wrong with this exchange" in page
    client.post(url, {"answer": "dispute", "reason": "It was 30 minutes"})
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.DISPUTED


def _many_movements(account, count):
    """Write `count` movements for the account quickly (pairs with the pot)."""
    pot = ledger.get_pot()
    pot.refresh_from_db()
    account.refresh_from_db()
    # Each new movement comes after the pot's latest one, as posting would make it.
    latest = Movement.objects.filter(account=pot).aggregate(latest=Max("created_at"))["latest"]
    now = max(timezone.now(), latest + datetime.timedelta(seconds=1)) if latest else timezone.now()
    transfers = Transfer.objects.bulk_create(
        [
            Transfer(kind=Transfer.Kind.GIFT, created_at=now + datetime.timedelta(seconds=i))
            for i in range(count)
        ]
    )
    Movement.objects.bulk_create(
        [
            movement
            for number, transfer in enumerate(transfers)
            for movement in (
                Movement(
                    transfer=transfer,
                    account=pot,
                    minutes=-15,
                    balance_after=pot.balance - 15 * (number + 1),
                    created_at=transfer.created_at,
                ),
                Movement(
                    transfer=transfer,
                    account=account,
                    minutes=15,
                    balance_after=account.balance + 15 * (number + 1),
                    created_at=transfer.created_at,
                ),
            )
        ]
    )
    Account.objects.filter(pk=account.pk).update(
        balance=F("balance") + 15 * count, movement_count=F("movement_count") + count
    )
    Account.objects.filter(pk=pot.pk).update(
        balance=F("balance") - 15 * count, movement_count=F("movement_count") + count
    )


def test_statement_runs_the_same_queries_for_5_or_5000_movements(client, django_assert_num_queries):
    small, large = AccountFactory(), AccountFactory()
    _many_movements(small, 5)
    _many_movements(large, 5000)
    assert find_violations() == []

    def count(account, page=1):
        client.force_login(account.user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("timebank:statement"), {"page": page})
        assert response.status_code == 200
        return len(queries), response.content.decode()

    count(small)  # the first request also fills per-process caches
    small_queries, _ = count(small)
    large_queries, page = count(large)
    assert small_queries == large_queries
    # Newest first; the running balance after the newest movement is the balance.
    assert "1250:00" in page
    _, last_page = count(large, page=200)
    assert "0:15" in last_page


def test_statement_csv_has_running_balance_and_is_formula_safe(client):
    giver, receiver = AccountFactory(), AccountFactory()
    completed_exchange(giver, receiver, description='=HYPERLINK("http://evil.example","click")')
    membership.donate_to_pot(giver, 30)
    client.force_login(giver.user)
    response = client.get(reverse("timebank:statement_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Date", "Description", "With", "Minutes", "Hours", "Balance (hours)"]
    assert rows[1][3:] == ["-30", "-0.50", "0.50"]
    assert rows[2][1].startswith("'=HYPERLINK")
    assert rows[2][3:] == ["60", "1.00", "1.00"]


def test_personal_data_export(client):
    member = AccountFactory(skills_offered="Knitting", access_needs="Step-free access")
    ListingFactory(account=member, title="Knitting lessons")
    client.force_login(member.user)
    response = client.get(reverse("timebank:export"))
    data = json.loads(response.content)
    assert data["account"]["skills_offered"] == "Knitting"
    assert data["account"]["access_needs"] == "Step-free access"
    assert data["listings"][0]["title"] == "Knitting lessons"
    assert "attachment" in response["Content-Disposition"]


def test_closing_the_account(client):
    member = AccountFactory(display_name="Dee", skills_offered="Sewing")
    ListingFactory(account=member)
    client.force_login(member.user)
    page = client.post(reverse("timebank:close"), {}).content.decode()
    assert "Confirm that you want to close your account" in page
    client.post(reverse("timebank:close"), {"confirm": "on"})
    member.refresh_from_db()
    assert member.status == Account.Status.CLOSED
    assert member.display_name != "Dee" and member.skills_offered == ""
    assert not member.listings.exists()


def test_donation_past_the_limit_is_refused(client):
    member = AccountFactory(credit_limit=0)
    client.force_login(member.user)
    page = client.post(reverse("timebank:donate"), {"hours": "1"}).content.decode()
    assert "below their limit" in page
    assert not Transfer.objects.exists()


def test_broker_reverses_a_transfer_and_changes_a_limit(client, make_role_user):
    broker = make_role_user(BROKERS)
    member = AccountFactory()
    transfer = ledger.post_transfer(ledger.get_pot(), member, 60, kind="gift")
    client.force_login(broker)
    url = reverse("timebank:broker_reverse", args=[transfer.pk])
    assert "Enter the reason" in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Given twice"})
    assert Transfer.objects.get(reverses=transfer).reason == "Given twice"
    page = client.post(url, {"reason": "Again"}).content.decode()
    assert "already been reversed" in page
    limit_url = reverse("timebank:broker_limit", args=[member.pk])
    assert (
        "Enter a limit of zero or below" in client.post(limit_url, {"limit": "5"}).content.decode()
    )
    client.post(limit_url, {"limit": "-20"})
    member.refresh_from_db()
    assert member.credit_limit == -1200
    assert find_violations() == []


def test_broker_resolves_a_disputed_exchange(client, make_role_user):
    broker = make_role_user(BROKERS)
    giver, receiver = AccountFactory(), AccountFactory()
    exchange = disputed_exchange(giver, receiver, description="Gutter clearing")
    client.force_login(broker)
    assert "Gutter clearing" in client.get(reverse("timebank:broker_exchanges")).content.decode()
    url = reverse("timebank:broker_resolve", args=[exchange.pk])
    page = client.post(url, {"action": "void"}).content.decode()
    assert "Enter the reason for voiding the exchange" in page
    client.post(url, {"action": "approve", "note": "Finished the next day"})
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.COMPLETED


def _volunteering(value):
    theme, _ = Theme.objects.get_or_create(code="social", defaults={"name": "Social"})
    Measure.objects.update_or_create(
        code="PSV-VOL",
        defaults={
            "title": "Volunteering time",
            "theme": theme,
            "unit": "hour",
            "proxy_value": Decimal(value),
            "edition": "Portsmouth roadmap 2021",
            "year": 2021,
            "source": "Roadmap",
            "active": True,
        },
    )


def test_report_values_hours_at_the_current_volunteering_proxy(client, make_role_user):
    _volunteering("16.07")
    broker = make_role_user(BROKERS)
    gardening = CategoryFactory(slug="gardening")
    giver = AccountFactory(neighbourhood="PO5")
    receivers = AccountFactory.create_batch(2)
    date = TODAY().replace(day=1)
    for receiver in receivers:
        listing = ListingFactory(account=giver, category=gardening)
        exchange = completed_exchange(giver, receiver, minutes=90, date=date, listing=listing)
    reversed_exchange = exchange.transfers.get()
    ledger.reverse_transfer(reversed_exchange, reason="Duplicate", by=broker)
    client.force_login(broker)
    page = client.get(reverse("timebank:broker_report"), {"year": date.year}).content.decode()
    assert "£24.11 at £16.07 an hour" in page
    assert "Gardening" in page and "PO5" in page
    assert "<svg" in page and "<table" in page
    _volunteering("20.00")
    page = client.get(reverse("timebank:broker_report"), {"year": date.year}).content.decode()
    assert "£30.00 at £20.00 an hour" in page
    response = client.get(reverse("timebank:broker_report_csv"), {"year": date.year})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    month = next(row for row in rows if row[1] == date.strftime("%B"))
    assert month[2:] == ["1.50", "1", "2", "30.00"]
    assert ["Category", "Gardening", "1.50", "1", "", "30.00"] in rows
    assert rows[-1][2] == "1.50"


def test_report_rejects_a_bad_year(client, make_role_user):
    client.force_login(make_role_user(BROKERS))
    page = client.get(reverse("timebank:broker_report"), {"year": "soon"}).content.decode()
    assert "Enter a year, like 2026" in page


def test_site_search_finds_current_listings(client, home_page):
    ListingFactory(title="Knitting circle for beginners")
    ListingFactory(title="Knitting old", expires_on=TODAY() - datetime.timedelta(days=2))
    page = client.get("/search/", {"q": "knitting"}).content.decode()
    assert "Knitting circle for beginners" in page
    assert "Knitting old" not in page


def test_the_account_page_links_to_the_time_bank(client, user):
    client.force_login(user)
    page = client.get(reverse("accounts:home")).content.decode()
    assert reverse("timebank:home") in page


def test_brokers_hear_about_new_applications(
    client, user, make_role_user, django_capture_on_commit_callbacks
):
    broker = make_role_user(BROKERS)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("timebank:join"),
            {"display_name": "Eve", "neighbourhood": "PO3", "agree_terms": "on"},
        )
    (email,) = [m for m in mail.outbox if m.to == [broker.email]]
    assert "Eve" in email.subject


def test_a_group_exchange_recorded_by_the_recipient(client):
    learner, teacher_a, teacher_b = AccountFactory(), AccountFactory(), AccountFactory()
    client.force_login(learner.user)
    client.post(
        reverse("timebank:exchange_create"),
        exchange_data(
            teacher_a, direction="received", members=[teacher_a.pk, teacher_b.pk], hours="1:15"
        ),
    )
    exchange = Exchange.objects.get()
    assert set(exchange.providers) == {teacher_a, teacher_b}
    assert exchange.recipients == [learner]
    for teacher in (teacher_a, teacher_b):
        exchanges.respond_to_exchange(teacher, exchange, confirm=True)
    learner.refresh_from_db()
    assert learner.balance == -150
    assert find_violations() == []


def test_a_listing_is_shown_until_a_date_typed_as_day_month_and_year(client):
    member = AccountFactory()
    client.force_login(member.user)
    data = listing_data()
    url = reverse("timebank:listing_create")
    response = client.post(url, {**data, "expires_on_day": "31", "expires_on_month": "11"})
    page = response.content.decode()
    assert "Date must include a year" in page
    assert 'href="#id_expires_on_year"' in page
    assert 'name="expires_on_day" value="31"' in page
    yesterday = TODAY() - datetime.timedelta(days=1)
    response = client.post(url, {**data, **date_data("expires_on", yesterday)})
    assert "The date must be today or in the future" in response.content.decode()
    next_month = TODAY() + datetime.timedelta(days=30)
    response = client.post(url, {**data, **date_data("expires_on", next_month)})
    assert response.status_code == 302
    assert member.listings.get().expires_on == next_month


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("1.5", 90), ("1:30", 90), ("1h30", 90), ("1h 30m", 90), ("1 hour", 60), ("0h45", 45)],
)
def test_hours_are_typed_as_a_number_with_a_colon_or_with_h(client, typed, minutes):
    giver, receiver = AccountFactory(), AccountFactory()
    client.force_login(giver.user)
    response = client.post(
        reverse("timebank:exchange_create"), exchange_data(receiver, hours=typed)
    )
    assert response.status_code == 302
    assert Exchange.objects.get().minutes == minutes


def test_the_other_member_is_found_by_name_then_chosen(client):
    me = AccountFactory(display_name="Me Myself")
    alice = AccountFactory(display_name="Alice Fratton")
    AccountFactory(display_name="Alan Southsea")
    AccountFactory(display_name="Bob Cosham")
    AccountFactory(display_name="Alice Pending", status=Account.Status.PENDING)
    client.force_login(me.user)
    url = reverse("timebank:exchange_create")
    page = client.get(url).content.decode()
    # Nobody is listed until a name is searched for.
    assert "Alice Fratton" not in page and "Bob Cosham" not in page
    assert "1h30" in page

    data = exchange_data(alice, members=[], member_search="al", search_members="1")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in page
    assert "Alice Fratton" in page and "Alan Southsea" in page
    assert "Bob Cosham" not in page and "Alice Pending" not in page and "Me Myself" not in page
    assert "2 members found" in page
    # What was typed before searching is kept.
    assert 'value="Fixed a dripping tap"' in page or "Fixed a dripping tap</textarea>" in page
    assert 'name="hours" value="1.5"' in page

    data = exchange_data(alice, member_search="zz", search_members="1")
    page = client.post(url, data).content.decode()
    assert "No members’ names contain “zz”" in page
    # A member already chosen stays on the page, ticked.
    assert f'value="{alice.pk}" checked' in page

    response = client.post(url, exchange_data(alice, member_search="al"))
    assert response.status_code == 302
    assert Exchange.objects.get().parties.filter(account=alice).exists()


def test_the_member_search_escapes_what_is_typed(client):
    me = AccountFactory()
    client.force_login(me.user)
    data = exchange_data(me, members=[], member_search="<b>x</b>", search_members="1")
    page = client.post(reverse("timebank:exchange_create"), data).content.decode()
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("kind", "owner_is_me", "direction"),
    [
        ("offer", False, "received"),
        ("request", False, "gave"),
        ("offer", True, "gave"),
        ("request", True, "received"),
    ],
)
def test_starting_from_a_listing_preselects_its_owner_and_direction(
    client, kind, owner_is_me, direction
):
    me = AccountFactory()
    owner = me if owner_is_me else AccountFactory(display_name="Listing Owner")
    listing = ListingFactory(account=owner, kind=kind)
    client.force_login(me.user)
    page = client.get(
        reverse("timebank:exchange_create") + f"?listing={listing.pk}"
    ).content.decode()
    assert f'value="{direction}" checked' in page
    assert f'<option value="{listing.pk}" selected>' in page
    if owner_is_me:
        assert 'name="members"' not in page
    else:
        assert f'value="{owner.pk}" checked' in page
        assert "Listing Owner" in page


def test_a_listing_that_is_not_current_is_not_preselected(client):
    me = AccountFactory()
    listing = ListingFactory(expires_on=TODAY() - datetime.timedelta(days=1))
    client.force_login(me.user)
    page = client.get(
        reverse("timebank:exchange_create") + f"?listing={listing.pk}"
    ).content.decode()
    assert f'value="{listing.account.pk}" checked' not in page


def test_starter_credits_are_not_named_twice_on_the_statement():
    from timebank.statements import describe

    member = AccountFactory()
    ledger.post_transfer(ledger.get_pot(), member, 120, kind="starter", reason="Starter credits")
    movement = member.movements.select_related("transfer").get(transfer__kind="starter")
    assert describe(movement) == "Starter credits"


def test_a_brokers_account_page_links_to_the_broker_pages(client, make_role_user):
    member = AccountFactory()
    client.force_login(member.user)
    assert "/timebank/broker/" not in client.get("/accounts/").content.decode()
    client.force_login(make_role_user(BROKERS))
    assert 'href="/timebank/broker/"' in client.get("/accounts/").content.decode()
