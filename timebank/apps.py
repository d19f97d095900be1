from django.apps import AppConfig


class TimebankConfig(AppConfig):
    name = "timebank"
    verbose_name = "Time bank"

    def ready(self):
        from portal import roles, search
        from portal.accounts.sections import register_section

        roles.grant(
            roles.BROKERS,
            "timebank.add_category",
            "timebank.change_category",
            "timebank.delete_category",
            "timebank.view_account",
            "timebank.view_listing",
            "timebank.change_listing",
            "timebank.view_exchange",
            "timebank.view_transfer",
            "timebank.view_movement",
        )
        register_section(template="timebank/includes/account_section.html", order=50)
        search.register(
            "timebank_listings",
            "Time bank listings",
            order=50,
            search=_search_listings,
            template="timebank/includes/search_result.html",
        )


def _search_listings(query):
    from django.db.models import Q

    from timebank.services.listings import listings_current

    return (
        listings_current()
        .filter(Q(title__icontains=query) | Q(description__icontains=query))
        .select_related("category")
    )
