"""Repeating a time-bank create form's POST creates one thing; a new form creates another."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import date_data
from timebank.audit import find_violations
from timebank.models import Listing, Message, Transfer

from .factories import AccountFactory, listing_data

pytestmark = pytest.mark.django_db


def test_a_repeated_donation_post_gives_the_hours_once(client):
    member = AccountFactory()
    client.force_login(member.user)
    data = {"hours": "1", "form_token": "3" * 32}
    for _ in range(3):
        assert client.post(reverse("timebank:donate"), data).status_code == 302
    assert Transfer.objects.filter(kind=Transfer.Kind.DONATION).count() == 1
    assert find_violations() == []


def test_a_repeated_listing_post_creates_one_listing_and_a_new_form_another(client):
    member = AccountFactory()
    client.force_login(member.user)
    data = listing_data(
        **date_data("expires_on", timezone.localdate() + datetime.timedelta(days=30)),
        form_token="4" * 32,
    )
    first = client.post(reverse("timebank:listing_create"), data)
    second = client.post(reverse("timebank:listing_create"), data)
    assert first["Location"] == second["Location"]
    assert Listing.objects.count() == 1
    client.post(reverse("timebank:listing_create"), {**data, "form_token": "5" * 32})
    assert Listing.objects.count() == 2


def test_a_repeated_message_post_sends_one_message(client):
    member, other = AccountFactory(), AccountFactory()
    client.force_login(member.user)
    url = reverse("timebank:message", args=[other.pk])
    for _ in range(2):
        client.post(url, {"body": "Hello", "form_token": "6" * 32})
    assert Message.objects.count() == 1
