"""Admin for TOMs data (Themes, Outcomes, Measures with CSV import and export) and the report
of guidance pages past their review date."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from guidance import admin_views
from guidance.admin_views import ReviewDueReportView
from guidance.models import Measure, Outcome, Theme
from guidance.services import CSV_COLUMNS
from portal.exports import FormulaSafeExportMixin


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "folder-open-inverse"
    menu_label = "Themes"
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code", "description"]
    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class OutcomeViewSet(SnippetViewSet):
    model = Outcome
    icon = "tick-inverse"
    menu_label = "Outcomes"
    list_display = ["title", "theme"]
    list_filter = ["theme"]
    search_fields = ["title", "description"]


class MeasureIndexView(FormulaSafeExportMixin, IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    "Import CSV",
                    url=reverse("wagtailsnippets_guidance_measure:import"),
                    icon_name="upload",
                )
            )
        return buttons


class MeasureViewSet(SnippetViewSet):
    model = Measure
    icon = "clipboard-list"
    menu_label = "Measures"
    index_view_class = MeasureIndexView
    list_display = ["code", "title", "theme", "unit", "proxy_value", "edition", "active"]
    list_filter = ["theme", "active", "edition", "year"]
    search_fields = ["code", "title", "description", "unit"]
    ordering = ["theme__sort_order", "code"]
    # The import's columns, so an export can be edited and imported again.
    list_export = [
        {"theme": "theme_code", "outcome": "outcome_title"}.get(column, column)
        for column in CSV_COLUMNS
    ]
    export_headings = dict(zip(list_export, CSV_COLUMNS, strict=True))
    export_filename = "toms-measures"
    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("theme"), FieldPanel("outcome")], heading="Theme and outcome"),
        MultiFieldPanel([FieldPanel("unit"), FieldPanel("proxy_value")], heading="Value"),
        MultiFieldPanel(
            [FieldPanel("edition"), FieldPanel("year"), FieldPanel("source")], heading="Source"
        ),
        FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return Measure.objects.select_related("theme", "outcome")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", admin_views.MeasureImportView.as_view(), name="import"),
        ]


class TomsViewSetGroup(SnippetViewSetGroup):
    menu_label = "TOMs"
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (MeasureViewSet, ThemeViewSet, OutcomeViewSet)


register_snippet(TomsViewSetGroup)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path(
            "reports/guidance-review-due/",
            admin_views.ReviewDueReportView.as_view(),
            name="guidance_review_due",
        ),
        path(
            "reports/guidance-review-due/results/",
            admin_views.ReviewDueReportView.as_view(results_only=True),
            name="guidance_review_due_results",
        ),
    ]


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ReviewDueReportView.any_permission_required
        )


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewDueMenuItem(
        "Guidance due for review",
        reverse("guidance_review_due"),
        name="guidance-review-due",
        icon_name="time",
        order=710,
    )
