"""Awards administrators' screens in the Wagtail admin: screening, judge progress, the
leaderboard, shortlist and winners, reopening scores and revoking certificates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.links import link_format

from . import services
from .forms import ReasonForm
from .models import Category, Certificate, ConflictDeclaration, Cycle, Nomination, ScoreSheet


class AdministratorView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        if not services.is_administrator(request.user):
            raise PermissionDenied("Only awards administrators can see this page")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("awards_office:index"), "label": "Awards office"}
        ]

    def back(self):
        return redirect(self.request.get_full_path())

    def report(self, problem):
        for message in problem.messages:
            messages.error(self.request, message)


class OverviewView(AdministratorView):
    template_name = "awards/admin/overview.html"
    page_title = "Awards office"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        cycles = Cycle.objects.prefetch_related("categories").annotate(
            to_screen=Count(
                "categories__nominations",
                filter=Q(categories__nominations__status=Nomination.Status.SUBMITTED),
            ),
            eligible=Count(
                "categories__nominations",
                filter=Q(categories__nominations__status=Nomination.Status.ACCEPTED),
            ),
        )
        return super().get_context_data(cycles=cycles, **kwargs)


class NominationListView(AdministratorView):
    template_name = "awards/admin/nominations.html"

    def get_page_title(self):
        return f"Nominations: {self.cycle}"

    def get(self, request, cycle_pk):
        self.cycle = get_object_or_404(Cycle, pk=cycle_pk)
        return super().get(request)

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", Nomination.Status.SUBMITTED)
        nominations = (
            Nomination.objects.filter(category__cycle=self.cycle)
            .select_related("category", "organisation", "screened_by")
            .order_by("category__sort_order", "created_at")
        )
        if status in Nomination.Status.values:
            nominations = nominations.filter(status=status)
        return super().get_context_data(
            cycle=self.cycle,
            nominations=nominations,
            status=status,
            statuses=Nomination.Status.choices,
            **kwargs,
        )


class NominationDetailView(AdministratorView):
    template_name = "awards/admin/nomination.html"

    def get_page_title(self):
        return f"Nomination {self.nomination.reference}"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.nomination = get_object_or_404(
            Nomination.objects.select_related("category__cycle", "organisation"), pk=kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        sheets = (
            self.nomination.score_sheets.select_related("judge")
            .prefetch_related("scores__criterion", "events__actor")
            .order_by("judge__last_name", "judge__email")
        )
        declarations = self.nomination.conflict_declarations.select_related("judge")
        return super().get_context_data(
            nomination=self.nomination,
            sheets=sheets,
            declarations=declarations,
            reason_form=kwargs.pop("reason_form", None) or ReasonForm(),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        user = request.user
        try:
            if action in ("accept", "reject"):
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reason_form=form))
                services.screen(
                    self.nomination, user, action == "accept", form.cleaned_data["reason"]
                )
                messages.success(
                    request, f"Nomination {self.nomination.get_status_display().lower()}."
                )
            elif action in ("shortlist", "unshortlist"):
                services.set_shortlisted(self.nomination, user, action == "shortlist")
                messages.success(request, "Shortlist updated.")
            elif action in ("winner", "unwinner"):
                services.set_winner(self.nomination, user, action == "winner")
                messages.success(request, "Winner updated.")
            elif action == "reopen":
                sheet = get_object_or_404(
                    ScoreSheet, pk=request.POST.get("sheet"), nomination=self.nomination
                )
                services.reopen_sheet(sheet, user, request.POST.get("reopen_reason", ""))
                messages.success(request, f"Scores reopened for {sheet.judge}.")
        except ValidationError as problem:
            self.report(problem)
        return self.back()


def with_links(standings):
    """[(standing, link to its nomination)], with one reverse() for the page."""
    link = link_format("awards_office:nomination", "pk")
    return [(standing, link.format(standing.pk)) for standing in standings]


class LeaderboardView(AdministratorView):
    template_name = "awards/admin/leaderboard.html"

    def get_page_title(self):
        return f"Leaderboard: {self.category}"

    def get(self, request, category_pk):
        self.category = get_object_or_404(Category.objects.select_related("cycle"), pk=category_pk)
        return super().get(request)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category,
            rows=with_links(services.leaderboard(self.category)),
            tie_break=services.TIE_BREAK_RULE,
            criteria=self.category.criteria.all(),
            **kwargs,
        )


class ProgressView(AdministratorView):
    template_name = "awards/admin/progress.html"

    def get_page_title(self):
        return f"Judging progress: {self.cycle}"

    def get(self, request, cycle_pk):
        self.cycle = get_object_or_404(Cycle, pk=cycle_pk)
        return super().get(request)

    def get_context_data(self, **kwargs):
        conflicts = (
            ConflictDeclaration.objects.filter(
                nomination__category__cycle=self.cycle, has_conflict=True
            )
            .select_related("judge", "nomination__category", "nomination__organisation")
            .order_by("-declared_at")
        )
        return super().get_context_data(
            cycle=self.cycle,
            rows=services.judge_progress(self.cycle),
            conflicts=conflicts,
            **kwargs,
        )


class RevokeCertificateView(AdministratorView):
    template_name = "awards/admin/revoke.html"

    def get_page_title(self):
        return f"Revoke certificate {self.certificate.number}"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("organisation"), pk=kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ReasonForm())
        return super().get_context_data(certificate=self.certificate, **kwargs)

    def post(self, request, pk):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.revoke_certificate(
                    self.certificate, request.user, form.cleaned_data["reason"]
                )
            except ValidationError as problem:
                self.report(problem)
            else:
                messages.success(request, f"Certificate {self.certificate.number} revoked.")
                return redirect(reverse("awards_certificate:index"))
        return self.render_to_response(self.get_context_data(form=form))
