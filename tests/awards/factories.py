"""Factories for the awards: one line makes a valid cycle, category, nomination or score."""

import datetime

import factory
from django.utils import timezone

from awards.models import Category, Certificate, Criterion, Cycle, Nomination
from tests.directory.factories import OrganisationFactory
from tests.factories import UserFactory
from tests.guidance.factories import roadmap_measures


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle with nominations and judging open now, announced in the future."""

    class Meta:
        model = Cycle
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2040 + n)
    title = factory.LazyAttribute(lambda o: f"Portsmouth Social Value Awards {o.year}")
    nominations_open = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    nominations_close = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    judging_open = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    judging_close = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    announcement_date = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )
    hide_nominator_from_judges = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleFactory)
    name = factory.Sequence(lambda n: f"Local employer of the year {n}")
    slug = factory.Sequence(lambda n: f"local-employer-{n}")

    @factory.post_generation
    def judges(self, create, extracted, **kwargs):
        if create and extracted:
            self.judges.add(*extracted)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Impact {n}")
    weight = 1
    word_limit = 50
    max_score = 5
    sort_order = factory.Sequence(int)


def category_with_criteria(weights=(50, 30, 20), judges=(), **kwargs):
    category = CategoryFactory(judges=list(judges), **kwargs)
    titles = ["Impact on Portsmouth people", "Evidence of delivery", "Partnership"]
    for index, weight in enumerate(weights):
        CriterionFactory(
            category=category,
            title=titles[index % 3] + (f" {index}" if index > 2 else ""),
            weight=weight,
            sort_order=index,
        )
    return category


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    category = factory.SubFactory(CategoryFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    nominator_name = "Pat Nominator"
    nominator_email = factory.Sequence(lambda n: f"nominator{n}@example.org")
    status = Nomination.Status.ACCEPTED


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    organisation = factory.SubFactory(OrganisationFactory)
    level = Certificate.Level.SILVER


def judge(**kwargs):
    return UserFactory(roles=["Judges"], **kwargs)


def administrator(**kwargs):
    return UserFactory(roles=["Awards administrators"], **kwargs)


def volunteering_measure():
    """The roadmap's volunteering measure, as the guidance data migration seeds it."""
    return roadmap_measures()["PSV-VOL"]
