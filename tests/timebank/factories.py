import datetime

import factory
from django.utils import timezone

from tests.factories import UserFactory
from timebank.models import Account, Category, Listing


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
