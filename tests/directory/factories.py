import factory
from django.utils import timezone

from directory.models import (
    Accreditation,
    Organisation,
    OrganisationMembership,
    Sector,
    Service,
)
from tests.factories import UserFactory


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test sector {n}")
    slug = factory.Sequence(lambda n: f"test-sector-{n}")


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test accreditation {n}")
    slug = factory.Sequence(lambda n: f"test-accreditation-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A published, local micro limited company; pass status= for other states."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Invented Portsmouth Firm {n}")
    slug = factory.Sequence(lambda n: f"invented-portsmouth-firm-{n}")
    status = Organisation.Status.PUBLISHED
    legal_form = "limited_company"
    size_band = "micro"
    postcode = "PO1 2AL"
    is_local = True
    locality_reason = "Postcode district PO1 is in the Portsmouth local area"
    description = "We make things for people in Portsmouth."
    email = factory.Sequence(lambda n: f"hello{n}@firm.example.org")
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def accreditations(self, create, extracted, **kwargs):
        if create and extracted:
            self.accreditations.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = OrganisationMembership.Role.OWNER


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published service of a published organisation; pass status= for other states."""

    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Invented service {n}")
    description = "Help for people in Portsmouth."
    status = Service.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
