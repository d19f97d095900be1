"""The results dashboard in the Wagtail admin, for Analysts."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from wagtail.admin import messages

from portal.admin_views import PermissionAdminView
from portal.exports import csv_response, xlsx_response
from survey.exports import csv_rows, excel_workbook
from survey.models import Answer, SurveyPage, YouSaidWeDidPage
from survey.questionnaire import TEXT
from survey.results import (
    CACHE_SECONDS,
    MIN_GROUP_SIZE,
    SUPPRESSED_REASON,
    State,
    cached_results,
    result_blocks,
)

PERMISSION = "survey.view_results"


def can_view_results(user):
    return user.has_perm(PERMISSION)


def _index_crumb():
    return {"url": reverse("survey_results:index"), "label": "Survey results"}


class SurveyListView(PermissionAdminView):
    permission_required = PERMISSION
    template_name = "survey/admin/index.html"
    page_title = "Survey results"
    header_icon = "clipboard-list"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [_index_crumb()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["surveys"] = SurveyPage.objects.annotate(
            response_count=Count("responses")
        ).order_by("-first_published_at")
        return context


class SurveyView(PermissionAdminView):
    """A page about one survey, read after the permission check (someone without it is
    refused alike for a survey that exists and one that does not)."""

    permission_required = PERMISSION

    def load(self, pk, **kwargs):
        self.survey = get_object_or_404(SurveyPage, pk=pk)


class DashboardView(SurveyView):
    template_name = "survey/admin/dashboard.html"
    header_icon = "clipboard-list"

    def get_page_title(self):
        return f"Results: {self.survey.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [_index_crumb(), {"url": "", "label": self.survey.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = State.of(self.survey)
        # A repeat view is one cache read of the rendered figures, whatever the survey's size.
        dashboard = cache.get(f"{state.key}:page")
        results = None
        if dashboard is None:
            results = cached_results(self.survey, state=state)
            dashboard = {
                "total": results.total,
                "anonymous": results.anonymous,
                "for_organisations": results.for_organisations,
                "figures": render_to_string(
                    "survey/admin/includes/results.html",
                    {
                        "survey": self.survey,
                        "results": results,
                        "min_group_size": MIN_GROUP_SIZE,
                        "suppressed_reason": SUPPRESSED_REASON,
                    },
                ),
            }
            cache.set(f"{state.key}:page", dashboard, CACHE_SECONDS)
        context.update(
            survey=self.survey,
            dashboard=dashboard,
            figures=mark_safe(dashboard["figures"]),  # noqa: S308 - rendered by our own template
            # The figures themselves, for whoever needs more than the page shows.
            results=results or SimpleLazyObject(lambda: cached_results(self.survey, state=state)),
            min_group_size=MIN_GROUP_SIZE,
            extra_css=True,
        )
        return context


class TextAnswersView(SurveyView):
    template_name = "survey/admin/text_answers.html"
    header_icon = "clipboard-list"

    def load(self, question_id, **kwargs):
        super().load(**kwargs)
        self.question = next(
            (q for q in self.survey.all_questions if q.id == question_id and q.kind == TEXT),
            None,
        )

    def get(self, request, *args, **kwargs):
        if self.question is None:
            messages.error(request, "That question is not a free-text question of this survey.")
            return redirect("survey_results:dashboard", pk=self.survey.pk)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.question.label

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            _index_crumb(),
            {
                "url": reverse("survey_results:dashboard", args=[self.survey.pk]),
                "label": self.survey.title,
            },
            {"url": "", "label": "Free-text answers"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        answers = Answer.objects.filter(
            response__survey=self.survey, question_id=self.question.id
        ).order_by("-response__submitted_on", "-pk")
        if query:
            answers = answers.filter(text__icontains=query)
        page_obj = Paginator(answers.values_list("text", "response__submitted_on"), 50).get_page(
            self.request.GET.get("p")
        )
        context.update(survey=self.survey, question=self.question, query=query, page_obj=page_obj)
        return context


def export(request, pk, fmt):
    if not can_view_results(request.user):
        raise PermissionDenied
    survey = get_object_or_404(SurveyPage, pk=pk)
    stem = f"{survey.slug}-responses-{timezone.localdate():%Y-%m-%d}"
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        return csv_response(f"{stem}.csv", csv_rows(survey), stream=True)
    return xlsx_response(f"{stem}.xlsx", excel_workbook(survey))


def create_you_said_we_did(request, pk):
    """A draft summary page holding today's figures, for an editor to finish and publish."""
    if not can_view_results(request.user):
        raise PermissionDenied
    survey = get_object_or_404(SurveyPage, pk=pk)
    if request.method != "POST":
        return redirect("survey_results:dashboard", pk=pk)
    page = build_you_said_we_did(survey, user=request.user)
    messages.success(
        request,
        f"Draft '{page.title}' created with today's figures. Add what the council did, then "
        "publish it.",
    )
    if page.permissions_for_user(request.user).can_edit():
        return redirect("wagtailadmin_pages:edit", page.pk)
    return redirect("survey_results:dashboard", pk=pk)


def build_you_said_we_did(survey, user=None, title=None):
    today = timezone.localdate()
    title = title or f"You said, we did: {survey.title}"
    slug_base = "you-said-we-did"
    slug, n = slug_base, 1
    while survey.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{slug_base}-{n}"
    page = YouSaidWeDidPage(
        title=title,
        slug=slug,
        live=False,
        intro=f"<p>Figures from {survey.title}, as at {date_format(today, 'j F Y')}.</p>",
        body=result_blocks(cached_results(survey, text_sample=0)),
    )
    survey.add_child(instance=page)
    page.save_revision(user=user)
    return page
