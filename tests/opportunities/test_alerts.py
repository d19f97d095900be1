"""Alerts: matching subscribers hear once, immediately or in a daily digest, and can stop."""

import io
import re
from decimal import Decimal

from django.core.management import call_command

from opportunities.models import AlertDelivery, AlertSubscription
from tests.directory.factories import SectorFactory
from tests.factories import UserFactory

from .factories import make_opportunity


def subscribe(user, frequency="immediate", sectors=(), bands=()):
    subscription = AlertSubscription.objects.create(
        user=user, frequency=frequency, value_bands=list(bands)
    )
    subscription.sectors.set(sectors)
    return subscription


def test_publishing_emails_matching_immediate_subscribers_once(
    index, mailoutbox, django_capture_on_commit_callbacks
):
    cleaning, catering = SectorFactory(), SectorFactory()
    match = subscribe(UserFactory(), sectors=[cleaning], bands=["30k-100k"])
    subscribe(UserFactory(), sectors=[catering])
    subscribe(UserFactory(), sectors=[cleaning], bands=["over-threshold"])
    everything = subscribe(UserFactory())
    daily = subscribe(UserFactory(), frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        opportunity = make_opportunity(sector=cleaning, estimated_value=Decimal("50000"))
    assert sorted(m.to[0] for m in mailoutbox) == sorted([match.user.email, everything.user.email])
    assert opportunity.title in mailoutbox[0].body
    unsubscribe = re.search(r"Stop these emails: (\S+)", mailoutbox[0].body).group(1)
    assert "/opportunity-alerts/unsubscribe/" in unsubscribe
    # Republishing sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        opportunity.save_revision().publish()
    assert len(mailoutbox) == 2
    assert AlertDelivery.objects.filter(subscription=daily, sent_at=None).count() == 1


def test_the_daily_digest_sends_one_email_per_subscriber(
    index, mailoutbox, django_capture_on_commit_callbacks
):
    daily = subscribe(UserFactory(), frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        first = make_opportunity(title="First thing")
        second = make_opportunity(title="Second thing")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_opportunity_alerts", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [daily.user.email]
    assert first.title in mailoutbox[0].body and second.title in mailoutbox[0].body
    assert mailoutbox[0].subject == "2 new contract opportunities"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_opportunity_alerts", stdout=io.StringIO())
    assert len(mailoutbox) == 1


def test_unsubscribe_link_stops_alerts(
    client, index, mailoutbox, django_capture_on_commit_callbacks
):
    subscription = subscribe(UserFactory())
    url = f"/opportunity-alerts/unsubscribe/{subscription.unsubscribe_token}/"
    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active, "a GET (a mail scanner) must not unsubscribe"
    response = client.post(url)
    assert response.status_code == 200
    assert "Opportunity alerts stopped" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_active
    with django_capture_on_commit_callbacks(execute=True):
        make_opportunity()
    assert mailoutbox == []
    assert client.get("/opportunity-alerts/unsubscribe/not-a-token/").status_code == 404


def test_alert_settings_form(client, index, user):
    sector = SectorFactory()
    assert client.get("/opportunity-alerts/").status_code == 302
    client.force_login(user)
    assert client.get("/opportunity-alerts/").status_code == 200
    bad = client.post("/opportunity-alerts/", {"value_bands": ["nope"]})
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "Select how often to email you" in body and "There is a problem" in body
    response = client.post(
        "/opportunity-alerts/",
        {"sectors": [sector.pk], "value_bands": ["up-to-30k"], "frequency": "daily"},
    )
    assert response.status_code == 302
    subscription = AlertSubscription.objects.get(user=user)
    assert list(subscription.sectors.all()) == [sector]
    assert subscription.value_bands == ["up-to-30k"]
    assert subscription.frequency == "daily"
    client.post("/opportunity-alerts/", {"value_bands": ["up-to-30k"], "frequency": "immediate"})
    assert AlertSubscription.objects.get(user=user).frequency == "immediate"
    assert AlertSubscription.objects.count() == 1
