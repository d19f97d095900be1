"""Time bank in the Wagtail admin. Ledger records are read-only here: balances and limits
change only through the broker pages, which call timebank.services (ledger, membership)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.exports import formula_safe
from portal.roles import BROKERS, user_has_role

from .models import Account, Category, Exchange, Listing, Movement, Transfer

# Exports escape cells a spreadsheet would run as formulas (members name themselves).
SafeIndexView = formula_safe(IndexView)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """View only: no one, not even a superuser, adds, changes or deletes these in the admin."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        if action in {"add", "change", "delete"}:
            return self.model._default_manager.none()
        return super().instances_user_has_permission_for(user, action)


for _model in (Account, Exchange, Transfer, Movement):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "tag"
    menu_label = "Categories"
    form_fields = ["name", "slug", "sort_order"]
    list_display = ["name", "slug", "sort_order"]


class AccountViewSet(ModelViewSet):
    model = Account
    icon = "user"
    menu_label = "Accounts"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["display_name", "kind", "status", "neighbourhood", "balance", "credit_limit"]
    list_filter = ["kind", "status"]
    list_export = ["display_name", "kind", "status", "neighbourhood", "balance", "credit_limit"]
    index_view_class = SafeIndexView
    inspect_view_fields = [
        "display_name",
        "kind",
        "status",
        "organisation",
        "neighbourhood",
        "balance",
        "credit_limit",
        "references_checked",
        "decision_reason",
        "decided_at",
        "created_at",
    ]
    form_fields = ["display_name"]


class ListingViewSet(ModelViewSet):
    model = Listing
    icon = "list-ul"
    menu_label = "Listings"
    copy_view_enabled = False
    list_display = ["title", "kind", "category", "account", "expires_on"]
    list_filter = ["kind", "category"]
    form_fields = ["kind", "category", "title", "description", "neighbourhood", "expires_on"]


class ExchangeViewSet(ModelViewSet):
    model = Exchange
    icon = "resubmit"
    menu_label = "Exchanges"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["date", "description", "recorded_by", "minutes", "status"]
    list_filter = ["status"]
    form_fields = ["description"]


class TransferViewSet(ModelViewSet):
    model = Transfer
    icon = "doc-full"
    menu_label = "Transfers"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["pk", "created_at", "kind", "exchange", "reverses", "reason"]
    list_filter = ["kind"]
    list_export = ["pk", "created_at", "kind", "exchange", "reverses", "reason"]
    index_view_class = SafeIndexView
    form_fields = ["reason"]


class MovementViewSet(ModelViewSet):
    model = Movement
    icon = "list-ol"
    menu_label = "Movements"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["created_at", "account", "minutes", "transfer"]
    list_export = ["created_at", "account", "minutes", "transfer"]
    index_view_class = SafeIndexView
    form_fields = ["minutes"]


class TimebankGroup(ModelViewSetGroup):
    menu_label = "Time bank"
    menu_icon = "time"
    menu_order = 500
    items = (
        CategoryViewSet("timebank_categories"),
        AccountViewSet("timebank_accounts"),
        ListingViewSet("timebank_listings"),
        ExchangeViewSet("timebank_exchanges"),
        TransferViewSet("timebank_transfers"),
        MovementViewSet("timebank_movements"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return TimebankGroup()


class BrokerMenuItem(MenuItem):
    def is_shown(self, request):
        return user_has_role(request.user, BROKERS)


@hooks.register("register_admin_menu_item")
def register_broker_pages():
    return BrokerMenuItem("Broker pages", reverse("timebank:broker"), icon_name="group", order=510)
