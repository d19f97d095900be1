import django_filters
from django.db.models import Q
from django.urls import path
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from contracts import admin_views, services
from contracts.models import VALUE_BANDS, Category, Contract, SocialValueStatus
from portal.admin_views import admin_urls, permission_submenu
from portal.exports import formula_safe

BAND_CHOICES = [(str(index), label) for index, (_lower, label) in enumerate(VALUE_BANDS)]


def _band_query(index):
    lower, _label = VALUE_BANDS[index]
    query = Q(value__gte=lower)
    if index > 0:
        query &= Q(value__lt=VALUE_BANDS[index - 1][0])
    return query


class ContractFilterSet(WagtailFilterSet):
    sv_status = django_filters.ChoiceFilter(
        label="Social value status", choices=SocialValueStatus.choices
    )
    band = django_filters.ChoiceFilter(
        label="Value band", choices=BAND_CHOICES, method="filter_band"
    )
    department = django_filters.ChoiceFilter(label="Buyer department", choices=[])
    category = django_filters.ChoiceFilter(choices=Category.choices)
    social_value_applies = django_filters.BooleanFilter(label="Social value applies")

    class Meta:
        model = Contract
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = (
            Contract.objects.exclude(department="")
            .order_by("department")
            .values_list("department", flat=True)
            .distinct()
        )
        self.filters["department"].extra["choices"] = [(d, d) for d in departments]

    def filter_band(self, queryset, name, value):
        return queryset.filter(_band_query(int(value)))


class ContractIndexView(IndexView):
    """The review of current contracts: the register by value, with each contract's social
    value status and committed and verified £, filterable and exportable."""

    def get_base_queryset(self):
        return Contract.objects.with_figures().select_related("organisation")


class AuditedSaveMixin:
    """Staff edits in the register are matched to the directory and kept in the audit."""

    audit_action = "edited"

    def save_instance(self):
        contract = services.match_supplier(super().save_instance())
        services.record(contract, self.request.user, self.audit_action, services.describe(contract))
        return contract


class ContractCreateView(AuditedSaveMixin, CreateView):
    audit_action = "created"


class ContractEditView(AuditedSaveMixin, EditView):
    pass


class ContractViewSet(ModelViewSet):
    model = Contract
    icon = "doc-full"
    menu_label = "Contract register"
    add_to_admin_menu = False
    name = "contracts_contract"
    url_prefix = "contracts/register"
    index_view_class = formula_safe(ContractIndexView)
    add_view_class = ContractCreateView
    edit_view_class = ContractEditView
    filterset_class = ContractFilterSet
    search_fields = ["reference", "title", "supplier_name", "department"]
    ordering = ["-value", "reference"]
    list_display = [
        TitleColumn(
            "reference",
            label="Reference",
            url_name="contracts_admin:contract",
            sort_key="reference",
        ),
        "title",
        "supplier_name",
        "department",
        Column("value", label="Value", accessor="value_display", sort_key="value"),
        Column("band", label="Value band", accessor="value_band"),
        Column("sv_status", label="Social value", accessor="status_label", sort_key="sv_status"),
        Column("committed", label="Committed", accessor="committed_display", sort_key="committed"),
        Column("verified", label="Verified", accessor="verified_display", sort_key="verified"),
    ]
    list_export = [
        "reference",
        "title",
        "supplier_name",
        "organisation",
        "department",
        "category",
        "value",
        "value_band",
        "start_date",
        "end_date",
        "social_value_applies",
        "status_label",
        "committed",
        "verified",
        "verified_per_pound",
    ]
    export_headings = {
        "supplier_name": "Supplier",
        "organisation": "Directory organisation",
        "value": "Value (£)",
        "value_band": "Value band",
        "status_label": "Social value status",
        "committed": "Committed social value (£)",
        "verified": "Verified social value (£)",
        "verified_per_pound": "Verified £ per £1",
    }
    export_filename = "contract-review"


contract_viewset = ContractViewSet()


@hooks.register("register_admin_viewset")
def register_contract_viewset():
    return contract_viewset


admin_urlpatterns = [
    path("import/", admin_views.ImportView.as_view(), name="import"),
    path("dashboard/", admin_views.DashboardView.as_view(), name="dashboard"),
    path("to-verify/", admin_views.QueueView.as_view(), name="queue"),
    path(
        "<int:pk>/lines/<int:line_pk>/",
        admin_views.LineDecisionView.as_view(),
        name="decide_line",
    ),
    path("<int:pk>/", admin_views.ContractView.as_view(), name="contract"),
    path(
        "<int:pk>/commitments/new/",
        admin_views.CommitmentCreateView.as_view(),
        name="add_commitment",
    ),
    path(
        "<int:pk>/commitments/<int:commitment_pk>/",
        admin_views.CommitmentDecisionView.as_view(),
        name="commitment",
    ),
]


@hooks.register("register_admin_urls")
def register_contracts_admin_urls():
    return admin_urls("contracts/", "contracts_admin", admin_urlpatterns)


@hooks.register("register_admin_menu_item")
def register_contracts_menu():
    return permission_submenu(
        "Contracts",
        icon_name="doc-full",
        order=660,
        items=[
            ("Dashboard", "contracts_admin:dashboard", "table", admin_views.DASHBOARD_PERMISSION),
            (
                "Contract register",
                "contracts_contract:index",
                "doc-full",
                admin_views.VIEW_PERMISSION,
            ),
            ("Reports to verify", "contracts_admin:queue", "tasks", admin_views.VERIFY_PERMISSION),
            ("Import contracts", "contracts_admin:import", "upload", admin_views.ADD_PERMISSION),
        ],
    )
