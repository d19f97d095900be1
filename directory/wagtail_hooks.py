from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.search.index import insert_or_update_object
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from portal.exports import formula_safe

from . import admin_views, services
from .models import Accreditation, Organisation, Sector, Service


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "status", "size_band", "is_local", "updated_at"]
    list_filter = ["status", "size_band", "is_local", "is_vcse", "legal_form"]
    search_fields = ["name", "description", "keywords"]
    add_to_admin_menu = False
    inspect_view_enabled = True
    list_export = ["uuid", "name", "status", "legal_form", "size_band", "postcode", "is_local"]
    index_view_class = formula_safe(IndexView)
    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("legal_form"),
                FieldPanel("size_band"),
                FieldRowPanel([FieldPanel("is_vcse"), FieldPanel("is_social_enterprise")]),
                FieldPanel(
                    "flags_overridden",
                    help_text="Tick to keep the VCSE and social enterprise flags as set here "
                    "instead of deriving them from the legal form.",
                ),
                FieldPanel("companies_house_number"),
                FieldPanel("charity_number"),
            ],
            heading="Type",
        ),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("postcode")], heading="Location"),
        FieldPanel("description"),
        FieldPanel("keywords"),
        FieldPanel("sectors"),
        FieldPanel("accreditations"),
        FieldPanel("measures"),
        FieldPanel("open_to_partnerships"),
        FieldPanel("partnership_interests"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("details_checked_on"),
    ]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


class AccreditationViewSet(SnippetViewSet):
    model = Accreditation
    icon = "success"
    list_display = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


class ServiceViewSet(SnippetViewSet):
    """Moderators see every service here; they approve and reject them in the moderation
    queue, where each decision is recorded and emailed."""

    model = Service
    icon = "list-ul"
    list_display = ["name", "organisation", "status", "has_pending_change", "updated_at"]
    list_filter = ["status", "has_pending_change"]
    search_fields = ["name", "description"]
    inspect_view_enabled = True
    index_view_class = formula_safe(IndexView)
    list_export = ["uuid", "name", "organisation", "status", "service_area", "updated_at"]


class DirectoryGroup(ViewSetGroup):
    menu_label = "Directory"
    menu_icon = "group"
    menu_order = 300
    items = (OrganisationViewSet, ServiceViewSet, SectorViewSet, AccreditationViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return DirectoryGroup()


@hooks.register("register_admin_urls")
def register_moderation_urls():
    urls = [
        path("", admin_views.queue, name="queue"),
        path("<int:pk>/", admin_views.review, name="review"),
        path(
            "<int:pk>/<str:action>/",
            admin_views.decide,
            name="decide",
        ),
        path("services/<int:pk>/", admin_views.service_review, name="service_review"),
        path(
            "services/<int:pk>/<str:action>/",
            admin_views.service_decide,
            name="service_decide",
        ),
    ]
    return [path("directory-moderation/", include((urls, "directory_moderation")))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        "Directory moderation",
        reverse("directory_moderation:queue"),
        icon_name="tasks",
        order=290,
    )


@hooks.register("before_edit_snippet")
def remember_profile_before_edit(request, instance):
    if isinstance(instance, Organisation):
        request._directory_before = services.profile_values(instance)


@hooks.register("after_edit_snippet")
def record_moderator_edit(request, instance):
    if isinstance(instance, Organisation):
        instance.derive_flags()
        instance.derive_locality()
        instance.save(
            update_fields=["is_vcse", "is_social_enterprise", "is_local", "locality_reason"]
        )
        insert_or_update_object(instance)
        services.record_moderator_edit(
            instance, request.user, getattr(request, "_directory_before", {})
        )
