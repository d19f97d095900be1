from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.models import CreateView, IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import admin_views, services
from .admin_forms import CategoryAdminForm
from .models import Category, Certificate, Cycle, Nomination
from .services.access import is_administrator


class AwardsOfficeViewSet(ViewSet):
    """Screening, judge progress, leaderboards and winners."""

    name = "awards_office"
    menu_label = "Awards office"
    icon = "list-ol"
    url_prefix = "awards/office"

    def get_urlpatterns(self):
        return [
            path("", admin_views.OverviewView.as_view(), name="index"),
            path(
                "cycles/<int:cycle_pk>/nominations/",
                admin_views.NominationListView.as_view(),
                name="nominations",
            ),
            path(
                "cycles/<int:cycle_pk>/progress/",
                admin_views.ProgressView.as_view(),
                name="progress",
            ),
            path(
                "nominations/<int:pk>/",
                admin_views.NominationDetailView.as_view(),
                name="nomination",
            ),
            path(
                "categories/<int:category_pk>/leaderboard/",
                admin_views.LeaderboardView.as_view(),
                name="leaderboard",
            ),
            path(
                "certificates/<int:pk>/revoke/",
                admin_views.RevokeCertificateView.as_view(),
                name="revoke_certificate",
            ),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: is_administrator(request.user)
        return item


class CycleViewSet(ModelViewSet):
    name = "awards_cycle"
    url_prefix = "awards/cycles"
    model = Cycle
    icon = "date"
    menu_label = "Cycles"
    list_display = ["title", "year", "nominations_open", "nominations_close", "announcement_date"]
    form_fields = [
        "year",
        "title",
        "introduction",
        "nominations_open",
        "nominations_close",
        "judging_open",
        "judging_close",
        "announcement_date",
        "hide_nominator_from_judges",
        "disagreement_threshold",
    ]


class CategoryViewSet(ModelViewSet):
    name = "awards_category"
    url_prefix = "awards/categories"
    model = Category
    icon = "tag"
    menu_label = "Categories, criteria and judges"
    list_display = ["name", "cycle", "sort_order"]
    list_filter = ["cycle"]

    def get_edit_handler(self):
        return ObjectList(Category.panels, base_form_class=CategoryAdminForm).bind_to_model(
            Category
        )


class NoAddingPolicy(ModelPermissionPolicy):
    """Nominations come only through the public form."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(Nomination, NoAddingPolicy(Nomination), exact_class=True)


class NominationViewSet(ModelViewSet):
    """Edit a winner's public citation and photo; screening lives in the awards office."""

    name = "awards_nomination"
    url_prefix = "awards/nominations"

    model = Nomination
    icon = "doc-full"
    menu_label = "Nominations"
    add_to_admin_menu = False
    list_display = ["reference", "__str__", "status", "created_at"]
    list_filter = ["status", "category__cycle"]
    search_fields = ["reference", "nominee_name", "organisation__name"]

    def get_queryset(self, request):
        return Nomination.objects.select_related("category__cycle", "organisation")


class IssueCertificateView(CreateView):
    def save_instance(self):
        return services.issue_certificate(self.form.save(commit=False), self.request.user)


class CertificateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.revoked_at:
            buttons.append(
                MenuItem(
                    "Revoke",
                    url=reverse("awards_office:revoke_certificate", args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        buttons.append(
            MenuItem(
                "Public verification page",
                url=reverse("awards:certificate", args=[instance.number]),
                icon_name="link-external",
                priority=50,
            )
        )
        return buttons


class CertificateViewSet(ModelViewSet):
    name = "awards_certificate"
    url_prefix = "awards/certificates"
    model = Certificate
    icon = "success"
    menu_label = "Certificates"
    list_display = ["number", "organisation", "level", "issued_on", "expires_on", "revoked_at"]
    list_filter = ["level"]
    search_fields = ["number", "organisation__name"]
    form_fields = ["organisation", "level", "issued_on", "expires_on", "citation"]
    index_view_class = CertificateIndexView
    add_view_class = IssueCertificateView


class AwardsGroup(ViewSetGroup):
    menu_label = "Awards"
    menu_icon = "success"
    menu_order = 400
    items = (
        AwardsOfficeViewSet,
        CycleViewSet,
        CategoryViewSet,
        NominationViewSet,
        CertificateViewSet,
    )


@hooks.register("register_admin_viewset")
def register_awards():
    return AwardsGroup()
