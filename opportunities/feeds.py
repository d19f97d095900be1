"""RSS and Atom feeds of open opportunities, newest first."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import OpportunityPage

FEED_SIZE = 50


class RssFeed(Feed):
    description = "Contract opportunities from Portsmouth City Council, including those reserved for local suppliers, SMEs and VCSEs."

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return f"{self.index_page.title}: Portsmouth Social Value"

    def link(self):
        return self.index_page.url

    def items(self):
        return (
            OpportunityPage.objects.child_of(self.index_page)
            .open()
            .select_related("sector")
            .order_by("-first_published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        reserved = item.reservation_labels()
        lines = [
            item.summary,
            f"Estimated value £{item.estimated_value:,.0f}; closes {item.closing_at:%-d %B %Y %H:%M}.",
        ]
        if reserved:
            lines.append("Reserved for " + " and ".join(reserved) + ".")
        return " ".join(lines)

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.ocid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.sector.name]


class AtomFeed(RssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description
