"""Every time-bank view against every role: anonymous, signed in without membership, an
applicant, a member, another member and a broker."""

import pytest
from django.urls import reverse

from portal.roles import BROKERS
from timebank.models import Account
from timebank.services import ledger

from .factories import AccountFactory, ListingFactory, disputed_exchange, recorded_exchange

pytestmark = pytest.mark.django_db

MEMBER_PAGES = [
    "timebank:statement",
    "timebank:statement_csv",
    "timebank:donate",
    "timebank:messages",
    "timebank:exchange_create",
    "timebank:listing_create",
]
BROKER_PAGES = [
    "timebank:broker",
    "timebank:broker_applications",
    "timebank:broker_exchanges",
    "timebank:broker_accounts",
    "timebank:broker_transfers",
    "timebank:broker_report",
    "timebank:broker_report_csv",
]
PUBLIC_PAGES = ["timebank:home", "timebank:listings"]


@pytest.fixture
def people(db, make_role_user):
    member = AccountFactory()
    applicant = AccountFactory(status=Account.Status.PENDING)
    broker = make_role_user(BROKERS)
    return {"member": member, "applicant": applicant, "broker": broker}


def _login(client, who, people, user):
    if who == "anonymous":
        return
    if who == "signed_in":
        client.force_login(user)
    elif who == "broker":
        client.force_login(people["broker"])
    else:
        client.force_login(people[who].user)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize("who", ["anonymous", "signed_in", "applicant", "member", "broker"])
def test_public_pages_open_to_everyone(client, people, user, name, who):
    _login(client, who, people, user)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", MEMBER_PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", "login"), ("signed_in", "home"), ("applicant", "home"), ("member", 200)],
)
def test_member_pages_need_an_approved_membership(client, people, user, name, who, expected):
    _login(client, who, people, user)
    response = client.get(reverse(name))
    if expected == 200:
        assert response.status_code == 200
    elif expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 302
        assert response.url == reverse("timebank:home")


@pytest.mark.parametrize("name", BROKER_PAGES)
@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("signed_in", 403), ("member", 403), ("broker", 200)]
)
def test_broker_pages_need_the_broker_role(client, people, user, name, who, expected):
    _login(client, who, people, user)
    assert client.get(reverse(name)).status_code == expected


@pytest.mark.parametrize(("who", "expected"), [("member", 403), ("broker", 200)])
def test_broker_object_pages(client, people, user, who, expected):
    _login(client, who, people, user)
    member = people["member"]
    transfer = ledger.post_transfer(ledger.get_pot(), member, 60, kind="gift", reason="Welcome")
    exchange = disputed_exchange(member, AccountFactory(), date=transfer.created_at.date())
    for url in [
        reverse("timebank:broker_application", args=[people["applicant"].pk]),
        reverse("timebank:broker_resolve", args=[exchange.pk]),
        reverse("timebank:broker_limit", args=[member.pk]),
        reverse("timebank:broker_reverse", args=[transfer.pk]),
    ]:
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("signed_in", 200), ("applicant", 302)]
)
def test_join_page(client, people, user, who, expected):
    _login(client, who, people, user)
    assert client.get(reverse("timebank:join")).status_code == expected


def test_exchange_page_shows_only_to_parties_and_brokers(client, people, user):
    member = people["member"]
    other = AccountFactory()
    exchange = recorded_exchange(
        member, other, date=member.created_at.date(), description="Ironing"
    )
    url = reverse("timebank:exchange", args=[exchange.pk])
    assert client.get(url).status_code == 302
    client.force_login(AccountFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 404
    client.force_login(other.user)
    assert "Is this exchange right?" in client.get(url).content.decode()
    client.force_login(member.user)
    page = client.get(url).content.decode()
    assert "Ironing" in page and "Is this exchange right?" not in page
    client.force_login(people["broker"])
    assert client.get(url).status_code == 200


def test_only_the_owner_edits_a_listing(client, people):
    listing = ListingFactory(account=people["member"])
    url = reverse("timebank:listing_edit", args=[listing.pk])
    client.force_login(AccountFactory().user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Hijacked"}).status_code == 403
    client.force_login(people["member"].user)
    assert client.get(url).status_code == 200


def test_data_export_and_closing_need_an_account(client, user, people):
    assert client.get(reverse("timebank:export")).status_code == 302
    client.force_login(user)
    assert client.get(reverse("timebank:export")).status_code == 404
    assert client.get(reverse("timebank:close")).status_code == 404
    client.force_login(people["applicant"].user)
    assert client.get(reverse("timebank:export")).status_code == 200


def test_messaging_needs_membership_and_a_member(client, people, user):
    target = people["member"]
    url = reverse("timebank:message", args=[target.pk])
    client.force_login(user)
    assert client.get(url).status_code == 302
    client.force_login(AccountFactory().user)
    assert client.get(url).status_code == 200
    client.force_login(target.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("timebank:message", args=[people["applicant"].pk])).status_code == 404


@pytest.mark.parametrize("model", ["transfer", "movement", "exchange", "account"])
def test_admin_shows_the_ledger_read_only(client, people, superuser, model):
    prefix = f"/admin/timebank_{model}s/"
    member = people["member"]
    ledger.post_transfer(ledger.get_pot(), member, 60, kind="gift")
    client.force_login(people["broker"])
    index = client.get(f"{prefix}")
    assert index.status_code == 200
    client.force_login(superuser)
    assert client.get(f"{prefix}").status_code == 200
    from timebank.models import Exchange, Movement, Transfer

    objects = {
        "transfer": Transfer.objects.first(),
        "movement": Movement.objects.first(),
        "account": member,
        "exchange": Exchange.objects.first(),
    }
    obj = objects[model]
    assert client.get(f"{prefix}new/").status_code in (302, 403)
    if obj is not None:
        assert client.get(f"{prefix}edit/{obj.pk}/").status_code in (302, 403)
        assert client.get(f"{prefix}delete/{obj.pk}/").status_code in (302, 403)
        assert client.post(f"{prefix}delete/{obj.pk}/").status_code in (302, 403)
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_brokers_edit_categories_in_the_admin(client, people):
    client.force_login(people["broker"])
    assert client.get("/admin/timebank_categories/").status_code == 200
    assert client.get("/admin/timebank_categories/new/").status_code == 200
