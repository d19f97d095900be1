import datetime

import factory
from django.utils import timezone

from tests.factories import UserFactory
from timebank.models import Account, Category, Listing
from timebank.services import exchanges


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Member {n}")
    neighbourhood = "PO4"
    status = Account.Status.APPROVED
    kind = Account.Kind.PERSON
    agreed_terms_at = factory.LazyFunction(timezone.now)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    slug = "gardening"
    name = factory.LazyAttribute(lambda category: category.slug.replace("-", " ").title())


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    account = factory.SubFactory(AccountFactory)
    kind = Listing.Kind.OFFER
    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Help with the garden {n}")
    description = "Weeding, mowing and planting."
    neighbourhood = "PO4"
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


def recorded_exchange(giver, *recipients, recorder=None, minutes=60, date=None, **kwargs):
    """Help `giver` gave `recipients`, recorded by `recorder` (the giver unless said): the
    recorder's side is confirmed and the others are asked, as after the record form."""
    kwargs.setdefault("description", "Dug the vegetable patch")
    return exchanges.record_exchange(
        recorder or giver,
        providers=[giver],
        recipients=list(recipients),
        minutes=minutes,
        date=date or timezone.localdate(),
        **kwargs,
    ).exchange


def completed_exchange(giver, *recipients, **kwargs):
    """An exchange the giver recorded and every recipient confirmed: the hours have moved."""
    exchange = recorded_exchange(giver, *recipients, **kwargs)
    for recipient in recipients:
        exchanges.respond_to_exchange(recipient, exchange, confirm=True)
    return exchange


def disputed_exchange(giver, recipient, *, reason="Not finished", **kwargs):
    """An exchange the recipient disputed: it waits for a broker."""
    exchange = recorded_exchange(giver, recipient, **kwargs)
    exchanges.respond_to_exchange(recipient, exchange, confirm=False, reason=reason)
    return exchange


def listing_data(**changes):
    """The new-listing form's POST data, without its expiry date: an offer of dog walking."""
    return {
        "kind": "offer",
        "category": CategoryFactory().pk,
        "title": "Dog walking",
        "description": "Weekday mornings",
        "neighbourhood": "PO4",
        **changes,
    }
