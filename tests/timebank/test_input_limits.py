"""Hours, dates and account closing hold against input nobody should type."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.roles import BROKERS
from timebank.audit import find_violations
from timebank.forms import HoursField
from timebank.models import Account, Exchange, Transfer
from timebank.services import TimebankError

from .factories import AccountFactory, recorded_exchange
from .test_views import exchange_data

pytestmark = pytest.mark.django_db

NOT_FINITE = ["Infinity", "-Infinity", "NaN", "1e999999", "-1e999999", "sNaN", "inf"]


@pytest.mark.parametrize("value", NOT_FINITE)
def test_non_finite_hours_on_the_exchange_form_are_a_form_error(client, value):
    member, other = AccountFactory(), AccountFactory()
    client.force_login(member.user)
    response = client.post(reverse("timebank:exchange_create"), exchange_data(other, hours=value))
    assert response.status_code == 422
    assert "hours" in response.context["form"].errors
    assert not Exchange.objects.exists()


@pytest.mark.parametrize("value", NOT_FINITE)
def test_non_finite_hours_on_the_donate_form_are_a_form_error(client, value):
    member = AccountFactory()
    client.force_login(member.user)
    response = client.post(reverse("timebank:donate"), {"hours": value})
    assert response.status_code == 422
    assert "hours" in response.context["form"].errors
    assert not Transfer.objects.filter(kind=Transfer.Kind.DONATION).exists()


@pytest.mark.parametrize("value", NOT_FINITE)
def test_non_finite_hours_on_the_broker_limit_form_are_a_form_error(client, make_role_user, value):
    member = AccountFactory()
    client.force_login(make_role_user(BROKERS))
    response = client.post(reverse("timebank:broker_limit", args=[member.pk]), {"limit": value})
    assert response.status_code == 422
    assert "limit" in response.context["form"].errors
    member.refresh_from_db()
    assert member.credit_limit == -600


@pytest.mark.parametrize(
    "text, minutes",
    [("1.5", 90), ("1:30", 90), ("1h30", 90), ("1h 30m", 90), ("2 hours", 120), ("-10", -600)],
)
def test_hours_are_read_as_a_number_or_hours_and_minutes(text, minutes):
    assert HoursField().clean(text) == minutes


@pytest.mark.parametrize("text", ["1:75", "1h90", "abc", "1.333", "9" * 30])
def test_hours_that_make_no_sense_are_refused(text):
    with pytest.raises(Exception) as raised:
        HoursField().clean(text)
    assert raised.type.__name__ == "ValidationError"


@pytest.mark.parametrize("days_ago", [367, 365 * 126])
def test_exchanges_dated_more_than_a_year_ago_are_refused(client, days_ago):
    member, other = AccountFactory(), AccountFactory()
    client.force_login(member.user)
    date = timezone.localdate() - datetime.timedelta(days=days_ago)
    response = client.post(reverse("timebank:exchange_create"), exchange_data(other, date=date))
    assert response.status_code == 422
    assert "within the last year" in response.context["form"].errors["date"][0]
    with pytest.raises(TimebankError):
        recorded_exchange(member, other, date=datetime.date(1900, 1, 1))
    assert not Exchange.objects.exists()


def test_exchanges_dated_in_the_future_are_refused(client):
    member, other = AccountFactory(), AccountFactory()
    client.force_login(member.user)
    date = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("timebank:exchange_create"), exchange_data(other, date=date))
    assert response.status_code == 422
    assert "today or in the past" in response.context["form"].errors["date"][0]


def test_closing_an_account_clears_the_neighbourhood(client):
    member = AccountFactory(neighbourhood="PO4")
    client.force_login(member.user)
    client.post(reverse("timebank:close"), {"confirm": "on"})
    member.refresh_from_db()
    assert member.status == Account.Status.CLOSED
    assert member.neighbourhood == ""
    assert find_violations() == []
