"""Demo opportunities: reserved and open, one closed and awarded, with a clarification."""

import datetime
from decimal import Decimal

from django.utils import timezone

from directory.models import Organisation, Sector
from guidance.models import Measure
from portal.demo_registry import demo_builder, demo_user
from portal.models import User
from portal.roles import PROCUREMENT_OFFICERS

from .models import AlertSubscription, Clarification, OpportunityIndexPage, OpportunityPage

OFFICER = "procurement.officer@example.org"

# (reference, title, sector, type, value, days to close, local, sme, vcse, summary)
OPPORTUNITIES = [
    (
        "PCC-2026-101",
        "Cleaning of three community centres",
        "cleaning-and-facilities",
        "services",
        "48000",
        21,
        True,
        True,
        False,
        "Weekly cleaning of Buckland, Stamshaw and Paulsgrove community centres for two years.",
    ),
    (
        "PCC-2026-102",
        "Catering for adult learning courses",
        "catering-and-food",
        "services",
        "18500",
        10,
        False,
        False,
        True,
        "Lunches and refreshments for about 40 adult learning sessions a year.",
    ),
    (
        "PCC-2026-103",
        "Repairs to the Eastney seafront shelters",
        "construction-and-trades",
        "works",
        "120000",
        35,
        True,
        False,
        False,
        "Joinery, glazing and repainting of six seafront shelters.",
    ),
    (
        "PCC-2026-104",
        "Facilities management of the Civic Offices",
        "cleaning-and-facilities",
        "services",
        "950000",
        45,
        False,
        False,
        False,
        "Hard and soft facilities management of the Civic Offices for five years.",
    ),
    (
        "PCC-2025-090",
        "Grounds maintenance of Milton allotments",
        "construction-and-trades",
        "services",
        "26000",
        -30,
        True,
        True,
        False,
        "Hedge cutting, path repairs and water supply maintenance for the allotment sites.",
    ),
]


@demo_builder(order=60)
def build_opportunities(context):
    demo_user(OFFICER, "Priya", "Nair", role=PROCUREMENT_OFFICERS, staff=True)
    home = context["home"]
    index = OpportunityIndexPage.objects.first()
    if index is None:
        index = OpportunityIndexPage(
            title="Contract opportunities",
            slug="opportunities",
            intro=(
                "<p>Contracts the council is buying now. Opportunities below the procurement "
                "threshold may be reserved for suppliers in Portsmouth, for small and "
                "medium-sized businesses (SMEs) or for voluntary, community and social "
                "enterprise organisations (VCSEs).</p>"
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    measures = list(Measure.objects.active()[:2])
    now = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    for reference, title, sector, kind, value, days, local, sme, vcse, summary in OPPORTUNITIES:
        if OpportunityPage.objects.filter(reference=reference).exists() or sector not in sectors:
            continue
        opportunity = OpportunityPage(
            title=title,
            reference=reference,
            summary=summary,
            description=f"<p>{summary}</p><p>The specification is in the documents.</p>",
            contract_type=kind,
            estimated_value=Decimal(value),
            closing_at=now + datetime.timedelta(days=days),
            sector=sectors[sector],
            how_to_respond=(
                "<p>Send your quotation and method statement to "
                "procurement@portsmouthcc.gov.uk before the closing date.</p>"
            ),
            reserved_local=local,
            reserved_sme=sme,
            reserved_vcse=vcse,
        )
        index.add_child(instance=opportunity)
        opportunity.social_value_asks.set(measures)
        opportunity.save_revision().publish()
    _award_closed_opportunity()
    _clarification()
    owner = User.objects.filter(email="harbourside.owner@example.org").first()
    if owner and "cleaning-and-facilities" in sectors:
        subscription, created = AlertSubscription.objects.get_or_create(
            user=owner, defaults={"frequency": AlertSubscription.Frequency.DAILY}
        )
        if created:
            subscription.sectors.set([sectors["cleaning-and-facilities"]])
    context["opportunities"] = index


def _award_closed_opportunity():
    closed = OpportunityPage.objects.filter(reference="PCC-2025-090", awarded_to=None).first()
    winner = Organisation.objects.published().filter(is_local=True, size_band="micro").first()
    if closed and winner:
        closed.awarded_to = winner
        closed.awarded_value = Decimal("24500")
        closed.awarded_on = timezone.localdate() - datetime.timedelta(days=10)
        closed.save_revision().publish()


def _clarification():
    opportunity = OpportunityPage.objects.filter(reference="PCC-2026-101").first()
    organisation = Organisation.objects.published().filter(is_local=True).first()
    if opportunity and organisation and not opportunity.clarifications.exists():
        Clarification.objects.create(
            opportunity=opportunity,
            organisation=organisation,
            question="Are cleaning materials supplied by the council?",
            answer="No. The supplier provides all materials; the council provides storage.",
            is_published=True,
        )
