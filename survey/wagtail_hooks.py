from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from survey import admin_views
from survey.models import Channel, Response, SurveyPage

results_urls = (
    [
        path("", admin_views.SurveyListView.as_view(), name="index"),
        path("<int:pk>/", admin_views.DashboardView.as_view(), name="dashboard"),
        path(
            "<int:pk>/answers/<str:question_id>/",
            admin_views.TextAnswersView.as_view(),
            name="text_answers",
        ),
        path("<int:pk>/export.<str:fmt>", admin_views.export, name="export"),
        path(
            "<int:pk>/you-said-we-did/",
            admin_views.create_you_said_we_did,
            name="you_said_we_did",
        ),
    ],
    "survey_results",
)


@hooks.register("register_admin_urls")
def register_results_urls():
    return [path("survey-results/", include(results_urls))]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_results(request.user)


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem(
        "Survey results", reverse("survey_results:index"), icon_name="clipboard-list", order=450
    )


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "link"
    menu_label = "Survey channels"
    menu_order = 460
    add_to_admin_menu = True
    list_display = ["name", "slug"]


register_snippet(ChannelViewSet)


@hooks.register("before_delete_page")
def keep_surveys_with_responses(request, page):
    """Responses belong to the survey they answered; deleting it would orphan them."""
    if (
        isinstance(page.specific, SurveyPage)
        and Response.objects.filter(survey_id=page.pk).exists()
    ):
        messages.error(
            request,
            f"'{page.title}' has responses, so it cannot be deleted. Unpublish it instead.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
