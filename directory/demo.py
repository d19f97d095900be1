"""Invented Portsmouth organisations for the demo site: never real firms."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from guidance.models import Measure
from portal.demo_registry import demo_builder, demo_user

from .models import Accreditation, Organisation, OrganisationMembership, Sector
from .services import ensure_default_service

OWNERS = [
    ("harbourside.owner@example.org", "Hana", "Okafor"),
    ("solent.owner@example.org", "Sam", "Pritchard"),
    ("fratton.owner@example.org", "Fiona", "Marsh"),
]

# (name, legal form, size, postcode, sectors, accreditations, keywords, partnerships, status)
ORGANISATIONS = [
    (
        "Harbourside Cleaning Co-operative",
        "cooperative",
        "small",
        "PO1 3AX",
        ["cleaning-and-facilities"],
        ["real-living-wage-employer"],
        "office cleaning, window cleaning, deep cleans",
        True,
        "published",
    ),
    (
        "Spinnaker View Catering CIC",
        "cic",
        "micro",
        "PO1 2EG",
        ["catering-and-food"],
        ["social-enterprise-mark"],
        "event catering, school meals, buffets",
        True,
        "published",
    ),
    (
        "Fratton Road Joinery Ltd",
        "limited_company",
        "small",
        "PO1 5BZ",
        ["construction-and-trades"],
        ["iso-14001"],
        "joinery, shopfitting, bespoke furniture",
        False,
        "published",
    ),
    (
        "Southsea Green Gardens CIC",
        "cic",
        "micro",
        "PO4 0AB",
        ["environment-and-energy"],
        [],
        "grounds maintenance, tree planting, allotment support",
        True,
        "published",
    ),
    (
        "Eastney Digital Skills Trust",
        "charity",
        "small",
        "PO4 9RT",
        ["education-and-training", "digital-and-it"],
        ["disability-confident"],
        "digital inclusion, IT training, laptop recycling",
        True,
        "published",
    ),
    (
        "Copnor Electrical Services",
        "sole_trader",
        "micro",
        "PO3 5DA",
        ["construction-and-trades"],
        [],
        "electrical installation, PAT testing, EV chargers",
        False,
        "published",
    ),
    (
        "Hilsea Logistics Ltd",
        "limited_company",
        "medium",
        "PO3 5JX",
        ["transport-and-logistics"],
        ["cyber-essentials"],
        "courier, warehousing, last mile delivery",
        True,
        "published",
    ),
    (
        "Cosham Care Partnership",
        "partnership",
        "medium",
        "PO6 3EN",
        ["care-and-health"],
        ["real-living-wage-employer", "investors-in-people"],
        "home care, respite care",
        False,
        "published",
    ),
    (
        "Old Portsmouth Print Works",
        "limited_company",
        "micro",
        "PO1 2JL",
        ["creative-media-and-design"],
        [],
        "printing, signage, banners",
        False,
        "published",
    ),
    (
        "Milton Community Kitchen",
        "cio",
        "micro",
        "PO4 8LR",
        ["catering-and-food", "community-and-advice"],
        [],
        "community meals, food bank, cookery classes",
        True,
        "published",
    ),
    (
        "Landport Legal Advice Centre",
        "charity",
        "small",
        "PO1 4QS",
        ["legal-and-professional-services", "community-and-advice"],
        [],
        "debt advice, benefits advice, housing advice",
        False,
        "published",
    ),
    (
        "Gunwharf Marine Engineering Ltd",
        "limited_company",
        "medium",
        "PO1 3TZ",
        ["marine-and-maritime", "manufacturing"],
        ["iso-9001", "iso-14001"],
        "boat repair, marine fabrication, welding",
        True,
        "published",
    ),
    (
        "North End Bike Workshop CIC",
        "cic",
        "micro",
        "PO2 9AA",
        ["transport-and-logistics", "sport-and-leisure"],
        ["social-enterprise-mark"],
        "bike repair, cycle training, bike recycling",
        True,
        "published",
    ),
    (
        "Stamshaw Scaffolding Ltd",
        "limited_company",
        "small",
        "PO2 8NS",
        ["construction-and-trades"],
        ["real-living-wage-employer"],
        "scaffolding, access towers",
        False,
        "published",
    ),
    (
        "Kingston Crescent Accountants LLP",
        "partnership",
        "small",
        "PO2 8AB",
        ["legal-and-professional-services"],
        ["cyber-essentials"],
        "bookkeeping, payroll, audit",
        False,
        "published",
    ),
    (
        "Drayton Heritage Arts Trust",
        "charity",
        "micro",
        "PO6 1AA",
        ["arts-culture-and-heritage"],
        [],
        "community theatre, heritage walks, workshops",
        True,
        "published",
    ),
    (
        "Paulsgrove Youth Sport Community Benefit Society",
        "community_benefit_society",
        "micro",
        "PO6 4HS",
        ["sport-and-leisure", "education-and-training"],
        [],
        "youth football, holiday clubs, coaching",
        True,
        "published",
    ),
    (
        "Wymering Web Studio",
        "sole_trader",
        "micro",
        "PO6 3NH",
        ["digital-and-it", "creative-media-and-design"],
        ["cyber-essentials"],
        "websites, accessibility audits, hosting",
        True,
        "published",
    ),
    (
        "Buckland Building Supplies Ltd",
        "limited_company",
        "medium",
        "PO2 7BU",
        ["retail", "construction-and-trades"],
        [],
        "timber, building materials, tool hire",
        False,
        "published",
    ),
    (
        "Southsea Solar Co-operative",
        "cooperative",
        "micro",
        "PO5 3PB",
        ["environment-and-energy"],
        ["b-corp"],
        "solar panels, energy audits, retrofit",
        True,
        "published",
    ),
    (
        "Albert Road Interpreting Services",
        "limited_company",
        "micro",
        "PO5 2SE",
        ["community-and-advice", "legal-and-professional-services"],
        [],
        "interpreting, translation, British Sign Language",
        False,
        "published",
    ),
    (
        "Canoe Lake Childcare CIC",
        "cic",
        "small",
        "PO4 9SA",
        ["education-and-training", "care-and-health"],
        ["disability-confident"],
        "nursery, after school club",
        False,
        "published",
    ),
    (
        "Portsea Island Removals",
        "sole_trader",
        "micro",
        "PO3 6AB",
        ["transport-and-logistics"],
        [],
        "office moves, house removals, storage",
        False,
        "published",
    ),
    (
        "Anchorage Facilities Management Ltd",
        "limited_company",
        "large",
        "PO6 4TY",
        ["cleaning-and-facilities", "construction-and-trades"],
        ["iso-9001", "real-living-wage-employer"],
        "facilities management, security, maintenance",
        True,
        "published",
    ),
    (
        "Tipner Waterfront Recycling CIC",
        "cic",
        "small",
        "PO2 8QT",
        ["environment-and-energy"],
        ["iso-14001"],
        "furniture reuse, waste collection, recycling",
        True,
        "published",
    ),
    (
        "Havant Road Training Academy",
        "limited_company",
        "small",
        "PO6 2QX",
        ["education-and-training"],
        ["investors-in-people"],
        "apprenticeships, first aid training, construction skills",
        True,
        "published",
    ),
    (
        "Southampton Street Signwriters",
        "limited_company",
        "micro",
        "SO14 2AQ",
        ["creative-media-and-design"],
        [],
        "hand-painted signs, vehicle graphics",
        False,
        "published",
    ),
    (
        "Waterlooville Office Supplies Ltd",
        "limited_company",
        "small",
        "PO7 7DX",
        ["retail"],
        [],
        "stationery, office furniture, printer consumables",
        False,
        "published",
    ),
    (
        "Hayling Island Boatyard Co-operative",
        "cooperative",
        "micro",
        "PO11 0AA",
        ["marine-and-maritime"],
        [],
        "boat storage, moorings, marine repairs",
        True,
        "published",
    ),
    (
        "Elm Grove Mental Health Peer Support",
        "cio",
        "micro",
        "PO5 1LH",
        ["care-and-health", "community-and-advice"],
        [],
        "peer support, wellbeing groups, befriending",
        True,
        "pending",
    ),
    (
        "Guildhall Walk Events Ltd",
        "limited_company",
        "micro",
        "PO1 2DD",
        ["arts-culture-and-heritage", "catering-and-food"],
        [],
        "event management, staging, sound hire",
        False,
        "pending",
    ),
    (
        "Baffins Pond Ecology CIC",
        "cic",
        "micro",
        "PO3 6BQ",
        ["environment-and-energy"],
        [],
        "ecology surveys, habitat restoration",
        True,
        "pending",
    ),
]


@demo_builder(order=20)
def build_directory(context):
    owners = []
    for email, first, last in OWNERS:
        owners.append(demo_user(email, first, last))
    sectors = {s.slug: s for s in Sector.objects.all()}
    accreditations = {a.slug: a for a in Accreditation.objects.all()}
    measures = list(Measure.objects.active()[:3])
    created = 0
    with transaction.atomic():
        for i, row in enumerate(ORGANISATIONS):
            (
                name,
                legal_form,
                size,
                postcode,
                sector_slugs,
                accreditation_slugs,
                keywords,
                partnerships,
                status,
            ) = row
            slug = slugify(name)
            if Organisation.objects.filter(slug=slug).exists():
                continue
            organisation = Organisation(
                name=name,
                slug=slug,
                status=status,
                legal_form=legal_form,
                size_band=size,
                postcode=postcode,
                address=f"{10 + i} Demo Street\nPortsmouth",
                description=(
                    f"{name} is an invented Portsmouth organisation for the demonstration site. "
                    f"We offer {keywords}."
                ),
                keywords=keywords,
                open_to_partnerships=partnerships,
                partnership_interests="Partners for larger council contracts."
                if partnerships
                else "",
                website=f"https://{slug}.example.org",
                email=f"hello@{slug}.example.org",
                phone=f"023 9200 {1000 + i}",
                companies_house_number=f"{90000000 + i}"
                if legal_form in ("limited_company", "cic")
                else None,
                charity_number=f"{1190000 + i}" if legal_form in ("charity", "cio") else None,
            )
            organisation.derive_flags()
            organisation.derive_locality()
            if status == "published":
                organisation.published_at = timezone.now()
                organisation.details_checked_on = timezone.localdate()
            organisation.save()
            organisation.sectors.set([sectors[s] for s in sector_slugs if s in sectors])
            organisation.accreditations.set(
                [accreditations[a] for a in accreditation_slugs if a in accreditations]
            )
            if partnerships and measures:
                organisation.measures.set(measures[: 1 + i % len(measures)])
            OrganisationMembership.objects.create(
                organisation=organisation,
                user=owners[i % len(owners)],
                role=OrganisationMembership.Role.OWNER,
            )
            ensure_default_service(organisation)
            created += 1
    from wagtail.search.backends import get_search_backend

    if created:
        backend = get_search_backend()
        for organisation in Organisation.objects.all():
            backend.add(organisation)
    context["directory_owners"] = owners
