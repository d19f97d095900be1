import datetime
from decimal import Decimal

from django.utils import timezone

from opportunities.models import OpportunityIndexPage, OpportunityPage
from tests.directory.factories import SectorFactory
from tests.factories import section_index


def index_page():
    return section_index(OpportunityIndexPage, "Contract opportunities", "opportunities")


_counter = iter(range(1, 10**6))


def make_opportunity(publish=True, **fields):
    """A live, open, unreserved services opportunity worth £50,000 closing in 20 days."""
    number = next(_counter)
    values = {
        "title": f"Invented contract {number}",
        "reference": f"TEST-{number:05d}",
        "summary": "Something the council needs.",
        "description": "<p>Details.</p>",
        "how_to_respond": "<p>Email us.</p>",
        "contract_type": "services",
        "estimated_value": Decimal("50000"),
        "closing_at": timezone.now() + datetime.timedelta(days=20),
    }
    values.update(fields)
    if "sector" not in values:
        values["sector"] = SectorFactory()
    opportunity = OpportunityPage(live=publish, **values)
    index_page().add_child(instance=opportunity)
    if publish:
        opportunity.save_revision().publish()
    opportunity.refresh_from_db()
    return opportunity
