from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .models import Clarification

admin_urlpatterns = [
    path("", admin_views.InterestIndexView.as_view(), name="interest"),
    path("<int:pk>/", admin_views.InterestDetailView.as_view(), name="interest_detail"),
]


@hooks.register("register_admin_urls")
def register_opportunities_admin_urls():
    return [
        path(
            "opportunities/interest/",
            include((admin_urlpatterns, "opportunities_admin"), namespace="opportunities_admin"),
        )
    ]


class InterestMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_INTEREST)


@hooks.register("register_admin_menu_item")
def register_interest_menu():
    return InterestMenuItem(
        "Opportunity interest",
        reverse_lazy("opportunities_admin:interest"),
        icon_name="doc-full",
        order=660,
    )


class ClarificationViewSet(ModelViewSet):
    """Procurement officers answer suppliers' questions and publish them, anonymised."""

    model = Clarification
    menu_label = "Supplier questions"
    icon = "help"
    add_to_admin_menu = True
    menu_order = 661
    list_display = ["opportunity", "question", "is_published", "asked_at", "answered_at"]
    list_filter = ["is_published"]
    form_fields = ["answer", "is_published"]
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_clarifications():
    return ClarificationViewSet("clarifications")
